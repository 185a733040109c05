"""Entering the PAR index's structure and a unit's scores, by page and by
API: the permission matrix with the personas, the refusals (nothing
written), the follow-up into findings (once), corrections back to full
marks, the audit trail and the query counts."""

from decimal import Decimal

from django.urls import reverse
from django.utils import translation
from rest_framework.test import APIClient

from steerco.testing import api_errors

from ..models import Finding, FindingSource, ParArea, ParCriterion, ParIndex, ParScore, ParSubCriterion, Status
from ..services import par, workflow
from .base import FindingsTestCase
from .test_par import INDEX
from .test_views import MatrixMixin

FULL = {"1.1.1": "1,5", "1.1.2": "1", "1.2.1": "1.5", "1.2.2": "1", "2.1.1": "1.5", "2.1.2": "1"}


class ParEntryCase(MatrixMixin, FindingsTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.index = par.load_index(INDEX)
        cls.subs = {s.code: s for s in ParSubCriterion.objects.filter(criterion__area__index=cls.index)}

    def scores_url(self, unit="DIST-A", year=2022):
        return f"{reverse('findings:par-scores', args=['TEST'])}?unit={unit}&year={year}"

    def post_scores(self, user, values: dict, unit="DIST-A", year=2022):
        self.client.force_login(user)
        data = {"unit": unit, "year": year, **{f"s-{self.subs[c].pk}": v for c, v in values.items()}}
        return self.client.post(reverse("findings:par-scores", args=["TEST"]), data)

    def par_findings(self, unit=None):
        return Finding.objects.filter(owner=unit or self.district_a, source=FindingSource.PAR_CRITERION)


class ParPagesMatrixTests(ParEntryCase):
    def test_anonymous_is_sent_to_login(self):
        for url in (reverse("findings:par-indexes"), reverse("findings:par-index", args=["TEST"]), self.scores_url()):
            self.assert_login_required(url)
            self.assert_login_required(url, "post")

    def test_reading_the_structure_is_open_to_every_persona(self):
        for user in (self.secretariat, self.reporter, self.approver, self.inspector, self.outsider, self.nobody):
            assert self.status_for(user, reverse("findings:par-indexes")) == 200
            assert self.status_for(user, reverse("findings:par-index", args=["TEST"])) == 200

    def test_only_the_city_secretariat_changes_the_structure(self):
        url = reverse("findings:par-index", args=["TEST"])
        node = {"level": "area", "code": "9", "name_vi": "Lĩnh vực mới"}
        for user in (self.reporter, self.approver, self.inspector, self.outsider, self.nobody):
            assert self.status_for(user, url, "post", node) == 403, user
            assert self.status_for(user, reverse("findings:par-indexes"), "post", {"code": "X"}) == 403
        assert not ParArea.objects.filter(code="9").exists() and not ParIndex.objects.filter(code="X").exists()
        assert self.status_for(self.secretariat, url, "post", node) == 302
        assert ParArea.objects.filter(index=self.index, code="9").exists()

    def test_score_page_matrix(self):
        # (user, GET status, can post)
        matrix = [
            (self.secretariat, 200, True),
            (self.reporter, 200, True),
            (self.approver, 200, True),
            (self.inspector, 404, False),  # the commission's subtree only
            (self.outsider, 404, False),  # another district
            (self.nobody, 404, False),
        ]
        for user, status, can_post in matrix:
            assert self.status_for(user, self.scores_url()) == status, user
            response = self.post_scores(user, {"1.1.1": "1"})
            assert response.status_code == (302 if can_post else 404), user
            if can_post:
                ParScore.objects.all().delete()
            else:
                assert "DIST-A" in response.content.decode()  # the message names the unit
        assert not ParScore.objects.exists()

    def test_a_viewer_sees_the_scores_but_cannot_record_them(self):
        ParScore.objects.create(unit=self.district_a, year=2022, sub_criterion=self.subs["1.1.1"], score=1)
        response = self.client.get(self.scores_url()) if self.client.force_login(self.viewer) is None else None
        assert response.status_code == 200 and not response.context["can_edit"]
        assert 'name="s-' not in response.content.decode()
        assert self.post_scores(self.viewer, {"1.1.1": "0"}).status_code == 403
        assert ParScore.objects.get().score == 1


class ParScoreEntryTests(ParEntryCase):
    def test_saving_scores_turns_each_criterion_that_lost_points_into_one_finding(self):
        response = self.post_scores(self.reporter, {**FULL, "1.1.2": "0,5", "2.1.1": "0"})
        assert response.status_code == 302
        assert ParScore.objects.filter(unit=self.district_a, year=2022).count() == 6
        assert sorted(self.par_findings().values_list("par_criterion__code", flat=True)) == ["1.1", "2.1"]
        # Saving again (same or other losses on the same criteria) adds no finding.
        self.post_scores(self.reporter, {**FULL, "1.1.2": "0,5", "2.1.1": "0"})
        self.post_scores(self.reporter, {**FULL, "1.1.2": "0", "2.1.1": "0"})
        assert self.par_findings().count() == 2

    def test_saving_the_same_scores_again_writes_no_history(self):
        self.post_scores(self.reporter, FULL)
        rows = ParScore.history.count()
        self.post_scores(self.reporter, FULL)
        assert ParScore.history.count() == rows == 6

    def test_refusals_write_nothing_and_say_why_in_vietnamese(self):
        cases = [
            ({**FULL, "1.1.2": "2"}, "vượt"),  # above the maximum of 1
            ({**FULL, "1.1.2": "-1"}, "âm"),  # negative
            ({**FULL, "1.1.2": "abc"}, "số"),  # not a number
        ]
        for values, word in cases:
            response = self.post_scores(self.reporter, values)
            assert response.status_code == 400
            page = response.content.decode()
            assert "Chưa lưu gì" in page and word in page, (values, page[:200])
            assert 'aria-invalid="true"' in page
        assert not ParScore.objects.exists() and not self.par_findings().exists()

    def test_a_unit_outside_the_scope_is_refused_with_a_message(self):
        response = self.post_scores(self.outsider, {**FULL, "1.1.2": "0"})
        assert response.status_code == 404
        assert "Không có đơn vị “DIST-A” trong phạm vi của bạn." in response.content.decode()
        assert not ParScore.objects.exists() and not self.par_findings().exists()

    def test_raising_an_untouched_criterion_to_full_withdraws_its_finding(self):
        self.post_scores(self.reporter, {**FULL, "1.1.2": "0", "2.1.1": "0"})
        lost_11 = self.par_findings().get(par_criterion__code="1.1")
        started = self.par_findings().get(par_criterion__code="2.1")
        workflow.transition(started, Status.IN_PROGRESS, acting_user=self.reporter)  # work started on 2.1
        response = self.post_scores(self.reporter, FULL)  # both corrected to full marks
        assert response.status_code == 302
        assert list(self.par_findings().values_list("par_criterion__code", flat=True)) == ["2.1"]
        deleted = Finding.history.filter(id=lost_11.pk, history_type="-").get()
        assert deleted.history_user == self.reporter
        page = self.client.get(response["Location"]).content.decode()
        assert "1.1" in page and "2.1" in page  # withdrawn, and kept with a warning

    def test_score_changes_are_audited_with_the_user(self):
        self.post_scores(self.reporter, FULL)
        self.post_scores(self.approver, {"1.1.2": "0,25"})
        changed = ParScore.history.filter(sub_criterion_id=self.subs["1.1.2"].pk).order_by("history_date")
        assert [(h.history_user, h.score) for h in changed] == [(self.reporter, 1), (self.approver, Decimal("0.25"))]

    def test_the_score_page_reads_a_fixed_number_of_queries(self):
        self.post_scores(self.reporter, {**FULL, "1.1.2": "0"})
        self.client.force_login(self.reporter)
        self.client.get(self.scores_url())
        # session, user, memberships (scope), index, unit, memberships (edit rights), sub-criteria,
        # scores, criterion results (scores, criteria, their sub-criteria), unread notices,
        # the unit picker's units
        with self.assertNumQueries(12):
            response = self.client.get(self.scores_url())
        assert response.status_code == 200 and len(response.context["rows"]) == 6


class ParStructureTests(ParEntryCase):
    def save(self, **node):
        return par.save_node(self.index, **node, acting_user=self.secretariat)

    def test_maxima_add_up_when_a_sub_criterion_is_added_or_changed(self):
        self.save(level="sub_criterion", parent="2.1", code="2.1.3", name_vi="c", maximum=Decimal("0.5"))
        assert ParCriterion.objects.get(code="2.1").maximum == 3
        assert ParIndex.objects.get(code="TEST").maximum == 8
        self.save(level="sub_criterion", parent="2.1", code="2.1.3", name_vi="c", maximum=Decimal(1))
        assert ParIndex.objects.get(code="TEST").maximum == Decimal("8.5")
        assert ParSubCriterion.objects.filter(code="2.1.3").count() == 1  # saved twice, one node

    def test_a_maximum_below_a_recorded_score_is_refused(self):
        ParScore.objects.create(unit=self.district_a, year=2022, sub_criterion=self.subs["1.1.1"], score=1)
        with self.assertRaises(par.ParError):
            self.save(level="sub_criterion", parent="1.1", code="1.1.1", name_vi="a", maximum=Decimal("0.5"))
        assert ParSubCriterion.objects.get(code="1.1.1").maximum == Decimal("1.5")

    def test_a_criterion_under_an_unknown_area_is_refused(self):
        with self.assertRaises(par.ParError):
            self.save(level="criterion", parent="7", code="7.1", name_vi="x")

    def test_the_page_enters_the_whole_tree_and_history_keeps_who(self):
        self.client.force_login(self.secretariat)
        self.client.post(reverse("findings:par-indexes"), {"code": "new", "name_vi": "Chỉ số mới"})
        url = reverse("findings:par-index", args=["NEW"])
        for node in (
            {"level": "area", "code": "A", "name_vi": "Lĩnh vực"},
            {"level": "criterion", "parent": "A", "code": "A1", "name_vi": "Tiêu chí"},
            {"level": "sub_criterion", "parent": "A1", "code": "A1.1", "name_vi": "Thành phần", "maximum": "2,5"},
        ):
            assert self.client.post(url, node).status_code == 302
        index = ParIndex.objects.get(code="NEW")
        assert index.maximum == Decimal("2.5")
        assert index.history.first().history_user == self.secretariat
        assert ParSubCriterion.history.get(code="A1.1").history_user == self.secretariat
        response = self.client.post(url, {"level": "sub_criterion", "parent": "A1", "code": "A1.2", "name_vi": "x"})
        assert "tối đa" in self.client.get(response["Location"]).content.decode()

    def test_the_structure_page_reads_a_fixed_number_of_queries(self):
        self.client.force_login(self.reporter)
        url = reverse("findings:par-index", args=["TEST"])
        self.client.get(url)
        # session, user, index, memberships (manage rights), areas, criteria, sub-criteria, unread notices
        with self.assertNumQueries(8):
            self.client.get(url)
        par.load_index({**INDEX, "code": "TEST2"})
        self.save(level="area", code="3", name_vi="Thêm")
        with self.assertNumQueries(8):
            self.client.get(url)


class ParApiTests(ParEntryCase):
    def api(self, user):
        client = APIClient()
        if user is not None:
            client.force_authenticate(user)
        return client

    def body(self, scores: dict, unit="DIST-A", year=2022):
        return {
            "index": "TEST",
            "unit": unit,
            "year": year,
            "scores": [{"sub_criterion": c, "score": v.replace(",", ".")} for c, v in scores.items()],
        }

    def test_anonymous_is_refused(self):
        for url in ("/api/par-indexes/", "/api/par-indexes/TEST/", "/api/par-scores/"):
            assert self.api(None).get(url).status_code in (401, 403)
        assert self.api(None).post("/api/par-scores/", self.body(FULL), format="json").status_code in (401, 403)

    def test_the_structure_reads_as_a_tree(self):
        data = self.api(self.outsider).get("/api/par-indexes/TEST/").json()
        assert data["maximum"] == "7.50"
        assert [a["code"] for a in data["areas"]] == ["1", "2"]
        assert [s["code"] for s in data["areas"][0]["criteria"][0]["sub_criteria"]] == ["1.1.1", "1.1.2"]

    def test_structure_write_matrix(self):
        node = {"level": "sub_criterion", "parent": "2.1", "code": "2.1.3", "name_vi": "c", "maximum": "0.5"}
        for user in (self.reporter, self.approver, self.inspector, self.outsider, self.nobody):
            assert self.api(user).post("/api/par-indexes/TEST/nodes/", node, format="json").status_code == 403
            assert self.api(user).post("/api/par-indexes/", {"code": "Y", "name_vi": "y"}).status_code == 403
        response = self.api(self.secretariat).post("/api/par-indexes/TEST/nodes/", node, format="json")
        assert response.status_code == 200 and response.json()["maximum"] == "8.00"
        assert self.api(self.secretariat).post("/api/par-indexes/", {"code": "Y", "name_vi": "y"}).status_code == 201
        again = self.api(self.secretariat).post("/api/par-indexes/", {"code": "Y", "name_vi": "y"})
        assert again.status_code == 400 and "Đã có" in api_errors(again)["code"][0]

    def test_score_write_matrix(self):
        body = self.body({**FULL, "1.1.2": "0"})
        expected = [
            (self.inspector, 404),
            (self.outsider, 404),
            (self.nobody, 404),
            (self.viewer, 403),
            (self.reporter, 201),
            (self.approver, 200),  # same scores again: nothing new
            (self.secretariat, 200),
        ]
        for user, status in expected:
            response = self.api(user).post("/api/par-scores/", body, format="json")
            assert response.status_code == status, (user, response.content)
            if status in (403, 404):
                assert "DIST-A" in api_errors(response)[None][0]
        assert self.par_findings().count() == 1 and ParScore.objects.count() == 6

    def test_bad_scores_are_refused_whole_with_vietnamese_messages(self):
        for bad in ("1.5", "-0.5"):
            body = self.body({**FULL, "1.1.2": bad})
            response = self.api(self.reporter).post("/api/par-scores/", body, format="json")
            assert response.status_code == 400 and "Chưa lưu gì" in api_errors(response)["scores"][0]
        with translation.override("vi"):  # the request switches this thread to English; switch back after
            english = self.api(self.reporter).post(
                "/api/par-scores/", self.body({"1.1.2": "2"}), format="json", HTTP_ACCEPT_LANGUAGE="en"
            )
        assert api_errors(english)["scores"][0].startswith(
            "Nothing was saved: 1.1.2: 2 is above the maximum of 1 points"
        )
        unknown = self.api(self.reporter).post("/api/par-scores/", self.body({"9.9.9": "1"}), format="json")
        assert unknown.status_code == 400 and "9.9.9" in api_errors(unknown)["scores"][0]
        assert not ParScore.objects.exists() and not self.par_findings().exists()

    def test_the_reply_lists_new_and_withdrawn_findings(self):
        first = self.api(self.reporter).post("/api/par-scores/", self.body({**FULL, "1.1.2": "0"}), format="json")
        assert first.json()["saved"] == 6 and len(first.json()["findings_created"]) == 1
        fixed = self.api(self.reporter).post("/api/par-scores/", self.body({"1.1.2": "1"}), format="json").json()
        assert fixed == {"saved": 1, "findings_created": [], "withdrawn": ["1.1"], "kept": []}

    def test_scores_are_listed_within_scope_in_fixed_queries(self):
        self.api(self.reporter).post("/api/par-scores/", self.body(FULL), format="json")
        assert self.api(self.outsider).get("/api/par-scores/").json()["results"] == []
        client = self.api(self.secretariat)
        with self.assertNumQueries(3):  # memberships (scope), count, page
            rows = client.get("/api/par-scores/?unit=DIST-A&year=2022&index=TEST").json()["results"]
        assert len(rows) == 6 and rows[0]["maximum"] == "1.50"

    def test_the_index_list_reads_in_fixed_queries(self):
        client = self.api(self.outsider)
        client.get("/api/par-indexes/")
        with self.assertNumQueries(5):  # count, page, areas, criteria, sub-criteria
            client.get("/api/par-indexes/")
