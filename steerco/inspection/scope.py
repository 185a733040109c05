"""Who may see inspection cases: only inspectors, and only the cases of
their commission and of the commissions below it.

The access policy (``accounts.policy``) turns roles into subtrees; for
cases only the inspector role counts, and a commission that is an organ of a committee
(the city's Ủy ban Kiểm tra under the city committee) watches over the
whole level it serves, so its jurisdiction is its parent's subtree. A
reporter, approver, viewer or secretariat sees no case at all.
"""

from __future__ import annotations

from steerco.accounts.access import access_for
from steerco.accounts.policy import Do
from steerco.units.models import Unit, UnitType, level_of


def level_served(commission: Unit) -> Unit:
    """The unit whose subtree a commission watches over: an organ's (of
    any type working as one) is its parent's."""
    if commission.parent_id and level_of(commission.type) == UnitType.ORGAN:
        return commission.parent
    return commission


def jurisdiction(user):
    """Units whose cases the user may see (as a queryset of units): the
    policy's ``cases.see``, which reaches the level a commission serves."""
    return access_for(user).units(Do.SEE_CASES)


def own_commissions(user):
    """Commissions in which the user opens and moves cases."""
    return access_for(user).held_units(Do.RUN_CASES)


def is_inspector(user) -> bool:
    return bool(user.is_authenticated and access_for(user).anywhere(Do.SEE_CASES))
