"""The exception list: findings that need someone's attention.

- overdue: past the deadline and not remediated;
- closed without evidence: remediated or verified, but no evidence;
- stale: still open or in progress, with no update for N days.

Other parts (the dashboard, the report) call ``exception_list`` with a
queryset they have already scoped.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..dated import overdue_on
from ..models import DONE, Evidence, Finding, Status

DEFAULT_STALE_DAYS = 60

OVERDUE = "overdue"
NO_EVIDENCE = "closed_without_evidence"
STALE = "stale"
REASON_LABELS = {
    OVERDUE: _("Overdue"),
    NO_EVIDENCE: _("Closed without evidence"),
    STALE: _("No update"),
}


@dataclass(frozen=True)
class FindingException:
    finding: Finding
    reasons: tuple[str, ...]

    @property
    def labels(self) -> list[str]:
        return [str(REASON_LABELS[r]) for r in self.reasons]


def annotate_exceptions(
    findings, today: date | None = None, stale_days: int = DEFAULT_STALE_DAYS, *, dated: bool = False
):
    """Adds boolean ``is_overdue``, ``is_without_evidence`` and ``is_stale``
    to a findings queryset (one query, no per-row lookups).

    ``dated``: overdue as it stood on ``today`` (a back-dated report), from
    the dates the register keeps rather than today's status
    (``findings.dated.overdue_on``)."""
    today = today or timezone.localdate()
    stale_before = timezone.make_aware(datetime.combine(today - timedelta(days=stale_days), time.min))
    open_states = [Status.OPEN, Status.IN_PROGRESS]
    overdue = overdue_on(today) if dated else Q(deadline__lt=today, status__in=open_states)
    return findings.annotate(
        has_evidence=Exists(Evidence.objects.filter(finding=OuterRef("pk"))),
    ).annotate(
        is_overdue=_flag(overdue),
        is_without_evidence=_flag(Q(status__in=list(DONE), has_evidence=False)),
        is_stale=_flag(Q(updated_at__lt=stale_before, status__in=open_states)),
    )


def _flag(condition: Q) -> ExpressionWrapper:
    return ExpressionWrapper(condition, output_field=BooleanField())


def exception_rows(findings, today: date | None = None, stale_days: int = DEFAULT_STALE_DAYS, *, dated: bool = False):
    """The findings of ``findings`` (already scoped) with at least one
    exception, oldest deadline first: a queryset, to page through."""
    return (
        annotate_exceptions(findings, today, stale_days, dated=dated)
        .filter(Q(is_overdue=True) | Q(is_without_evidence=True) | Q(is_stale=True))
        .select_related("owner")
        .order_by("deadline", "owner__path", "pk")
    )


def with_reasons(rows) -> list[FindingException]:
    """Each row of ``exception_rows`` with its reasons."""
    out = []
    for f in rows:
        reasons = tuple(
            r
            for r, flag in ((OVERDUE, f.is_overdue), (NO_EVIDENCE, f.is_without_evidence), (STALE, f.is_stale))
            if flag
        )
        out.append(FindingException(f, reasons))
    return out


def exception_list(findings, today: date | None = None, stale_days: int = DEFAULT_STALE_DAYS, *, dated: bool = False):
    """The findings of ``findings`` (already scoped) with at least one
    exception, oldest deadline first, each with its reasons. ``dated``:
    overdue as it stood on ``today`` (see ``annotate_exceptions``)."""
    return with_reasons(exception_rows(findings, today, stale_days, dated=dated))
