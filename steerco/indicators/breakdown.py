"""One level of the tree at a time: each child of a unit with its own
scorecard rows, for the drill-down and the heat table; and an indicator's
trend over the same period of earlier years, for sparklines.

Figures come from the figure service (``figures.level``): a fixed number of
queries whatever the number of children or indicators.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from steerco.lib import rollup as core
from steerco.lib.periods import Period
from steerco.lib.status import SEVERITY, Status
from steerco.units.models import Unit

from . import figures
from .models import Direction, Indicator
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


class Breakdown(figures.Level):
    """A level of the tree from the figure service (``figures.level``), with
    the orders the drill-down and the heat table show it in."""

    def level(self, indicator: Indicator) -> list[tuple[Unit, ScorecardRow]]:
        """The children for one indicator, worst first."""
        pairs = [(c, self.row(c.code, indicator)) for c in self.children]
        return sorted(pairs, key=lambda pair: (*worst_first(pair[1]), pair[0].sort_order, pair[0].code))

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


def children_of(parent: Unit, day: date) -> list[Unit]:
    """The children of a unit as the tree stood on ``day`` (a ward created in
    2025 is no child of anything in 2023), each marked with whether it has
    children of its own then."""
    return figures.children_of(parent, day)


def build_breakdown(
    programme, indicators: list[Indicator], parent: Unit, period: Period, with_previous: bool = True
) -> Breakdown:
    """Rows for every child of ``parent`` valid at the end of the period and
    every indicator, from the figure service (load the indicators with
    select_related("numerator", "denominator"))."""
    found = figures.level(programme, indicators, parent, period, with_previous=with_previous)
    return Breakdown(
        parent=found.parent,
        period=found.period,
        previous_period=found.previous_period,
        children=found.children,
        indicators=found.indicators,
        _book=found._book,
    )


def trend_periods(period: Period, years: int = TREND_YEARS) -> list[Period]:
    """The period and the same period of earlier years, oldest first."""
    out = [period]
    for _ in range(years - 1):
        out.append(out[-1].same_period_previous_year())
    return out[::-1]


def trends(
    indicators: list[Indicator],
    unit: Unit,
    period: Period,
    known: dict[int, dict[str, core.Figure]] | None = None,
    with_data: set[str] | None = None,
) -> dict[int, list[tuple[Period, core.Figure]]]:
    """Each indicator's figure over ``trend_periods(period)``: one query,
    for the periods whose figures are not already ``known`` (a scorecard
    has the period and the same period of last year) and, when
    ``with_data`` names the periods that have any data, only for those."""
    known = known or {}
    periods = trend_periods(period)
    have = set.intersection(*(set(known.get(ind.pk, {})) for ind in indicators)) if indicators else set()
    missing = [p.code for p in periods if p.code not in have and (with_data is None or p.code in with_data)]
    sums = subtree_sums(parts_of(indicators), unit, missing) if missing else {}
    return {
        ind.pk: [(p, known[ind.pk][p.code] if p.code in have else figure_for(ind, p.code, sums)) for p in periods]
        for ind in indicators
    }
