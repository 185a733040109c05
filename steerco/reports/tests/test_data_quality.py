"""The report's note on data quality lists the figures of the period that
break a warning rule, with the reason when one was accepted."""

from steerco.indicators.models import RuleWarning, Severity, ValidationRule
from steerco.indicators.validation import acknowledge

from ..builder import build_document
from .base import WHEN, ReportTestCase


class DataQualityNoteTests(ReportTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        rule = ValidationRule.objects.create(
            programme=cls.programme, code="W1", expression="ADMITTED <= TOTAL", severity=Severity.WARNING
        )
        for unit, message in ((cls.org_a1, "Kết nạp 40 > Tổng 13"), (cls.org_b1, "Kết nạp 10 > Tổng –")):
            RuleWarning.objects.create(
                rule=rule, unit=unit, period="2023-H1", message_vi=message, message_en=message + " (en)"
            )
        acknowledge(RuleWarning.objects.get(unit=cls.org_a1), "Kết nạp ngoài danh sách", acting_user=cls.secretariat)

    def test_the_note_lists_the_warnings_of_the_subtree_with_their_reasons(self):
        text = build_document(self.programme, "2023-H1", "vi", generated_at=WHEN).text()
        assert "Ghi chú về chất lượng số liệu" in text
        assert "Kết nạp 40 > Tổng 13 (đã chấp nhận: Kết nạp ngoài danh sách)" in text
        assert "Kết nạp 10 > Tổng –" in text
        district = build_document(self.programme, "2023-H1", "vi", unit=self.district_b, generated_at=WHEN).text()
        assert "Kết nạp 10 > Tổng –" in district and "Kết nạp 40" not in district
        english = build_document(self.programme, "2023-H1", "en", generated_at=WHEN).text()
        assert "Note on data quality" in english and "Kết nạp 40 > Tổng 13 (en) (accepted:" in english

    def test_no_warnings_no_note(self):
        text = build_document(self.programme, "2022-H1", "vi", generated_at=WHEN).text()
        assert "chất lượng số liệu" not in text
