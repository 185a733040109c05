"""Remediation burndown: the findings of a unit's subtree month by month,
identified against remediated and verified, and how many of those still
open are past their deadline. One query whatever the number of months or
findings.

At the end of each month a finding counts as identified from its
``identified_on``, remediated from its ``remediated_on``, verified from its
``verified_on``; open is identified minus remediated. A finding closed as no
longer relevant counts until its ``closed_on`` and not after, so it does
not stay "open" for ever (``findings.dated``).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q
from django.utils import timezone

from steerco.findings.dated import known_on, overdue_on
from steerco.findings.models import Finding
from steerco.lib.periods import Period

MONTHS = 12


@dataclass(frozen=True)
class Point:
    day: date
    identified: int
    remediated: int
    verified: int
    overdue: int  # open and past the deadline on that day

    @property
    def open(self) -> int:
        return self.identified - self.remediated


def month_ends(period: Period, today: date | None = None, months: int = MONTHS) -> list[date]:
    """The last day of each of the ``months`` months up to the end of the
    period, none after today; today itself closes a period still running."""
    today = today or timezone.localdate()
    end = min(period.end, today)
    year, month = end.year, end.month
    days = []
    for _ in range(months):
        days.append(date(year, month, calendar.monthrange(year, month)[1]))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    days = sorted(d for d in days if d <= end)
    if not days or days[-1] < end:
        days.append(end)
    return days


def burndown(findings, days: list[date]) -> list[Point]:
    """``findings`` is a queryset already scoped to the user and the unit."""
    aggregates = {}
    for i, day in enumerate(days):
        known = known_on(day)  # a finding closed as no longer relevant leaves the chart on that day
        aggregates[f"i{i}"] = Count("pk", filter=known)
        aggregates[f"r{i}"] = Count("pk", filter=known & Q(remediated_on__lte=day))
        aggregates[f"v{i}"] = Count("pk", filter=known & Q(verified_on__lte=day))
        aggregates[f"o{i}"] = Count("pk", filter=overdue_on(day))
    row = findings.aggregate(**aggregates)
    return [Point(day, row[f"i{i}"], row[f"r{i}"], row[f"v{i}"], row[f"o{i}"]) for i, day in enumerate(days)]


def for_unit(unit, period: Period, today: date | None = None) -> list[Point]:
    """The burndown of the findings in ``unit``'s subtree from the month
    before the first one (at most 12 months), or an empty list when there
    is none by the end of the period. ``unit`` must come from
    ``Unit.objects.visible_to`` (the page's selection): what a user may see
    is whole subtrees, so its findings are all visible."""
    findings = Finding.objects.filter(owner__path__startswith=unit.path)
    points = burndown(findings, month_ends(period, today))
    if not points or not points[-1].identified:
        return []
    # Months before the first finding say nothing: keep one of them.
    first = next(i for i, p in enumerate(points) if p.identified)
    return points[max(0, first - 1) :]
