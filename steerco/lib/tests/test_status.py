from decimal import Decimal

from steerco.lib.periods import Period
from steerco.lib.status import Status, check_profile, due_share, status_of


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


def test_the_due_share_is_linear_pro_rata_without_a_profile():
    year = Period.parse("2023")
    assert due_share(Period.parse("2023-H1"), year) == Decimal("0.5")
    assert due_share(Period.parse("2023-Q3"), year) == Decimal("0.75")
    assert due_share(Period.parse("2023"), year) == 1
    assert due_share(Period.parse("2023-H2"), Period.parse("2021-2025")) == Decimal("0.6")


def test_a_seasonal_profile_replaces_the_linear_share_where_it_speaks():
    year = Period.parse("2023")
    profile = {"H1": 0.3, "Q1": 0.1}
    assert due_share(Period.parse("2023-H1"), year, profile) == Decimal("0.3")
    assert due_share(Period.parse("2023-Q1"), year, profile) == Decimal("0.1")
    assert due_share(Period.parse("2023-Q3"), year, profile) == Decimal("0.75")  # not listed: linear


def test_a_seasonal_profile_changes_the_verdict():
    # 35 admitted of 100 by mid-year: behind a linear 50, on track for a
    # profile that expects 30 % in the first half.
    year = Period.parse("2023")
    linear = due_share(Period.parse("2023-H1"), year)
    seasonal = due_share(Period.parse("2023-H1"), year, {"H1": 0.3})
    assert status_of(Decimal(35), Decimal(100), linear) == Status.AT_RISK
    assert status_of(Decimal(35), Decimal(100), seasonal) == Status.ON_TRACK


def test_bad_profiles_are_described():
    assert check_profile({"H1": 0.4, "Q2": 0.2, "07": 0.6}) == []
    assert check_profile({"H3": 0.5})[0].startswith("'H3' is not a position")
    assert "between 0 and 1" in check_profile({"H1": 1.5})[0]
    assert check_profile([]) != []
