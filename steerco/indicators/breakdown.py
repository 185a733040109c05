"""One level of the tree at a time: each child of a unit with its own
scorecard rows, for the drill-down and the heat table; and an indicator's
trend over the same period of earlier years, for sparklines.

A fixed number of queries whatever the number of children or indicators:
children, sums, targets (and one call per computed indicator).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Exists, OuterRef

from steerco.lib import rollup as core
from steerco.lib.periods import Period
from steerco.lib.status import SEVERITY, Status
from steerco.units.models import Unit

from .children import OWN, child_sums, child_targets
from .models import Direction, Indicator, IndicatorKind
from .rollup import figure_for, parts_of, subtree_sums
from .scorecard import ScorecardRow

TREND_YEARS = 4  # the selected period and the same period of three earlier years


def worst_first(row: ScorecardRow) -> tuple:
    """Sort key: at risk, behind, no data, then on track and achieved; among
    equals the furthest from the target (or the lowest value when there is
    none; the highest when lower is better)."""
    # Without a target a row is judged by its value alone, and a unit with
    # nothing to show goes last.
    unjudged = 2.5 if row.figure.has_data else 5
    rank = SEVERITY[row.status] if row.status is not None else unjudged
    if row.share_of_target is not None:
        measure = row.share_of_target
    else:
        measure = row.figure.value if row.figure.value is not None else Decimal(0)
    if row.indicator.direction == Direction.LOWER:
        measure = -measure
    return (rank, measure)


@dataclass(frozen=True)
class Breakdown:
    parent: Unit
    period: Period
    previous_period: Period
    children: list[Unit]
    indicators: list[Indicator]
    rows: dict[tuple[str, int], ScorecardRow]  # (child code or OWN, indicator id)

    def row(self, child_code: str, indicator: Indicator) -> ScorecardRow:
        return self.rows[(child_code, indicator.pk)]

    def level(self, indicator: Indicator) -> list[tuple[Unit, ScorecardRow]]:
        """The children for one indicator, worst first."""
        pairs = [(c, self.row(c.code, indicator)) for c in self.children]
        return sorted(pairs, key=lambda pair: (*worst_first(pair[1]), pair[0].sort_order, pair[0].code))

    def own(self, indicator: Indicator) -> ScorecardRow | None:
        """Values entered on the parent itself, when there are any."""
        row = self.rows.get((OWN, indicator.pk))
        return row if row is not None and row.figure.has_data else None

    def heat(self) -> list[tuple[Unit, list[ScorecardRow]]]:
        """Children × indicators; children with the most indicators at risk
        first, then behind, then those with the least data."""
        table = [(c, [self.row(c.code, ind) for ind in self.indicators]) for c in self.children]

        def badness(entry):
            child, rows = entry
            at_risk = sum(1 for r in rows if r.status == Status.AT_RISK)
            behind = sum(1 for r in rows if r.status == Status.BEHIND)
            missing = sum(1 for r in rows if not r.figure.has_data)
            return (-at_risk, -behind, missing, child.sort_order, child.code)

        return sorted(table, key=badness)


def children_of(parent: Unit) -> list[Unit]:
    """The children of a unit, each marked with whether it has children."""
    return list(
        Unit.objects.filter(parent=parent)
        .annotate(has_children=Exists(Unit.objects.filter(parent=OuterRef("pk"))))
        .order_by("sort_order", "code")
    )


def build_breakdown(programme, indicators: list[Indicator], parent: Unit, period: Period) -> Breakdown:
    """Scorecard rows for every child of ``parent`` and every indicator
    (load the indicators with select_related("numerator", "denominator"))."""
    children = children_of(parent)
    previous = period.same_period_previous_year()
    sums = child_sums(parts_of(indicators), parent, children, [period.code, previous.code])
    by_child: dict[str, dict] = defaultdict(dict)
    for (code, ind_id, period_code), value in sums.items():
        by_child[code][(ind_id, period_code)] = value
    countable = [i.pk for i in indicators if i.kind != IndicatorKind.RATIO]
    targets = child_targets(countable, parent, period, extra=[programme.term_period])
    rows: dict[tuple[str, int], ScorecardRow] = {}
    for code in [OWN, *(c.code for c in children)]:
        child_values = by_child.get(code, {})
        for ind in indicators:
            rows[(code, ind.pk)] = ScorecardRow(
                indicator=ind,
                figure=figure_for(ind, period.code, child_values),
                previous=figure_for(ind, previous.code, child_values),
                target=None if code == OWN else targets.get((code, ind.pk)),
                period=period,
            )
    return Breakdown(
        parent=parent, period=period, previous_period=previous, children=children, indicators=indicators, rows=rows
    )


def trend_periods(period: Period, years: int = TREND_YEARS) -> list[Period]:
    """The period and the same period of earlier years, oldest first."""
    out = [period]
    for _ in range(years - 1):
        out.append(out[-1].same_period_previous_year())
    return out[::-1]


def trends(indicators: list[Indicator], unit: Unit, period: Period) -> dict[int, list[tuple[Period, core.Figure]]]:
    """Each indicator's figure over ``trend_periods(period)``: one query."""
    periods = trend_periods(period)
    sums = subtree_sums(parts_of(indicators), unit, [p.code for p in periods])
    return {ind.pk: [(p, figure_for(ind, p.code, sums)) for p in periods] for ind in indicators}
