from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from steerco.audit.forms import stated_reason
from steerco.indicators.models import Source

from .. import services, workflow
from ..forms import UNUSUAL_PREFIX, ValuesForm
from ..models import Submission
from ..reading import current_and_last_values
from ..scope import Scope
from ..unusual import AskUnusual
from ..workflow import Action
from .loading import load_round, load_unit

# Posted with "submit" once the user has seen the indicators left empty.
CONFIRM_EMPTY = "confirm_empty"

BUTTONS = {
    "save": None,
    "submit": Action.SUBMIT,
    "approve": Action.APPROVE,
    "return": Action.RETURN,
    "reopen": Action.REOPEN,
}


@login_required
def entry_form(request, pk, code):
    """The values one unit owes in a round. A normal form post saves (and
    takes the button's workflow action); an HTMX post on change only
    validates and returns the form with its inline messages."""
    round_ = load_round(pk)
    scope = Scope(request.user)
    unit = load_unit(scope, code)
    programme = round_.programme
    indicators = services.entered_indicators(programme)
    current, last = current_and_last_values(programme, [unit], round_.period)
    by_id = {i.pk: i for i in indicators}
    stored = {by_id[ind_id].code: v for (_u, ind_id), v in current.items() if ind_id in by_id}
    previous = {by_id[ind_id].code: pair for (_u, ind_id), pair in last.items() if ind_id in by_id}
    submission = Submission.objects.filter(round=round_, unit=unit).first()
    status = submission.status if submission else "draft"
    form = ValuesForm(request.POST or None, indicators=indicators, stored=stored)
    status_code = 200
    unusual_asked = False
    if request.method == "POST":
        button = next((b for b in BUTTONS if b in request.POST), "save")
        validate_only = request.htmx and "_validate" in request.POST
        if not scope.can(Action.EDIT if BUTTONS[button] is None else BUTTONS[button], unit):
            form.add_error(None, _("You may not do this for this unit."))
            status_code = 403
        elif form.is_valid():
            entries = form.entries() if button in ("save", "submit") else []
            action = BUTTONS[button]
            # Submitting with indicators left empty: save what was typed,
            # then ask (the page lists them) before submitting.
            ask_first = (
                action == Action.SUBMIT
                and not validate_only
                and CONFIRM_EMPTY not in request.POST
                and form.empty_indicators(stored)
            )
            if ask_first:
                action = None
            # a value far from the unit's history needs a reason (lib.plausibility)
            unusual = AskUnusual(stated_reason(form, prefix=UNUSUAL_PREFIX)) if entries else None
            try:
                if validate_only:
                    services.check(
                        programme, unit, round_.period, entries, scope=scope, acting_user=request.user, unusual=unusual
                    )
                else:
                    outcome = services.record(
                        programme,
                        unit,
                        round_.period,
                        entries=entries,
                        action=action,
                        comment=form.cleaned_data["comment"],
                        override_reason=form.cleaned_data["override_reason"],
                        reason=stated_reason(form) if BUTTONS[button] == Action.REOPEN else None,
                        source=Source.FORM,
                        source_ref=f"{request.method} {request.path}",
                        scope=scope,
                        acting_user=request.user,
                        unusual=unusual,
                    )
                    messages.success(
                        request,
                        _("Saved: %(created)s new, %(updated)s changed, %(unchanged)s unchanged.")
                        % {"created": outcome.created, "updated": outcome.updated, "unchanged": outcome.unchanged}
                        if action is None
                        else _("Done: the report is now %(status)s.")
                        % {"status": Submission.objects.get(round=round_, unit=unit).get_status_display().lower()},
                    )
                    for warning in outcome.warnings:
                        messages.warning(request, _("Saved with a warning: %(message)s") % {"message": warning})
                    if ask_first:
                        return redirect(f"{request.path}?{CONFIRM_EMPTY}=1")
                    return redirect(request.path)
            except services.Rejected as rejected:
                form.add_problems(rejected.problems)
                unusual_asked = any(p.kind == "unusual" for p in rejected.problems)
                status_code = 409 if rejected.is_conflict else 400
        else:
            status_code = 400
        if validate_only:
            status_code = 200  # htmx swaps only 2xx responses
    actions = [a.value for a in workflow.available_actions(status) if round_.is_open and scope.can(a, unit)]
    context = {
        "unusual_asked": unusual_asked,
        # the indicators still empty, when the user asked to submit them so
        "empty_to_confirm": form.empty_indicators(stored)
        if request.GET.get(CONFIRM_EMPTY) and Action.SUBMIT.value in actions
        else [],
        "round": round_,
        "unit": unit,
        "form": form,
        "stored": stored,
        "rows": form.rows(stored, previous),
        "submission": submission,
        "status": status,
        "editable": status in workflow.EDITABLE and round_.is_open and scope.can(Action.EDIT, unit),
        "actions": actions,
        "can_check_draft": scope.can(Action.EDIT, unit) or scope.can(Action.APPROVE, unit),
    }
    if request.htmx and request.method == "POST" and "_validate" in request.POST:
        # only the messages, swapped out of band: the inputs stay as typed
        context.update(oob=True, checked=True, empty_values=("", None))
        return render(request, "collection/_entry_messages.html", context, status=status_code)
    template = "collection/_entry_form.html" if request.htmx else "collection/entry.html"
    return render(request, template, context, status=status_code)
