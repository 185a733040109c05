"""Who may do what with findings, in one place.

Seeing follows ``Unit.objects.visible_to`` (a role covers a subtree).
Recording and moving a finding along needs a working role (reporter,
approver, secretariat, administrator) over its owner unit. Verifying, or
sending a remediation back, belongs to the superior unit: a verifying
role held on a strict ancestor of the owner, never on the owner itself.
The PAR index's structure is the city's: a secretariat or administrator
role on a top unit. Scores are recorded by whoever may edit the unit.
"""

from __future__ import annotations

from django.db.models import Q

from steerco.accounts.models import Role
from steerco.units.models import Unit
from steerco.units.models.unit import PATH_SEP

EDIT_ROLES = frozenset({Role.REPORTER, Role.APPROVER, Role.SECRETARIAT, Role.ADMIN})
VERIFY_ROLES = frozenset({Role.APPROVER, Role.SECRETARIAT, Role.ADMIN})
CLOSE_YEAR_ROLES = frozenset({Role.SECRETARIAT, Role.ADMIN})


def _role_paths(user) -> list[tuple[str, str]]:
    """(role, unit path) of each of the user's memberships, cached on the user."""
    cached = getattr(user, "_findings_role_paths", None)
    if cached is None:
        cached = list(user.memberships.values_list("role", "unit__path"))
        user._findings_role_paths = cached
    return cached


def _holds(user, unit, roles, *, strict: bool = False) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    for role, path in _role_paths(user):
        if role in roles and unit.path.startswith(path) and not (strict and path == unit.path):
            return True
    return False


def can_edit(user, unit) -> bool:
    return _holds(user, unit, EDIT_ROLES)


def can_verify(user, unit) -> bool:
    return _holds(user, unit, VERIFY_ROLES, strict=True)


def can_move(user, unit) -> bool:
    """May make at least one workflow move on the unit's findings (the
    workflow then decides which)."""
    return can_edit(user, unit) or can_verify(user, unit)


def can_close_year(user, unit) -> bool:
    return _holds(user, unit, CLOSE_YEAR_ROLES)


def can_manage_par_index(user) -> bool:
    """Whether the user may enter the PAR index's structure: the index is
    the city's, so a secretariat or administrator role on a top unit."""
    if not user.is_authenticated:
        return False
    return user.is_superuser or any(
        role in CLOSE_YEAR_ROLES and path.count(PATH_SEP) == 1 for role, path in _role_paths(user)
    )


def can_record_any(user) -> bool:
    """Whether the user holds a working role anywhere (no query once the
    roles are cached)."""
    if not user.is_authenticated:
        return False
    return user.is_superuser or any(role in EDIT_ROLES for role, _path in _role_paths(user))


def editable_units(user, visible=None):
    """The units whose findings the user may record: the subtrees of their
    working roles, taken from the units they may see."""
    visible = Unit.objects.visible_to(user) if visible is None else visible
    if not user.is_authenticated or user.is_superuser:
        return visible
    paths = [path for role, path in _role_paths(user) if role in EDIT_ROLES]
    if not paths:
        return visible.none()
    condition = Q()
    for path in paths:
        condition |= Q(path__startswith=path)
    return visible.filter(condition)
