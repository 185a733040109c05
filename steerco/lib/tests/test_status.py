from decimal import Decimal

from steerco.lib.status import Status, status_of


def test_half_year_against_an_annual_target_expects_half():
    assert status_of(Decimal(5155), Decimal(9810), 0.5) == Status.ON_TRACK
    assert status_of(Decimal(4500), Decimal(9810), 0.5) == Status.BEHIND  # 92 % of the 4.905 expected
    assert status_of(Decimal(3000), Decimal(9810), 0.5) == Status.AT_RISK  # 61 % of it
    assert status_of(Decimal(9900), Decimal(9810), 0.5) == Status.ACHIEVED


def test_lower_is_better_treats_the_target_as_a_ceiling():
    assert status_of(Decimal(4), Decimal(10), 0.5, lower_is_better=True) == Status.ON_TRACK
    assert status_of(Decimal(6), Decimal(10), 0.5, lower_is_better=True) == Status.BEHIND
    assert status_of(Decimal(9), Decimal(10), 0.5, lower_is_better=True) == Status.AT_RISK
    assert status_of(Decimal(9), Decimal(10), 1, lower_is_better=True) == Status.ACHIEVED


def test_no_value_against_a_target_is_no_data_and_no_target_is_not_judged():
    assert status_of(None, Decimal(10), 0.5) == Status.NO_DATA
    assert status_of(Decimal(3), None) is None
    assert status_of(None, None) is None
