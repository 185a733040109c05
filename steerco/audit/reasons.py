"""The stated reason for a change to what was agreed.

Every write path that changes a target, reopens an approved report, moves
a remediation deadline or closes a finding as no longer relevant calls
``state()`` inside its transaction. It refuses a missing, unknown or
unexplained reason (``ReasonRequired``), keeps a ``StatedReason`` row and
returns the text for the record's simple-history ``history_change_reason``.
``reasons_for()`` lists them for a report's annex.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from steerco.lib.periods import Period

from .history import acting, history_reason
from .models import ChangeReason, ReasonKind, StatedReason


class ReasonRequired(Exception):
    """The change needs a reason from the list and an explanation; the
    message is for the user."""


@dataclass(frozen=True)
class Stated:
    """What the user gave: a reason code from the list and free text."""

    code: str = ""
    text: str = ""


def check(kind: str, stated: Stated | None) -> ChangeReason:
    """The chosen reason, or ``ReasonRequired`` saying what is missing."""
    what = ReasonKind(kind).label
    if stated is None or not stated.code:
        raise ReasonRequired(_("%(what)s needs a reason: choose one from the list and explain it.") % {"what": what})
    reason = ChangeReason.objects.for_kind(kind).filter(code=stated.code).first()
    if reason is None:
        codes = ", ".join(ChangeReason.objects.for_kind(kind).values_list("code", flat=True))
        raise ReasonRequired(
            _("“%(code)s” is not a reason for this change; choose one of: %(codes)s.")
            % {"code": stated.code, "codes": codes or "–"}
        )
    if not stated.text.strip():
        raise ReasonRequired(_("Explain the reason in a few words."))
    return reason


def state(
    kind: str,
    stated: Stated | None,
    *,
    acting_user,
    record,
    unit,
    programme=None,
    period: str = "",
    before="",
    after="",
) -> str:
    """Check and keep the reason for changing ``record``; returns the text
    for its history row."""
    reason = check(kind, stated)
    StatedReason.objects.create(
        kind=kind,
        reason=reason,
        text=stated.text.strip(),
        user=acting(acting_user),
        at=timezone.now(),
        unit=unit,
        programme=programme,
        period=period or "",
        record_type=record._meta.label_lower,
        record_id=record.pk,
        record_label=str(record)[:300],
        before=_plain(before),
        after=_plain(after),
    )
    return history_text(reason, stated.text)


def _plain(value) -> str:
    """120 rather than 1.2E+2 for numbers; empty for nothing; cut to the
    column."""
    if value is None:
        return ""
    width = StatedReason._meta.get_field("before").max_length
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")[:width]
    return str(value)[:width]


def history_text(reason: ChangeReason, text: str) -> str:
    return history_reason(f"{reason.label_vi}: {text.strip()}")


def reasons_for(programme, period: str | None = None, units=None):
    """The stated reasons of ``programme`` (changes to its targets, reopened
    reports, its findings' deadlines and closures) for the report annex:
    those recorded for a period that overlaps ``period`` (the 2023 target
    counts for 2023-H1), or made during it when the change names no period. ``units`` (a scoped queryset) limits
    them to what the reader may see."""
    rows = StatedReason.objects.filter(programme=programme).select_related("reason", "unit", "user")
    if units is not None:
        rows = rows.filter(unit__in=units)
    rows = list(rows.order_by("at", "pk"))
    if not period:
        return rows
    within = Period.parse(period)
    return [r for r in rows if _in_period(r, within)]


def reasons_about(records) -> list[StatedReason]:
    """The stated reasons for changes to ``records`` (model instances of any
    kind), newest first, in one query: for a record's page."""
    ids: dict[str, list[int]] = {}
    for record in records:
        ids.setdefault(record._meta.label_lower, []).append(record.pk)
    if not ids:
        return []
    condition = Q()
    for label, pks in ids.items():
        condition |= Q(record_type=label, record_id__in=pks)
    return list(StatedReason.objects.filter(condition).select_related("reason", "user").order_by("-at", "-pk"))


def _in_period(row: StatedReason, within: Period) -> bool:
    if row.period:
        try:
            other = Period.parse(row.period)
        except ValueError:
            return row.period == within.code
        return other.start <= within.end and within.start <= other.end
    return within.start <= timezone.localdate(row.at) <= within.end
