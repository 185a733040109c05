"""Drafts under review: start one (as the secretariat), read it, comment on
a section or a figure (reviewers and the secretariat), see what changed
since the previous version."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from steerco.accounts.policy import Do
from steerco.jobs.services import start_job
from steerco.units.models import Unit

from ..forms import CommentForm, FreeTextForm
from ..issuing import can_issue
from ..jobs import DRAFT
from ..models import Draft, DraftComment
from ..review import StaleDraft, diff, edit_free_text, free_text, may_review, section_lines
from .generate import _chosen, _form


@login_required
@require_POST
def draft_start(request):
    form, progs, units = _form(request, request.POST)
    if not form.is_valid():
        messages.error(request, _("The draft was not started: check the fields below."))
        return redirect("reports:generate")
    programme, unit, data = _chosen(form, progs, units)
    if not can_issue(request.user, unit):
        return HttpResponse(_("Only the secretariat of this unit may issue its report."), status=403)
    params = {
        "programme": programme.code,
        "period": data["period"].code,
        "language": data["language"],
        "unit": unit.code,
        "date": data["date"].isoformat() if data["date"] else "",
    }
    job = start_job(DRAFT, acting_user=request.user, unit=unit, params=params)
    messages.success(request, _("The draft is being built; its reviewers get it when it is ready."))
    return redirect("jobs:detail", pk=job.pk)


def _load(request, pk):
    draft = get_object_or_404(Draft.objects.select_related("programme", "unit", "created_by"), pk=pk)
    sees = Unit.objects.visible_to(request.user).filter(pk=draft.unit_id).exists()
    if not (sees or may_review(request.user, draft)):
        raise Http404
    return draft


@login_required
def draft_detail(request, pk, form=None, status=200, text_form=None):
    draft = _load(request, pk)
    versions = list(
        Draft.objects.filter(
            programme=draft.programme_id, unit=draft.unit_id, period=draft.period, language=draft.language
        )
        .only("pk", "version", "created_at")
        .order_by("-version")
    )
    previous = next((v for v in versions if v.version < draft.version), None)
    compare = request.GET.get("compare")
    if compare:
        previous = next((v for v in versions if str(v.pk) == compare), previous)
    text_changes, figure_changes = ([], [])
    if previous is not None:
        previous = Draft.objects.get(pk=previous.pk)
        text_changes, figure_changes = diff(previous, draft)
    comments = {}
    for comment in draft.comments.select_related("user"):
        comments.setdefault(comment.target, []).append(comment)
    may_issue = can_issue(request.user, draft.unit)
    can_comment = may_issue or may_review(request.user, draft)
    latest = versions[0].version if versions else draft.version
    can_edit = draft.version == latest and request.access.can(Do.EDIT_REPORT_TEXT, draft.unit)
    if can_edit and text_form is None:
        kept = free_text(draft)
        text_form = FreeTextForm(initial={"limitations": kept.get("II", ""), "tasks": kept.get("III", "")})
    context = {
        "may_issue": may_issue and draft.version == versions[0].version,
        "draft": draft,
        "versions": versions,
        "previous": previous,
        "text_changes": text_changes,
        "figure_changes": figure_changes,
        "comments": comments,
        "sections": [
            {**s, "lines": section_lines(s), "comments": comments.get(f"section:{s['key']}", [])}
            for s in draft.sections
        ],
        "figures": [
            (code, name, figure, comments.get(f"figure:{code}", []))
            for code, (name, figure) in sorted(draft.figures.items())
        ],
        "can_comment": can_comment,
        "form": form or (CommentForm(draft=draft) if can_comment else None),
        "text_form": text_form if can_edit else None,
    }
    return render(request, "reports/draft.html", context, status=status)


@login_required
@require_POST
def draft_comment(request, pk):
    draft = _load(request, pk)
    if not (may_review(request.user, draft) or can_issue(request.user, draft.unit)):
        return HttpResponse(_("Only the reviewers and the secretariat may comment on this draft."), status=403)
    form = CommentForm(request.POST, draft=draft)
    if not form.is_valid():
        return draft_detail(request, pk, form=form, status=400)
    DraftComment.objects.create(draft=draft, user=request.user, **form.cleaned_data)
    messages.success(request, _("Comment added."))
    return redirect("reports:draft", pk=draft.pk)


@login_required
@require_POST
def draft_text(request, pk):
    """The secretariat edits the free text of II and III; the draft's next
    version carries it (figures and computed text unchanged)."""
    draft = _load(request, pk)
    if not request.access.can(Do.EDIT_REPORT_TEXT, draft.unit):
        return HttpResponse(_("Only the secretariat of this unit may edit the text of its report."), status=403)
    form = FreeTextForm(request.POST)
    if not form.is_valid():
        return draft_detail(request, pk, status=400, text_form=form)
    try:
        edited = edit_free_text(
            draft,
            limitations=form.cleaned_data["limitations"],
            tasks=form.cleaned_data["tasks"],
            acting_user=request.user,
        )
    except StaleDraft:
        messages.error(request, _("A newer version of this draft exists: nothing was saved; edit the newest one."))
        return redirect("reports:draft", pk=draft.pk)
    messages.success(request, _("The text was saved as version %(v)s; its reviewers get it.") % {"v": edited.version})
    return redirect("reports:draft", pk=edited.pk)
