"""The documented second programme (docs/examples/): a province that is not
Hanoi, with quarters, a merger of two districts on 1 July 2025, a threshold
on a lower-is-better ratio, a yes/no indicator and a warning rule. Checked,
imported, round-tripped and reported on, with the figures worked out by
hand in the comments."""

from datetime import UTC, date, datetime
from decimal import Decimal
from io import StringIO
from pathlib import Path

import yaml
from django.core.management import call_command
from django.test import TestCase

from steerco.accounts.models import Role
from steerco.collection.models import ReportingRound
from steerco.collection.services import Entry, record
from steerco.indicators.models import DataValue, RuleWarning, Source, ValueStatus
from steerco.indicators.packs import dump_pack, load_pack
from steerco.indicators.scorecard import build_scorecard
from steerco.lib import schema
from steerco.lib.periods import Period
from steerco.lib.status import Status
from steerco.programmes.models import Programme
from steerco.reports.builder import build_document
from steerco.testing import make_user
from steerco.units.loading import dump_units
from steerco.units.models import Succession, Unit

EXAMPLES = Path(__file__).resolve().parents[3] / "docs" / "examples"
UNITS = EXAMPLES / "units-thanh-hoa.yaml"
PACK = EXAMPLES / "programme-thanh-hoa.yaml"

# (HS_TONG, HS_TRE) settled and late dossiers per district and quarter.
DOSSIERS = {
    "2024-Q3": {"HU-HOANGHOA": (1000, 30), "HU-THOXUAN": (700, 21), "HU-THIEUHOA": (450, 9), "HU-YENDINH": (350, 7)},
    "2025-Q2": {"HU-HOANGHOA": (1100, 22), "HU-THOXUAN": (700, 14), "HU-THIEUHOA": (500, 10), "HU-YENDINH": (400, 12)},
    # After the merger, Thiệu Yên reports for both former districts.
    "2025-Q3": {"HU-HOANGHOA": (1200, 18), "HU-THOXUAN": (800, 24), "HU-THIEUYEN": (1000, 20)},
}
PLAN_Q3 = {"HU-HOANGHOA": 1, "HU-THOXUAN": 0, "HU-THIEUYEN": 1}


def read(path: Path) -> dict:
    return yaml.safe_load(path.read_text("utf-8"))


def load_example():
    """The example's units and pack imported, and the records the tests
    (and `make report-pages`, docs/reports.md) report on: settled and late
    dossiers per district and quarter, the yes/no plan, and Thọ Xuân's
    discipline entered through the write service (it breaks the warning
    rule). Returns the programme and that entry's outcome."""
    call_command("import", str(UNITS), stdout=StringIO())
    call_command("import", str(PACK), stdout=StringIO())
    programme = Programme.objects.get(code="05-CTr/TU")
    indicators = {i.code: i for i in programme.indicators.all()}
    for period, by_unit in DOSSIERS.items():
        for code, (settled, late) in by_unit.items():
            unit = Unit.objects.get(code=code)
            for ind, value in (("HS_TONG", settled), ("HS_TRE", late)):
                DataValue.objects.create(
                    indicator=indicators[ind], unit=unit, period=period, value=value,
                    status=ValueStatus.APPROVED, source=Source.IMPORT,
                )  # fmt: skip
    for code, answer in PLAN_Q3.items():
        DataValue.objects.create(
            indicator=indicators["KH_CCHC"], unit=Unit.objects.get(code=code), period="2025-Q3",
            value=answer, status=ValueStatus.APPROVED, source=Source.IMPORT,
        )  # fmt: skip
    # Thọ Xuân disciplined 7 members, 5 of them found in violation by an
    # inspection: the warning rule is broken, the values are written.
    ReportingRound.objects.create(
        programme=programme, period="2025-Q3", data_from=date(2025, 6, 15), data_to=date(2025, 9, 14),
        deadline=date(2025, 9, 20),
    )  # fmt: skip
    reporter = make_user("th-reporter", Role.REPORTER, Unit.objects.get(code="TU-TH"))
    tho_xuan = Unit.objects.get(code="HU-THOXUAN")
    outcome = record(
        programme, tho_xuan, "2025-Q3",
        entries=[Entry("KT_DV_VP", Decimal(5)), Entry("KT_DV_XL", Decimal(7))], acting_user=reporter,
    )  # fmt: skip
    DataValue.objects.filter(unit=tho_xuan, period="2025-Q3").update(status=ValueStatus.APPROVED)
    return programme, outcome


class ThanhHoaExampleTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        out = StringIO()
        call_command("check", str(UNITS), str(PACK), stdout=out)  # sound, and nothing written
        assert not Unit.objects.exists() and "sound, nothing written" in out.getvalue()
        cls.programme, cls.outcome = load_example()
        cls.province = Unit.objects.get(code="TU-TH")

    def row(self, unit_code: str, period: str, indicator: str):
        unit = Unit.objects.get(code=unit_code)
        card = build_scorecard(self.programme, unit, Period.parse(period))
        return next(r for r in card.rows if r.indicator.code == indicator)

    def test_the_files_round_trip(self):
        exported = dump_pack(self.programme)
        load_pack(yaml.safe_load(yaml.safe_dump(exported, allow_unicode=True)))
        assert dump_pack(self.programme) == exported
        assert exported["report"]["place_vi"] == "Thanh Hóa"
        units = dump_units(Unit.objects.all())
        written = schema.jsonable(read(UNITS))
        assert {u["code"]: u for u in units["units"]} == {u["code"]: u for u in written["units"]}
        assert sorted(map(str, units["successions"])) == sorted(map(str, written["successions"]))
        assert Succession.objects.filter(successor__code="HU-THIEUYEN").count() == 2

    def test_the_late_dossier_ratio_against_its_ceiling_before_and_after_the_merger(self):
        # 2025-Q2, four districts: (22 + 14 + 10 + 12) / (1100 + 700 + 500 + 400) = 58 / 2700 = 2,148 %;
        # over the ≤ 2,0 % ceiling by less than a fifth (2,148 × 0,8 = 1,72): behind.
        q2 = self.row("TU-TH", "2025-Q2", "HS_TRE_TL")
        assert (q2.figure.numerator, q2.figure.denominator) == (58, 2700)
        assert q2.status == Status.BEHIND
        # 2025-Q3, three districts: (18 + 24 + 20) / (1200 + 800 + 1000) = 62 / 3000 = 2,067 %: behind.
        q3 = self.row("TU-TH", "2025-Q3", "HS_TRE_TL")
        assert (q3.figure.numerator, q3.figure.denominator) == (62, 3000)
        assert (q3.target.value, q3.threshold_sign, q3.status) == (Decimal("2.0"), "≤", Status.BEHIND)
        # Same quarter of 2024: 67 / 2500 = 2,68 %.
        assert (q3.previous.numerator, q3.previous.denominator) == (67, 2500)
        # Thọ Xuân: 24 / 800 = 3,0 % (3,0 × 0,8 = 2,4 > 2,0): at risk; Hoằng Hóa 18 / 1200 = 1,5 %: achieved.
        assert self.row("HU-THOXUAN", "2025-Q3", "HS_TRE_TL").status == Status.AT_RISK
        assert self.row("HU-HOANGHOA", "2025-Q3", "HS_TRE_TL").status == Status.ACHIEVED
        # Thiệu Yên, created on 1 July: 20 / 1000 = 2,0 %, achieved; compared with its two predecessors'
        # 2024-Q3, restated onto it: (9 + 7) / (450 + 350) = 16 / 800.
        merged = self.row("HU-THIEUYEN", "2025-Q3", "HS_TRE_TL")
        assert (merged.figure.numerator, merged.figure.denominator, merged.status) == (20, 1000, Status.ACHIEVED)
        assert (merged.previous.numerator, merged.previous.denominator) == (16, 800)

    def test_the_yes_no_plan_against_its_floor(self):
        # 2 of the 3 districts have a plan: 66,7 %, under the ≥ 90 % floor by more than a fifth (72): at risk.
        plan = self.row("TU-TH", "2025-Q3", "KH_CCHC")
        assert (plan.figure.value, plan.figure.denominator) == (2, 3)
        assert plan.measured.quantize(Decimal("0.1")) == Decimal("66.7")
        assert plan.status == Status.AT_RISK

    def test_the_warning_rule_let_the_values_through_and_recorded_them(self):
        assert len(self.outcome.warnings) == 1
        warning = RuleWarning.objects.get()
        assert (warning.unit.code, warning.period, warning.values) == (
            "HU-THOXUAN",
            "2025-Q3",
            {"KT_DV_XL": "7", "KT_DV_VP": "5"},
        )

    def test_the_report_is_the_provinces_own(self):
        document = build_document(
            self.programme, "2025-Q3", "vi", number=12, issued_on=date(2025, 10, 10),
            generated_at=datetime(2025, 10, 10, 2, tzinfo=UTC),
        )  # fmt: skip
        text = document.text()
        assert document.heading.place_date.startswith("Thanh Hóa, ngày 10 tháng 10 năm 2025")
        assert (document.heading.superior, document.heading.number) == ("TỈNH ỦY THANH HÓA", "Số 12-BC/BCĐ")
        assert "62/3.000 (2,1 %)" in text  # the ratio, with its parts and its one decimal
        assert "≤ 2,0 %" in text and "2/3" in text and "66,7 %" in text
        assert "Ghi chú về chất lượng số liệu" in text
        assert "Huyện ủy Thọ Xuân, 2025-Q3: Đảng viên bị thi hành kỷ luật (KT_DV_XL = 7)" in text
        assert "Hà Nội" not in text and "Thành ủy Hà Nội" not in text

    def test_the_lagging_units_are_judged_on_the_provinces_ceiling(self):
        """The ceilings are set on the province only: each district takes
        them over (the office, with no dossiers, is not judged). 2025-Q3:
        Thọ Xuân 24/800 = 3,0 % > 2,0 % and no plan (0/1 < 90 %): at risk;
        Hoằng Hóa 18/1.200 = 1,5 % and Thiệu Yên 20/1.000 = 2,0 %, both with a
        plan: achieved. So 1 of the 3 districts lags."""
        document = build_document(
            self.programme, "2025-Q3", "vi", number=12, issued_on=date(2025, 10, 10),
            generated_at=datetime(2025, 10, 10, 2, tzinfo=UTC),
        )  # fmt: skip
        text = document.text()
        assert "1/3 đơn vị chậm so với tiến độ chỉ tiêu" in text
        assert "Huyện ủy: 1/3 đơn vị, gồm Huyện ủy Thọ Xuân (3,0 %, ≤ 2,0 %)" in text
        late = "Huyện ủy Thọ Xuân | Tỷ lệ hồ sơ trễ hạn | 24/800 (3,0 %) | ≤ 2,0 % | – | – | có nguy cơ không đạt"
        assert late in text
        assert "Huyện ủy Thọ Xuân | Có kế hoạch cải cách hành chính của quý | 0/1 (0,0 %) | ≥ 90,0 %" in text
        assert "Văn phòng Tỉnh ủy" not in text
        for achieved in ("Huyện ủy Hoằng Hóa |", "Huyện ủy Thiệu Yên |"):
            assert achieved not in text

    def test_every_sentence_of_the_example_report_reads_as_a_reviewer_would_sign_it(self):
        from steerco.reports.tests.helpers import style_problems

        for period in ("2024-Q3", "2025-Q2", "2025-Q3"):
            for language in ("vi", "en"):
                document = build_document(
                    self.programme, period, language, issued_on=date(2025, 10, 10),
                    generated_at=datetime(2025, 10, 10, 2, tzinfo=UTC),
                )  # fmt: skip
                assert style_problems(document.prose()) == [], (period, language)
