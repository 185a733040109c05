"""The commission's pages: who may open what (anonymous, no role, other
roles, the owning commission, the levels above, another district), and
what the pages do."""

import io
from datetime import date

from django.urls import reverse
from openpyxl import load_workbook

from .. import services
from ..models import Case, PersonView
from ..stages import DisciplineForm, Stage, Subject
from .base import SECRET_ID, SECRET_NAME, InspectionTestCase

NOT_INSPECTORS = ("nobody", "reporter", "approver", "viewer", "secretariat", "outsider")


class CasePagePermissionTests(InspectionTestCase):
    def status(self, user, url, method="get", data=None):
        self.client.logout()
        if user is not None:
            self.client.force_login(getattr(self, user))
        return getattr(self.client, method)(url, data or {}).status_code

    def urls(self, case):
        return {
            "detail": reverse("inspection:case", args=[case.code]),
            "person": reverse("inspection:person", args=[case.code]),
        }

    def test_anonymous_is_sent_to_login_everywhere(self):
        for url in [
            reverse("inspection:cases"),
            reverse("inspection:open"),
            reverse("inspection:statistics"),
            reverse("inspection:statistics-xlsx"),
            *self.urls(self.case_a).values(),
        ]:
            assert self.status(None, url) == 302, url

    def test_reporters_viewers_secretariat_and_users_without_a_role_see_no_case(self):
        for user in NOT_INSPECTORS:
            assert self.status(user, reverse("inspection:cases")) == 403, user
            assert self.status(user, reverse("inspection:open")) == 403, user
            for case in (self.case_a, self.case_b, self.case_city):
                for url in self.urls(case).values():
                    assert self.status(user, url) == 403, (user, url)
                conclude = reverse("inspection:conclude", args=[case.code])
                assert self.status(user, conclude, "post", {"on": "2023-03-01", "violation": "yes"}) == 403
        assert not PersonView.objects.exists()

    def test_an_inspector_sees_the_cases_of_their_commission_only(self):
        self.client.force_login(self.inspector_a)
        page = self.client.get(reverse("inspection:cases")).content.decode()
        assert self.case_a.code in page and self.case_b.code not in page and self.case_city.code not in page

    def test_another_districts_inspector_gets_not_found(self):
        for url in self.urls(self.case_a).values():
            assert self.status("inspector_b", url) == 404, url
        assert self.status("inspector_a", reverse("inspection:case", args=[self.case_b.code])) == 404
        assert not PersonView.objects.exists()

    def test_the_city_commission_sees_every_district_case(self):
        self.client.force_login(self.inspector)
        page = self.client.get(reverse("inspection:cases")).content.decode()
        assert all(c.code in page for c in (self.case_a, self.case_b, self.case_city))
        assert self.status("inspector", self.urls(self.case_a)["person"]) == 200

    def test_the_levels_above_may_read_but_not_move_a_case(self):
        url = reverse("inspection:conclude", args=[self.case_a.code])
        self.client.force_login(self.inspector)
        assert self.client.post(url, {"on": "2023-03-01", "violation": "yes"}).status_code == 403
        self.case_a.refresh_from_db()
        assert self.case_a.stage == Stage.INSPECTING

    def test_the_case_list_takes_a_fixed_number_of_queries(self):
        self.client.force_login(self.inspector)
        with self.assertNumQueries(7):  # session, user, roles, count, own commissions, page, unread notices
            self.client.get(reverse("inspection:cases"))
        for day in range(1, 20):
            services.open_case(commission=self.district_b, subject=Subject.FULL_MEMBER, opened_on=date(2023, 4, day))
        with self.assertNumQueries(7):
            page = self.client.get(reverse("inspection:cases")).content.decode()
        assert "DIST-B-2023-020" in page


