"""Who may do what with difficulties, proposals and meeting conclusions.

Seeing follows ``Unit.objects.visible_to``: an item is seen by whoever
sees the unit that raised it, the level it is addressed to, or the body
that answers it. Raising, accepting and disputing need a working role
(reporter, approver, secretariat, administrator) over the raising unit.
Assigning, and recording meetings and their conclusions, belong to the
secretariat (or administrator) of the addressed or convening level.
Answering belongs to a working role over the answering body when it is a
unit, else to that secretariat on the body's behalf.
"""

from __future__ import annotations

from steerco.accounts.models import Role
from steerco.findings import access as base

SECRETARIAT_ROLES = frozenset({Role.SECRETARIAT, Role.ADMIN})


def can_raise(user, unit) -> bool:
    return base.can_edit(user, unit)


def is_secretariat(user, unit) -> bool:
    """A secretariat or administrator role over ``unit``."""
    return base.can_close_year(user, unit)


def can_assign(user, item) -> bool:
    return is_secretariat(user, item.addressed_to)


def can_answer(user, tracked, level) -> bool:
    """``level``: the addressed (or convening) unit whose secretariat
    answers for a body that is not a unit."""
    if tracked.body_unit_id:
        return base.can_edit(user, tracked.body_unit) or is_secretariat(user, level)
    return is_secretariat(user, level)


def can_settle_item(user, item) -> bool:
    """Accept the answer, or say it is still unresolved."""
    return base.can_edit(user, item.raised_by)


def raising_units(user, visible):
    """The units the user may raise items for, among those they see."""
    return base.editable_units(user, visible)


def can_record_any(user) -> bool:
    return base.can_record_any(user)


def addressable_units(user, visible):
    """The levels the user's units may address: the units above their roles'
    units, and the units with units below them within their scope (a
    superuser: every unit with units below)."""
    from django.db.models import Q

    from steerco.units.models import Unit

    roots = [path for role, path in base._role_paths(user) if role in base.EDIT_ROLES] if user.is_authenticated else []
    above = set()
    for path in roots:
        codes = [c for c in path.split("/") if c]
        above |= {"/".join(codes[:n]) + "/" for n in range(1, len(codes))}
    return Unit.objects.filter(Q(path__in=above) | Q(pk__in=visible.filter(children__isnull=False))).distinct()
