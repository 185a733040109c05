"""The life of a difficulty, a proposal or a meeting conclusion, in one
place and without Django: the states, the actions that move between them,
and what "overdue" and "answered on time" mean.

raised → assigned (the addressed level's secretariat names a body and a
deadline) → answered (the body) → resolved (the raiser accepts) or
disputed (the raiser says it is still unresolved, with a reason); a
disputed item is answered again or assigned anew. A meeting conclusion
starts assigned (it has its owner and deadline from the meeting) and goes
the same way, the secretariat of the meeting accepting or disputing.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from steerco.lib.errors import Refused


class State(StrEnum):
    RAISED = "raised"
    ASSIGNED = "assigned"
    ANSWERED = "answered"
    DISPUTED = "disputed"
    RESOLVED = "resolved"


class Action(StrEnum):
    ASSIGN = "assign"
    ANSWER = "answer"
    ACCEPT = "accept"
    DISPUTE = "dispute"


# state → {action: the state it leads to}
MOVES: dict[State, dict[Action, State]] = {
    State.RAISED: {Action.ASSIGN: State.ASSIGNED},
    State.ASSIGNED: {Action.ASSIGN: State.ASSIGNED, Action.ANSWER: State.ANSWERED},
    State.ANSWERED: {Action.ACCEPT: State.RESOLVED, Action.DISPUTE: State.DISPUTED},
    State.DISPUTED: {Action.ASSIGN: State.ASSIGNED, Action.ANSWER: State.ANSWERED},
    State.RESOLVED: {},
}

# Waiting for an answer: these count against the deadline.
WAITING = frozenset({State.RAISED, State.ASSIGNED, State.DISPUTED})
# Not yet settled: everything but resolved.
OPEN = frozenset({State.RAISED, State.ASSIGNED, State.ANSWERED, State.DISPUTED})


class NotAllowed(Refused):
    """The action cannot be taken in this state."""

    def __init__(self, state: str, action: str) -> None:
        super().__init__(f"{action} is not allowed from {state}")
        self.state, self.action = state, action


def next_state(state: str, action: str) -> State:
    try:
        return MOVES[State(state)][Action(action)]
    except (KeyError, ValueError):
        raise NotAllowed(state, action) from None


def actions_from(state: str) -> list[Action]:
    return list(MOVES.get(State(state), {}))


def is_overdue(state: str, deadline: date | None, today: date) -> bool:
    """Waiting for an answer past its deadline."""
    return deadline is not None and State(state) in WAITING and deadline < today


def timeliness(deadline: date | None, first_answered_on: date | None) -> str | None:
    """ "on_time" or "late" for an answered item, None before its first answer.
    An item answered without a deadline was answered on time."""
    if first_answered_on is None:
        return None
    if deadline is None or first_answered_on <= deadline:
        return "on_time"
    return "late"


def oldest_first(items, *, raised_on=lambda i: i.raised_on, key=lambda i: i.pk):
    """Open items, the longest waiting first (ties by key)."""
    return sorted(items, key=lambda i: (raised_on(i), key(i)))


def state_on(day: date, *, assigned_on=None, first_answered_on=None, answered_on=None, disputed_on=None,
             resolved_on=None) -> State:  # fmt: skip
    """The state an item was in at the end of ``day``, read from its dates
    (the latest answer and dispute are kept): a brief or a report dated
    earlier than today shows the item as it stood then."""

    def by(d):
        return d is not None and d <= day

    if by(resolved_on):
        return State.RESOLVED
    if by(disputed_on) and not (by(answered_on) and answered_on >= disputed_on):
        return State.DISPUTED
    if by(first_answered_on):
        return State.ANSWERED
    if by(assigned_on):
        return State.ASSIGNED
    return State.RAISED


def overdue_on(day: date, deadline: date | None, **dates) -> bool:
    """Waiting for an answer at the end of ``day``, past its deadline."""
    return deadline is not None and deadline < day and state_on(day, **dates) in WAITING
