"""Sending reminders: an inbox notice for each recipient, and an email for
those who want email, at most one per day per kind; the others wait for
the weekly digest.

A notice is also the sent-log: (user, kind, record key) is unique, so a
second run on the same day (or any later day, for the same stage of the
same record) sends nothing again. ``run()`` is what ``steerco remind`` and
a scheduled job call.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.utils import translation

from steerco.units.models import Unit

from . import summary, texts
from .digest import Digest, digests, mark_digested
from .models import Channel, Notice, Preference
from .reminders import Reminder, due_reminders

log = logging.getLogger(__name__)


@dataclass
class Delivery:
    reminder: Reminder
    user: object
    emailed: bool


@dataclass
class Outcome:
    today: date
    dry_run: bool
    sent: list[Delivery] = field(default_factory=list)
    skipped: int = 0  # already sent earlier
    digests: list[Delivery] = field(default_factory=list)

    @property
    def emails(self) -> int:
        return sum(d.emailed for d in self.sent + self.digests)


def run(today: date, *, dry_run: bool = False, digest: bool | None = None, progress: Callable | None = None) -> Outcome:
    """Send what is due on ``today``, and the weekly digest of the
    programmes whose digest weekday it is (``digest=True``: of every
    programme, today; ``digest=False``: no digest)."""
    progress = progress or (lambda message: None)
    reminders = due_reminders(today)
    progress(summary.due(len(reminders), today))
    outcome = Outcome(today, dry_run)
    _deliver(reminders, outcome)
    if digest is not False:
        for reminder in digests(today, every_programme=bool(digest), reminders=reminders):
            _deliver([reminder], outcome, into=outcome.digests)
    return outcome


def deliver(reminders: list[Reminder], today: date) -> Outcome:
    """Send these reminders now (inbox, and email for those who want it),
    each (user, kind, key) once: what another app sends at once, e.g. a
    conclusion notice."""
    outcome = Outcome(today, False)
    _deliver(reminders, outcome)
    return outcome


def _deliver(reminders: list[Reminder], outcome: Outcome, into: list | None = None) -> None:
    into = outcome.sent if into is None else into
    user_ids = {u for r in reminders for u in r.recipients}
    users = get_user_model().objects.in_bulk(user_ids)
    prefs = {p.user_id: p for p in Preference.objects.filter(user_id__in=user_ids)}
    keys = {r.key for r in reminders}
    sent = set(Notice.objects.filter(user_id__in=user_ids, key__in=keys).values_list("user_id", "kind", "key"))
    emailed_today = set(
        Notice.objects.filter(user_id__in=user_ids, sent_on=outcome.today, emailed=True).values_list("user_id", "kind")
    )
    scope = _Scope(users, {r.unit.pk for r in reminders if r.unit is not None})
    for reminder in reminders:
        for user in scope.readers(reminder.unit, reminder.recipients):
            if (user.pk, reminder.kind, reminder.key) in sent:
                outcome.skipped += 1
                continue
            pref = prefs.get(user.pk) or Preference(user=user)
            wants_email = pref.channel == Channel.EMAIL and bool(user.email)
            email = wants_email and (user.pk, reminder.kind) not in emailed_today
            if not outcome.dry_run:
                email = _send(reminder, user, pref, email, outcome.today, for_digest=wants_email and not email)
                if email is None:
                    outcome.skipped += 1
                    continue
            if email:
                emailed_today.add((user.pk, reminder.kind))
            sent.add((user.pk, reminder.kind, reminder.key))
            into.append(Delivery(reminder, user, email))


class _Scope:
    """Only recipients whose scope covers the unit (``visible_to``): a
    reminder never names a record its reader may not open. One query per
    recipient. (A digest is built from each reader's own scope.)"""

    def __init__(self, users: dict, unit_ids: set[int]) -> None:
        self.users = users
        self.visible = {
            pk: set(Unit.objects.visible_to(user).filter(pk__in=unit_ids).values_list("pk", flat=True))
            for pk, user in users.items()
        }

    def readers(self, unit: Unit | None, recipients: list[int]) -> list:
        users = [self.users[u] for u in recipients if u in self.users]
        if unit is None:
            return users
        return [u for u in users if unit.pk in self.visible[u.pk]]


def _send(reminder: Reminder, user, pref: Preference, email: bool, today: date, *, for_digest: bool) -> bool | None:
    """Keep the notice, then email it if ``email``; whether it was emailed,
    or None if another run kept it first."""
    link = f"{settings.STEERCO_BASE_URL}{reminder.url}"
    with translation.override(pref.language or settings.LANGUAGE_CODE):
        subject, body = texts.subject(reminder), texts.body(reminder, link)
    try:
        with transaction.atomic():
            notice = Notice.objects.create(
                user=user,
                kind=reminder.kind,
                key=reminder.key,
                unit=reminder.unit,
                programme_id=reminder.programme_id,
                subject=subject,
                body=body,
                url=reminder.url,
                sent_on=today,
                emailed=False,
                for_digest=for_digest,
            )
            if isinstance(reminder, Digest):
                mark_digested(reminder.pending_ids)
    except IntegrityError:  # a run at the same time sent it first
        return None
    if not email:
        return False
    try:
        EmailMessage(subject, body, to=[user.email], connection=get_connection()).send()
    except OSError:  # SMTP down: the notice stays in the inbox and goes into the digest
        log.exception("reminder email to %s failed", user.pk)
        Notice.objects.filter(pk=notice.pk).update(for_digest=True)
        return False
    Notice.objects.filter(pk=notice.pk).update(emailed=True)
    return True
