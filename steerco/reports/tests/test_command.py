"""steerco report --programme … --period … --format … -o FILE"""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from ..models import ReportProfile
from ..models.profile import validate_outline
from .base import ReportTestCase
from .helpers import docx_text, pdf_text


class ReportCommandTests(ReportTestCase):
    def run_report(self, tmp, fmt, *extra):
        path = tmp / f"report.{fmt}"
        err = io.StringIO()
        call_command(
            "report", "--programme", "99-CTr/TU", "--period", "2023-H1", "--format", fmt, "-o", str(path), *extra,
            stderr=err,
        )  # fmt: skip
        return path.read_bytes()

    @pytest.fixture(autouse=True)
    def _tmp(self, tmp_path):
        self.tmp = tmp_path

    def test_it_writes_a_pdf_in_the_party_format(self):
        text = pdf_text(self.run_report(self.tmp, "pdf"))
        assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text and "6 tháng đầu năm 2023" in text

    def test_it_writes_a_docx_in_english_on_request(self):
        text = docx_text(self.run_report(self.tmp, "docx", "--language", "en"))
        assert "COMMUNIST PARTY OF VIETNAM" in text and "the first half of 2023" in text

    def test_it_writes_the_excel_annex(self):
        book = load_workbook(io.BytesIO(self.run_report(self.tmp, "xlsx")))
        assert "Biểu 1" in book.sheetnames and "Số liệu" in book.sheetnames

    def test_it_writes_html_and_the_state_format_on_request(self):
        html = self.run_report(self.tmp, "html", "--style", "state").decode()
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in html

    def test_it_reports_on_one_unit(self):
        text = docx_text(self.run_report(self.tmp, "docx", "--unit", "DIST-B"))
        assert "Đơn vị DIST-B" in text

    def test_the_report_date_sets_the_date_line(self):
        text = docx_text(self.run_report(self.tmp, "docx", "--date", "2023-07-10"))
        assert "ngày 10 tháng 7 năm 2023" in text

    def test_a_bad_report_date_is_refused(self):
        with pytest.raises(CommandError, match="not a date"):
            call_command(
                "report", "--programme", "99-CTr/TU", "--period", "2023-H1", "--date", "10/07/2023",
                "-o", str(self.tmp / "x.pdf"),
            )  # fmt: skip
        assert not (self.tmp / "x.pdf").exists()

    def test_a_report_date_in_the_future_is_refused(self):
        with pytest.raises(CommandError, match="in the future"):
            call_command(
                "report", "--programme", "99-CTr/TU", "--period", "2023-H1", "--date", "2999-01-01",
                "-o", str(self.tmp / "x.pdf"),
            )  # fmt: skip
        assert not (self.tmp / "x.pdf").exists()

    def test_an_unknown_programme_is_refused_with_the_known_ones(self):
        with pytest.raises(CommandError, match="known: 99-CTr/TU"):
            call_command("report", "--programme", "X", "--period", "2023-H1", "-o", str(self.tmp / "x.pdf"))

    def test_a_bad_period_is_refused(self):
        with pytest.raises(CommandError, match="not a period code"):
            call_command("report", "--programme", "99-CTr/TU", "--period", "2023-H3", "-o", str(self.tmp / "x.pdf"))
        assert not (self.tmp / "x.pdf").exists()

    def test_an_unknown_unit_is_refused(self):
        with pytest.raises(CommandError, match="no unit"):
            call_command("report", "--programme", "99-CTr/TU", "--period", "2023-H1", "--unit", "NOPE", "-o", "-")


class OutlineTests(ReportTestCase):
    def test_an_outline_lists_indicator_codes_or_entries_with_a_code(self):
        validate_outline({"limitations": ["A", {"code": "B", "of_which": "C"}], "plan": []})

    def test_a_bad_outline_is_refused_with_a_message(self):
        for bad in (["A"], {"other": []}, {"plan": "A"}, {"plan": [{"of_which": "C"}]}):
            with pytest.raises(ValidationError):
                validate_outline(bad)

    def test_a_profile_gives_english_text_when_present(self):
        profile = ReportProfile(superior_vi="THÀNH ỦY", superior_en="CITY COMMITTEE", issuer_vi="BCĐ")
        assert profile.text("superior", "en") == "CITY COMMITTEE"
        assert profile.text("issuer", "en") == "BCĐ"
        assert profile.text("superior", "vi") == "THÀNH ỦY"