class CasePageTests(InspectionTestCase):
    def setUp(self):
        self.client.force_login(self.inspector_a)

    def test_lists_and_detail_show_no_name(self):
        for url in (reverse("inspection:cases"), reverse("inspection:case", args=[self.case_a.code])):
            page = self.client.get(url).content.decode()
            assert SECRET_NAME not in page and SECRET_ID not in page
        assert not PersonView.objects.exists()

    def test_opening_a_case_from_the_form(self):
        response = self.client.post(
            reverse("inspection:open"),
            {
                "commission": self.district_a.pk,
                "subject": "organisation",
                "subject_unit": self.org_a1.pk,
                "on": "2023-04-02",
            },
        )
        case = Case.objects.get(code="DIST-A-2023-002")
        assert response["Location"] == reverse("inspection:case", args=[case.code])
        assert case.subject_unit == self.org_a1 and case.created_by == self.inspector_a

    def test_a_bad_form_says_why_in_vietnamese_and_writes_nothing(self):
        response = self.client.post(
            reverse("inspection:open"),
            {"commission": self.district_a.pk, "subject": "organisation", "on": "2999-01-01"},
        )
        page = response.content.decode()
        assert "Hãy chọn tổ chức được kiểm tra" in page and "tương lai" in page
        assert Case.objects.count() == 3

    def test_concluding_and_deciding_from_the_case_page(self):
        self.client.post(
            reverse("inspection:conclude", args=[self.case_a.code]), {"on": "2023-03-01", "violation": "yes"}
        )
        page = self.client.get(reverse("inspection:case", args=[self.case_a.code])).content.decode()
        assert "Cách chức" in page and "Giải tán" not in page  # forms for a full member only
        self.client.post(
            reverse("inspection:decide", args=[self.case_a.code]), {"on": "2023-03-09", "form": "expulsion"}
        )
        self.case_a.refresh_from_db()
        assert (self.case_a.stage, self.case_a.discipline_form) == (Stage.DISCIPLINED, DisciplineForm.EXPULSION)

    def test_an_invalid_form_posted_by_hand_is_refused(self):
        self.client.post(
            reverse("inspection:conclude", args=[self.case_a.code]), {"on": "2023-03-01", "violation": "yes"}
        )
        response = self.client.post(
            reverse("inspection:decide", args=[self.case_a.code]),
            {"on": "2023-03-09", "form": "dissolution"},
            follow=True,
        )
        assert "lựa chọn hợp lệ" in response.content.decode()
        self.case_a.refresh_from_db()
        assert self.case_a.stage == Stage.CONCLUDED_VIOLATION

    def test_showing_the_person_is_logged_each_time(self):
        url = reverse("inspection:person", args=[self.case_a.code])
        page = self.client.get(url).content.decode()
        assert SECRET_NAME in page and SECRET_ID in page
        self.client.get(url)
        assert list(PersonView.objects.values_list("user__username", "channel")) == [("inspector_a", "web")] * 2
        assert "no-store" in self.client.get(url)["Cache-Control"]

    def test_the_owner_records_the_person_of_a_new_member_case(self):
        url = reverse("inspection:person", args=[self.case_a.code])
        self.client.post(url, {"full_name": "Trần Thị Mới", "identity_number": "001099000111"})
        self.case_a.person.refresh_from_db()
        assert self.case_a.person.full_name == "Trần Thị Mới"

    def test_a_case_date_cannot_be_in_the_future(self):
        self.client.post(
            reverse("inspection:conclude", args=[self.case_a.code]), {"on": "2999-01-01", "violation": "no"}
        )
        self.case_a.refresh_from_db()
        assert self.case_a.concluded_on is None

    def test_organisation_cases_have_no_person_page(self):
        self.client.force_login(self.inspector)
        assert self.client.get(reverse("inspection:person", args=[self.case_city.code])).status_code == 403

    def test_filtering_by_stage(self):
        services.conclude(self.case_a, on=date(2023, 3, 1), violation=False)
        page = self.client.get(reverse("inspection:cases"), {"stage": "inspecting"}).content.decode()
        assert self.case_a.code not in page


