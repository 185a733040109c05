"""Which reporting window applies where no programme is named: a register
page (inspection statistics, findings summary) counts a unit's records
with the window of the programme its committee works under."""

from __future__ import annotations

from steerco.lib.windows import CALENDAR, ReportingWindow

from .models import Programme


def window_for(unit, programme=None) -> ReportingWindow:
    """``programme``'s window when given; else that of the programme owned
    by ``unit`` or its nearest ancestor (by code among several); the
    calendar when none is."""
    if programme is not None:
        return programme.reporting_window
    if unit is None:
        return CALENDAR
    ancestors = [unit.path[: i + 1] for i, char in enumerate(unit.path) if char == "/"]
    found = (
        Programme.objects.filter(owner__path__in=ancestors)
        .order_by("code")
        .values_list("owner__path", "window_month", "window_day")
    )
    nearest = sorted(found, key=lambda row: -len(row[0]))
    if not nearest:
        return CALENDAR
    _path, month, day = nearest[0]
    return ReportingWindow(month=month, day=day)
