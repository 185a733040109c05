"""Who may do what: the one table of role × action.

A role is held on a unit and covers its subtree. Each action lists the
roles that allow it and how far a role reaches:

- ``SUBTREE``: the unit the role is held on and everything below it;
- ``BELOW``: only strictly below it (verifying belongs to the superior
  unit, never to the owner itself);
- ``TOP``: only a role held on a top unit (the city's own registers);
- ``SERVED``: the level a commission serves: an inspection commission that
  is an organ of a committee watches over its parent's whole subtree.

Superusers may do everything everywhere. ``accounts.access`` answers from
this table with one read of the user's memberships per request; the
permission grid test (``accounts/tests/test_policy_grid.py``) is generated
from it.

Entering figures and recording findings differ on purpose (docs/access.md):
an approver does not enter the values it approves (four eyes on figures),
but does record findings on its own unit, because verifying them belongs
to the superior unit (``BELOW``), which keeps four eyes there.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from .models import Role


class Reach(StrEnum):
    SUBTREE = "subtree"
    BELOW = "below"
    TOP = "top"
    SERVED = "served"


class Do(StrEnum):
    """Actions, named ``<area>.<verb>``."""

    VIEW = "units.view"
    MANAGE_UNITS = "units.manage"
    ENTER_VALUES = "values.enter"
    SUBMIT_VALUES = "values.submit"
    APPROVE_VALUES = "values.approve"
    RETURN_VALUES = "values.return"
    REOPEN_VALUES = "values.reopen"
    OPEN_ROUND = "rounds.open"
    SET_TARGETS = "targets.set"
    ACKNOWLEDGE_WARNINGS = "warnings.acknowledge"
    EDIT_FINDINGS = "findings.edit"
    VERIFY_FINDINGS = "findings.verify"
    CLOSE_YEAR = "findings.close_year"
    MANAGE_PAR_INDEX = "findings.par_index"
    SEE_CASES = "cases.see"
    RUN_CASES = "cases.run"
    ISSUE_REPORT = "reports.issue"
    EDIT_REPORT_TEXT = "reports.edit_text"


@dataclass(frozen=True)
class Rule:
    roles: frozenset[str]
    reach: Reach = Reach.SUBTREE


_WORKING = frozenset({Role.REPORTER, Role.APPROVER, Role.SECRETARIAT, Role.ADMIN})
_LEADING = frozenset({Role.APPROVER, Role.SECRETARIAT, Role.ADMIN})
_SECRETARIAT = frozenset({Role.SECRETARIAT, Role.ADMIN})

POLICY: dict[Do, Rule] = {
    Do.VIEW: Rule(frozenset(Role.values)),
    Do.MANAGE_UNITS: Rule(_SECRETARIAT),
    Do.ENTER_VALUES: Rule(frozenset({Role.REPORTER, Role.SECRETARIAT, Role.ADMIN})),
    Do.SUBMIT_VALUES: Rule(frozenset({Role.REPORTER, Role.SECRETARIAT, Role.ADMIN})),
    Do.APPROVE_VALUES: Rule(_LEADING),
    Do.RETURN_VALUES: Rule(_LEADING),
    Do.REOPEN_VALUES: Rule(_SECRETARIAT),
    Do.OPEN_ROUND: Rule(_SECRETARIAT),
    Do.SET_TARGETS: Rule(_SECRETARIAT),
    Do.ACKNOWLEDGE_WARNINGS: Rule(_SECRETARIAT),
    Do.EDIT_FINDINGS: Rule(_WORKING),
    Do.VERIFY_FINDINGS: Rule(_LEADING, Reach.BELOW),
    Do.CLOSE_YEAR: Rule(_SECRETARIAT),
    Do.MANAGE_PAR_INDEX: Rule(_SECRETARIAT, Reach.TOP),
    Do.SEE_CASES: Rule(frozenset({Role.INSPECTOR}), Reach.SERVED),
    Do.RUN_CASES: Rule(frozenset({Role.INSPECTOR})),
    Do.ISSUE_REPORT: Rule(_SECRETARIAT),
    Do.EDIT_REPORT_TEXT: Rule(_SECRETARIAT),
}


def roles_for(action: Do) -> frozenset[str]:
    return POLICY[Do(action)].roles
