"""One level of the tree at a time: each child of a unit with its own
scorecard rows, for the drill-down and the heat table; and an indicator's
trend over the same period of earlier years, for sparklines.

A fixed number of queries whatever the number of children or indicators:
children, sums, targets (and one call per computed indicator).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Exists, OuterRef

from steerco.lib import rollup as core
from steerco.lib.periods import Period
from steerco.lib.status import SEVERITY, Status
from steerco.units.models import Unit

from .children import OWN, child_targets
from .models import Direction, Indicator, IndicatorKind
from .rollup import TargetFigure, children_sums, figure_for, parts_of, subtree_sums
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


@dataclass
class Breakdown:
    """Rows are built on first use: a page that needs one indicator of a
    large programme pays for that one."""

    parent: Unit
    period: Period
    previous_period: Period
    children: list[Unit]
    indicators: list[Indicator]
    sums: dict[str, dict]  # child code (or OWN) -> {(indicator id, period code): Sums}
    targets: dict[tuple[str, int], TargetFigure]
    _rows: dict[tuple[str, int], ScorecardRow] = field(default_factory=dict, repr=False)

    def row(self, child_code: str, indicator: Indicator) -> ScorecardRow:
        key = (child_code, indicator.pk)
        if key not in self._rows:
            values = self.sums.get(child_code, {})
            self._rows[key] = ScorecardRow(
                indicator=indicator,
                figure=figure_for(indicator, self.period.code, values),
                previous=figure_for(indicator, self.previous_period.code, values),
                target=None if child_code == OWN else self.targets.get(key),
                period=self.period,
            )
        return self._rows[key]

    def has_data(self, child_code: str) -> bool:
        """Whether any value of the programme's indicators was found for the
        child in the period."""
        code = self.period.code
        return any(period == code for _ind, period in self.sums.get(child_code, {}))

    def level(self, indicator: Indicator) -> list[tuple[Unit, ScorecardRow]]:
        """The children for one indicator, worst first."""
        pairs = [(c, self.row(c.code, indicator)) for c in self.children]
        return sorted(pairs, key=lambda pair: (*worst_first(pair[1]), pair[0].sort_order, pair[0].code))

    def own(self, indicator: Indicator) -> ScorecardRow | None:
        """Values entered on the parent itself, when there are any."""
        row = self.row(OWN, indicator)
        return row if row.figure.has_data else None

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
    return list(
        Unit.objects.filter(parent=parent)
        .valid_on(day)
        .annotate(has_children=Exists(Unit.objects.filter(parent=OuterRef("pk")).valid_on(day)))
        .order_by("sort_order", "code")
    )


def build_breakdown(
    programme, indicators: list[Indicator], parent: Unit, period: Period, with_previous: bool = True
) -> Breakdown:
    """Scorecard rows for every child of ``parent`` and every indicator
    (load the indicators with select_related("numerator", "denominator")).
    Without ``with_previous`` the rows' figures for the same period last
    year show no data, and the level is read for one period only."""
    children = children_of(parent, period.end)
    previous = period.same_period_previous_year()
    codes = [period.code, previous.code] if with_previous else [period.code]
    by_path = children_sums(parts_of(indicators), parent, codes)
    code_of = {c.path: c.code for c in children}
    by_child: dict[str, dict] = {
        (OWN if path == parent.path else code_of.get(path, path)): sums for path, sums in by_path.items()
    }
    countable = [i.pk for i in indicators if i.kind != IndicatorKind.RATIO]
    targets = child_targets(countable, parent, period, extra=[programme.term_period])
    return Breakdown(
        parent=parent,
        period=period,
        previous_period=previous,
        children=children,
        indicators=indicators,
        sums=by_child,
        targets=targets,
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
