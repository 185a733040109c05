"""Difficulties and proposals: the list with the roll-up per level, raising
one, one item with its answer and the moves the user may make."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from steerco.indicators.records import read_filter
from steerco.lib.errors import Refused as ReadRefused
from steerco.units.models import Unit

from .. import access, computed, flow, summary
from ..forms import AnswerForm, AssignForm, DisputeForm, FileForm, ItemFilter, RaiseForm
from ..models import Attachment, Item
from ..services import attachments, items
from ..services.errors import Refused
from .common import answer_move, attempt, load_item

PAGE_SIZE = 50


def _filtered(request):
    """The items the filter asks for; with a figure's filter (programme,
    indicator, unit, period: the link from its source page) only those the
    figure counts, under the programme's reporting window."""
    visible = Unit.objects.visible_to(request.user)
    form = ItemFilter(request.GET or None, units=visible)
    qs = Item.objects.in_units(visible)
    form.counted_by, form.refused = None, ""
    try:
        form.counted_by = read_filter(request.GET, visible, computed.KEYS)
    except ReadRefused:
        form.refused = _(
            "This link does not name a figure counted from the difficulties and proposals within your scope."
        )
        return form, qs.none()
    if form.counted_by is not None:
        by = form.counted_by
        return form, computed.counted_items(qs, by.key, by.unit, by.span)
    if not form.is_valid() and "unit" in form.errors:
        qs = qs.none()  # a unit outside the scope narrows to nothing
    if form.is_valid():
        data = form.cleaned_data
        if data["unit"]:
            qs = qs.filter(raised_by__path__startswith=data["unit"].path)
        state = data["state"]
        if state == "open":
            qs = qs.filter(status__in=flow.OPEN)
        elif state == "overdue":
            qs = qs.filter(summary.overdue_q(timezone.localdate()))
        elif state:
            qs = qs.filter(status=state)
        if data["period"]:
            qs = qs.filter(period=data["period"].code)
        if data["q"]:
            qs = qs.filter(Q(subject__icontains=data["q"]) | Q(text__icontains=data["q"]))
    return form, qs


@login_required
def item_list(request):
    form, qs = _filtered(request)
    today = timezone.localdate()
    levels = summary.by_level(qs, today)
    ordered = qs.select_related("raised_by", "addressed_to", "body_unit").order_by("raised_on", "pk")
    page = Paginator(ordered, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "proposals/item_list.html",
        {
            "form": form,
            "levels": levels,
            "total": summary.totals(levels),
            "page": page,
            "query": query.urlencode(),
            "today": today,
            "can_raise": access.can_record_any(request.user),
            "counted_by": form.counted_by,
            "refused": form.refused,
        },
    )


@login_required
def item_create(request):
    initial = {k: request.GET[k] for k in ("period", "kind") if k in request.GET}
    visible = Unit.objects.visible_to(request.user)
    if "unit" in request.GET:
        unit = visible.filter(code=request.GET["unit"]).first()
        if unit is not None:
            initial["raised_by"] = unit.pk
            if unit.parent_id:
                initial["addressed_to"] = unit.parent_id
    if "programme" in request.GET:
        initial["programme"] = request.GET["programme"]
    form = RaiseForm(request.POST or None, request.FILES or None, user=request.user, initial=initial)
    if request.method == "POST":
        if form.is_valid():
            try:
                item = items.raise_item(**form.data_for_service(), acting_user=request.user)
            except Refused as err:
                messages.error(request, str(err))
            else:
                messages.success(request, _("Raised: %(subject)s") % {"subject": item.subject})
                return redirect("proposals:detail", pk=item.pk)
        else:
            messages.error(request, _("Please correct the marked fields."))
    return render(request, "proposals/item_form.html", {"form": form})


def moves_for(item: Item, user) -> list[str]:
    """The actions the user may take on the item now."""
    return [a for a in flow.actions_from(item.status) if items.may(item, a, user)]


@login_required
def item_detail(request, pk):
    item = load_item(request, pk)
    user = request.user
    return render(
        request,
        "proposals/item_detail.html",
        {
            "item": item,
            "moves": moves_for(item, user),
            "assign_form": AssignForm(level=item.addressed_to, initial={"deadline": item.deadline}),
            "answer_form": AnswerForm(),
            "dispute_form": DisputeForm(),
            "file_form": FileForm(),
            "attachments": list(item.attachments.all()),
            "conclusions": list(item.conclusions.select_related("meeting")),
            "history": item.history.select_related("history_user").order_by("-history_date")[:50],
            "can_attach": access.can_raise(user, item.raised_by) or access.can_assign(user, item),
            "can_convert": access.can_assign(user, item),
            "overdue": item.is_overdue(timezone.localdate()),
        },
    )


@login_required
@require_POST
def item_move(request, pk):
    item = load_item(request, pk)

    def assign():
        form = AssignForm(request.POST, level=item.addressed_to)

        def call():
            d = form.cleaned_data
            return items.assign(
                item,
                deadline=d["deadline"],
                body_unit=d["body_unit"],
                body_name=d["body_name"],
                acting_user=request.user,
            )

        return form, call

    return answer_move(request, item, then=redirect("proposals:detail", pk=item.pk), extra={flow.Action.ASSIGN: assign})


@login_required
@require_POST
def item_attach(request, pk):
    item = load_item(request, pk)
    form = FileForm(request.POST, request.FILES)
    return attempt(
        request,
        lambda: attachments.attach(item, form.cleaned_data["file"], acting_user=request.user),
        refused=(Refused,),
        done=lambda a: _("Attached: %(name)s") % {"name": a.original_name},
        then=redirect("proposals:detail", pk=item.pk),
        form=form,
        invalid=_("Choose a file."),
    )


@login_required
@require_POST
def item_convert(request, pk):
    item = load_item(request, pk)
    into = request.POST.get("into")
    if into == "finding":

        def call():
            return items.to_finding(item, acting_user=request.user)

        done = _("It is now a finding.")
    elif into == "task":

        def call():
            return items.to_task(item, acting_user=request.user)

        done = _("It is now a task of the next period's plan.")
    else:
        raise Http404
    return attempt(request, call, refused=(Refused,), done=done, then=redirect("proposals:detail", pk=item.pk))


@login_required
def attachment_download(request, pk):
    visible = Item.objects.visible_to(request.user)
    attachment = get_object_or_404(Attachment.objects.filter(item__in=visible), pk=pk)
    return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.original_name)
