"""The annex lists the reasons stated for changes to what was agreed
(issue 10) for the report's programme and period, in the issuer's subtree,
as they stood at the report's date: a section in DOCX, PDF and HTML, and
a sheet in the Excel annex."""

import io
from datetime import UTC, datetime
from unittest import mock

from django.utils import timezone
from openpyxl import load_workbook

from steerco.audit.models import ReasonKind
from steerco.audit.reasons import Stated, state
from steerco.indicators.models import Target
from steerco.programmes.models import Programme

from ..builder import build_document, render
from .base import WHEN, ReportTestCase
from .helpers import docx_text, pdf_text

SHEET = "Lý do điều chỉnh"


class ReasonsAnnexTests(ReportTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        target_a = Target.objects.get(unit=cls.district_a)
        target_b = Target.objects.get(unit=cls.district_b)
        other = Programme.objects.create(code="98-CTr/TU", title_vi="Chương trình khác", owner=cls.city)
        cls.stated(
            datetime(2023, 5, 10, 3, 0, tzinfo=UTC), ReasonKind.TARGET, "superior-direction",
            "Theo Kết luận của Ban Thường vụ", record=target_a, unit=cls.district_a, period="2023",
            before="120", after="100",
        )  # fmt: skip
        cls.stated(
            datetime(2023, 6, 2, 3, 0, tzinfo=UTC), ReasonKind.TARGET, "reorganisation",
            "Sáp nhập hai chi bộ", record=target_b, unit=cls.district_b, period="2023", before="90", after="100",
        )  # fmt: skip
        # Another programme; a later change (after the report's date); another year.
        cls.stated(
            datetime(2023, 6, 3, tzinfo=UTC), ReasonKind.TARGET, "data-error", "Khác chương trình",
            record=target_a, unit=cls.district_a, period="2023", programme=other,
        )  # fmt: skip
        cls.stated(
            datetime(2023, 8, 1, tzinfo=UTC), ReasonKind.TARGET, "data-error", "Sau ngày báo cáo",
            record=target_a, unit=cls.district_a, period="2023",
        )  # fmt: skip
        cls.stated(
            datetime(2022, 3, 1, tzinfo=UTC), ReasonKind.TARGET, "data-error", "Năm trước",
            record=target_a, unit=cls.district_a, period="2022",
        )  # fmt: skip

    @classmethod
    def stated(cls, at, kind, code, text, *, record, unit, period, before="", after="", programme=None):
        with mock.patch.object(timezone, "now", return_value=at):
            state(
                kind, Stated(code, text), acting_user=cls.secretariat, record=record, unit=unit,
                programme=programme or cls.programme, period=period, before=before, after=after,
            )  # fmt: skip

    def build(self, language="vi", unit=None):
        return build_document(self.programme, "2023-H1", language, unit=unit, generated_at=WHEN)

    def reasons(self, document):
        return next(t for t in document.tables() if t.key in (SHEET, "Reasons"))

    def test_the_city_report_lists_the_changes_of_its_programme_and_period_up_to_its_date(self):
        rows = [[c.text for c in row] for row in self.reasons(self.build()).rows]
        assert rows == [
            ["10/5/2023", "Đơn vị DIST-A", "Điều chỉnh chỉ tiêu", str(Target.objects.get(unit=self.district_a)),
             "120 → 100", "Điều chỉnh theo kết luận, chỉ đạo của cấp trên: Theo Kết luận của Ban Thường vụ"],
            ["02/6/2023", "Đơn vị DIST-B", "Điều chỉnh chỉ tiêu", str(Target.objects.get(unit=self.district_b)),
             "90 → 100", "Sắp xếp, sáp nhập tổ chức, đơn vị: Sáp nhập hai chi bộ"],
        ]  # fmt: skip

    def test_the_columns_say_what_changed_and_why(self):
        assert self.reasons(self.build()).columns == [
            "Ngày", "Đơn vị", "Loại điều chỉnh", "Nội dung", "Từ → thành", "Lý do"
        ]  # fmt: skip

    def test_a_district_report_shows_only_its_own_subtree(self):
        rows = self.reasons(self.build(unit=self.district_a)).rows
        assert [row[1].text for row in rows] == ["Đơn vị DIST-A"]

    def test_the_reasons_are_in_the_docx_pdf_html_and_an_excel_sheet(self):
        document = self.build()
        for text in (docx_text(render(document, "docx")), pdf_text(render(document, "pdf"))):
            assert "Lý do điều chỉnh những nội dung đã thống nhất" in text
            assert "Theo Kết luận của Ban Thường vụ" in text and "Sáp nhập hai chi bộ" in text
            assert "Sau ngày báo cáo" not in text and "Khác chương trình" not in text and "Năm trước" not in text
        assert "Sáp nhập hai chi bộ" in render(document, "html").decode()
        sheet = load_workbook(io.BytesIO(render(document, "xlsx")))[SHEET]
        values = [row for row in sheet.iter_rows(values_only=True) if any(row)]
        assert any("Sáp nhập hai chi bộ" in str(v) for row in values for v in row)

    def test_the_english_annex_is_english(self):
        text = self.build("en").text()
        assert "Reasons stated for changes to what was agreed" in text
        assert "Adjusted by a conclusion or direction of the superior body: Theo Kết luận" in text
        assert "2 changes to what was agreed for the first half of 2023" in text

    def test_without_changes_the_annex_says_so(self):
        text = build_document(self.programme, "2019-H1", "vi", generated_at=WHEN).text()
        assert "Trong 6 tháng đầu năm 2019 không có chỉ tiêu nào được điều chỉnh" in text
