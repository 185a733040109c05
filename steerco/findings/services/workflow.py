"""Moving a finding or a remediation action through its states.

The one entry point, ``transition``, checks the move against the table in
``models.status``, the user's right to make it, and the evidence rule,
then saves with the user and a reason so simple-history audits it.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from steerco.audit.history import stamp
from steerco.audit.reasons import ReasonKind, ReasonRequired, Stated, state
from steerco.lib.errors import Refused

from .. import access
from ..models import NEEDS_REASON, SUPERIOR_MOVES, Finding, RemediationAction, Status, allowed_moves


class TransitionError(Refused):
    """A move that is not allowed; the message is for the user."""


def _has_evidence(obj) -> bool:
    return obj.evidence.exists()


def check(obj: Finding | RemediationAction, to: str, on: date, *, acting_user) -> None:
    current = obj.status
    if to not in allowed_moves(current):
        raise TransitionError(
            _("A finding that is “%(current)s” cannot become “%(to)s”.")
            % {"current": Status(current).label, "to": Status(to).label if to in Status.values else to}
        )
    if (current, to) in SUPERIOR_MOVES:
        if not access.can_verify(acting_user, obj.owner):
            raise TransitionError(_("Only the superior unit can verify a remediation or send it back."))
    elif not access.can_edit(acting_user, obj.owner):
        raise TransitionError(_("You may not change findings of this unit."))
    if to == Status.REMEDIATED and not _has_evidence(obj):
        raise TransitionError(_("Attach evidence before marking it remediated."))
    today = timezone.localdate()
    if on > today:
        raise TransitionError(_("The date cannot be in the future."))
    started = obj.identified_on if isinstance(obj, Finding) else obj.finding.identified_on
    if on < started:
        raise TransitionError(_("The date is before the finding was identified."))
    if to == Status.VERIFIED and obj.remediated_on and on < obj.remediated_on:
        raise TransitionError(_("It cannot be verified before it was remediated."))


def transition(
    obj: Finding | RemediationAction,
    to: str,
    *,
    acting_user,
    on: date | None = None,
    note: str = "",
    reason: Stated | None = None,
):
    """Move ``obj`` to state ``to`` as ``acting_user``, effective ``on`` (today by
    default). Raises TransitionError and changes nothing if the move is
    not allowed. Closing as no longer relevant needs a ``reason``."""
    on = on or timezone.localdate()
    with transaction.atomic():
        obj = type(obj).objects.select_for_update().select_related("owner").get(pk=obj.pk)
        check(obj, to, on, acting_user=acting_user)
        previous = obj.status
        obj.status = to
        if to == Status.IN_PROGRESS and obj.started_on is None:
            obj.started_on = on
        if to == Status.REMEDIATED:
            obj.remediated_on = on
        elif to == Status.VERIFIED:
            obj.verified_on, obj.verified_by = on, acting_user
        elif to == Status.NOT_RELEVANT:
            obj.closed_on = on
        elif previous == Status.REMEDIATED:  # sent back
            obj.remediated_on = None
        why = f"{previous} → {to}: {note}" if note else f"{previous} → {to}"
        if to in NEEDS_REASON:
            why = stated_reason(ReasonKind.NOT_RELEVANT, obj, reason, previous, to, acting_user=acting_user)
        stamp(obj, acting_user=acting_user, reason=why)
        obj.save()
        if isinstance(obj, RemediationAction):
            touch(obj.finding_id)
    return obj


def stated_reason(kind, obj, reason: Stated | None, before, after, *, acting_user) -> str:
    """Keep the reason for changing what was agreed on ``obj`` (a finding
    or an action), or refuse with the user's message."""
    finding = obj if isinstance(obj, Finding) else obj.finding
    try:
        return state(
            kind,
            reason,
            acting_user=acting_user,
            record=obj,
            unit=obj.owner,
            programme=finding.programme,
            before=before,
            after=after,
        )
    except ReasonRequired as err:
        raise TransitionError(str(err)) from None


def touch(finding_id: int) -> None:
    """Work on an action or its evidence is activity on the finding: it is
    no longer "without update" in the exception list."""
    Finding.objects.filter(pk=finding_id).update(updated_at=timezone.now())
