"""steerco validate, steerco rollups --verify and steerco synth."""

from io import StringIO
from unittest import mock

from django.core.management import CommandError, call_command
from django.test import TestCase

from steerco.indicators import fullrollup
from steerco.indicators.models import DataValue, SubtreeSum, ValidationRule
from steerco.indicators.synth import Size, synthesise
from steerco.testing import PersonaTestCase


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO())
    return out.getvalue()


class ValidateCommandTests(PersonaTestCase):
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
        cls.enter(cls.done, cls.org_a1, "2023-H1", 9)
        cls.enter(cls.total, cls.org_a1, "2023-H1", 5)
        cls.enter(cls.done, cls.org_b1, "2023-H1", 1)
        cls.enter(cls.total, cls.org_b1, "2023-H1", 5)

    def test_a_broken_rule_is_reported_in_vietnamese_with_unit_period_indicators_and_values(self):
        out = StringIO()
        with self.assertRaisesMessage(CommandError, "1 rule violation(s) in 2023-H1"):
            call_command("validate", "--programme", "99-CTr/TU", "--period", "2023-H1", stdout=out)
        text = out.getvalue()
        assert "Đơn vị DIST-A-CS01, 2023-H1: Xong (DONE = 9) không được lớn hơn Tổng (TOTAL = 5)." in text
        assert "Số đã xong không vượt tổng số." in text
        assert "1 vi phạm quy tắc, 0 cảnh báo; đã kiểm tra 1 quy tắc cho kỳ 2023-H1." in text

    def test_messages_in_english(self):
        out = StringIO()
        with self.assertRaises(CommandError):
            call_command("validate", "--programme", "99-CTr/TU", "--period", "2023-H1", "--language", "en", stdout=out)
        assert "Unit DIST-A-CS01, 2023-H1: Xong (DONE = 9) must not exceed Tổng (TOTAL = 5)." in out.getvalue()

    def test_a_subtree_without_violations_passes(self):
        text = run("validate", "--programme", "99-CTr/TU", "--period", "2023-H1", "--unit", "DIST-B")
        assert text.strip().endswith("0 vi phạm quy tắc, 0 cảnh báo; đã kiểm tra 1 quy tắc cho kỳ 2023-H1.")

    def test_every_indicator_is_computed_through_the_figure_service(self):
        text = run("validate", "--programme", "99-CTr/TU", "--period", "2023-H1", "--unit", "DIST-B")
        assert "Số liệu của " in text and "(dịch vụ số liệu):" in text
        assert "  DONE Xong: 1\n" in text and "  TOTAL Tổng: 5\n" in text
        assert "  SHARE Tỷ lệ: 1/5 (20,00 %)\n" in text
        assert "  ADMITTED Kết nạp: chưa có số liệu\n" in text
        assert "5 chỉ tiêu tính được, 0 lỗi." in text

    def test_an_indicator_that_cannot_be_computed_fails_the_command_by_name(self):
        self.admitted.computed_by = "nobody.counts"
        self.admitted.save()
        out = StringIO()
        with self.assertRaisesMessage(CommandError, "1 indicator(s) could not be computed for 2023-H1"):
            call_command("validate", "--programme", "99-CTr/TU", "--period", "2023-H1", "--unit", "DIST-B", stdout=out)
        assert "  ADMITTED Kết nạp: không tính được: " in out.getvalue()
        assert "nobody.counts" in out.getvalue()

    def test_unknown_programme_unit_or_period_is_a_clear_error(self):
        for args, message in (
            (["--programme", "NOPE", "--period", "2023-H1"], "unknown programme 'NOPE'"),
            (["--programme", "99-CTr/TU", "--period", "2023-H3"], "is not a period code"),
            (["--programme", "99-CTr/TU", "--period", "2023-H1", "--unit", "NOPE"], "unknown unit 'NOPE'"),
        ):
            with self.assertRaisesMessage(CommandError, message):
                run("validate", *args)


class RollupsCommandTests(PersonaTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        for period in ("2023-H1", "2022-H1"):
            cls.enter(cls.admitted, cls.org_a1, period, 40)
            cls.enter(cls.admitted, cls.org_a2, period, 60)
            cls.enter(cls.admitted, cls.district_a, period, 5)
            cls.enter(cls.admitted, cls.org_b1, period, 7)
            cls.enter(cls.done, cls.org_b1, period, 3, status="draft")

    def test_verify_proves_the_fast_paths_equal_the_naive_computation(self):
        assert "Every roll-up checked equals the from-scratch computation." in run("rollups", "--verify")

    def test_verify_catches_a_wrong_roll_up(self):
        real = fullrollup.full_rollup

        def off_by_one(*args, **kwargs):
            out = real(*args, **kwargs)
            cell = next(iter(out))
            out[cell] = (out[cell][0] + 1, out[cell][1])
            return out

        with (
            mock.patch.object(fullrollup, "full_rollup", off_by_one),
            self.assertRaisesMessage(CommandError, "1 roll-up(s) differ"),
        ):
            run("rollups", "--verify")

    def test_the_full_roll_up_has_every_subtree_and_only_approved_values(self):
        figures = fullrollup.full_rollup()
        assert figures[(self.city.pk, self.admitted.pk, "2023-H1")] == (112, 4)
        assert figures[(self.district_a.pk, self.admitted.pk, "2023-H1")] == (105, 3)
        assert (self.city.pk, self.done.pk, "2023-H1") not in figures

    def test_verify_catches_a_wrong_row_of_the_roll_up_table_and_rebuild_mends_it(self):
        row = SubtreeSum.objects.get(path=self.city.path, indicator=self.admitted, period="2023-H1", status="approved")
        SubtreeSum.objects.filter(pk=row.pk).update(total=row.total + 1)
        # the table row, and the city's screen read built on it
        with self.assertRaisesMessage(CommandError, "2 roll-up(s) differ"):
            run("rollups", "--verify")
        out = run("rollups", "--rebuild", "--verify")
        assert "rows in" in out and "Every roll-up checked equals the from-scratch computation." in out
        row = SubtreeSum.objects.get(path=self.city.path, indicator=self.admitted, period="2023-H1", status="approved")
        assert (row.total, row.reporting) == (112, 4)

    def test_without_a_flag_it_says_what_to_do(self):
        with self.assertRaisesMessage(CommandError, "--verify"):
            run("rollups")


class SynthTests(TestCase):
    def test_synth_builds_the_national_shape_at_a_small_size(self):
        size = Size(provinces=3, communes=5, orgs=12, indicators=2, periods=3)
        result = synthesise(size, progress=lambda _m: None)
        assert result == {"units": 1 + 3 + 5 + 12, "values": 12 * 2 * 3}
        assert DataValue.objects.count() == 72
        assert sorted(DataValue.objects.values_list("period", flat=True).distinct()) == [
            "2021-H1",
            "2021-H2",
            "2022-H1",
        ]
        assert fullrollup.verify(sample=5, progress=lambda _m: None) == []

    def test_synth_runs_again_from_scratch(self):
        size = Size(provinces=2, communes=2, orgs=4, indicators=1, periods=1)
        synthesise(size, progress=lambda _m: None)
        assert synthesise(size, progress=lambda _m: None)["values"] == 4
        assert DataValue.objects.count() == 4


class SynthRefusesRealDataTests(PersonaTestCase):
    def test_synth_refuses_a_database_with_real_programmes(self):
        with self.assertRaisesMessage(CommandError, "synth only runs on a database of its own"):
            run("synth", "--scale", "0.001")
