"""Meetings: the list and recording one, one meeting with its brief and
conclusions, the conclusion notice."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import access, flow
from ..forms import AnswerForm, ConclusionForm, DisputeForm, MeetingForm
from ..models import Conclusion, Meeting
from ..services import items, meetings
from ..services.errors import Refused
from .common import answer_move, attempt, load_meeting

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


@login_required
def meeting_list(request):
    form = MeetingForm(request.POST or None, user=request.user)
    if request.method == "POST":
        if form.is_valid():
            d = form.cleaned_data
            try:
                meeting = meetings.create_meeting(
                    programme=d["programme"],
                    convened_by=d["convened_by"],
                    held_on=d["held_on"],
                    attending=d["attending"],
                    title=d["title"],
                    decisions=d["decisions"],
                    acting_user=request.user,
                )
            except Refused as err:
                messages.error(request, str(err))
            else:
                messages.success(request, _("Meeting recorded."))
                return redirect("proposals:meeting", pk=meeting.pk)
        else:
            messages.error(request, _("Please correct the marked fields."))
    listed = Meeting.objects.visible_to(request.user).select_related("programme", "convened_by").order_by("-held_on")
    return render(
        request,
        "proposals/meeting_list.html",
        {"meetings": listed[:100], "form": form, "can_record": access.can_record_any(request.user)},
    )


def conclusion_moves(conclusion: Conclusion, user) -> list[str]:
    return [a for a in flow.actions_from(conclusion.status) if items.may(conclusion, a, user)]


@login_required
def meeting_detail(request, pk):
    meeting = load_meeting(request, pk)
    user = request.user
    today = timezone.localdate()
    conclusions = [
        (c, conclusion_moves(c, user), c.is_overdue(today))
        for c in meeting.conclusions.select_related("body_unit", "item")
    ]
    secretariat = access.is_secretariat(user, meeting.convened_by)
    return render(
        request,
        "proposals/meeting_detail.html",
        {
            "meeting": meeting,
            "attending": list(meeting.attending.order_by("path")),
            "conclusions": conclusions,
            "secretariat": secretariat,
            "conclusion_form": ConclusionForm(level=meeting.convened_by) if secretariat else None,
            "answer_form": AnswerForm(),
            "dispute_form": DisputeForm(),
        },
    )


def _document(request, pk, fmt, build, name):
    meeting = load_meeting(request, pk)
    if fmt not in CONTENT_TYPES:
        raise Http404
    language = request.GET.get("language") or get_language() or "vi"
    language = language if language in ("vi", "en") else "vi"
    content = meetings.render_document(build(meeting, language), fmt)
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}-{meeting.held_on:%Y-%m-%d}.{fmt}"'
    return response


@login_required
def meeting_brief(request, pk, fmt):
    return _document(request, pk, fmt, meetings.brief_document, "bao-cao-tom-tat")


@login_required
def meeting_notice(request, pk, fmt):
    return _document(request, pk, fmt, meetings.notice_document, "thong-bao-ket-luan")


@login_required
@require_POST
def conclusion_add(request, pk):
    meeting = load_meeting(request, pk)
    form = ConclusionForm(request.POST, level=meeting.convened_by)

    def call():
        d = form.cleaned_data
        return meetings.add_conclusion(
            meeting,
            text=d["text"],
            deadline=d["deadline"],
            body_unit=d["body_unit"],
            body_name=d["body_name"],
            acting_user=request.user,
        )

    return attempt(
        request,
        call,
        refused=(Refused,),
        done=_("Conclusion recorded."),
        then=redirect("proposals:meeting", pk=meeting.pk),
        form=form,
        invalid=_("Please fill in the form."),
    )


@login_required
@require_POST
def send_notice(request, pk):
    meeting = load_meeting(request, pk)
    return attempt(
        request,
        lambda: meetings.send_notice(meeting, acting_user=request.user),
        refused=(Refused,),
        done=lambda r: _("Conclusion notice sent to %(n)s people.") % {"n": len(r[1].sent)},
        then=redirect("proposals:meeting", pk=meeting.pk),
    )


@login_required
@require_POST
def conclusion_move(request, pk):
    visible = Conclusion.objects.visible_to(request.user).select_related("meeting")
    conclusion = get_object_or_404(visible, pk=pk)
    return answer_move(request, conclusion, then=redirect("proposals:meeting", pk=conclusion.meeting_id))
