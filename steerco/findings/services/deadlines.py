"""Moving the deadline of a finding or a remediation action.

A deadline once set was agreed: moving it needs a stated reason, kept with
the record's history. Setting a first deadline does not. The finding form,
the API and the "move deadline" form all call ``check_move`` inside the
transaction that saves the record.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from steerco.audit.history import stamp
from steerco.audit.reasons import ReasonKind, Stated

from .. import access
from ..models import Finding, RemediationAction, Status
from .workflow import TransitionError, stated_reason, touch


def check_move(obj: Finding | RemediationAction, previous: date | None, reason: Stated | None, *, acting_user) -> None:
    """If ``obj.deadline`` moves an agreed ``previous`` deadline, keep the
    stated reason for its history row; ``TransitionError`` if there is none."""
    if previous is None or obj.deadline == previous:
        return
    stamp(
        obj,
        acting_user=acting_user,
        reason=stated_reason(ReasonKind.DEADLINE, obj, reason, previous, obj.deadline, acting_user=acting_user),
    )


def move(obj: Finding | RemediationAction, deadline: date | None, reason: Stated | None, *, acting_user):
    """Move the deadline of ``obj`` as ``acting_user``."""
    if not access.can_edit(acting_user, obj.owner):
        raise TransitionError(_("You may not change findings of this unit."))
    if obj.status in (Status.VERIFIED, Status.NOT_RELEVANT):
        raise TransitionError(_("A closed item keeps its deadline."))
    with transaction.atomic():
        obj = type(obj).objects.select_for_update().get(pk=obj.pk)
        previous = obj.deadline
        obj.deadline = deadline
        try:
            obj.clean()
        except ValidationError as err:
            raise TransitionError("; ".join(err.messages)) from None
        check_move(obj, previous, reason, acting_user=acting_user)
        stamp(obj, acting_user=acting_user)
        obj.save()
        if isinstance(obj, RemediationAction):
            touch(obj.finding_id)
    return obj
