"""The programme scorecard: every indicator's roll-up for one unit and
period, with its target and the same period of the previous year.

A fixed number of queries whatever the size of the programme or the tree:
indicators, succession links, values for both periods, targets (and three
more to restate last year when a restructuring lies in between).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from steerco.lib import rollup as core
from steerco.lib.numbers import percent
from steerco.lib.periods import Period
from steerco.lib.status import Status, due_share, status_of, threshold_status

from .history import restated_sums, successions_in_force
from .models import Indicator, IndicatorKind
from .rollup import TargetFigure, figure_for, parts_of, subtree_sums, targets_for


@dataclass(frozen=True)
class ScorecardRow:
    indicator: Indicator
    figure: core.Figure
    previous: core.Figure
    target: TargetFigure | None
    period: Period

    @property
    def share_of_target(self) -> Decimal | None:
        if self.target is None or self.is_ratio or self.target.threshold:
            return None
        return core.share_of_target(self.figure.value, self.target.value)

    @property
    def status(self) -> Status | None:
        """Against the target, pro rata: an annual target expects half of
        itself at the end of a half-year, or what the indicator's seasonal
        profile says. A threshold is met or not, whatever the time of year:
        a ratio's percentage, a yes/no's share of units answering yes, a
        count's figure. None when there is no target."""
        lower = self.indicator.direction == "lower"
        if self.target is None:
            return None
        if self.target.threshold:
            return threshold_status(self.measured, self.target.value, lower)
        if self.is_ratio:
            return None
        return status_of(self.figure.value, self.target.value, self.due_share, lower)

    @property
    def measured(self) -> Decimal | None:
        """What a threshold is compared with: a percentage for a ratio and a
        yes/no (the share of units answering yes), the figure for a count."""
        if self.is_yesno and self.figure.denominator:
            return percent(self.figure.numerator, self.figure.denominator)
        return self.figure.value

    @property
    def threshold_sign(self) -> str:
        """≤ for a lower-is-better indicator's threshold, else ≥."""
        return "≤" if self.indicator.direction == "lower" else "≥"

    @property
    def due_share(self) -> Decimal:
        """Share of the target expected by the end of the period."""
        if self.target.threshold:
            return Decimal(1)
        return due_share(self.period, Period.parse(self.target.period), self.indicator.seasonal_profile)

    @property
    def change(self) -> Decimal | None:
        """Against the same period last year, in the indicator's own terms
        (points for a ratio)."""
        if self.figure.value is None or self.previous.value is None:
            return None
        return self.figure.value - self.previous.value

    @property
    def is_ratio(self) -> bool:
        return self.indicator.kind == IndicatorKind.RATIO

    @property
    def is_yesno(self) -> bool:
        return self.indicator.kind == IndicatorKind.YESNO


@dataclass(frozen=True)
class Scorecard:
    unit: object
    period: Period
    previous_period: Period
    groups: list[tuple[object, list[ScorecardRow]]]

    @property
    def rows(self) -> list[ScorecardRow]:
        return [row for _, rows in self.groups for row in rows]


def build_scorecard(programme, unit, period: Period) -> Scorecard:
    indicators = list(
        Indicator.objects.filter(programme=programme)
        .select_related("task_group", "numerator", "denominator")
        .order_by("task_group__sort_order", "sort_order")
    )
    previous = period.same_period_previous_year()
    parts = parts_of(indicators)
    # Last year is restated onto the tree as it stands at the end of this
    # period, so a unit created in a restructuring compares with what its
    # predecessors did.
    links = successions_in_force(period.end, since=previous.start)
    if links:
        sums = {
            **subtree_sums(parts, unit, [period.code]),
            **restated_sums(parts, unit, previous.code, period.end, links=links),
        }
    else:
        sums = subtree_sums(parts, unit, [period.code, previous.code])
    targets = targets_for([i.pk for i in indicators], unit, period, extra=[programme.term_period])
    groups: list[tuple[object, list[ScorecardRow]]] = []
    for ind in indicators:
        row = ScorecardRow(
            indicator=ind,
            figure=figure_for(ind, period.code, sums),
            previous=figure_for(ind, previous.code, sums),
            target=targets.get(ind.pk),
            period=period,
        )
        if not groups or groups[-1][0] != ind.task_group:
            groups.append((ind.task_group, []))
        groups[-1][1].append(row)
    return Scorecard(unit=unit, period=period, previous_period=previous, groups=groups)
