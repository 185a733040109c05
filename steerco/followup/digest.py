"""The weekly digest: for each secretariat, the exceptions of its subtree
(reports overdue or waiting for approval, remediation actions overdue,
findings overdue or with no update), and for anyone, the reminders that
were not emailed because of the daily limit."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.contrib.auth import get_user_model
from django.urls import reverse

from steerco.accounts.models import Role
from steerco.findings.models import Finding
from steerco.findings.services.exceptions import exception_list
from steerco.units.models import Unit

from .models import Notice, NoticeKind
from .reminders import Reminder, due_reminders

DIGEST_WEEKDAY = 0  # Monday
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


def week_key(today: date) -> str:
    year, week, _day = today.isocalendar()
    return f"digest:{year}-W{week:02d}"


def digests(today: date) -> list[Digest]:
    """One digest per user who has something in it, scoped to what they see."""
    User = get_user_model()
    secretariat_ids = set(
        User.objects.filter(is_active=True, memberships__role=Role.SECRETARIAT).values_list("pk", flat=True)
    )
    pending_ids = set(Notice.objects.filter(for_digest=True).values_list("user_id", flat=True))
    exceptions = [r for r in due_reminders(today) if r.kind in EXCEPTION_KINDS]
    out = []
    for user in User.objects.filter(pk__in=secretariat_ids | pending_ids).order_by("pk"):
        digest = Digest(NoticeKind.DIGEST, week_key(today), None, "", reverse("followup:inbox"), today)
        digest.recipients = [user.pk]
        if user.pk in secretariat_ids:
            subtree = Unit.objects.visible_to(user, roles=[Role.SECRETARIAT])
            paths = set(subtree.values_list("path", flat=True))
            digest.lines = [r for r in exceptions if r.unit.path in paths]
            digest.findings = [
                e for e in exception_list(Finding.objects.in_units(subtree), today) if "overdue" in e.reasons
            ]
        digest.pending = list(
            Notice.objects.filter(user=user, for_digest=True)
            .order_by("sent_on", "pk")
            .values_list("subject", flat=True)
        )
        if digest.lines or digest.findings or digest.pending:
            out.append(digest)
    return out


def mark_digested(user) -> None:
    Notice.objects.filter(user=user, for_digest=True).update(for_digest=False)
