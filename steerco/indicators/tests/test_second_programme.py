"""A second programme in another province, loaded from the documented unit
and pack formats (docs/programme-pack.md), with every expected figure
worked out by hand below: quarterly entry, a mid-year merger of two
districts, a lower-is-better ratio and a yes/no.

Bắc Ninh (TU-BN): TP Bắc Ninh (TP), TX Từ Sơn (TS), and Lương Tài (L) and
Gia Bình (G), which merge into Lương Gia (LG) on 1 July 2024.

Admissions (DV_KN, a flow), by quarter of 2024:

    TP 20 25 30 35 = 110      targets 2024: TP 100, TS 80,
    TS 15 15 20 20 =  70                    L 40, G 30, LG 75
    L  10 12  –  – =  22
    G   8  7  –  – =  15
    LG  –  – 20 30 =  50

- the year: 110 + 70 + 22 + 15 + 50 = 267 against TP 100 + TS 80 + LG 75 =
  255 (L and G ended; LG holds its own target): achieved;
- H1: 45 + 30 + 22 + 15 = 112 against TP + TS + L + G = 250, of which half
  (125) is due: 112 is under 125 but above 80 % of it (100): behind;
- Q3 alone is 30 + 20 + 20 = 70, judged on Q1–Q3 = 112 + 70 = 182 against
  255 × 0,75 = 191,25 (80 % = 153): behind;
- LG over the year carries L and G's first half: 37 + 50 = 87 against 75:
  achieved.

Violations among members inspected (TL_VP = VP / KT, lower is better):

    KT  TP 10 10 10 10, L 5 – – –        VP  TP 1 3 0 2, L 4 – – –

- TP's year: 6 / 40 = 15 %; its H2: 2 / 20 = 10 %;
- the province's year: 10 / 45 = 22,22 % (not the mean of the quarters).

Regulation issued (CO_QC, yes/no, the state at the end of the period):

    TP 0 1 1 1, TS – 0 – 1, L 1 1 – –, LG – – – 0

- H1 (the state at the end of Q2): TP yes, TS no, L yes: 2 of 3;
- the year (the end of Q4): TP yes, TS yes, LG no: 2 of 3.
"""

from datetime import date
from decimal import Decimal

from django.test import TestCase

from steerco.indicators.breakdown import build_breakdown
from steerco.indicators.figures import figure, figures
from steerco.indicators.models import DataValue, Indicator, Source, ValueStatus
from steerco.indicators.packs import load_pack
from steerco.lib.periods import Period
from steerco.lib.status import Status
from steerco.units.loading import load_units
from steerco.units.models import Unit

UNITS = {
    "format": "steerco-units/1",
    "units": [
        {"code": "TU-BN", "type": "city", "name_vi": "Tỉnh ủy Bắc Ninh", "name_en": "Bac Ninh Provincial Committee"},
        {"code": "BN-TP", "parent": "TU-BN", "type": "district", "name_vi": "Thành ủy Bắc Ninh", "name_en": "TP"},
        {"code": "BN-TS", "parent": "TU-BN", "type": "district", "name_vi": "Thị ủy Từ Sơn", "name_en": "TS"},
        {
            "code": "BN-L",
            "parent": "TU-BN",
            "type": "district",
            "name_vi": "Huyện ủy Lương Tài",
            "name_en": "L",
            "valid_to": "2024-06-30",
        },
        {
            "code": "BN-G",
            "parent": "TU-BN",
            "type": "district",
            "name_vi": "Huyện ủy Gia Bình",
            "name_en": "G",
            "valid_to": "2024-06-30",
        },
        {
            "code": "BN-LG",
            "parent": "TU-BN",
            "type": "district",
            "name_vi": "Huyện ủy Lương Gia",
            "name_en": "LG",
            "valid_from": "2024-07-01",
        },
    ],
    "successions": [
        {"from": "BN-L", "to": "BN-LG", "kind": "merge", "effective": "2024-07-01"},
        {"from": "BN-G", "to": "BN-LG", "kind": "merge", "effective": "2024-07-01"},
    ],
}

PACK = {
    "format": "steerco-pack/1",
    "programme": {"code": "05-CTr/TU-BN", "owner": "TU-BN", "term": "2020-2025", "title_vi": "Chương trình 05"},
    "task_groups": [{"code": "1", "name_vi": "Xây dựng Đảng", "name_en": "Party building"}],
    "indicators": [
        {"code": "DV_KN", "group": "1", "kind": "count", "name_vi": "Kết nạp đảng viên", "name_en": "Admitted"},
        {"code": "KT", "group": "1", "kind": "count", "name_vi": "Đảng viên được kiểm tra", "name_en": "Inspected"},
        {"code": "VP", "group": "1", "kind": "count", "name_vi": "Đảng viên vi phạm", "name_en": "In violation"},
        {
            "code": "TL_VP",
            "group": "1",
            "kind": "ratio",
            "numerator": "VP",
            "denominator": "KT",
            "direction": "lower",
            "decimals": 2,
            "name_vi": "Tỷ lệ vi phạm",
            "name_en": "Share in violation",
        },
        {"code": "CO_QC", "group": "1", "kind": "yesno", "name_vi": "Đã ban hành quy chế", "name_en": "Regulation"},
    ],
    "targets": [
        {
            "indicator": "DV_KN",
            "period": "2024",
            "values": {"BN-TP": 100, "BN-TS": 80, "BN-L": 40, "BN-G": 30, "BN-LG": 75},
        }
    ],
}

