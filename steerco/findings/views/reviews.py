"""Recording a finding's causes, a deep self-review suggestion, and the
remediation plan that answers one (``services.reviews``)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from steerco.units.models import Unit

from .. import access
from ..forms import CauseForm, PlanForm, SuggestionForm
from ..services import reviews
from .common import attempt, load_finding


def _errors(form) -> str:
    return "; ".join(str(e) for errors in form.errors.values() for e in errors)


@login_required
@require_POST
def cause_add(request, pk):
    finding = load_finding(request, pk, for_edit=True)
    form = CauseForm(request.POST)
    back = redirect("findings:detail", pk=finding.pk)
    if not form.is_valid():
        messages.error(request, _("The cause was not added: %(errors)s") % {"errors": _errors(form)})
        return back
    data = form.cleaned_data
    return attempt(
        request,
        lambda: reviews.add_cause(finding, request.user, kind=data["kind"], description=data["description"]),
        refused=reviews.ReviewError,
        done=_("The cause is added."),
        then=back,
    )


def _unit(request, code: str):
    """A unit the user can see, by code; else a message and None."""
    unit = Unit.objects.visible_to(request.user).filter(code=code.strip().upper()).first()
    if unit is None:
        messages.error(request, _("There is no unit “%(code)s” within your scope.") % {"code": code})
    return unit


@login_required
@require_POST
def suggestion_add(request):
    if not access.can_record_any(request.user):
        raise PermissionDenied
    form = SuggestionForm(request.POST)
    back = redirect("findings:suggestions")
    if not form.is_valid():
        messages.error(request, _("Nothing was saved: %(errors)s") % {"errors": _errors(form)})
        return back
    data = form.cleaned_data
    body, unit = _unit(request, data["suggested_by"]), _unit(request, data["addressed_to"])
    if body is None or unit is None:
        return back
    return attempt(
        request,
        lambda: reviews.suggest(
            request.user,
            suggested_by=body,
            addressed_to=unit,
            review_year=data["review_year"],
            suggested_on=data["suggested_on"],
            to_leaders=data["to_leaders"],
            subject=data["subject"],
        ),
        refused=reviews.ReviewError,
        done=_("The suggestion is recorded."),
        then=back,
    )


@login_required
@require_POST
def plan_add(request):
    if not access.can_record_any(request.user):
        raise PermissionDenied
    form = PlanForm(request.POST, user=request.user)
    back = redirect("findings:suggestions")
    if not form.is_valid():
        messages.error(request, _("Nothing was saved: %(errors)s") % {"errors": _errors(form)})
        return back
    data = form.cleaned_data
    unit = _unit(request, data["unit"])
    if unit is None:
        return back
    return attempt(
        request,
        lambda: reviews.adopt_plan(
            request.user,
            unit=unit,
            title=data["title"],
            period=data["period"],
            adopted_on=data["adopted_on"],
            suggestion=data["suggestion"],
        ),
        refused=reviews.ReviewError,
        done=_("The plan is recorded: put its findings in it from each finding's form."),
        then=back,
    )
