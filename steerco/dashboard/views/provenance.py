from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Sum
from django.shortcuts import render

from steerco.indicators.figures import figure, figures
from steerco.indicators.models import DataValue, IndicatorKind, ValueStatus
from steerco.indicators.records import records_url, register_name
from steerco.units.models import Unit

from .selection import select

PAGE_SIZE = 50


@login_required
def values(request):
    """Where a figure comes from: the values of the unit's subtree for the
    indicator (both parts of a ratio), who entered them, when, from which
    source and file. Only approved values count in a roll-up."""
    selection = select(request, strict=True, with_indicator=True)
    ind = selection.indicator
    parts = [ind.numerator, ind.denominator] if ind.kind == IndicatorKind.RATIO else [ind]
    rows = (
        DataValue.objects.filter(
            indicator__in=parts,
            period=selection.period.code,
            unit__in=_subtree(request.user, selection.unit),
        )
        .select_related("unit", "indicator", "entered_by")
        .order_by("indicator__sort_order", "unit__path")
    )
    totals = dict(
        rows.filter(status=ValueStatus.APPROVED)
        .values_list("indicator_id")
        .annotate(total=Sum("value"))
        .order_by()
        .values_list("indicator_id", "total")
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = selection.context()
    fig = figure(selection.programme, ind, selection.unit, selection.period)
    counted = [p for p in parts if p.computed_by]
    registers = [
        {
            "part": row.indicator,
            "figure": row,
            "register": register_name(row.indicator),
            "url": records_url(request.user, selection.programme, row.indicator, selection.unit, selection.period),
        }
        for row in (figures(selection.programme, counted, selection.unit, selection.period) if counted else [])
    ]
    context.update(
        figure=fig,
        window=fig.provenance.window,
        registers=registers,
        entered=len(counted) < len(parts),
        page=page,
        parts=[(p, totals.get(p.pk)) for p in parts],
        computed=[p for p in parts if p.computed_by],
    )
    return render(request, "dashboard/values.html", context)


def _subtree(user, unit):
    return Unit.objects.visible_to(user).subtree_of(unit)
