"""What is due or overdue on a given day, and who should hear of it.

``due_reminders(today)`` reads the open reporting rounds, the remediation
actions and the findings once and returns one ``Reminder`` per record and
stage, with its recipients (``recipients.Holders``). It writes nothing; the
``delivery`` module sends them. Intervals come from each programme's
``ReminderPolicy`` (defaults when it has none).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.urls import reverse
from django.utils import timezone

from steerco.accounts.models import Role
from steerco.collection.models import RoundState, Submission
from steerco.findings.models import Finding, RemediationAction, Status
from steerco.indicators.models import ValueStatus
from steerco.units.models import Unit

from .models import NoticeKind, ReminderPolicy
from .recipients import Holders

OPEN_FINDING = (Status.OPEN, Status.IN_PROGRESS)


@dataclass
class Reminder:
    kind: str
    key: str  # the record and stage: sending it twice to one user is refused
    unit: Unit
    what: str  # the round ("01-CTr/TU 2023-H1"), action or finding
    url: str  # a path: the form or the record
    day: date | None  # the deadline, the submission or the last update
    days: int = 0  # days late or days left
    recipients: list[int] = field(default_factory=list)
    programme_id: int | None = None  # whose intervals and digest weekday apply
    # A registered source's own words: (subject, body) functions of the
    # ``texts.words`` dict, called in the recipient's language.
    texts: tuple[Callable[[dict], str], Callable[[dict], str]] | None = None


# Reminder sources of apps above this one (``source``), each a function
# ``fn(today, holders) -> list[Reminder]`` returning reminders with their
# recipients already chosen (``holders.responsible``).
SOURCES: list[Callable[[date, Holders], list[Reminder]]] = []


def source(fn: Callable[[date, Holders], list[Reminder]]) -> Callable[[date, Holders], list[Reminder]]:
    """Register a reminder source (from the app's ``AppConfig.ready()``)."""
    if fn not in SOURCES:
        SOURCES.append(fn)
    return fn


class Policies:
    """Each programme's intervals, read once; defaults for the rest."""

    def __init__(self) -> None:
        self._by_programme = {p.programme_id: p for p in ReminderPolicy.objects.all()}
        self._default = ReminderPolicy()

    def of(self, programme_id: int | None) -> ReminderPolicy:
        return self._by_programme.get(programme_id, self._default)

    def any_digest_on(self, weekday: int) -> bool:
        """Whether any programme (or the default) sends its digest on ``weekday``."""
        return any(p.digest_weekday == weekday for p in [self._default, *self._by_programme.values()])

    def shortest_stale_days(self) -> int:
        return min(p.finding_stale_days for p in [self._default, *self._by_programme.values()])


def due_reminders(today: date, holders: Holders | None = None) -> list[Reminder]:
    holders = holders or Holders()
    policies = Policies()
    reminders = _reports(today, policies) + _actions(today, policies) + _findings(today, policies)
    for r in reminders:
        overdue = r.kind in (NoticeKind.REPORT_OVERDUE, NoticeKind.ACTION_OVERDUE)
        roles = (Role.APPROVER,) if r.kind == NoticeKind.APPROVAL else (Role.REPORTER,)
        r.recipients = holders.responsible(r.unit.path, roles, overdue=overdue)
    for fn in SOURCES:
        reminders += fn(today, holders)
    return [r for r in reminders if r.recipients]


def _reports(today: date, policies: Policies) -> list[Reminder]:
    out = []
    submissions = (
        Submission.objects.filter(round__state=RoundState.OPEN)
        .exclude(status=ValueStatus.APPROVED)
        .select_related("round__programme", "unit")
        .order_by("round__deadline", "unit__path")
    )
    for s in submissions:
        policy = policies.of(s.round.programme_id)
        round_ = s.round
        what = f"{round_.programme.code} {round_.period}"
        url = reverse("collection:entry", kwargs={"pk": round_.pk, "code": s.unit.code})
        if s.status == ValueStatus.SUBMITTED:
            submitted = timezone.localdate(s.submitted_at) if s.submitted_at else today
            waited = (today - submitted).days
            if waited >= policy.approval_after_days:
                key = f"submission:{s.pk}:{submitted.isoformat()}"
                reminder = Reminder(NoticeKind.APPROVAL, key, s.unit, what, url, submitted, waited)
                out.append(_of(reminder, round_.programme_id))
            continue
        kinds = (NoticeKind.REPORT_DUE, NoticeKind.REPORT_OVERDUE)
        found = _by_deadline(
            kinds, f"submission:{s.pk}", s.unit, what, url, round_.deadline, today, policy.report_days_before
        )
        out += [_of(r, round_.programme_id) for r in found]
    return out


def _of(reminder: Reminder, programme_id: int | None) -> Reminder:
    reminder.programme_id = programme_id
    return reminder


def _by_deadline(kinds, key, unit, what, url, deadline: date, today: date, days_before: int) -> list[Reminder]:
    """A "due" reminder within ``days_before`` days of the deadline, an
    "overdue" one after it; each stage keyed by the deadline it is about."""
    due, late = kinds
    left = (deadline - today).days
    if left < 0:
        return [Reminder(late, f"{key}:{deadline.isoformat()}:late", unit, what, url, deadline, -left)]
    if left <= days_before:
        return [Reminder(due, f"{key}:{deadline.isoformat()}:due", unit, what, url, deadline, left)]
    return []


def _actions(today: date, policies: Policies) -> list[Reminder]:
    out = []
    actions = (
        RemediationAction.objects.filter(deadline__isnull=False, status__in=OPEN_FINDING)
        .select_related("owner", "finding")
        .order_by("deadline", "owner__path", "pk")
    )
    for a in actions:
        policy = policies.of(a.finding.programme_id)
        url = reverse("findings:detail", kwargs={"pk": a.finding_id})
        kinds = (NoticeKind.ACTION_DUE, NoticeKind.ACTION_OVERDUE)
        what = a.description[:120]
        found = _by_deadline(kinds, f"action:{a.pk}", a.owner, what, url, a.deadline, today, policy.action_days_before)
        out += [_of(r, a.finding.programme_id) for r in found]
    return out


def _findings(today: date, policies: Policies) -> list[Reminder]:
    out = []
    shortest = policies.shortest_stale_days()
    before = timezone.make_aware(datetime.combine(today - timedelta(days=shortest - 1), time.min))
    findings = (
        Finding.objects.filter(status__in=OPEN_FINDING, updated_at__lt=before)
        .select_related("owner")
        .order_by("owner__path", "pk")
    )
    for f in findings:
        last = timezone.localdate(f.updated_at)
        idle = (today - last).days
        if idle < policies.of(f.programme_id).finding_stale_days:
            continue
        key = f"finding:{f.pk}:{last.isoformat()}"
        url = reverse("findings:detail", kwargs={"pk": f.pk})
        reminder = Reminder(NoticeKind.FINDING_STALE, key, f.owner, f.title[:120], url, last, idle)
        out.append(_of(reminder, f.programme_id))
    return out