class StatisticsPageTests(InspectionTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        services.conclude(cls.case_a, on=date(2023, 3, 1), violation=True)
        services.decide(cls.case_a, on=date(2023, 3, 9), form=DisciplineForm.WARNING)
        services.open_case(commission=cls.district_b, subject=Subject.FULL_MEMBER, opened_on=date(2022, 3, 1))

    def page(self, user, **params):
        self.client.force_login(user)
        response = self.client.get(reverse("inspection:statistics"), {"period": "2023-H1", **params})
        assert response.status_code == 200
        return response.content.decode()

    def test_the_city_sees_n_over_n_percentages_and_the_change(self):
        page = self.page(self.secretariat, unit="CITY")
        assert "1/1" in page and "100,0 %" in page and "Cảnh cáo" in page
        assert "+0" not in page and "2022-H1" in page

    def test_a_reporter_sees_the_counts_of_their_district_only(self):
        page = self.page(self.reporter, unit="CITY")  # out of scope: their own district instead
        assert "Đơn vị DIST-A" in page and "Đơn vị DIST-B" not in page

    def test_a_unit_below_the_users_own_is_shown_when_asked_for(self):
        # The values page of a register figure links here with the figure's
        # unit: the city's counts in its place were another figure (oracle).
        page = self.page(self.secretariat, unit="DIST-A")
        assert 'value="DIST-A" selected' in page and "Đơn vị DIST-A và" in page and "không thuộc phạm vi" not in page
        self.client.force_login(self.secretariat)
        response = self.client.get(reverse("inspection:statistics-xlsx"), {"period": "2023-H1", "unit": "DIST-A"})
        assert "thong-ke-kiem-tra-DIST-A-2023-H1.xlsx" in response["Content-Disposition"]
        rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
        assert ("Đảng viên", "Kiểm tra khi có dấu hiệu vi phạm", 1) in [r[:3] for r in rows]  # case A only
        assert ("Tổ chức đảng", "Kiểm tra khi có dấu hiệu vi phạm", 0) in [r[:3] for r in rows]  # not the city's

    def test_a_unit_out_of_scope_is_said_plainly_and_not_exported(self):
        page = self.page(self.reporter, unit="CITY")
        assert "Đơn vị “CITY” không thuộc phạm vi của bạn" in page
        self.client.force_login(self.reporter)
        response = self.client.get(reverse("inspection:statistics-xlsx"), {"period": "2023-H1", "unit": "CITY"})
        assert response.status_code == 404

    def test_another_district_sees_none_of_district_a(self):
        page = self.page(self.outsider, unit="DIST-A")
        assert "Đơn vị DIST-B" in page and "Đơn vị DIST-A" not in page

    def test_a_user_without_a_role_is_told_so(self):
        assert "chưa được phân quyền" in self.page(self.nobody)

    def test_the_city_inspector_starts_at_the_level_the_commission_serves(self):
        page = self.page(self.inspector)
        assert 'value="CITY" selected' in page

    def test_the_page_takes_a_fixed_number_of_queries(self):
        self.client.force_login(self.secretariat)
        with self.assertNumQueries(10):  # 9: the programme's reporting window; 10: the shares' decimals
            self.client.get(reverse("inspection:statistics"), {"period": "2023-H1", "unit": "CITY"})
        for day in range(1, 10):
            services.open_case(commission=self.district_a, subject=Subject.FULL_MEMBER, opened_on=date(2023, 4, day))
        with self.assertNumQueries(10):
            self.client.get(reverse("inspection:statistics"), {"period": "2023-H1", "unit": "CITY"})

    def test_the_export_is_a_workbook_named_after_unit_and_period(self):
        self.client.force_login(self.secretariat)
        response = self.client.get(reverse("inspection:statistics-xlsx"), {"period": "2023-H1", "unit": "CITY"})
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")
        assert "thong-ke-kiem-tra-CITY-2023-H1.xlsx" in response["Content-Disposition"]

    def test_a_unit_named_like_a_formula_is_quoted_text_in_the_export(self):
        from steerco.lib import xlsx_safe

        self.city.name_vi = "=1+1"
        self.city.save()
        self.client.force_login(self.secretariat)
        data = self.client.get(reverse("inspection:statistics-xlsx"), {"period": "2023-H1", "unit": "CITY"}).content
        assert xlsx_safe.formula_cells(data) == []
        assert "'=1+1" in [c.value for row in load_workbook(io.BytesIO(data)).active.iter_rows() for c in row]

    def test_the_page_reads_in_english_too(self):
        self.client.force_login(self.secretariat)
        self.client.cookies.load({"django_language": "en"})
        page = self.client.get(reverse("inspection:statistics"), {"period": "2023-H1", "unit": "CITY"}).content.decode()
        assert "Party members" in page and "Unit CITY" in page and "100.0%" in page
