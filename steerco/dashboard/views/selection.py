"""What a dashboard page shows: a programme, a unit the user may see, a
period and, for some pages, an indicator, read from the query string."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db import connection
from django.http import Http404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from steerco.audit import version
from steerco.collection.working import working_period
from steerco.indicators.models import DataValue, Indicator
from steerco.lib.periods import Period
from steerco.programmes.models import Programme
from steerco.units import validity
from steerco.units.models import Unit

from ..forms import ScorecardFilter
from ..kept import kept_value, scope_of


@dataclass
class Selection:
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
    # The units above the unit that the user may see (pages below home).
    breadcrumbs: list[Unit] = field(default_factory=list)
    # The data version read first for the request, and the user's scope:
    # what a page keeps its body under (``dashboard.kept``).
    version: str | None = None
    scope: str = ""
    # The picker (programme, unit, period) as HTML, kept with the rest.
    filters: str = ""

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
            "filters": mark_safe(self.filters),
            "programmes": self.programmes,
            "programme": self.programme,
            "unit": self.unit,
            "period": self.period,
            "periods": self.periods,
            "indicator": self.indicator,
            "selection": self,
            "period_reason": self.period_reason,
            "refused_unit": self.refused_unit,
            "breadcrumbs": self.breadcrumbs,
            "unit_absent": self.unit_absent,
        }

    @property
    def unit_absent(self) -> str:
        """Why the unit holds no figures for the period when it did not exist
        then (a ward founded in 2025 asked for 2023-H1), with its dates and
        successors: said, rather than a page of "no data". Empty otherwise
        (no query for a unit that existed: the dates are on the unit)."""
        if self.unit is None or self.period is None:
            return ""
        return validity.period_refusal(self.unit, self.period) or ""


# The query string's parameters a selection is read from.
PARAMS = ("programme", "unit", "period", "indicator")


def select(request, strict: bool = False, with_indicator: bool = False) -> Selection:
    """Read the selection. The unit comes from ``Unit.objects.visible_to``:
    an invisible unit falls back to the user's own on the home page and is
    a 404 (``strict``) on the pages below it, as is an unknown indicator.

    What the selection reads from the database (programmes, the user's
    units, the unit, the periods with data, the working period, the
    indicator, the units above, the picker drawn) is kept under the data version, as the
    page bodies are (``dashboard.kept``): keyed by the version (read first,
    before anything else), the user's scope, the query string's selection,
    the language and the day. A 404 is not kept."""
    version_now = version.current()
    scope = scope_of(request, version_now)
    asked = tuple(request.GET.get(name) or "" for name in PARAMS)
    found = kept_value(
        "selection",
        scope,
        (strict, with_indicator, *asked),
        lambda: _find(request, strict, with_indicator),
        version_now,
    )
    return Selection(**found, version=version_now, scope=scope)


def _find(request, strict: bool, with_indicator: bool) -> dict:
    """The selection's data (what ``select`` keeps), or Http404."""
    programmes = list(Programme.objects.select_related("owner").order_by("code"))
    visible = Unit.objects.visible_to(request.user)
    roots = _top_units(request.user, visible)
    form = ScorecardFilter(request.GET or None, programmes=programmes, units=roots)
    form.is_valid()
    data = getattr(form, "cleaned_data", {})
    programme = next((p for p in programmes if p.code == data.get("programme")), programmes[0] if programmes else None)
    found = {
        "programmes": programmes,
        "programme": programme,
        "unit": None,
        "period": None,
        "periods": [],
        "indicator": None,
        "period_reason": "",
        "refused_unit": "",
        "breadcrumbs": [],
    }
    if programme is None:
        if strict:
            raise Http404
        return _with_filters(found, form)

    code = request.GET.get("unit")
    unit = visible.filter(code=code).first() if code else None
    if unit is None and strict and code:
        raise Http404
    if unit is None and code:
        # Said plainly, not silently replaced by the user's own unit.
        found["refused_unit"] = code
    if unit is None:
        unit = visible.filter(pk=programme.owner_id).first() or (roots[0] if roots else None)
    if unit is None and strict:
        raise Http404
    found["unit"] = unit
    if unit is not None and unit not in roots:
        form.fields["unit"].choices = [*form.fields["unit"].choices, (unit.code, unit.name())]
    entered = _periods_with_data(programme)
    found["periods"] = offered_periods(entered, programme)
    found["period"] = data.get("period")
    if found["period"] is None:
        found["period"], found["period_reason"] = home_period(programme, unit, entered)
    if strict and found["period"] is None:
        raise Http404
    if with_indicator:
        found["indicator"] = (
            Indicator.objects.filter(programme=programme, code=request.GET.get("indicator") or "")
            .select_related("numerator", "denominator", "task_group")
            .first()
        )
        if found["indicator"] is None:
            raise Http404
    if strict:
        found["breadcrumbs"] = breadcrumbs(request.user, unit)
    return _with_filters(found, form)


def _with_filters(found: dict, form: ScorecardFilter) -> dict:
    """``found`` with the picker drawn (what the user chose, the choices,
    why this period, a unit refused, a period not understood)."""
    context = {**Selection(**found).context(), "form": form}
    return {**found, "filters": str(render_to_string("dashboard/_filters.html", context))}


def breadcrumbs(user, unit) -> list[Unit]:
    """The unit's ancestors that the user may see, from the top."""
    codes = unit.ancestor_codes()
    found = {u.code: u for u in Unit.objects.visible_to(user).filter(code__in=codes)} if codes else {}
    return [found[c] for c in codes if c in found]


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
