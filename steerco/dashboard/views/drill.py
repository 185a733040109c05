from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.template.loader import render_to_string

from steerco.indicators.breakdown import build_breakdown, trends
from steerco.indicators.figures import figure
from steerco.indicators.scorecard import ScorecardRow

from ..kept import kept
from .selection import select


def unit_row(selection) -> ScorecardRow:
    """The selected indicator for the selected unit itself (the figure
    service, as every other view of it)."""
    return figure(selection.programme, selection.indicator, selection.unit, selection.period)


@login_required
def drill(request):
    """One indicator, one level: the unit's figure, then each child worst
    first, each linking one level further down or to its values. The table
    is kept under the data version (``dashboard.kept``)."""
    selection = select(request, strict=True, with_indicator=True)
    context = selection.context()
    parts = (selection.programme.pk, selection.unit.pk, selection.period.code, selection.indicator.pk)
    context["body"] = kept(
        "drill", selection.scope, parts, lambda: _body(request, selection, context), selection.version
    )
    return render(request, "dashboard/drill.html", context)


def _body(request, selection, context) -> str:
    breakdown = build_breakdown(selection.programme, [selection.indicator], selection.unit, selection.period)
    level = breakdown.level(selection.indicator)
    # Units with neither a value nor a target are listed in one line, so
    # an indicator that concerns a few units is not lost among the rest.
    silent = [unit for unit, row in level if not row.figure.has_data and row.target is None]
    body = {
        **context,
        "row": unit_row(selection),
        "level": [(unit, row) for unit, row in level if row.figure.has_data or row.target is not None],
        "silent": silent,
        "own": breakdown.own(selection.indicator),
        "previous_period": breakdown.previous_period,
        "trend": trends([selection.indicator], selection.unit, selection.period)[selection.indicator.pk],
    }
    return render_to_string("dashboard/_drill_body.html", body, request)
