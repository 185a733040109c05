"""The programme scorecard: every indicator's roll-up for one unit and
period, with its target and the same period of the previous year.

The rows are the figure service's (``figures.figures``): a fixed number of
queries whatever the size of the programme or the tree.
"""

from __future__ import annotations

from dataclasses import dataclass

from steerco.lib.periods import Period

from .figures import Figure, figures
from .models import Indicator

# A scorecard row is a figure of the figure service.
ScorecardRow = Figure


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
    groups: list[tuple[object, list[ScorecardRow]]] = []
    for row in figures(programme, indicators, unit, period):
        if not groups or groups[-1][0] != row.indicator.task_group:
            groups.append((row.indicator.task_group, []))
        groups[-1][1].append(row)
    return Scorecard(unit=unit, period=period, previous_period=period.same_period_previous_year(), groups=groups)
