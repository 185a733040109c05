from datetime import timedelta

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _

from steerco.indicators.breakdown import build_breakdown, trends
from steerco.indicators.models import Indicator, IndicatorKind
from steerco.lib.numbers import fmt_day, fmt_month, fmt_number, fmt_percent
from steerco.lib.status import expected

from .. import charts
from ..burndown import for_unit
from ..templatetags.dashboard import number_locale
from .drill import unit_row
from .selection import select


def _svg(content: bytes) -> HttpResponse:
    response = HttpResponse(content, content_type="image/svg+xml")
    response["Cache-Control"] = "private, max-age=60"
    return response


@login_required
def trend_chart(request):
    """The indicator for the unit over the same period of earlier years,
    with what its target expects by the end of the period."""
    selection = select(request, strict=True, with_indicator=True)
    ind, loc = selection.indicator, number_locale()
    points = trends([ind], selection.unit, selection.period)[ind.pk]
    if ind.kind == IndicatorKind.RATIO:

        def formatter(v):
            return fmt_percent(v, ind.decimals, loc)
    else:

        def formatter(v):
            return fmt_number(v, 0, loc)

    row = unit_row(selection)
    due = expected(row.target.value, row.due_share) if row.target else None
    return _svg(
        charts.trend(
            f"{ind.name(loc)} · {selection.unit.name(loc)}",
            [p.code for p, _f in points],
            [f.value for _p, f in points],
            formatter,
            target=due,
            target_label=_("expected by the end of %(period)s: %(value)s")
            % {"period": selection.period.code, "value": formatter(due)}
            if due is not None
            else "",
        )
    )


@login_required
def completeness_chart(request):
    """For each child of the unit: how many of the programme's entered
    indicators have a value for the period."""
    selection = select(request, strict=True)
    loc = number_locale()
    indicators = list(
        Indicator.objects.filter(programme=selection.programme).select_related("numerator", "denominator")
    )
    entered = [ind for ind in indicators if ind.is_entered]
    breakdown = build_breakdown(selection.programme, entered, selection.unit, selection.period, with_previous=False)
    rows = [
        (child.name(loc), sum(1 for ind in entered if breakdown.row(child.code, ind).figure.has_data), len(entered))
        for child in breakdown.children
    ]
    return _svg(
        charts.completeness(
            _("Indicators with data for %(period)s, by unit") % {"period": selection.period.code},
            rows,
            lambda v: fmt_percent(v, 0, loc),
        )
    )


def burndown_labels(points) -> list[str]:
    """01/2023 or 7/2023 for a month's end; 26/11/2026 for today in a running
    month (the Party's rule, ``fmt_day``)."""
    out = []
    for p in points:
        month_end = (p.day.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
        out.append(fmt_month(p.day) if p.day == month_end else fmt_day(p.day))
    return out


def burndown_names() -> dict[str, str]:
    return {
        "identified": _("identified"),
        "remediated": _("remediated"),
        "verified": _("verified"),
        "overdue": _("open past the deadline"),
        "open": _("open (identified, not yet remediated)"),
    }


@login_required
def burndown_chart(request):
    """The findings of the unit's subtree that the user may see, month by
    month up to the end of the period (steerco.dashboard.burndown)."""
    selection = select(request, strict=True)
    loc = number_locale()
    points = for_unit(selection.unit, selection.period)
    if not points:
        raise Http404
    last = points[-1]
    title = _("Remediation of findings · %(unit)s") % {"unit": selection.unit.name(loc)}
    desc = _(
        "By %(date)s: %(identified)s identified, %(remediated)s remediated, %(verified)s verified, "
        "%(open)s open, of which %(overdue)s past the deadline."
    ) % {
        "date": burndown_labels([last])[0],
        "identified": fmt_number(last.identified, 0, loc),
        "remediated": fmt_number(last.remediated, 0, loc),
        "verified": fmt_number(last.verified, 0, loc),
        "open": fmt_number(last.open, 0, loc),
        "overdue": fmt_number(last.overdue, 0, loc),
    }
    series = {key: [getattr(p, key) for p in points] for key in ("identified", "remediated", "verified", "overdue")}
    return _svg(
        charts.burndown(title, desc, burndown_labels(points), series, burndown_names(), lambda v: fmt_number(v, 0, loc))
    )
