from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from steerco.indicators.models import DataValue
from steerco.indicators.scorecard import build_scorecard
from steerco.lib.periods import Period
from steerco.programmes.models import Programme
from steerco.units.models import Unit

from ..forms import ScorecardFilter


@login_required
def home(request):
    """The programme scorecard for a unit the user may see, for a period."""
    programmes = list(Programme.objects.select_related("owner").order_by("code"))
    visible = Unit.objects.visible_to(request.user)
    roots = _top_units(request.user, visible)
    form = ScorecardFilter(request.GET or None, programmes=programmes, units=roots)
    form.is_valid()
    data = getattr(form, "cleaned_data", {})
    programme = next((p for p in programmes if p.code == data.get("programme")), programmes[0] if programmes else None)
    context = {"form": form, "programme": programme, "programmes": programmes}
    if programme is None:
        return render(request, "dashboard/home.html", context)

    unit = None
    if data.get("unit"):
        unit = visible.filter(code=data["unit"]).first()
    if unit is None:
        unit = visible.filter(pk=programme.owner_id).first() or (roots[0] if roots else None)
    periods = _periods_with_data(programme)
    period = data.get("period") or (periods[0] if periods else None)
    context.update(unit=unit, period=period, periods=periods)
    if unit is not None and period is not None:
        context["scorecard"] = build_scorecard(programme, unit, period)
    return render(request, "dashboard/home.html", context)


def _top_units(user, visible):
    """The units the user holds a role in (or the roots, for superusers),
    offered as starting points."""
    if user.is_superuser:
        return list(Unit.objects.filter(parent__isnull=True))
    return list(visible.filter(memberships__user=user).distinct().order_by("path"))


def _periods_with_data(programme) -> list[Period]:
    codes = DataValue.objects.filter(indicator__programme=programme).values_list("period", flat=True).distinct()
    return sorted((Period.parse(c) for c in codes), key=lambda p: (p.end, p.start), reverse=True)
