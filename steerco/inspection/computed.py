"""The inspection statistics as computed indicators, for programme packs:
``computed: inspection.members_inspected`` and so on, one key per group
(``orgs``, ``members``) and measure (inspected, concluded, violation,
disciplined). The counting rule is in ``statistics``."""

from __future__ import annotations

from decimal import Decimal

from steerco.indicators.computed import Sums, register
from steerco.lib.periods import Period

from .statistics import MEASURES, MEMBERS, ORGANISATIONS, fetch_rows, funnel, in_subtree

KEY_GROUPS = {"orgs": ORGANISATIONS, "members": MEMBERS}


def _computation(group: str, measure: str):
    def compute(indicator, units, periods):
        parsed = [Period.parse(p) for p in periods]
        rows = fetch_rows([u.path for u in units], parsed)
        out = {}
        for unit in units:
            for i, code in enumerate(periods):
                found = funnel(rows, i, group, in_subtree(unit.path))
                if found.cases:  # no case touched the period: no data, not zero
                    out[(unit.pk, code)] = Sums(Decimal(getattr(found, measure)), found.cases)
        return out

    compute.__name__ = f"{group}_{measure}"
    return compute


for _prefix, _group in KEY_GROUPS.items():
    for _measure in MEASURES:
        register(f"inspection.{_prefix}_{_measure}")(_computation(_group, _measure))
