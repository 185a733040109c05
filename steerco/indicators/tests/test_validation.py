from decimal import Decimal

from steerco.indicators.models import ValidationRule
from steerco.indicators.validation import Validator, validate_unit_values
from steerco.testing import PersonaTestCase
from steerco.units.models import Unit


class ValidationTests(PersonaTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        ValidationRule.objects.create(
            programme=cls.programme,
            code="DONE-TOTAL",
            expression="DONE <= TOTAL",
            message_vi="Số đã xong không vượt tổng số.",
            message_en="Done cannot exceed the total.",
        )
        ValidationRule.objects.create(programme=cls.programme, code="ADMITTED-POS", expression="ADMITTED >= 0")

    def test_values_within_the_rules_pass(self):
        assert (
            validate_unit_values(self.programme, self.org_a1, "2023-H1", {"DONE": Decimal(3), "TOTAL": Decimal(5)})
            == []
        )

    def test_a_broken_rule_names_unit_period_indicators_and_values_in_vietnamese(self):
        [violation] = validate_unit_values(
            self.programme, self.org_a1, "2023-H1", {"DONE": Decimal(6), "TOTAL": Decimal(5)}
        )
        text = violation.message("vi")
        assert "Đơn vị DIST-A-CS01, 2023-H1" in text
        assert "Xong (DONE = 6) không được lớn hơn Tổng (TOTAL = 5)" in text
        assert text.endswith("Số đã xong không vượt tổng số.")

    def test_messages_in_english(self):
        [violation] = validate_unit_values(self.programme, self.org_a1, "2023-H1", {"ADMITTED": Decimal(-1)})
        assert violation.message("en") == "Unit DIST-A-CS01, 2023-H1: Kết nạp (ADMITTED = -1) must be at least 0."

    def test_new_values_are_checked_against_the_stored_ones(self):
        self.enter(self.total, self.org_a1, "2023-H1", 5)
        [violation] = validate_unit_values(self.programme, self.org_a1, "2023-H1", {"DONE": Decimal(9)})
        assert violation.codes == ["DONE", "TOTAL"]

    def test_bulk_check_of_a_period_finds_every_unit_that_breaks_a_rule(self):
        self.enter(self.done, self.org_a1, "2023-H1", 9)
        self.enter(self.total, self.org_a1, "2023-H1", 5)
        self.enter(self.done, self.org_b1, "2023-H1", 1)
        self.enter(self.total, self.org_b1, "2023-H1", 5)
        validator = Validator(self.programme)
        units = list(Unit.objects.all())
        with self.assertNumQueries(1):
            broken = validator.check_period("2023-H1", units)
        assert [v.unit.code for v in broken] == ["DIST-A-CS01"]
