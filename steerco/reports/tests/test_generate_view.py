"""The report page: who may generate what, and what they get."""

from ..models import IssuedReport
from .base import ReportTestCase
from .helpers import docx_text


class GenerateViewTests(ReportTestCase):
    def post(self, user, unit="CITY", fmt="docx", period="2023-H1", language="vi"):
        if user:
            self.client.force_login(user)
        data = {"programme": self.programme.code, "unit": unit, "period": period, "format": fmt, "language": language}
        return self.client.post("/reports/", data)

    def test_anonymous_is_sent_to_log_in(self):
        assert self.client.get("/reports/").status_code == 302
        assert self.post(None).status_code == 302

    def test_a_user_without_a_role_gets_no_report(self):
        response = self.post(self.nobody)
        assert response.status_code == 200 and response["Content-Type"].startswith("text/html")

    def test_the_secretariat_downloads_the_city_report_as_docx(self):
        response = self.post(self.secretariat)
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.wordprocessing")
        assert 'filename="bao-cao-99-CTr-TU-2023-H1-CITY.docx"' in response["Content-Disposition"]
        assert "ĐẢNG CỘNG SẢN VIỆT NAM" in docx_text(response.content)

    def test_a_district_reporter_reports_on_their_district(self):
        response = self.post(self.reporter, "DIST-A", language="en")
        assert response.status_code == 200
        text = docx_text(response.content)
        assert "60" in text and "Unit DIST-A" in text

    def test_an_outsider_cannot_report_on_another_district(self):
        response = self.post(self.outsider, "DIST-A")
        assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
        assert "DIST-A" in response.context["form"].errors["unit"][0]

    def test_a_bad_period_gets_a_clear_message_in_vietnamese(self):
        response = self.post(self.secretariat, period="2023-H3")
        assert "không phải mã kỳ" in response.context["form"].errors["period"][0]

    def test_the_page_lists_issued_reports_in_a_fixed_number_of_queries(self):
        from ..issuing import issue_report

        for _ in range(3):
            issue_report(self.programme, "2023-H1", "vi", self.secretariat)
        self.client.force_login(self.secretariat)
        self.client.get("/reports/")  # warm the caches (session, content types)
        with self.assertNumQueries(12):  # 11 of ours and the inbox badge in the header
            response = self.client.get("/reports/")
        assert response.status_code == 200
        assert response.content.decode().count("-BC/BCĐ</td>") == IssuedReport.objects.count() == 3

    def test_html_is_shown_inline(self):
        response = self.post(self.secretariat, fmt="html")
        assert response["Content-Disposition"].startswith("inline")
