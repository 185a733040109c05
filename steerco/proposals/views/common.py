"""Loading items and meetings through the user's scope (404 when not
visible: their existence is not revealed), and the moves an item and a
meeting's conclusion share."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from steerco.findings.views.common import attempt

from .. import flow
from ..forms import AnswerForm, DisputeForm
from ..models import Item, Meeting, Status
from ..services import items
from ..services.errors import Refused


def load_item(request, pk: int) -> Item:
    qs = Item.objects.visible_to(request.user).select_related(
        "raised_by", "addressed_to", "body_unit", "programme", "task_group", "indicator", "finding", "task"
    )
    return get_object_or_404(qs, pk=pk)


def load_meeting(request, pk: int) -> Meeting:
    return get_object_or_404(Meeting.objects.visible_to(request.user).select_related("convened_by", "programme"), pk=pk)


def answer_move(request, thing, *, then, extra=None):
    """Answer, dispute or accept an item or a conclusion: the moves both
    share. `extra` maps further actions to (form, call) makers."""
    action = request.POST.get("action", "")
    user = request.user
    form = None
    if extra and action in extra:
        form, call = extra[action]()
    elif action == flow.Action.ANSWER:
        form = AnswerForm(request.POST)

        def call():
            return items.answer(thing, text=form.cleaned_data["text"], acting_user=user)
    elif action == flow.Action.DISPUTE:
        form = DisputeForm(request.POST)

        def call():
            return items.dispute(thing, reason=form.cleaned_data["reason"], acting_user=user)
    elif action == flow.Action.ACCEPT:

        def call():
            return items.accept(thing, acting_user=user)
    else:
        raise Http404
    return attempt(
        request,
        call,
        refused=(Refused,),
        done=lambda t: _("Now: %(state)s.") % {"state": Status(t.status).label},
        then=then,
        form=form,
        invalid=_("Please fill in the form."),
    )
