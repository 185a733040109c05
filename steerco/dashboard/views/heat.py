from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from steerco.indicators.breakdown import build_breakdown
from steerco.indicators.models import Indicator

from .drill import breadcrumbs
from .selection import select


@login_required
def heat(request):
    """Units × indicators for one level: every cell a status, children with
    the most indicators behind first."""
    selection = select(request, strict=True)
    indicators = list(
        Indicator.objects.filter(programme=selection.programme)
        .select_related("numerator", "denominator")
        .order_by("task_group__sort_order", "sort_order")
    )
    breakdown = build_breakdown(selection.programme, indicators, selection.unit, selection.period)
    context = selection.context()
    context.update(
        indicators=indicators,
        table=breakdown.heat(),
        breadcrumbs=breadcrumbs(request.user, selection.unit),
    )
    return render(request, "dashboard/heat.html", context)
