"""The scorecard of every unit directly below a unit, in a fixed number of
queries: the shared ``children_sums`` (one GROUP BY over the subtree by the
child each value rolls up to, and the registers for computed indicators),
and one query for the targets. The report uses it for lagging units and
for per-unit detail."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from steerco.indicators.models import IndicatorKind, Target
from steerco.indicators.rollup import TargetFigure, children_sums, figure_for, parts_of, topmost_below
from steerco.indicators.scorecard import ScorecardRow
from steerco.lib.periods import Period
from steerco.lib.status import Status
from steerco.units.models import Unit

LAGGING = (Status.BEHIND, Status.AT_RISK)


@dataclass(frozen=True)
class ChildCard:
    unit: Unit
    rows: dict[str, ScorecardRow]  # by indicator code

    @property
    def lagging(self) -> list[ScorecardRow]:
        return [r for r in self.rows.values() if r.status in LAGGING]


def child_cards(indicators: list, unit: Unit, period: Period, term: Period) -> list[ChildCard]:
    children = list(unit.children.order_by("sort_order", "code"))
    if not children:
        return []
    previous = period.same_period_previous_year()
    sums = children_sums(parts_of(indicators), unit, [period.code, previous.code])
    targets = _child_targets([i.pk for i in indicators if i.kind != IndicatorKind.RATIO], unit, children, period, term)
    cards = []
    for child in children:
        found = sums.get(child.path, {})
        rows = {
            ind.code: ScorecardRow(
                indicator=ind,
                figure=figure_for(ind, period.code, found),
                previous=figure_for(ind, previous.code, found),
                target=targets.get((child.pk, ind.pk)),
                period=period,
            )
            for ind in indicators
        }
        cards.append(ChildCard(unit=child, rows=rows))
    return cards


def _child_targets(indicator_ids, unit: Unit, children: list[Unit], period: Period, term: Period):
    """Each child's target by the rule of ``targets_for``: its own, or the
    targets set below it (each branch once, at its highest level); for the
    period or the smallest period containing it. One query for all."""
    codes = [p.code for p in (period, *period.containing(), term)]
    rows = Target.objects.filter(
        indicator_id__in=list(indicator_ids), period__in=codes, unit__path__startswith=unit.path
    ).values_list("indicator_id", "period", "unit__path", "value")
    by_key: dict[tuple[int, str], dict[str, Decimal]] = defaultdict(dict)
    for ind_id, code, path, value in rows:
        by_key[(ind_id, code)][path] = value
    out: dict[tuple[int, int], TargetFigure] = {}
    for child in children:
        for ind_id in indicator_ids:
            for code in codes:
                set_here = {p: v for p, v in by_key.get((ind_id, code), {}).items() if p.startswith(child.path)}
                if not set_here:
                    continue
                own = set_here.get(child.path)
                top = topmost_below(set_here, child.path)
                assigned = sum((set_here[p] for p in top), Decimal(0)) if top else None
                out[(child.pk, ind_id)] = TargetFigure(own if own is not None else assigned, code, own, assigned)
                break
    return out
