"""Who may do what with findings: the access policy's answer
(``accounts.policy``, ``accounts.access``) in the register's terms.

Seeing follows ``Unit.objects.visible_to`` (a role covers a subtree).
Recording and moving a finding along needs a working role (reporter,
approver, secretariat, administrator) over its owner unit. Verifying, or
sending a remediation back, belongs to the superior unit: a verifying
role held on a strict ancestor of the owner, never on the owner itself.
The PAR index's structure is the city's: a secretariat or administrator
role on a top unit. Scores are recorded by whoever may edit the unit.
"""

from __future__ import annotations

from steerco.accounts.access import access_for
from steerco.accounts.policy import Do
from steerco.units.models import Unit


def can_edit(user, unit) -> bool:
    return access_for(user).can(Do.EDIT_FINDINGS, unit)


def can_verify(user, unit) -> bool:
    return access_for(user).can(Do.VERIFY_FINDINGS, unit)


def can_move(user, unit) -> bool:
    """May make at least one workflow move on the unit's findings (the
    workflow then decides which)."""
    return can_edit(user, unit) or can_verify(user, unit)


def can_close_year(user, unit) -> bool:
    return access_for(user).can(Do.CLOSE_YEAR, unit)


def closable_units(user):
    """The units whose year of the weak-organisations list the user may
    close, for the picker."""
    return access_for(user).units(Do.CLOSE_YEAR, base=Unit.objects.visible_to(user))


def can_manage_par_index(user) -> bool:
    """Whether the user may enter the PAR index's structure: the index is
    the city's, so a secretariat or administrator role on a top unit."""
    return access_for(user).anywhere(Do.MANAGE_PAR_INDEX)


def can_record_any(user) -> bool:
    """Whether the user holds a working role anywhere (no query once the
    roles are read)."""
    return access_for(user).anywhere(Do.EDIT_FINDINGS)


def editable_units(user, visible=None):
    """The units whose findings the user may record: the subtrees of their
    working roles, taken from the units they may see."""
    visible = Unit.objects.visible_to(user) if visible is None else visible
    return access_for(user).units(Do.EDIT_FINDINGS, base=visible)
