"""The demo's raw records: one value per unit, indicator and period.

The reference report (shared facts file) publishes city totals. Where the
source gives a figure for a named unit (Ứng Hòa, Hai Bà Trưng) or for the
city committee itself, the record is entered there as it is. Where it gives
only a city total, the total is spread over the units where such figures
arise, marked synthetic, and the parts add up exactly. The city figures the
app shows are never these inputs: they are roll-ups of the records.

2022-H1 has one published figure (95 members inspected); the rest of that
half-year is invented to give the same-period comparison something to
compare, and docs/demo-data.md lists each invented total.

The inspection figures (KT_*) are not records here: they are counted from
the synthetic cases of steerco/inspection/demo_data.py.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from steerco.lib.spread import spread, weight


@dataclass(frozen=True)
class Record:
    indicator: str
    unit: str
    period: str
    value: int
    synthetic: bool = True


@dataclass(frozen=True)
class DemoUnits:
    """Unit codes by the role they play in the demo."""

    city: str
    inspection_commissions: Sequence[str]  # city commission, districts, blocs
    admitting: Sequence[str]  # district-level and bloc committees
    targets: dict[str, int]  # DV_KN annual target per admitting unit
    agencies: Sequence[str]  # the 29 units under the agencies bloc
    departments: Sequence[str]  # agencies that own administrative procedures
    districts: Sequence[str]
    party_bloc_pilots: Sequence[str]
    district_grassroots: Sequence[str]
    all_grassroots: Sequence[str]


# Published totals (facts file) and, for 2022-H1, invented ones.
H1_2023 = {
    "DV_KN": 5155,
    "TT_CQ_VT": 76,
    "TT_CQ_HT": 67,
    "TT_CQ_DV": 46,
    "TT_KD_VT": 6,
    "TT_KD_DV": 2,
    "CCHC": (617, 531),  # procedures, delegated
    "KTS_TP": 29,
    "KTS_QH": 60,
    "TCCS_YEU": 48,
    "TCCS_YEU_CU": 18,
}
H1_2022 = {
    "DV_KN": 4870,  # invented
    "CCHC": (602, 478),  # invented
}


def build(units: DemoUnits) -> list[Record]:
    records: list[Record] = []
    records += _admissions(units, "2023-H1", H1_2023["DV_KN"])
    records += _admissions(units, "2022-H1", H1_2022["DV_KN"])
    records += _selection(units)
    for period, table in (("2023-H1", H1_2023), ("2022-H1", H1_2022)):
        records += _procedures(units.departments, period, *table["CCHC"])
    records += _par_follow_up()
    records += _deep_reviews(units)
    records += _weak_organisations(units)
    records += [
        # The plan for 2023-H2, set by the city committee itself.
        Record("KH_HC", units.city, "2023-H1", 11, synthetic=False),
        Record("KH_NN", units.city, "2023-H1", 5, synthetic=False),
    ]
    return records


def _admissions(units: DemoUnits, period: str, total: int) -> list[Record]:
    base = [float(units.targets[u]) for u in units.admitting]
    parts = spread(total, units.admitting, salt=f"DV_KN-{period}", base=base)
    return [Record("DV_KN", u, period, v) for u, v in zip(units.admitting, parts, strict=True)]


def _selection(units: DemoUnits) -> list[Record]:
    period = "2023-H1"
    # Government bloc: every agency, then districts until the published
    # number of units is reached.
    running = [*units.agencies, *units.districts][: H1_2023["TT_CQ_DV"]]
    opened = spread(H1_2023["TT_CQ_VT"], running, salt="TT_CQ_VT", minimum=1)
    filled = spread(H1_2023["TT_CQ_HT"], running, salt="TT_CQ_HT", caps=opened)
    out = [Record("TT_CQ_DV", u, period, 1) for u in running]
    out += [Record("TT_CQ_VT", u, period, v) for u, v in zip(running, opened, strict=True)]
    out += [Record("TT_CQ_HT", u, period, v) for u, v in zip(running, filled, strict=True)]
    pilots = list(units.party_bloc_pilots)[: H1_2023["TT_KD_DV"]]
    posts = spread(H1_2023["TT_KD_VT"], pilots, salt="TT_KD_VT", minimum=1)
    out += [Record("TT_KD_DV", u, period, 1) for u in pilots]
    out += [Record("TT_KD_VT", u, period, v) for u, v in zip(pilots, posts, strict=True)]
    return out


def _procedures(departments: Sequence[str], period: str, total: int, delegated: int) -> list[Record]:
    owned = spread(total, departments, salt=f"CCHC_TTHC-{period}", minimum=5)
    passed = spread(delegated, departments, salt=f"CCHC_PC-{period}", caps=owned)
    return [Record("CCHC_TTHC", u, period, v) for u, v in zip(departments, owned, strict=True)] + [
        Record("CCHC_PC", u, period, v) for u, v in zip(departments, passed, strict=True)
    ]


def _par_follow_up() -> list[Record]:
    # Published per district, entered where they arise.
    return [
        Record("PAR_HC", "HU-UNGHOA", "2023-H1", 13, synthetic=False),
        Record("PAR_KP", "HU-UNGHOA", "2023-H1", 7, synthetic=False),
        Record("PAR_HC", "QU-HAIBATRUNG", "2023-H1", 14, synthetic=False),
        Record("PAR_KP", "QU-HAIBATRUNG", "2023-H1", 13, synthetic=False),
        Record("PAR_XX", "QU-HAIBATRUNG", "2023-H1", 1, synthetic=False),
    ]


def _pick(codes: Sequence[str], count: int, salt: str) -> list[str]:
    """A stable choice of ``count`` codes."""
    return sorted(codes, key=lambda c: weight(salt + c))[:count]


def _yes_no(indicator: str, population: Sequence[str], yes: set[str], period: str) -> list[Record]:
    return [Record(indicator, u, period, 1 if u in yes else 0) for u in population]


def _deep_reviews(units: DemoUnits) -> list[Record]:
    period = "2023-H1"
    city = set(_pick(units.agencies, H1_2023["KTS_TP"], "KTS_TP"))
    districts = set(_pick(units.district_grassroots, H1_2023["KTS_QH"], "KTS_QH"))
    return [Record("KTS_TP", u, period, 1) for u in units.agencies if u in city] + _yes_no(
        "KTS_QH", units.district_grassroots, districts, period
    )


def _weak_organisations(units: DemoUnits) -> list[Record]:
    period = "2023-H1"
    weak = _pick(units.all_grassroots, H1_2023["TCCS_YEU"], "TCCS_YEU")
    carried = set(_pick(weak, H1_2023["TCCS_YEU_CU"], "TCCS_YEU_CU"))
    return _yes_no("TCCS_YEU", units.all_grassroots, set(weak), period) + _yes_no(
        "TCCS_YEU_CU", units.all_grassroots, carried, period
    )
