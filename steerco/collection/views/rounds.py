from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from steerco.indicators.models import Indicator, IndicatorKind, ValueStatus
from steerco.programmes.models import Programme

from .. import services
from ..closing import DONE, close_round, reopen_round
from ..completeness import completeness
from ..forms import CloseRoundForm, OpenRoundForm
from ..models import ReportingRound, Submission
from ..scope import Scope
from ..workflow import Action
from .loading import load_round


@login_required
def round_list(request):
    """The rounds, and what each of the user's units owes in the open ones."""
    scope = Scope(request.user)
    rounds = list(ReportingRound.objects.select_related("programme").order_by("-deadline"))
    owed = (
        Submission.objects.filter(round__in=rounds, unit__in=scope.units(Action.VIEW))
        .exclude(status=ValueStatus.APPROVED)
        .select_related("unit", "round__programme")
        .order_by("round__deadline", "unit__path")[:200]
    )
    entered = dict(
        Indicator.objects.filter(computed_by="")
        .exclude(kind=IndicatorKind.RATIO)
        .values("programme")
        .annotate(n=Count("pk"))
        .values_list("programme", "n")
    )
    context = {
        "rounds": rounds,
        "owed": owed,
        "entered": entered,
        "today": timezone.localdate(),
        "can_open": scope.anywhere(Action.OPEN_ROUND),
    }
    return render(request, "collection/round_list.html", context)


@login_required
def open_round_view(request):
    scope = Scope(request.user)
    programmes = [p for p in Programme.objects.select_related("owner") if scope.can(Action.OPEN_ROUND, p.owner)]
    if not programmes:
        raise PermissionDenied
    form = OpenRoundForm(request.POST or None, programmes=programmes)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            round_ = services.open_round(
                data["programme_obj"],
                data["period"],
                deadline=data["deadline"],
                data_from=data["data_from"],
                data_to=data["data_to"],
                unit_types=data["unit_types"],
                scope=scope,
                closes_at_deadline=data["closes_at_deadline"],
                acting_user=request.user,
            )
        except services.Rejected as rejected:
            form.add_error(None, str(rejected))
        else:
            messages.success(request, _("Reporting round %(round)s opened.") % {"round": round_})
            return redirect("collection:completeness", pk=round_.pk)
    return render(request, "collection/round_open.html", {"form": form}, status=400 if form.errors else 200)


@login_required
def completeness_view(request, pk, **kwargs):
    """Per level: who has submitted, who is late, who has entered nothing."""
    round_ = load_round(pk)
    scope = Scope(request.user)
    levels = completeness(round_, scope.units(Action.VIEW))
    if not levels:
        raise Http404
    totals = {
        "units": sum(len(lv.rows) for lv in levels),
        "submitted": sum(lv.submitted for lv in levels),
        "late": sum(lv.late for lv in levels),
        "missing": sum(lv.missing for lv in levels),
    }
    show = request.GET.get("show", "")
    if show in ("late", "missing"):
        for lv in levels:
            lv.only = show
    context = {
        "round": round_,
        "levels": levels,
        "totals": totals,
        "show": show,
        "can_close": scope.can(Action.OPEN_ROUND, round_.programme.owner),
        "close_form": kwargs.get("close_form") or CloseRoundForm(),
        # read from the rows already loaded: whoever may close sees every unit
        "owed": sum(r.submission.status not in DONE for lv in levels for r in lv.rows),
    }
    return render(request, "collection/completeness.html", context, status=kwargs.get("status", 200))


@login_required
@require_POST
def close_round_view(request, pk):
    """Close the round (or reopen it): a reason is required when units have
    not submitted, and always to reopen."""
    round_ = load_round(pk)
    scope = Scope(request.user)
    if not scope.can(Action.OPEN_ROUND, round_.programme.owner):
        raise PermissionDenied
    form = CloseRoundForm(request.POST)
    if form.is_valid():
        reason = form.cleaned_data["reason"]
        try:
            if "reopen" in request.POST:
                reopen_round(round_, reason=reason, scope=scope, acting_user=request.user)
                messages.success(request, _("Reporting round %(round)s reopened.") % {"round": round_})
            else:
                close_round(round_, reason=reason, scope=scope, acting_user=request.user)
                messages.success(request, _("Reporting round %(round)s closed.") % {"round": round_})
        except services.Rejected as rejected:
            form.add_error("reason", str(rejected))
        else:
            return redirect("collection:completeness", pk=round_.pk)
    round_.refresh_from_db()
    return completeness_view(request, pk, close_form=form, status=400)
