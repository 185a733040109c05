"""Overdue answers and overdue meeting conclusions, as a reminder source of
``followup`` (registered from ``AppConfig.ready()``): each overdue record is
reminded once per deadline, to the answering body and the secretariat of
the level that assigned it (``followup.delivery`` keeps the sent-log)."""

from __future__ import annotations

from datetime import date

from django.urls import reverse
from django.utils.translation import gettext as _

from steerco.accounts.models import Role
from steerco.followup.models import NoticeKind
from steerco.followup.recipients import Holders
from steerco.followup.reminders import Reminder, source

from .flow import WAITING
from .models import Conclusion, Item


def _recipients(holders: Holders, body_unit, level) -> list[int]:
    users = holders.nearest(level.path, Role.SECRETARIAT)
    if body_unit is not None:
        users = holders.responsible(body_unit.path, (Role.REPORTER,)) + users
    return list(dict.fromkeys(users))


def _item_subject(w: dict) -> str:
    return _("Answer overdue: %(what)s") % w


def _item_body(w: dict) -> str:
    return (
        _("The answer to “%(what)s”, assigned to %(unit)s, was due on %(day)s (%(days)s days late). Answer it here:")
        % w
    )


def _conclusion_subject(w: dict) -> str:
    return _("Conclusion overdue: %(what)s") % w


def _conclusion_body(w: dict) -> str:
    return (
        _(
            "The meeting conclusion “%(what)s”, for %(unit)s, was due on %(day)s (%(days)s days late). "
            "Report on it here:"
        )
        % w
    )


@source
def overdue(today: date, holders: Holders) -> list[Reminder]:
    out = []
    items = (
        Item.objects.filter(status__in=WAITING, deadline__lt=today)
        .select_related("body_unit", "addressed_to")
        .order_by("deadline", "pk")
    )
    for item in items:
        unit = item.body_unit or item.addressed_to
        out.append(
            Reminder(
                NoticeKind.PROPOSAL_OVERDUE,
                f"proposal:{item.pk}:{item.deadline.isoformat()}:late",
                unit,
                item.subject[:120],
                reverse("proposals:detail", kwargs={"pk": item.pk}),
                item.deadline,
                (today - item.deadline).days,
                _recipients(holders, item.body_unit, item.addressed_to),
                item.programme_id,
                (_item_subject, _item_body),
            )
        )
    conclusions = (
        Conclusion.objects.filter(status__in=WAITING, deadline__lt=today)
        .select_related("body_unit", "meeting__convened_by")
        .order_by("deadline", "pk")
    )
    for c in conclusions:
        level = c.meeting.convened_by
        out.append(
            Reminder(
                NoticeKind.CONCLUSION_OVERDUE,
                f"conclusion:{c.pk}:{c.deadline.isoformat()}:late",
                c.body_unit or level,
                c.text[:120],
                reverse("proposals:meeting", kwargs={"pk": c.meeting_id}),
                c.deadline,
                (today - c.deadline).days,
                _recipients(holders, c.body_unit, level),
                c.meeting.programme_id,
                (_conclusion_subject, _conclusion_body),
            )
        )
    return out
