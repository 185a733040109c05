"""Raising an item, and moving items and conclusions through ``flow``.

Every change goes through here (pages, API, demo alike): the user's right,
the move in ``flow.MOVES``, the dates, then one save with the user and a
reason so simple-history audits it. A refusal raises ``Refused`` with the
user's message and writes nothing.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from steerco.audit.history import stamp
from steerco.findings.models import Finding, FindingSource
from steerco.lib.periods import Period
from steerco.programmes.models import Task, TaskKind
from steerco.reports.wording import next_period

__all__ = ["Refused", "accept", "answer", "assign", "dispute", "may", "raise_item", "to_finding", "to_task"]

from steerco.lib.numbers import fmt_day

from .. import access, flow
from ..models import Conclusion, Item, Status
from . import attachments
from .errors import Refused


def _today(on: date | None) -> date:
    today = timezone.localdate()
    on = on or today
    if on > today:
        raise Refused(_("The date cannot be in the future."))
    return on


def _messages(err: ValidationError) -> str:
    return " ".join(m for messages in err.message_dict.values() for m in messages)


def raise_item(*, acting_user, files=(), on: date | None = None, **data) -> Item:
    """Record a difficulty or proposal of ``data["raised_by"]`` with its
    attachments, all or nothing."""
    on = _today(on)
    unit = data.get("raised_by")
    if unit is None or not access.can_raise(acting_user, unit):
        raise Refused(_("You may not raise items for this unit."))
    try:
        Period.parse(data.get("period") or "")
    except ValueError:
        raise Refused(_("“%(p)s” is not a period, e.g. 2023-H1.") % {"p": data.get("period")}) from None
    item = Item(raised_on=on, raised_by_user=acting_user, status=Status.RAISED, **data)
    try:
        item.full_clean()
    except ValidationError as err:
        raise Refused(_messages(err)) from None
    for upload in files:
        attachments.check(upload)  # every file before anything is written
    stored = []
    try:
        with transaction.atomic():
            stamp(item, acting_user=acting_user, reason="raised")
            item.save()
            for upload in files:
                stored.append(attachments.store(item, upload, acting_user=acting_user))
    except Exception:
        for a in stored:
            a.file.delete(save=False)
        raise
    return item


def _level(obj):
    return obj.addressed_to if isinstance(obj, Item) else obj.meeting.convened_by


def may(obj, action: str, user) -> bool:
    """Whether ``user`` may take ``action`` on an item or a conclusion (the
    state decides separately, in ``flow``)."""
    if action == flow.Action.ASSIGN:
        return access.is_secretariat(user, _level(obj))
    if action == flow.Action.ANSWER:
        return access.can_answer(user, obj, _level(obj))
    if isinstance(obj, Item):
        return access.can_settle_item(user, obj)
    return access.is_secretariat(user, _level(obj))  # a conclusion is settled by the meeting's secretariat


def _move(obj, action: str, user, note: str, change) -> Item | Conclusion:
    with transaction.atomic():
        obj = type(obj).objects.select_for_update().get(pk=obj.pk)
        try:
            to = flow.next_state(obj.status, action)
        except flow.NotAllowed:
            raise Refused(
                _("This cannot be done while it is “%(state)s”.") % {"state": Status(obj.status).label}
            ) from None
        if not may(obj, action, user):
            raise Refused(_("You may not do this for this item."))
        previous = obj.status
        change(obj)
        obj.status = to
        stamp(obj, acting_user=user, reason=(f"{previous} → {to}: {note}" if note else f"{previous} → {to}"))
        obj.save()
    return obj


def assign(obj, *, acting_user, deadline: date, body_unit=None, body_name: str = "", on: date | None = None):
    on = _today(on)
    body_name = (body_name or "").strip()
    if body_unit is None and not body_name:
        raise Refused(_("Name the body that answers: a unit, or its name."))
    if deadline is None or deadline < on:
        raise Refused(_("The deadline cannot be before the day it is assigned."))

    def change(o):
        o.body_unit, o.body_name = body_unit, "" if body_unit else body_name
        o.deadline, o.assigned_on = deadline, on

    return _move(obj, flow.Action.ASSIGN, acting_user, body_unit.code if body_unit else body_name, change)


def answer(obj, *, acting_user, text: str, on: date | None = None):
    on = _today(on)
    text = (text or "").strip()
    if not text:
        raise Refused(_("Write the answer."))
    if obj.assigned_on and on < obj.assigned_on:
        raise Refused(_("The answer cannot be dated before the item was assigned."))

    def change(o):
        o.answer, o.answered_on, o.answered_by = text, on, acting_user
        o.first_answered_on = o.first_answered_on or on

    return _move(obj, flow.Action.ANSWER, acting_user, "", change)


def accept(obj, *, acting_user, on: date | None = None):
    on = _today(on)

    def change(o):
        o.resolved_on = on

    return _move(obj, flow.Action.ACCEPT, acting_user, "", change)


def dispute(obj, *, acting_user, reason: str, on: date | None = None):
    on = _today(on)
    reason = (reason or "").strip()
    if not reason:
        raise Refused(_("Say why it is still unresolved."))

    def change(o):
        o.dispute_reason, o.disputed_on = reason, on

    return _move(obj, flow.Action.DISPUTE, acting_user, reason, change)


def to_finding(item: Item, *, acting_user, on: date | None = None) -> Finding:
    """The item becomes a finding of the unit that raised it (source:
    steering committee), linked both ways; once."""
    on = _today(on)
    if not access.is_secretariat(acting_user, item.addressed_to):
        raise Refused(_("Only the secretariat of the level addressed may do this."))
    with transaction.atomic():
        item = Item.objects.select_for_update().get(pk=item.pk)
        if item.finding_id:
            raise Refused(_("This item has already become a finding."))
        finding = Finding(
            owner=item.raised_by,
            title=item.subject[:300],
            description=item.text,
            source=FindingSource.STEERING,
            source_ref=_("Item %(pk)s raised on %(day)s") % {"pk": item.pk, "day": fmt_day(item.raised_on)},
            programme=item.programme,
            task_group=item.task_group,
            indicator=item.indicator,
            identified_on=on,
            created_by=acting_user,
        )
        stamp(finding, acting_user=acting_user)
        finding.save()
        item.finding = finding
        stamp(item, acting_user=acting_user, reason=f"became finding {finding.pk}")
        item.save()
    return finding


def to_task(item: Item, *, acting_user, group=None) -> Task:
    """The item becomes a task of the next period's plan, in its task group
    (or ``group``), led by the answering body or else the raising unit."""
    if not access.is_secretariat(acting_user, item.addressed_to):
        raise Refused(_("Only the secretariat of the level addressed may do this."))
    group = group or item.task_group
    if group is None or group.programme_id != item.programme_id:
        raise Refused(_("Choose a task group of the programme for the task."))
    due = next_period(Period.parse(item.period)).code
    with transaction.atomic():
        item = Item.objects.select_for_update().get(pk=item.pk)
        if item.task_id:
            raise Refused(_("This item is already a task of the plan."))
        code = f"KN{item.pk}"
        task = Task.objects.create(
            group=group,
            code=code,
            kind=TaskKind.TASK,
            name_vi=item.subject,
            name_en=item.subject,
            lead_unit=item.body_unit or item.raised_by,
            due=due,
            sort_order=1000 + item.pk,
        )
        item.task = task
        stamp(item, acting_user=acting_user, reason=f"became task {group.code}.{code} ({due})")
        item.save()
    return task
