"""Reading a unit's values for entry: what is there for the period, and
the latest value of an earlier period to compare with."""

from __future__ import annotations

from decimal import Decimal

from steerco.indicators.models import DataValue
from steerco.lib.periods import Period


def current_and_last_values(programme, units, period: str):
    """Current values in ``period`` and, per unit and indicator, the latest
    value of an earlier period: two queries."""
    rows = DataValue.objects.filter(indicator__programme=programme, unit__in=units)
    current = {(v.unit_id, v.indicator_id): v for v in rows.filter(period=period)}
    return current, last_values(programme, units, period)


def last_values(programme, units, period: str) -> dict[tuple[int, int], tuple[str, Decimal]]:
    """Per unit and indicator, the latest value of a period before
    ``period``, as (period code, value): one query."""
    this = Period.parse(period)
    rows = DataValue.objects.filter(indicator__programme=programme, unit__in=units)
    last: dict[tuple[int, int], tuple[str, Decimal, Period]] = {}
    for unit_id, indicator_id, code, value in rows.exclude(period=period).values_list(
        "unit_id", "indicator_id", "period", "value"
    ):
        p = Period.parse(code)
        if p.end >= this.end:
            continue
        key = (unit_id, indicator_id)
        if key not in last or (p.end, p.start) > (last[key][2].end, last[key][2].start):
            last[key] = (code, value, p)
    return {k: (c, v) for k, (c, v, _p) in last.items()}
