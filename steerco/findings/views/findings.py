"""Findings: the list, one finding, recording and changing it, moving it
(and its actions) through the workflow."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from steerco.audit.forms import stated_reason
from steerco.audit.reasons import reasons_about
from steerco.indicators.records import read_filter
from steerco.lib.errors import Refused
from steerco.units.models import Unit

from .. import access, computed
from ..forms import ActionForm, CauseForm, DeadlineForm, EvidenceForm, FindingFilter, FindingForm, TransitionForm
from ..models import SUPERIOR_MOVES, Finding, Status, allowed_moves
from ..services import deadlines, register, workflow
from ..services.exceptions import annotate_exceptions
from .common import attempt, load_finding

PAGE_SIZE = 50


def filtered_findings(request):
    """The findings the filter asks for; with a figure's filter (programme,
    indicator, unit, period: the link from its source page) only those the
    figure counts, under the programme's reporting window."""
    visible = Unit.objects.visible_to(request.user)
    form = FindingFilter(request.GET or None, units=visible)
    findings = form.apply(Finding.objects.in_units(visible))
    form.counted_by, form.refused = None, ""
    try:
        form.counted_by = read_filter(request.GET, visible, computed.FINDING_KEYS)
    except Refused:
        form.refused = _("This link does not name a figure counted from the findings within your scope.")
        return form, findings.none()
    if form.counted_by is not None:
        by = form.counted_by
        findings = computed.counted_records(findings, by.key, by.unit, by.span)
    return form, findings


@login_required
def finding_list(request):
    form, findings = filtered_findings(request)
    findings = annotate_exceptions(findings).select_related("owner").annotate(n_evidence=Count("evidence"))
    page = Paginator(findings.order_by("owner__path", "identified_on", "pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "findings/finding_list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "counted_by": form.counted_by,
            "refused": form.refused,
            "can_create": access.can_record_any(request.user),
        },
    )


@login_required
def finding_detail(request, pk):
    finding = load_finding(request, pk)
    user = request.user
    moves = [
        (to, Status(to).label)
        for to in allowed_moves(finding.status)
        if (
            access.can_verify(user, finding.owner)
            if (finding.status, to) in SUPERIOR_MOVES
            else access.can_edit(user, finding.owner)
        )
    ]
    history = finding.history.select_related("history_user").order_by("-history_date")[:50]
    actions = list(finding.actions.select_related("owner").annotate(n_evidence=Count("evidence")))
    context = {
        "finding": finding,
        "moves": moves,
        "can_edit": access.can_edit(user, finding.owner),
        "transition_form": TransitionForm(),
        "deadline_form": DeadlineForm(finding=finding),
        "evidence_form": EvidenceForm(finding=finding),
        "action_form": ActionForm(finding=finding, user=user),
        "cause_form": CauseForm(),
        "actions": actions,
        "stated_reasons": reasons_about([finding, *actions]),
        "evidence": finding.evidence.select_related("uploaded_by", "action"),
        "causes": finding.causes.all(),
        "history": history,
    }
    return render(request, "findings/finding_detail.html", context)


@login_required
def finding_create(request):
    if not access.can_record_any(request.user):
        raise PermissionDenied
    return _edit(request, None)


@login_required
def finding_edit(request, pk):
    finding = load_finding(request, pk, for_edit=True)
    if finding.status == Status.VERIFIED:
        messages.error(request, _("A verified finding is final and can no longer be changed."))
        return redirect("findings:detail", pk=finding.pk)
    return _edit(request, finding)


def _edit(request, finding):
    previous = finding.deadline if finding else None
    form = FindingForm(request.POST or None, instance=finding, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            obj = register.save_finding(
                form.save(commit=False),
                acting_user=request.user,
                previous_deadline=previous,
                reason=stated_reason(form),
            )
        except workflow.TransitionError as err:
            form.add_error("reason", str(err))
        else:
            messages.success(request, _("The finding is saved."))
            return redirect("findings:detail", pk=obj.pk)
    return render(request, "findings/finding_form.html", {"form": form, "finding": finding})


@login_required
@require_POST
def finding_transition(request, pk):
    finding = load_finding(request, pk)
    return _move(request, finding, finding)


@login_required
@require_POST
def action_transition(request, pk, action_pk):
    finding = load_finding(request, pk)
    action = get_object_or_404(finding.actions.select_related("owner", "finding"), pk=action_pk)
    return _move(request, finding, action)


def _move(request, finding, obj):
    if not access.can_move(request.user, obj.owner):
        raise PermissionDenied
    form = TransitionForm(request.POST)

    def move():
        data = form.cleaned_data
        return workflow.transition(
            obj, data["to"], on=data["on"], note=data["note"], reason=stated_reason(form), acting_user=request.user
        )

    return attempt(
        request,
        move,
        form=form,
        invalid=_("Choose a valid status."),
        refused=workflow.TransitionError,
        done=_("Status changed."),
        then=redirect("findings:detail", pk=finding.pk),
    )


@login_required
@require_POST
def move_deadline(request, pk):
    finding = load_finding(request, pk, for_edit=True)
    form = DeadlineForm(request.POST, finding=finding)

    def move():
        target = form.cleaned_data["action"] or finding
        return deadlines.move(target, form.cleaned_data["deadline"], stated_reason(form), acting_user=request.user)

    return attempt(
        request,
        move,
        form=form,
        invalid=lambda f: _("The deadline was not moved: %(errors)s") % {"errors": _errors(f)},
        refused=workflow.TransitionError,
        done=_("The deadline is moved."),
        then=redirect("findings:detail", pk=finding.pk),
    )


@login_required
@require_POST
def action_create(request, pk):
    finding = load_finding(request, pk, for_edit=True)
    form = ActionForm(request.POST, finding=finding, user=request.user)
    if form.is_valid():
        register.add_action(finding, form.save(commit=False), acting_user=request.user)
        messages.success(request, _("The action is added."))
    else:
        messages.error(request, _("The action was not added: %(errors)s") % {"errors": _errors(form)})
    return redirect("findings:detail", pk=finding.pk)


def _errors(form) -> str:
    return "; ".join(str(e) for errors in form.errors.values() for e in errors)
