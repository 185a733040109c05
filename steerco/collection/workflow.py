"""The workflow of a unit's report in one place: its states, the actions
that move it, who may take each action, and which values a reporter may
still edit. Django-free apart from the status enum."""

from __future__ import annotations

from enum import StrEnum

from steerco.accounts.models import Role
from steerco.indicators.models import ValueStatus


class Action(StrEnum):
    EDIT = "edit"  # enter or change values (not a state change)
    SUBMIT = "submit"
    APPROVE = "approve"
    RETURN = "return"
    REOPEN = "reopen"
    VIEW = "view"
    OPEN_ROUND = "open_round"
    SET_TARGETS = "set_targets"


# action -> (states it may start from, state it leads to)
TRANSITIONS: dict[Action, tuple[frozenset[str], str]] = {
    Action.SUBMIT: (frozenset({ValueStatus.DRAFT, ValueStatus.RETURNED}), ValueStatus.SUBMITTED),
    Action.APPROVE: (frozenset({ValueStatus.SUBMITTED}), ValueStatus.APPROVED),
    Action.RETURN: (frozenset({ValueStatus.SUBMITTED}), ValueStatus.RETURNED),
    Action.REOPEN: (frozenset({ValueStatus.APPROVED}), ValueStatus.RETURNED),
}

# Values a reporter may still change; submitted waits for a decision and
# approved is locked until an authorised reopen.
EDITABLE = frozenset({ValueStatus.DRAFT, ValueStatus.RETURNED})

# Which roles may take which action (a role covers its unit's subtree).
ROLES_FOR: dict[Action, frozenset[str]] = {
    Action.VIEW: frozenset(Role.values),
    Action.EDIT: frozenset({Role.REPORTER, Role.SECRETARIAT, Role.ADMIN}),
    Action.SUBMIT: frozenset({Role.REPORTER, Role.SECRETARIAT, Role.ADMIN}),
    Action.APPROVE: frozenset({Role.APPROVER, Role.SECRETARIAT, Role.ADMIN}),
    Action.RETURN: frozenset({Role.APPROVER, Role.SECRETARIAT, Role.ADMIN}),
    Action.REOPEN: frozenset({Role.SECRETARIAT, Role.ADMIN}),
    Action.OPEN_ROUND: frozenset({Role.SECRETARIAT, Role.ADMIN}),
    Action.SET_TARGETS: frozenset({Role.SECRETARIAT, Role.ADMIN}),
}

# Actions that need a written reason.
NEEDS_COMMENT = frozenset({Action.RETURN, Action.REOPEN})


def can_move(action: Action, status: str) -> bool:
    sources, _target = TRANSITIONS[action]
    return status in sources


def target_state(action: Action) -> str:
    return TRANSITIONS[action][1]


def available_actions(status: str) -> list[Action]:
    return [a for a in TRANSITIONS if can_move(a, status)]
