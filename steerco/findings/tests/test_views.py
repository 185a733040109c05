"""Permission matrix for every page: anonymous, no role, permitted, and
permitted on another subtree; plus what each page does."""

from datetime import date
from io import BytesIO

from django.urls import reverse
from openpyxl import load_workbook

from steerco.testing import make_unit

from ..models import Evidence, Finding, RemediationAction, Status, WeakOrganisation
from ..services.carryover import is_closed
from .base import FindingsTestCase, pdf_upload


class MatrixMixin:
    def status_for(self, user, url, method="get", data=None):
        self.client.logout()
        if user is not None:
            self.client.force_login(user)
        return getattr(self.client, method)(url, data or {}).status_code

    def assert_login_required(self, url, method="get"):
        self.client.logout()
        response = getattr(self.client, method)(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


class ReadPageMatrixTests(MatrixMixin, FindingsTestCase):
    def pages(self):
        return [
            reverse("findings:list"),
            reverse("findings:exceptions"),
            reverse("findings:summary"),
            reverse("findings:export"),
            reverse("findings:weak"),
            reverse("findings:weak-export"),
            reverse("findings:suggestions"),
            reverse("findings:suggestions-export"),
        ]

    def test_anonymous_is_sent_to_login_from_every_page(self):
        for url in [*self.pages(), reverse("findings:detail", args=[self.f_a.pk]), reverse("findings:create")]:
            self.assert_login_required(url)

    def test_lists_open_for_everyone_logged_in_but_show_only_their_scope(self):
        for user in (self.nobody, self.reporter, self.outsider, self.secretariat):
            for url in self.pages():
                assert self.status_for(user, url) == 200, (user, url)

    def test_every_page_has_a_plain_title(self):
        import re

        self.client.force_login(self.secretariat)
        urls = [*self.pages(), reverse("findings:detail", args=[self.f_a.pk]), reverse("findings:create")]
        urls += [reverse("findings:edit", args=[self.f_a.pk]), reverse("findings:par", args=["DIST-A", 2022])]
        for url in urls:
            if url.endswith(".xlsx"):
                continue
            html = self.client.get(url).content.decode()
            title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
            assert "<" not in title and "steerco" in title, (url, title)

    def test_the_list_shows_the_reporter_only_district_a(self):
        self.client.force_login(self.reporter)
        page = self.client.get(reverse("findings:list")).content.decode()
        assert "Limitation of district A" in page and "Limitation of organisation A1" in page
        assert "Limitation of district B" not in page

    def test_a_user_without_a_role_sees_an_empty_list(self):
        self.client.force_login(self.nobody)
        assert list(self.client.get(reverse("findings:list")).context["page"]) == []

    def test_filtering_on_a_unit_outside_the_scope_shows_nothing(self):
        self.client.force_login(self.outsider)
        response = self.client.get(reverse("findings:list"), {"unit": "DIST-A"})
        assert list(response.context["page"]) == []

    def test_filters_narrow_the_list(self):
        self.client.force_login(self.secretariat)
        response = self.client.get(reverse("findings:list"), {"unit": "DIST-A-CS01"})
        assert [f.pk for f in response.context["page"]] == [self.f_a1.pk]

    def test_detail_matrix(self):
        url = reverse("findings:detail", args=[self.f_a1.pk])
        assert self.status_for(self.nobody, url) == 404
        assert self.status_for(self.outsider, url) == 404
        assert self.status_for(self.reporter, url) == 200
        assert self.status_for(self.viewer, url) == 200
        assert self.status_for(self.secretariat, url) == 200

    def test_the_list_takes_a_fixed_number_of_queries(self):
        self.client.force_login(self.secretariat)
        self.client.get(reverse("findings:list"))  # warm the session
        # session, user, memberships (once: accounts.access), count, page, unread notices,
        # the unit picker's units
        with self.assertNumQueries(7):
            self.client.get(reverse("findings:list"))
        for i in range(10):
            Finding.objects.create(
                owner=self.org_a2, title=f"More {i}", source="self_assessment", identified_on=date(2023, 1, 1)
            )
        with self.assertNumQueries(7):
            self.client.get(reverse("findings:list"))

    def test_the_excel_export_holds_the_scoped_findings(self):
        self.client.force_login(self.reporter)
        response = self.client.get(reverse("findings:export"))
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")
        sheet = load_workbook(BytesIO(response.content)).active
        rows = list(sheet.iter_rows(min_row=2, values_only=True))
        assert sorted(r[2] for r in rows) == ["Limitation of district A", "Limitation of organisation A1"]

    def sheet_rows(self, user, url, query=None):
        self.client.force_login(user)
        response = self.client.get(url, query or {})
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")
        return list(load_workbook(BytesIO(response.content)).active.iter_rows(min_row=2, values_only=True))

    def test_the_weak_organisation_export_holds_the_scoped_list_of_the_year(self):
        WeakOrganisation.objects.create(organisation=self.org_a1, year=2023, reason="Weak A1")
        WeakOrganisation.objects.create(organisation=self.org_a2, year=2022, reason="Weak A2 last year")
        WeakOrganisation.objects.create(organisation=self.org_b1, year=2023, reason="Weak B1")
        rows = self.sheet_rows(self.reporter, reverse("findings:weak-export"), {"year": "2023"})
        assert [(r[0], r[3], r[4]) for r in rows] == [(self.org_a1.code, 2023, "Weak A1")]
        rows = self.sheet_rows(self.outsider, reverse("findings:weak-export"), {"year": "2023"})
        assert [r[4] for r in rows] == ["Weak B1"]

    def test_the_deep_review_export_holds_the_scoped_suggestions(self):
        from ..models import DeepReviewSuggestion

        for unit in (self.district_a, self.district_b):
            DeepReviewSuggestion.objects.create(
                suggested_by=self.city, addressed_to=unit, review_year=2022, suggested_on=date(2022, 3, 1),
                subject=f"Review {unit.code}",
            )  # fmt: skip
        rows = self.sheet_rows(self.outsider, reverse("findings:suggestions-export"))
        assert [(r[0], r[2], r[6], r[7], r[8]) for r in rows] == [(2022, "DIST-B", "Review DIST-B", 0, 0)]

    def test_a_formula_in_any_text_is_exported_as_quoted_text_and_read_back(self):
        from steerco.lib import xlsx_safe

        from ..models import DeepReviewSuggestion

        payload = '=HYPERLINK("http://evil.example/","F2")'
        Finding.objects.filter(pk=self.f_a.pk).update(title=payload)
        self.org_a1.name_vi = self.org_a1.name_en = "@SUM(1)"
        self.org_a1.save()
        WeakOrganisation.objects.create(organisation=self.org_a1, year=2023, reason="-1+2")
        DeepReviewSuggestion.objects.create(
            suggested_by=self.city, addressed_to=self.district_a, review_year=2022, suggested_on=date(2022, 3, 1),
            subject="+cmd|' /C calc'!A0",
        )  # fmt: skip
        self.client.force_login(self.reporter)
        urls = [
            reverse("findings:export"),
            reverse("findings:weak-export") + "?year=2023",
            reverse("findings:suggestions-export"),
        ]
        texts = []
        for url in urls:
            data = self.client.get(url).content
            assert xlsx_safe.formula_cells(data) == [], url
            sheet = load_workbook(BytesIO(data)).active
            texts += [xlsx_safe.restore(c) for row in sheet.iter_rows(values_only=True) for c in row]
        assert {payload, "@SUM(1)", "-1+2", "+cmd|' /C calc'!A0"} <= set(texts)

    def test_the_exception_list_is_scoped(self):
        self.client.force_login(self.outsider)
        rows = self.client.get(reverse("findings:exceptions")).context["rows"]
        assert [r.finding.pk for r in rows] == [self.f_b.pk]

    def test_the_summary_asks_the_register_once_whatever_the_units(self):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        self.client.force_login(self.secretariat)
        query = {"unit": "CITY", "period": "2023-H1"}
        with CaptureQueriesContext(connection) as few:
            self.client.get(reverse("findings:summary"), query)
        for i in range(3):
            make_unit(f"DIST-X{i}", self.city)
        with self.assertNumQueries(len(few)):
            self.client.get(reverse("findings:summary"), query)

    def test_the_summary_rolls_up_each_unit_below(self):
        self.remediate(self.f_a1)
        self.client.force_login(self.secretariat)
        response = self.client.get(reverse("findings:summary"), {"unit": "CITY", "period": "2023-H1"})
        rows = {r["unit"].code: r for r in response.context["rows"]}
        assert (rows["CITY"]["identified"], rows["CITY"]["remediated"]) == (3, 1)
        assert (rows["DIST-A"]["identified"], rows["DIST-B"]["remediated"]) == (2, 0)

    def test_the_summary_counts_per_level(self):
        self.remediate(self.f_a1)
        self.client.force_login(self.reporter)
        response = self.client.get(reverse("findings:summary"), {"unit": "DIST-A", "period": "2023-H1"})
        levels = {r["owner__type"]: (r["identified"], r["remediated"]) for r in response.context["levels"]}
        assert levels == {"district": (1, 0), "grassroots": (1, 1)}

    def test_the_summary_refuses_a_bad_period_with_a_message(self):
        self.client.force_login(self.secretariat)
        response = self.client.get(reverse("findings:summary"), {"period": "2023-H7"})
        assert response.status_code == 200 and "2023-H7" in response.context["error"]

    def test_the_summary_never_shows_a_unit_outside_the_scope(self):
        self.client.force_login(self.outsider)
        response = self.client.get(reverse("findings:summary"), {"unit": "DIST-A"})
        assert {r["unit"].code for r in response.context["rows"]} <= {"DIST-B", "DIST-B-CS01"}
        # and says so, rather than silently showing his own unit
        assert "DIST-A" in response.context["error"]
        assert "DIST-A" in response.content.decode()
        self.client.force_login(self.secretariat)
        response = self.client.get(reverse("findings:summary"), {"unit": "DIST-A", "period": "2023-H1"})
        assert response.context["unit"].code == "DIST-A" and not response.context["error"]

    def test_par_results_matrix(self):
        url = reverse("findings:par", args=["DIST-A", 2022])
        assert self.status_for(self.reporter, url) == 200
        assert self.status_for(self.outsider, url) == 404
        assert self.status_for(self.nobody, url) == 404


class WriteMatrixTests(MatrixMixin, FindingsTestCase):
    def finding_data(self, owner):
        return {
            "owner": owner.pk,
            "title": "New limitation",
            "source": "self_assessment",
            "identified_on": "2023-03-01",
        }

    def test_create_matrix(self):
        url = reverse("findings:create")
        self.assert_login_required(url)
        assert self.status_for(self.nobody, url) == 403
        assert self.status_for(self.viewer, url) == 403
        assert self.status_for(self.reporter, url) == 200
        assert self.status_for(self.reporter, url, "post", self.finding_data(self.org_a2)) == 302
        created = Finding.objects.get(title="New limitation")
        assert (created.owner, created.created_by) == (self.org_a2, self.reporter)

    def test_a_reporter_cannot_record_a_finding_for_another_district(self):
        self.client.force_login(self.reporter)
        response = self.client.post(reverse("findings:create"), self.finding_data(self.district_b))
        assert response.status_code == 200 and "owner" in response.context["form"].errors
        assert not Finding.objects.filter(title="New limitation").exists()

    def test_a_par_finding_must_name_its_criterion(self):
        self.client.force_login(self.reporter)
        data = {**self.finding_data(self.org_a2), "source": "par_criterion"}
        response = self.client.post(reverse("findings:create"), data)
        assert "par_criterion" in response.context["form"].errors

    def test_edit_matrix(self):
        url = reverse("findings:edit", args=[self.f_a1.pk])
        self.assert_login_required(url)
        assert self.status_for(self.nobody, url) == 404
        assert self.status_for(self.outsider, url) == 404
        assert self.status_for(self.viewer, url) == 403
        data = {**self.finding_data(self.org_a1), "title": "Renamed", "reason": "other", "reason_text": "Lịch mới"}
        assert self.status_for(self.reporter, url, "post", data) == 302
        assert Finding.objects.get(pk=self.f_a1.pk).title == "Renamed"

    def test_a_verified_finding_cannot_be_edited(self):
        from ..services import workflow

        self.remediate(self.f_a1)
        workflow.transition(self.f_a1, Status.VERIFIED, acting_user=self.approver)
        url = reverse("findings:edit", args=[self.f_a1.pk])
        data = {**self.finding_data(self.org_a1), "title": "Rewritten"}
        assert self.status_for(self.reporter, url, "post", data) == 302
        assert self.refresh(self.f_a1).title == "Limitation of organisation A1"

    def test_transition_matrix(self):
        url = reverse("findings:transition", args=[self.f_a1.pk])
        self.assert_login_required(url, "post")
        data = {"to": Status.IN_PROGRESS, "on": "2023-02-01"}
        assert self.status_for(self.reporter, url) == 405  # GET
        assert self.status_for(self.nobody, url, "post", data) == 404
        assert self.status_for(self.outsider, url, "post", data) == 404
        assert self.status_for(self.viewer, url, "post", data) == 403
        assert self.refresh(self.f_a1).status == Status.OPEN
        assert self.status_for(self.reporter, url, "post", data) == 302
        assert self.refresh(self.f_a1).status == Status.IN_PROGRESS

    def test_a_refused_transition_says_why(self):
        self.start(self.f_a1)
        self.client.force_login(self.reporter)
        response = self.client.post(
            reverse("findings:transition", args=[self.f_a1.pk]), {"to": Status.REMEDIATED}, follow=True
        )
        assert "evidence" in " ".join(str(m) for m in response.context["messages"]).lower() or "minh chứng" in (
            response.content.decode()
        )
        assert self.refresh(self.f_a1).status == Status.IN_PROGRESS

    def test_only_the_superior_sees_and_makes_the_verify_move(self):
        self.remediate(self.f_a1)
        url = reverse("findings:detail", args=[self.f_a1.pk])
        self.client.force_login(self.reporter)
        assert self.client.get(url).context["moves"] == []
        self.client.force_login(self.approver)
        assert [m[0] for m in self.client.get(url).context["moves"]] == [Status.VERIFIED, Status.IN_PROGRESS]
        self.client.post(reverse("findings:transition", args=[self.f_a1.pk]), {"to": Status.VERIFIED})
        assert self.refresh(self.f_a1).status == Status.VERIFIED

    def test_upload_matrix(self):
        url = reverse("findings:upload", args=[self.f_a1.pk])
        self.assert_login_required(url, "post")
        assert self.status_for(self.nobody, url, "post", {"file": pdf_upload()}) == 404
        assert self.status_for(self.outsider, url, "post", {"file": pdf_upload()}) == 404
        assert self.status_for(self.viewer, url, "post", {"file": pdf_upload()}) == 403
        assert Evidence.objects.count() == 0
        assert self.status_for(self.reporter, url, "post", {"file": pdf_upload()}) == 302
        assert Evidence.objects.get().uploaded_by == self.reporter

    def test_a_refused_upload_shows_the_reason_and_stores_nothing(self):
        from django.core.files.uploadedfile import SimpleUploadedFile

        self.client.force_login(self.reporter)
        response = self.client.post(
            reverse("findings:upload", args=[self.f_a1.pk]),
            {"file": SimpleUploadedFile("virus.exe", b"MZ...")},
            follow=True,
        )
        assert any(".exe" in str(m) for m in response.context["messages"])
        assert Evidence.objects.count() == 0

    def test_action_matrix(self):
        url = reverse("findings:action-create", args=[self.f_a1.pk])
        data = {"description": "Hold a meeting", "owner": self.org_a1.pk, "deadline": "2023-05-01"}
        self.assert_login_required(url, "post")
        assert self.status_for(self.outsider, url, "post", data) == 404
        assert self.status_for(self.viewer, url, "post", data) == 403
        assert self.status_for(self.reporter, url, "post", data) == 302
        action = RemediationAction.objects.get()
        move = reverse("findings:action-transition", args=[self.f_a1.pk, action.pk])
        assert self.status_for(self.outsider, move, "post", {"to": Status.IN_PROGRESS}) == 404
        assert self.status_for(self.viewer, move, "post", {"to": Status.IN_PROGRESS}) == 403
        assert self.status_for(self.reporter, move, "post", {"to": Status.IN_PROGRESS}) == 302
        assert RemediationAction.objects.get().status == Status.IN_PROGRESS

    def test_an_action_of_another_finding_is_not_found(self):
        action = RemediationAction.objects.create(finding=self.f_b, owner=self.district_b, description="B's")
        url = reverse("findings:action-transition", args=[self.f_a1.pk, action.pk])
        assert self.status_for(self.reporter, url, "post", {"to": Status.IN_PROGRESS}) == 404


class WeakOrganisationPageTests(MatrixMixin, FindingsTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.w_a1 = WeakOrganisation.objects.create(organisation=cls.org_a1, year=2022)
        cls.w_b1 = WeakOrganisation.objects.create(organisation=cls.org_b1, year=2022)

    def test_the_list_is_scoped_and_counts_carried_and_new(self):
        self.client.force_login(self.reporter)
        context = self.client.get(reverse("findings:weak"), {"year": 2022}).context
        assert [e.organisation for e in context["entries"]] == [self.org_a1]
        assert (context["total"], context["carried"], context["new"]) == (1, 0, 1)

    def test_add_matrix(self):
        url = reverse("findings:weak-add")
        data = {"organisation": self.org_a2.pk, "year": 2022, "reason": "weak"}
        self.assert_login_required(url, "post")
        assert self.status_for(self.nobody, url, "post", data) == 403
        assert self.status_for(self.outsider, url, "post", data) == 302  # refused by the form: not its unit
        assert not WeakOrganisation.objects.filter(organisation=self.org_a2).exists()
        assert self.status_for(self.reporter, url, "post", data) == 302
        assert WeakOrganisation.objects.filter(organisation=self.org_a2, year=2022).exists()

    def test_consolidate_matrix(self):
        url = reverse("findings:weak-consolidate", args=[self.w_a1.pk])
        data = {"consolidated_on": "2022-11-01"}
        self.assert_login_required(url, "post")
        assert self.status_for(self.outsider, url, "post", data) == 404
        assert self.status_for(self.viewer, url, "post", data) == 403
        assert self.status_for(self.reporter, url, "post", data) == 302
        self.w_a1.refresh_from_db()
        assert self.w_a1.consolidated_on == date(2022, 11, 1)

    def test_close_year_matrix(self):
        url = reverse("findings:close-year")
        self.assert_login_required(url, "post")
        assert self.status_for(self.reporter, url, "post", {"unit": "DIST-A", "year": 2022}) == 403
        assert self.status_for(self.outsider, url, "post", {"unit": "CITY", "year": 2022}) == 403
        assert self.status_for(self.nobody, url, "post", {"unit": "CITY", "year": 2022}) == 403
        assert not is_closed(self.org_a1, 2022)
        assert self.status_for(self.secretariat, url, "post", {"unit": "CITY", "year": 2022}) == 302
        assert WeakOrganisation.objects.filter(year=2023).count() == 2

    def test_suggestions_are_scoped(self):
        from ..models import DeepReviewSuggestion

        DeepReviewSuggestion.objects.create(
            suggested_by=self.district_b, addressed_to=self.org_b1, review_year=2022, suggested_on=date(2022, 12, 1)
        )
        self.client.force_login(self.reporter)
        assert self.client.get(reverse("findings:suggestions")).context["groups"] == []
        self.client.force_login(self.outsider)
        assert len(self.client.get(reverse("findings:suggestions")).context["groups"]) == 1

    def test_upload_of_evidence_for_a_finding_also_works_in_english(self):
        self.client.force_login(self.reporter)
        self.client.cookies.load({"django_language": "en"})
        page = self.client.get(reverse("findings:detail", args=[self.f_a1.pk]), HTTP_ACCEPT_LANGUAGE="en")
        assert page.status_code == 200


class ListQueryCountTests(MatrixMixin, FindingsTestCase):
    """Other list pages: the number of queries does not grow with rows."""

    def count_queries(self, url, params=None):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        self.client.force_login(self.secretariat)
        with CaptureQueriesContext(connection) as ctx:
            assert self.client.get(url, params or {}).status_code == 200
        return len(ctx.captured_queries)

    def grow(self):
        from steerco.testing import make_unit

        from ..models import DeepReviewSuggestion

        for i in range(5):
            org = make_unit(f"DIST-A-X{i}", self.district_a)
            Finding.objects.create(
                owner=org,
                title=f"Late {i}",
                source="self_assessment",
                identified_on=date(2023, 1, 1),
                deadline=date(2023, 2, 1),
            )
            WeakOrganisation.objects.create(organisation=org, year=2023)
            DeepReviewSuggestion.objects.create(
                suggested_by=self.district_a, addressed_to=org, review_year=2022, suggested_on=date(2022, 12, 1)
            )

    def test_exceptions_weak_organisations_and_suggestions_do_not_grow_with_rows(self):
        pages = [
            (reverse("findings:exceptions"), None),
            (reverse("findings:weak"), {"year": 2023}),
            (reverse("findings:suggestions"), None),
            (reverse("findings:summary"), {"unit": "CITY", "period": "2023-H1"}),
        ]
        before = [self.count_queries(url, params) for url, params in pages]
        self.grow()
        after = [self.count_queries(url, params) for url, params in pages]
        assert before == after