QUARTERS = {
    "DV_KN": {
        "BN-TP": [20, 25, 30, 35],
        "BN-TS": [15, 15, 20, 20],
        "BN-L": [10, 12],
        "BN-G": [8, 7],
        "BN-LG": [None, None, 20, 30],
    },
    "KT": {"BN-TP": [10, 10, 10, 10], "BN-L": [5]},
    "VP": {"BN-TP": [1, 3, 0, 2], "BN-L": [4]},
    "CO_QC": {"BN-TP": [0, 1, 1, 1], "BN-TS": [None, 0, None, 1], "BN-L": [1, 1], "BN-LG": [None, None, None, 0]},
}


class SecondProgrammeTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_units(UNITS)
        cls.programme = load_pack(PACK)
        cls.ind = {
            i.code: i
            for i in Indicator.objects.filter(programme=cls.programme).select_related("numerator", "denominator")
        }
        units = {u.code: u for u in Unit.objects.filter(code__startswith="BN-")}
        for code, by_unit in QUARTERS.items():
            for unit_code, values in by_unit.items():
                for q, value in enumerate(values, 1):
                    if value is not None:
                        DataValue.objects.create(
                            indicator=cls.ind[code],
                            unit=units[unit_code],
                            period=f"2024-Q{q}",
                            value=Decimal(value),
                            status=ValueStatus.APPROVED,
                            source=Source.IMPORT,
                        )
        cls.province = Unit.objects.get(code="TU-BN")
        cls.units = units

    def fig(self, code, unit, period):
        unit = self.province if unit == "TU-BN" else self.units[unit]
        return figure(self.programme, self.ind[code], unit, period)

    def test_the_year_is_267_against_255_achieved(self):
        row = self.fig("DV_KN", "TU-BN", "2024")
        assert (row.value, row.target.value, row.status) == (267, 255, Status.ACHIEVED)

    def test_h1_is_112_against_250_behind(self):
        row = self.fig("DV_KN", "TU-BN", "2024-H1")
        assert (row.value, row.target.value, row.due_share, row.status) == (112, 250, Decimal("0.5"), Status.BEHIND)

    def test_q3_is_judged_on_the_year_to_date(self):
        row = self.fig("DV_KN", "TU-BN", "2024-Q3")
        assert (row.value, row.judged.value, row.target.value) == (70, 182, 255)
        assert (row.due_share, row.status) == (Decimal("0.75"), Status.BEHIND)
        assert row.provenance.to_date == ("2024-Q1", "2024-Q2", "2024-Q3")

    def test_the_merged_district_carries_its_predecessors(self):
        row = self.fig("DV_KN", "BN-LG", "2024")
        assert (row.value, row.target.value, row.status, row.restated) == (87, 75, Status.ACHIEVED, True)

    def test_the_level_lists_the_districts_of_each_period(self):
        h1 = build_breakdown(self.programme, [self.ind["DV_KN"]], self.province, Period.parse("2024-H1"))
        assert [c.code for c in h1.children] == ["BN-TP", "BN-TS", "BN-L", "BN-G"]
        year = build_breakdown(self.programme, [self.ind["DV_KN"]], self.province, Period.parse("2024"))
        assert [c.code for c in year.children] == ["BN-TP", "BN-TS", "BN-LG"]
        assert [year.row(c, self.ind["DV_KN"]).value for c in ("BN-LG", "BN-TP", "BN-TS")] == [87, 110, 70]
        assert sum(year.row(c.code, self.ind["DV_KN"]).target.value for c in year.children) == 255

    def test_a_lower_is_better_ratio_is_the_ratio_of_its_parts(self):
        tp_year, tp_h2 = self.fig("TL_VP", "BN-TP", "2024"), self.fig("TL_VP", "BN-TP", "2024-H2")
        assert (tp_year.n, tp_year.N, tp_year.value) == (6, 40, 15)
        assert (tp_h2.n, tp_h2.N, tp_h2.value) == (2, 20, 10)
        province = self.fig("TL_VP", "TU-BN", "2024")
        assert (province.n, province.N) == (10, 45)
        assert round(province.value, 2) == Decimal("22.22")
        assert self.ind["TL_VP"].direction == "lower"

    def test_a_yes_no_is_the_state_at_the_end_of_the_period(self):
        h1, year = self.fig("CO_QC", "TU-BN", "2024-H1"), self.fig("CO_QC", "TU-BN", "2024")
        assert (h1.n, h1.N) == (2, 3)
        assert (year.n, year.N) == (2, 3)

    def test_one_batch_gives_the_same_figures_as_one_at_a_time(self):
        rows = figures(self.programme, list(self.ind.values()), self.province, "2024")
        for row in rows:
            alone = figure(self.programme, row.indicator, self.province, "2024")
            assert (row.value, row.n, row.N) == (alone.value, alone.n, alone.N)

    def test_the_merger_date_is_the_units(self):
        assert self.units["BN-LG"].valid_from == date(2024, 7, 1)
