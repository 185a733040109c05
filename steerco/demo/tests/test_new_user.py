"""Issue 14's symptoms, tried again on the demo as a new user would: the
demo logins, the pages and the API through the test client. Each test
reproduces one symptom as the issue tells it and checks what is shown now."""

import io
import json
import re
from datetime import date

from django.contrib.auth import get_user_model
from django.test import TestCase
from openpyxl import load_workbook

from steerco.demo.loader import PROGRAMME_CODE, load_demo
from steerco.lib.numbers import fmt_day
from steerco.programmes.models import Programme
from steerco.reports.builder import build_document
from steerco.units.models import Unit

P = PROGRAMME_CODE
RESTRUCTURED = date(2025, 7, 1)


def words(response) -> str:
    """The page's text, tags dropped and spaces squeezed."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


class DemoNewUserTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_demo(progress=lambda _msg: None)

    def login(self, username):
        self.client.force_login(get_user_model().objects.get(username=username))
        return self.client

    def post(self, username, url, data):
        return self.login(username).post(url, json.dumps(data), content_type="application/json")

    def report_and_approve(self, period, value, unit="QU-BADINH"):
        """Ba Đình's reporter enters DV_KN, submits; its approver approves."""
        value = {"programme": P, "unit": unit, "period": period, "indicator": "DV_KN", "value": value}
        entered = self.post("badinh.reporter", "/api/values/", value)
        if entered.status_code == 400 and entered.json()["errors"][0]["kind"] == "unusual":
            # Far from Ba Đình's history (a quarter against halves): confirmed.
            value.update(reason="figure-checked", reason_text="Số liệu theo quý, đã kiểm tra lại")
            entered = self.post("badinh.reporter", "/api/values/", value)
        assert entered.status_code == 201, entered.content
        found = self.client.get("/api/submissions/", {"unit": unit, "period": period}).json()
        submission = (found["results"] if isinstance(found, dict) else found)[0]["id"]
        assert self.client.post(f"/api/submissions/{submission}/submit/").status_code == 200
        assert self.post("badinh.approver", f"/api/submissions/{submission}/approve/", {}).status_code == 200

    def open_round(self, period, **extra):
        opened = self.post("demo", "/api/periods/", {"programme": P, "period": period, **extra})
        assert opened.status_code == 201, opened.content
        return opened.json()["id"]

    def test_the_city_secretariat_asking_for_ba_dinh_sees_ba_dinh(self):
        response = self.login("demo").get("/", {"unit": "QU-BADINH"})
        assert response.context["unit"].code == "QU-BADINH"
        assert "Quận ủy Ba Đình" in words(response)
        # A viewer of another district is told plainly, not shown the city.
        response = self.login("unghoa.viewer").get("/", {"unit": "QU-BADINH"})
        assert response.context["unit"].code == "HU-UNGHOA"
        assert "Đơn vị “QU-BADINH” không thuộc phạm vi của bạn" in words(response)

    def test_ba_dinh_approving_2023_h2_early_moves_no_one_elses_home_page(self):
        self.report_and_approve("2023-H2", 150)
        for username in ("demo", "unghoa.viewer", "ubkt.inspector"):
            response = self.login(username).get("/")
            assert response.context["period"].code == "2023-H1", username
            reason = response.context["period_reason"]  # said on the page
            assert reason and reason in words(response), username
        # Ba Đình's H2 is judged on the year to date, 133 + 150 against 276.
        drill = self.login("demo").get(
            "/dashboard/drill/", {"programme": P, "unit": "TU-HN", "period": "2023-H2", "indicator": "DV_KN"}
        )
        ba_dinh = words(drill).split("Quận ủy Ba Đình", 1)[1][:80]
        assert "283/276 lũy kế từ đầu năm 103 %" in ba_dinh and "nguy cơ" not in ba_dinh
        year = self.client.get("/", {"unit": "QU-BADINH", "period": "2023"})
        assert "đảng viên mới được kết nạp 283/276 (103 %)" in words(year)
        # The H2 report: the share and the count beside it are both of the
        # year to date (it read "đạt 1 %", then "103 % (150/276)").
        report = build_document(
            Programme.objects.get(code=P), "2023-H2", "vi", unit=Unit.objects.get(code="QU-BADINH")
        ).text()
        assert "Số đảng viên mới được kết nạp: 150 đảng viên, đạt 103 % chỉ tiêu năm 2023 (lũy kế 283/276)" in report
        # Its only judged indicator, taken as a whole: "đạt" once ("đạt: đạt 103 %" before).
        assert "Tính chung, số đảng viên mới được kết nạp đạt: bằng 103 % chỉ tiêu năm 2023 (lũy kế 283/276)" in report
        assert "đạt: đạt" not in report

    def test_2024_is_built_from_its_four_approved_quarters(self):
        for q in range(1, 5):
            self.open_round(f"2024-Q{q}", deadline=f"2024-{3 * q:02d}-25", unit_types=["district"])
            self.report_and_approve(f"2024-Q{q}", 10 * q)
        page = self.login("demo").get("/", {"unit": "QU-BADINH", "period": "2024"})
        assert "2024" in [p.code for p in page.context["periods"]]
        assert "Số đảng viên mới được kết nạp 100 " in words(page)
        figure = self.client.get("/api/figures/", {"programme": P, "unit": "QU-BADINH", "period": "2024"}).json()
        row = next(r for r in figure["results"] if r["indicator"] == "DV_KN")
        assert float(row["value"]) == 100
        assert row["coverage"] == {
            "entered": ["2024-Q1", "2024-Q2", "2024-Q3", "2024-Q4"],
            "missing": [],
            "partial": False,
        }
        # 2023 has its first half only (H2 not reported): not compared as a whole year.
        assert row["previous"] is None and row["change"] is None

    def test_the_q3_2025_template_lists_only_the_units_after_the_restructuring(self):
        round_id = self.open_round("2025-Q3", deadline="2025-09-25", unit_types=["ward", "commune"])
        response = self.login("demo").get(f"/collection/rounds/{round_id}/units/TU-HN/template.xlsx", {"subtree": "1"})
        book = load_workbook(io.BytesIO(response.content))
        listed = {str(c.value) for sheet in book.worksheets for row in sheet.iter_rows() for c in row if c.value}
        ended = set(Unit.objects.filter(valid_to__lt=RESTRUCTURED).values_list("code", flat=True))
        new = set(Unit.objects.filter(valid_from=RESTRUCTURED).values_list("code", flat=True))
        assert len(ended) > 100 and len(new) > 100
        assert listed & ended == set()
        assert new <= listed

    def test_the_api_refuses_a_unit_outside_its_dates_and_names_them(self):
        for period in ("2025-H2", "2024-H2"):
            self.open_round(period, deadline=f"{period[:4]}-12-25", unit_types=["district", "ward"])
        ended = self.post(
            "demo",
            "/api/values/",
            {"programme": P, "unit": "QU-BADINH", "period": "2025-H2", "indicator": "DV_KN", "value": 5},
        )
        assert ended.status_code == 400
        message = ended.json()["errors"][0]["message"]
        assert (
            f"Quận ủy Ba Đình (QU-BADINH) chỉ tồn tại đến hết ngày {fmt_day(date(2025, 6, 30))}; 6 tháng cuối năm 2025"
            in message
        )
        assert "Đảng ủy phường Ba Đình" in message and "Đảng ủy phường Ngọc Hà" in message
        ward = Unit.objects.filter(valid_from=RESTRUCTURED, type="ward").order_by("code").first()
        unborn = self.post(
            "demo",
            "/api/values/",
            {"programme": P, "unit": ward.code, "period": "2024-H2", "indicator": "DV_KN", "value": 5},
        )
        assert unborn.status_code == 400
        assert (
            f"{ward.name()} ({ward.code}) chỉ tồn tại từ ngày {fmt_day(RESTRUCTURED)}"
            in unborn.json()["errors"][0]["message"]
        )
        assert not ward.values.exists()
