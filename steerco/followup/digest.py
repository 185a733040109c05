"""The weekly digest: for each secretariat, the exceptions of its subtree
(reports overdue or waiting for approval, remediation actions overdue,
findings overdue or with no update), and for anyone, the reminders that
were not emailed because of the daily limit.

Each programme chooses the day of the week its exceptions and held-back
reminders go out (``ReminderPolicy.digest_weekday``, Monday by default);
a finding or notice of no programme goes out on Mondays. A user gets at
most one digest a day, holding whatever is due that day."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.contrib.auth import get_user_model
from django.urls import reverse

from steerco.accounts.models import Role
from steerco.findings.models import Finding
from steerco.findings.services.exceptions import exception_list
from steerco.units.models import Unit

from .models import MONDAY, Notice, NoticeKind
from .reminders import Policies, Reminder, due_reminders

DIGEST_WEEKDAY = MONDAY  # the default; each programme may choose another
EXCEPTION_KINDS = (
    NoticeKind.REPORT_OVERDUE,
    NoticeKind.APPROVAL,
    NoticeKind.ACTION_OVERDUE,
    NoticeKind.FINDING_STALE,
)


@dataclass
class Digest(Reminder):
    lines: list[Reminder] = field(default_factory=list)
    findings: list = field(default_factory=list)  # FindingException rows
    pending: list[str] = field(default_factory=list)  # subjects not emailed
    pending_ids: list[int] = field(default_factory=list)  # their notices


def digest_key(today: date) -> str:
    return f"digest:{today.isoformat()}"


class DigestDays:
    """Whether a programme's digest goes out on ``today`` (always, when
    ``every_programme``)."""

    def __init__(self, today: date, every_programme: bool = False) -> None:
        self.weekday = today.weekday()
        self.every_programme = every_programme
        self.policies = Policies()

    def __call__(self, programme_id: int | None) -> bool:
        return self.every_programme or self.policies.of(programme_id).digest_weekday == self.weekday

    @property
    def any(self) -> bool:
        return self.every_programme or self.policies.any_digest_on(self.weekday)


def digests(today: date, *, every_programme: bool = False, reminders: list[Reminder] | None = None) -> list[Digest]:
    """One digest per user who has something in it today, scoped to what
    they see: the exceptions of the programmes whose digest weekday is
    today (of all programmes with ``every_programme``), and the reminders
    of those programmes held back by the daily email limit. ``reminders``:
    today's ``due_reminders``, if already read."""
    due_today = DigestDays(today, every_programme)
    if not due_today.any:
        return []
    User = get_user_model()
    secretariat_ids = set(
        User.objects.filter(is_active=True, memberships__role=Role.SECRETARIAT).values_list("pk", flat=True)
    )
    pending_by_user: dict[int, list[tuple[int, str]]] = {}
    held_back = Notice.objects.filter(for_digest=True).order_by("sent_on", "pk")
    for pk, user_id, programme_id, subject in held_back.values_list("pk", "user_id", "programme_id", "subject"):
        if due_today(programme_id):
            pending_by_user.setdefault(user_id, []).append((pk, subject))
    reminders = due_reminders(today) if reminders is None else reminders
    exceptions = [r for r in reminders if r.kind in EXCEPTION_KINDS and due_today(r.programme_id)]
    out = []
    for user in User.objects.filter(pk__in=secretariat_ids | set(pending_by_user)).order_by("pk"):
        digest = Digest(NoticeKind.DIGEST, digest_key(today), None, "", reverse("followup:inbox"), today)
        digest.recipients = [user.pk]
        if user.pk in secretariat_ids:
            subtree = Unit.objects.visible_to(user, roles=[Role.SECRETARIAT])
            paths = set(subtree.values_list("path", flat=True))
            digest.lines = [r for r in exceptions if r.unit.path in paths]
            digest.findings = [
                e
                for e in exception_list(Finding.objects.in_units(subtree), today)
                if "overdue" in e.reasons and due_today(e.finding.programme_id)
            ]
        pending = pending_by_user.get(user.pk, [])
        digest.pending_ids = [pk for pk, _subject in pending]
        digest.pending = [subject for _pk, subject in pending]
        if digest.lines or digest.findings or digest.pending:
            out.append(digest)
    return out


def mark_digested(notice_ids: list[int]) -> None:
    Notice.objects.filter(pk__in=notice_ids).update(for_digest=False)
