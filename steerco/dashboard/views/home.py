from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.template.loader import render_to_string

from steerco.indicators.breakdown import trends
from steerco.indicators.scorecard import build_scorecard

from ..attention import View, collect
from ..burndown import for_unit
from ..kept import kept
from ..panels import collect_panels
from ..providers import went_well
from .charts import burndown_labels
from .selection import select


@login_required
def home(request):
    """Exception first: one line on what went well, then what needs
    attention worst first, then the scorecard of the selected unit, then
    the panels other apps add (the report's timeline). The body is kept
    under the data version (``dashboard.kept``)."""
    selection = select(request)
    context = selection.context()
    if selection.complete:
        parts = (selection.programme.pk, selection.unit.pk, selection.period.code)
        context["body"] = kept(
            "home", selection.scope, parts, lambda: _body(request, selection, context), selection.version
        )
    return render(request, "dashboard/home.html", context)


def _body(request, selection, context) -> str:
    scorecard = build_scorecard(selection.programme, selection.unit, selection.period)
    view = View(
        programme=selection.programme,
        unit=selection.unit,
        period=selection.period,
        scorecard=scorecard,
        user=request.user,
        links=lambda name, **kw: selection.url(f"dashboard:{name}", **kw),
    )
    known = {
        r.indicator.pk: {scorecard.period.code: r.figure, scorecard.previous_period.code: r.previous}
        for r in scorecard.rows
    }
    with_data = {p.code for p in selection.periods}
    trend = trends([r.indicator for r in scorecard.rows], selection.unit, selection.period, known, with_data)
    points = for_unit(selection.unit, selection.period)
    body = {
        **context,
        "scorecard": scorecard,
        "went_well": went_well(view),
        "attention": collect(view),
        "groups": [(group, [(r, trend[r.indicator.pk]) for r in rows]) for group, rows in scorecard.groups],
        "burndown": list(zip(burndown_labels(points), points, strict=True)),
        "panels": collect_panels(view),
    }
    return render_to_string("dashboard/_home_body.html", body, request)
