"""The records behind a register figure: a list page of a register reads
the figure's filter (programme, indicator, unit, period) from the query
string and lists the records the figure counts, under the programme's
reporting window. The register applies its own counting rule to the span
(``window.span(period)``), so the list and the figure cannot disagree."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import reverse

from steerco.lib.errors import Refused
from steerco.lib.periods import Period, PeriodError
from steerco.lib.windows import Span
from steerco.programmes.models import Programme

from .computed import record_list
from .models import Indicator


@dataclass(frozen=True)
class RecordFilter:
    programme: Programme
    indicator: Indicator
    unit: object
    period: Period
    span: Span

    @property
    def key(self) -> str:
        return self.indicator.computed_by

    @property
    def params(self) -> list[tuple[str, str]]:
        return [
            ("programme", self.programme.code),
            ("indicator", self.indicator.code),
            ("unit", self.unit.code),
            ("period", self.period.code),
        ]


def read_filter(params, units, keys) -> RecordFilter | None:
    """The filter in ``params`` when it names a programme, one of its
    register indicators counted by one of ``keys``, a unit among ``units``
    (the user's scope) and a period; None when it names no indicator.
    A filter that names them wrongly is refused (no silent fallback to
    every record)."""
    # A figure's link always names its indicator; a list's own filter
    # (a unit, a period chosen in its picker) names none.
    if not params.get("indicator"):
        return None
    programme = Programme.objects.filter(code=params.get("programme") or "").first()
    indicator = (
        Indicator.objects.filter(programme=programme, code=params.get("indicator") or "").first() if programme else None
    )
    if indicator is None or indicator.computed_by not in keys:
        raise Refused("not a register figure")
    unit = units.filter(code=(params.get("unit") or "").strip().upper()).first()
    if unit is None:
        raise Refused("unit out of scope")
    try:
        period = Period.parse(params.get("period") or "")
    except PeriodError as err:
        raise Refused(str(err)) from None
    return RecordFilter(programme, indicator, unit, period, programme.reporting_window.span(period))


def records_url(user, programme, indicator, unit, period) -> str | None:
    """The list of the records ``indicator`` counts for ``unit`` in
    ``period`` (for a user who may not read them, the register's counts),
    or None for an entered indicator."""
    found = record_list(indicator.computed_by) if indicator.computed_by else None
    if found is None:
        return None
    if found.may_list is not None and not found.may_list(user):
        if found.counts_url_name is None:
            return None
        return reverse(found.counts_url_name) + "?" + urlencode({"unit": unit.code, "period": period.code})
    query = urlencode(
        {"programme": programme.code, "indicator": indicator.code, "unit": unit.code, "period": period.code}
    )
    return reverse(found.url_name) + "?" + query


def register_name(indicator) -> object | None:
    found = record_list(indicator.computed_by) if indicator.computed_by else None
    return found.register if found else None
