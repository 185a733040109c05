"""What a dashboard page shows: a programme, a unit the user may see, a
period and, for some pages, an indicator, read from the query string."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db import connection
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _

from steerco.collection.working import working_period
from steerco.indicators.models import DataValue, Indicator
from steerco.lib.periods import Period
from steerco.programmes.models import Programme
from steerco.units.models import Unit

from ..forms import ScorecardFilter


@dataclass
class Selection:
    form: ScorecardFilter
    programmes: list
    programme: Programme | None = None
    unit: Unit | None = None
    period: Period | None = None
    periods: list[Period] = field(default_factory=list)
    indicator: Indicator | None = None
    # Why this period is shown (when the user did not choose it), and a
    # unit asked for that is not in the user's scope.
    period_reason: str = ""
    refused_unit: str = ""

    @property
    def complete(self) -> bool:
        return self.programme is not None and self.unit is not None and self.period is not None

    def url(self, name: str, **changes) -> str:
        """A dashboard link that keeps the selection, with ``changes``
        (codes: unit="QU-BADINH", indicator="DV_KN") applied."""
        params = {
            "programme": self.programme.code if self.programme else None,
            "unit": self.unit.code if self.unit else None,
            "period": self.period.code if self.period else None,
            "indicator": self.indicator.code if self.indicator else None,
        }
        params.update(changes)
        return reverse(name) + "?" + urlencode({k: v for k, v in params.items() if v})

    def context(self) -> dict:
        return {
            "form": self.form,
            "programmes": self.programmes,
            "programme": self.programme,
            "unit": self.unit,
            "period": self.period,
            "periods": self.periods,
            "indicator": self.indicator,
            "selection": self,
            "period_reason": self.period_reason,
            "refused_unit": self.refused_unit,
        }


def select(request, strict: bool = False, with_indicator: bool = False) -> Selection:
    """Read the selection. The unit comes from ``Unit.objects.visible_to``:
    an invisible unit falls back to the user's own on the home page and is
    a 404 (``strict``) on the pages below it, as is an unknown indicator."""
    programmes = list(Programme.objects.select_related("owner").order_by("code"))
    visible = Unit.objects.visible_to(request.user)
    roots = _top_units(request.user, visible)
    form = ScorecardFilter(request.GET or None, programmes=programmes, units=roots)
    form.is_valid()
    data = getattr(form, "cleaned_data", {})
    programme = next((p for p in programmes if p.code == data.get("programme")), programmes[0] if programmes else None)
    selection = Selection(form=form, programmes=programmes, programme=programme)
    if programme is None:
        if strict:
            raise Http404
        return selection

    code = request.GET.get("unit")
    unit = visible.filter(code=code).first() if code else None
    if unit is None and strict and code:
        raise Http404
    if unit is None and code:
        # Said plainly, not silently replaced by the user's own unit.
        selection.refused_unit = code
    if unit is None:
        unit = visible.filter(pk=programme.owner_id).first() or (roots[0] if roots else None)
    if unit is None and strict:
        raise Http404
    selection.unit = unit
    if unit is not None and unit not in roots:
        form.fields["unit"].choices = [*form.fields["unit"].choices, (unit.code, unit.name())]
    entered = _periods_with_data(programme)
    selection.periods = offered_periods(entered, programme)
    selection.period = data.get("period")
    if selection.period is None:
        selection.period, selection.period_reason = home_period(programme, unit, entered)
    if strict and selection.period is None:
        raise Http404
    if with_indicator:
        selection.indicator = (
            Indicator.objects.filter(programme=programme, code=request.GET.get("indicator") or "")
            .select_related("numerator", "denominator", "task_group")
            .first()
        )
        if selection.indicator is None:
            raise Http404
    return selection


def offered_periods(entered: list[Period], programme) -> list[Period]:
    """The periods the picker offers: those entered, and those the data
    build (the halves and years made of entered quarters, the term), latest
    first."""
    found = set(entered)
    for p in entered:
        found.update(p.containing())
    if entered:
        found.add(programme.term_period)
    return sorted(found, key=lambda p: (p.end, -(p.end - p.start).days), reverse=True)


def home_period(programme, unit, entered: list[Period]) -> tuple[Period | None, str]:
    """The period the unit's committee is working on, and why
    (``collection.working.working_period``)."""
    found, reason = working_period(programme, unit)
    if found is not None:
        return found, reason
    if entered:
        return entered[0], _("the latest period with approved data (no reporting round yet)")
    return None, ""


def _top_units(user, visible):
    """The units the user holds a role in (or the roots, for superusers),
    offered as starting points."""
    if user.is_superuser:
        return list(Unit.objects.filter(parent__isnull=True))
    return list(visible.filter(memberships__user=user).distinct().order_by("path"))


# The distinct periods of a programme's values as a "loose index scan": for
# each indicator, seek the next period after the last one found, on the
# index that starts with (indicator, period). A DISTINCT over the values
# reads every one of them (12 M at national scale, seconds); this makes one
# seek per indicator and period (SQLite and PostgreSQL alike).
PERIODS_SQL = """
WITH RECURSIVE seen(indicator_id, period) AS (
    SELECT i.id, (SELECT MIN(v.period) FROM {values} v WHERE v.indicator_id = i.id)
    FROM {indicators} i WHERE i.programme_id = %s
    UNION ALL
    SELECT s.indicator_id,
           (SELECT MIN(v.period) FROM {values} v WHERE v.indicator_id = s.indicator_id AND v.period > s.period)
    FROM seen s WHERE s.period IS NOT NULL
)
SELECT DISTINCT period FROM seen WHERE period IS NOT NULL
"""


def _periods_with_data(programme) -> list[Period]:
    sql = PERIODS_SQL.format(values=DataValue._meta.db_table, indicators=Indicator._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(sql, [programme.pk])
        codes = [row[0] for row in cursor.fetchall()]
    return sorted((Period.parse(c) for c in codes), key=lambda p: (p.end, p.start), reverse=True)
