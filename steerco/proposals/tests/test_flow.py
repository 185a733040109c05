"""The state table and its dates, without Django."""

from datetime import date

import pytest

from steerco.proposals import flow
from steerco.proposals.flow import Action, State


def test_the_whole_way_and_back():
    s = State.RAISED
    for action, expected in [
        (Action.ASSIGN, State.ASSIGNED),
        (Action.ANSWER, State.ANSWERED),
        (Action.DISPUTE, State.DISPUTED),
        (Action.ANSWER, State.ANSWERED),
        (Action.ACCEPT, State.RESOLVED),
    ]:
        s = flow.next_state(s, action)
        assert s == expected
    assert flow.actions_from(s) == []


@pytest.mark.parametrize(
    ("state", "action"),
    [("raised", "answer"), ("raised", "accept"), ("assigned", "accept"), ("resolved", "assign"), ("x", "assign")],
)
def test_moves_outside_the_table_are_refused(state, action):
    with pytest.raises(flow.NotAllowed):
        flow.next_state(state, action)


def test_overdue_only_while_waiting_for_an_answer():
    today = date(2023, 7, 1)
    assert flow.is_overdue("assigned", date(2023, 6, 30), today)
    assert flow.is_overdue("disputed", date(2023, 6, 30), today)
    assert not flow.is_overdue("assigned", date(2023, 7, 1), today)
    assert not flow.is_overdue("answered", date(2023, 6, 30), today)
    assert not flow.is_overdue("assigned", None, today)


def test_timeliness_is_judged_on_the_first_answer():
    assert flow.timeliness(date(2023, 6, 30), None) is None
    assert flow.timeliness(date(2023, 6, 30), date(2023, 6, 30)) == "on_time"
    assert flow.timeliness(date(2023, 6, 30), date(2023, 7, 1)) == "late"
    assert flow.timeliness(None, date(2023, 7, 1)) == "on_time"


def test_the_state_on_a_day_is_read_from_the_dates():
    dates = dict(
        assigned_on=date(2023, 3, 20), first_answered_on=date(2023, 4, 25), answered_on=date(2023, 5, 30),
        disputed_on=date(2023, 5, 5), resolved_on=date(2023, 6, 5),
    )  # fmt: skip
    seen = [flow.state_on(date(2023, m, d), **dates) for m, d in [(3, 1), (3, 21), (4, 26), (5, 6), (5, 31), (6, 6)]]
    assert seen == ["raised", "assigned", "answered", "disputed", "answered", "resolved"]
    assert flow.overdue_on(date(2023, 7, 10), date(2023, 5, 31), assigned_on=date(2023, 4, 12))
    assert not flow.overdue_on(date(2023, 7, 20), date(2023, 5, 31), assigned_on=date(2023, 4, 12),
                               first_answered_on=date(2023, 7, 14), answered_on=date(2023, 7, 14))  # fmt: skip
