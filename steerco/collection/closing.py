"""Closing a reporting round, by the secretariat or by itself at its
deadline, and reopening it.

- Closing takes the secretariat's right on the programme's owner (the same
  as opening). When units still owe their report (not submitted nor
  approved), a reason is required; it is kept on the round and in its
  history. A closed round refuses every write (``services.record``).
- A round with ``closes_at_deadline`` closes itself on the first day after
  its deadline: the daily job ``collection.close_due`` (started by the job
  worker's schedule, ``steerco.jobs.schedule``), with a reason naming the
  units still missing. The reminders before the deadline are the
  follow-up's *report due* notices (docs/followup.md).
- Reopening needs a reason, kept in the round's history.
"""

from __future__ import annotations

from datetime import date, datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from steerco.audit.history import stamp
from steerco.indicators.models import ValueStatus
from steerco.lib.numbers import fmt_day

from .models import ReportingRound, RoundState, Submission
from .scope import Scope
from .services import Problem, Rejected, _require
from .workflow import Action

DONE = (ValueStatus.SUBMITTED, ValueStatus.APPROVED)
REASON_MAX = 1000


def outstanding(round_: ReportingRound):
    """The units that still owe their report in the round."""
    return (
        Submission.objects.filter(round=round_).exclude(status__in=DONE).select_related("unit").order_by("unit__path")
    )


def close_round(
    round_: ReportingRound, *, acting_user, reason: str = "", scope: Scope | None = None, now: datetime | None = None
) -> ReportingRound:
    """Close ``round_`` as ``acting_user`` (None: the round's own schedule)."""
    if acting_user is not None:
        _require(scope or Scope(acting_user), Action.OPEN_ROUND, round_.programme.owner)
    reason = (reason or "").strip()
    with transaction.atomic():
        round_ = ReportingRound.objects.select_for_update().get(pk=round_.pk)
        if round_.state == RoundState.CLOSED:
            raise Rejected([Problem(_("The reporting round %(period)s is closed.") % {"period": round_.period})])
        missing = outstanding(round_).count()
        if missing and not reason:
            raise Rejected(
                [
                    Problem(
                        ngettext(
                            "%(n)s unit has not submitted its report: state the reason for closing anyway.",
                            "%(n)s units have not submitted their report: state the reason for closing anyway.",
                            missing,
                        )
                        % {"n": missing}
                    )
                ]
            )
        if len(reason) > REASON_MAX:
            raise Rejected([Problem(_("The reason is too long (at most %(n)s characters).") % {"n": REASON_MAX})])
        round_.state = RoundState.CLOSED
        round_.closed_at = now or timezone.now()
        round_.closed_by = acting_user if acting_user is not None and acting_user.is_authenticated else None
        round_.close_reason = reason
        _save(round_, acting_user, f"close: {reason}" if reason else "close")
    return round_


def reopen_round(round_: ReportingRound, *, acting_user, reason: str, scope: Scope | None = None) -> ReportingRound:
    """Open a closed round again for entry; the reason goes to its history."""
    _require(scope or Scope(acting_user), Action.OPEN_ROUND, round_.programme.owner)
    reason = (reason or "").strip()
    if not reason:
        raise Rejected([Problem(_("State the reason for reopening the round."))])
    with transaction.atomic():
        round_ = ReportingRound.objects.select_for_update().get(pk=round_.pk)
        if round_.state == RoundState.OPEN:
            raise Rejected([Problem(_("The reporting round %(period)s is open.") % {"period": round_.period})])
        round_.state = RoundState.OPEN
        round_.closed_at = None
        round_.closed_by = None
        round_.close_reason = ""
        _save(round_, acting_user, f"reopen: {reason}")
    return round_


def close_due(today: date) -> list[ReportingRound]:
    """Close every open round that closes at its deadline and whose deadline
    has passed by ``today``. Running it twice on a day closes nothing twice."""
    closed = []
    due = ReportingRound.objects.filter(state=RoundState.OPEN, closes_at_deadline=True, deadline__lt=today)
    for round_ in due.select_related("programme__owner").order_by("deadline", "pk"):
        missing = list(outstanding(round_).values_list("unit__code", flat=True))
        reason = ""
        if missing:
            reason = ngettext(
                "Closed at the deadline (%(deadline)s); %(n)s unit had not submitted: %(units)s.",
                "Closed at the deadline (%(deadline)s); %(n)s units had not submitted: %(units)s.",
                len(missing),
            ) % {"deadline": fmt_day(round_.deadline), "n": len(missing), "units": ", ".join(missing)}
        closed.append(close_round(round_, reason=reason[:REASON_MAX], acting_user=None))
    return closed


def _save(round_: ReportingRound, user, reason: str) -> None:
    stamp(round_, acting_user=user, reason=reason)
    round_.save()
