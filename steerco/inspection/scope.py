"""Who may see inspection cases: only inspectors, and only the cases of
their commission and of the commissions below it.

``Unit.objects.visible_to`` turns every role into subtrees; here only the
inspector role counts, and a commission that is an organ of a committee
(the city's Ủy ban Kiểm tra under the city committee) watches over the
whole level it serves, so its jurisdiction is its parent's subtree. A
reporter, approver, viewer or secretariat sees no case at all.
"""

from __future__ import annotations

from django.db.models import Q

from steerco.accounts.models import Role
from steerco.units.models import Unit, UnitType


def _inspector_units(user) -> list[Unit]:
    if not user.is_authenticated:
        return []
    cached = getattr(user, "_inspector_units", None)  # one query per request
    if cached is None:
        memberships = user.memberships.filter(role=Role.INSPECTOR).select_related("unit", "unit__parent").order_by()
        cached = user._inspector_units = [m.unit for m in memberships]
    return cached


def level_served(commission: Unit) -> Unit:
    """The unit whose subtree a commission watches over."""
    if commission.type == UnitType.ORGAN and commission.parent_id:
        return commission.parent
    return commission


def jurisdiction(user):
    """Units whose cases the user may see (as a queryset of units)."""
    if user.is_authenticated and user.is_superuser:
        return Unit.objects.visible_to(user)
    roots = [level_served(u).path for u in _inspector_units(user)]
    if not roots:
        return Unit.objects.none()
    condition = Q()
    for path in roots:
        condition |= Q(path__startswith=path)
    return Unit.objects.filter(condition)


def own_commissions(user):
    """Commissions in which the user opens and moves cases."""
    if user.is_authenticated and user.is_superuser:
        return Unit.objects.all()
    return Unit.objects.filter(pk__in=[u.pk for u in _inspector_units(user)])


def is_inspector(user) -> bool:
    return bool(user.is_authenticated and (user.is_superuser or _inspector_units(user)))
