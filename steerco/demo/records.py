"""The demo's raw records: one value per unit, indicator and period.

The reference report (shared facts file) publishes city totals. Where it
gives only a city total, the total is spread over the units where such
figures arise, marked synthetic, and the parts add up exactly. The city
figures the app shows are never these inputs: they are roll-ups of the
records.

2022-H1 has one published figure (95 members inspected); the rest of that
half-year is invented to give the same-period comparison something to
compare, and docs/demo-data.md lists each invented total.

The inspection figures (KT_*) are not records here: they are counted from
the synthetic cases of steerco/inspection/demo_data.py. Nor are the figures
of the findings registers (PAR follow-up, deep self-reviews, weak
organisations, the 2023-H2 plan): steerco/findings/demo_data.py builds them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from steerco.lib.spread import spread


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
}
# PAR follow-up, deep self-reviews, weak organisations and the 2023-H2 plan
# are counted from the findings registers (steerco/findings/demo_data.py).
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
