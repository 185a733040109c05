from dataclasses import dataclass
from urllib.parse import quote

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from steerco.indicators.breakdown import build_breakdown
from steerco.indicators.models import Indicator

from ..templatetags.dashboard import STATUS_LABELS, figure_text
from .selection import select


@dataclass(frozen=True)
class Cell:
    css: str
    indicator: str  # its code (data-indicator: the figure oracle reads the table by it)
    text: str = ""
    url: str = ""
    title: str = ""


def _cells(selection, breakdown, child) -> list[Cell]:
    """One unit's row of the heat table, prepared here rather than in the
    template: a city level is a thousand cells."""
    values = selection.url("dashboard:values", unit=child.code, indicator=None) + "&indicator="
    out = []
    for ind in breakdown.indicators:
        row = breakdown.row(child.code, ind)
        if not row.figure.has_data:
            out.append(Cell("num nodata", ind.code))
            continue
        status = row.status
        title = ind.name() + (f": {STATUS_LABELS[status]}" if status else "")
        out.append(
            Cell(f"num st-{status or 'none'}", ind.code, figure_text(ind, row.figure), values + quote(ind.code), title)
        )
    return out


@login_required
def heat(request):
    """Units × indicators for one level: every cell a status, children with
    the most indicators at risk or behind first."""
    selection = select(request, strict=True)
    indicators = list(
        Indicator.objects.filter(programme=selection.programme)
        .select_related("numerator", "denominator")
        .order_by("task_group__sort_order", "sort_order")
    )
    breakdown = build_breakdown(selection.programme, indicators, selection.unit, selection.period, with_previous=False)
    context = selection.context()
    context.update(
        indicators=indicators,
        table=[(child, _cells(selection, breakdown, child)) for child, _rows in breakdown.heat()],
    )
    return render(request, "dashboard/heat.html", context)
