"""Recording findings and their remediation actions: the one way the pages
and the API write them (the workflow moves them, ``workflow.transition``;
deadlines move with a reason, ``deadlines``)."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from steerco.audit.history import stamp
from steerco.audit.reasons import Stated

from .. import access
from ..models import Finding, RemediationAction, Status
from .deadlines import check_move
from .workflow import TransitionError, touch


def save_finding(
    finding: Finding, *, acting_user, previous_deadline: date | None = None, reason: Stated | None = None
) -> Finding:
    """Record a new finding, or keep the changes made to ``finding`` (its
    deadline was ``previous_deadline``): the acting user must be allowed to
    edit its owner's findings, a verified finding is final, and moving an
    agreed deadline needs a ``reason``. ``TransitionError`` says why not."""
    if not access.can_edit(acting_user, finding.owner):
        raise TransitionError(_("You may not change findings of this unit."))
    with transaction.atomic():
        if finding.pk is None:
            if finding.created_by_id is None:
                finding.created_by = acting_user
        else:
            stored = Finding.objects.select_for_update().only("status").get(pk=finding.pk)
            if stored.status == Status.VERIFIED:
                raise TransitionError(_("A verified finding is final and can no longer be changed."))
            check_move(finding, previous_deadline, reason, acting_user=acting_user)
        stamp(finding, acting_user=acting_user)
        finding.save()
    return finding


def add_action(finding: Finding, action: RemediationAction, *, acting_user) -> RemediationAction:
    """Add a remediation action to ``finding``."""
    if not access.can_edit(acting_user, finding.owner):
        raise TransitionError(_("You may not change findings of this unit."))
    with transaction.atomic():
        action.finding = finding
        stamp(action, acting_user=acting_user)
        action.save()
        touch(finding.pk)
    return action
