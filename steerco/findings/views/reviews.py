"""Recording a finding's causes, a deep self-review suggestion, and the
remediation plan that answers one (``services.reviews``)."""

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
    return attempt(
        request,
        lambda: reviews.add_cause(finding, **form.cleaned_data, acting_user=request.user),
        form=form,
        invalid=lambda f: _("The cause was not added: %(errors)s") % {"errors": _errors(f)},
        refused=reviews.ReviewError,
        done=_("The cause is added."),
        then=redirect("findings:detail", pk=finding.pk),
    )


def _record(request, form, save, done: str):
    """A register form posted from the deep-reviews page: refuse users
    without a working role, say what is wrong with the form, else run
    ``save(form.cleaned_data)`` (which returns None when it already said
    why it cannot, else the service call)."""
    if not access.can_record_any(request.user):
        raise PermissionDenied
    back = redirect("findings:suggestions")
    call = save(form.cleaned_data) if form.is_valid() else (lambda: None)
    if call is None:
        return back
    return attempt(
        request,
        call,
        form=form,
        invalid=lambda f: _("Nothing was saved: %(errors)s") % {"errors": _errors(f)},
        refused=reviews.ReviewError,
        done=done,
        then=back,
    )


@login_required
@require_POST
def suggestion_add(request):
    def save(data):
        return lambda: reviews.suggest(
            suggested_by=data["suggested_by"],
            addressed_to=data["addressed_to"],
            review_year=data["review_year"],
            suggested_on=data["suggested_on"],
            to_leaders=data["to_leaders"],
            subject=data["subject"],
            acting_user=request.user,
        )

    form = SuggestionForm(request.POST, units=Unit.objects.visible_to(request.user))
    return _record(request, form, save, _("The suggestion is recorded."))


@login_required
@require_POST
def plan_add(request):
    def save(data):
        return lambda: reviews.adopt_plan(
            unit=data["unit"],
            title=data["title"],
            period=data["period"].code,
            adopted_on=data["adopted_on"],
            suggestion=data["suggestion"],
            acting_user=request.user,
        )

    done = _("The plan is recorded: put its findings in it from each finding's form.")
    return _record(request, PlanForm(request.POST, user=request.user), save, done)
