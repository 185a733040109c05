"""Statistics per level and period, and their Excel export. Counts only:
no case code, no name; units come from ``Unit.objects.visible_to``."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render

from steerco.accounts.access import access_for
from steerco.indicators.models import Indicator, IndicatorKind
from steerco.lib.periods import Period
from steerco.programmes.windows import window_for
from steerco.units.models import Unit

from ..computed import KEY_GROUPS, KEYS
from ..export import statistics_workbook
from ..forms import StatisticsFilter
from ..scope import is_inspector, jurisdiction
from ..statistics import level_stats

DEFAULT_PERIOD = "2023-H1"


def _roots(user) -> list[Unit]:
    """Starting units: those the user holds a role in; for an inspector of
    a committee's commission, the level that commission serves (the access
    policy's answer)."""
    return list(access_for(user).home_units())


def _stats_for(request):
    """The unit asked for (any unit the user may see: the values page of a
    register figure links here with its unit), or the user's own unit with
    the refused code said plainly; the period; the statistics."""
    # Counts carry no personal data: any role's units, and an inspector's
    # whole jurisdiction.
    visible = Unit.objects.visible_to(request.user) | jurisdiction(request.user)
    roots = _roots(request.user)
    code = request.GET.get("unit")
    unit = visible.filter(code=code).first() if code else None
    refused = code if code and unit is None else ""
    unit = unit or (roots[0] if roots else None)
    choices = roots if unit is None or unit in roots else [*roots, unit]
    form = StatisticsFilter(request.GET or None, units=choices)
    form.is_valid()
    data = getattr(form, "cleaned_data", {})
    period = data.get("period") or Period.parse(DEFAULT_PERIOD)
    stats = None
    if unit is not None:
        children = list(visible.filter(parent=unit).order_by("sort_order", "code"))
        stats = level_stats(unit, period, children, window_for(unit))
    return form, unit, period, stats, refused


def share_decimals() -> dict[str, dict[str, int]]:
    """The decimals of each share as the programme's ratio indicator over the
    same counts writes it (46 % on the scorecard is 46 % here, not 45,8 %):
    {group: {"violation": d, "disciplined": d}}, 1 where no indicator says."""
    found: dict[str, dict[str, int]] = {group: {} for group in KEY_GROUPS.values()}
    ratios = Indicator.objects.filter(kind=IndicatorKind.RATIO, numerator__computed_by__in=list(KEYS))
    for key, decimals in ratios.values_list("numerator__computed_by", "decimals"):
        group, measure = KEYS[key]
        found[group].setdefault(measure, decimals)
    return {group: {m: by.get(m, 1) for m in ("violation", "disciplined")} for group, by in found.items()}


@login_required
def statistics_page(request):
    form, unit, period, stats, refused = _stats_for(request)
    context = {"form": form, "unit": unit, "period": period, "stats": stats, "inspector": is_inspector(request.user)}
    context["refused_unit"] = refused
    decimals = share_decimals()
    context["groups"] = [(g, decimals[g.group]) for g in stats.groups] if stats else []
    return render(request, "inspection/statistics.html", context)


@login_required
def statistics_export(request):
    _form, _unit, _period, stats, refused = _stats_for(request)
    if stats is None or refused:  # a file of another unit than asked for would not say so
        raise Http404
    content = statistics_workbook(stats)
    response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    filename = f"thong-ke-kiem-tra-{stats.unit.code}-{stats.period.code}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
