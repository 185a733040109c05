"""The workflow of a unit's report in one place: its states, the actions
that move it, who may take each action, and which values a reporter may
still edit. Who may take each action is the access policy's
(``accounts.policy``)."""

from __future__ import annotations

from enum import StrEnum

from steerco.accounts.policy import Do
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
    ACKNOWLEDGE = "acknowledge"  # accept a broken warning rule with a reason


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

# Which action of the access policy (accounts.policy, the one table of
# role × action) each workflow action is.
POLICY_ACTION: dict[Action, Do] = {
    Action.VIEW: Do.VIEW,
    Action.EDIT: Do.ENTER_VALUES,
    Action.SUBMIT: Do.SUBMIT_VALUES,
    Action.APPROVE: Do.APPROVE_VALUES,
    Action.RETURN: Do.RETURN_VALUES,
    Action.REOPEN: Do.REOPEN_VALUES,
    Action.OPEN_ROUND: Do.OPEN_ROUND,
    Action.SET_TARGETS: Do.SET_TARGETS,
    Action.ACKNOWLEDGE: Do.ACKNOWLEDGE_WARNINGS,
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
