from decimal import Decimal

from steerco.lib.plausibility import (
    ABOVE_DENOMINATOR,
    ABOVE_HISTORY,
    BELOW_HISTORY,
    LARGE_WITHOUT_HISTORY,
    Reference,
    check,
)

D = Decimal


def test_a_value_near_its_history_is_plausible():
    last = Reference(D(120), "2022-H2")
    for value in (12, 120, 150, 1200):  # 1/10 and 10 times are still in
        assert check("DV_KN", D(value), last) is None


def test_ten_times_the_previous_value_or_a_tenth_of_it_is_unusual():
    last = Reference(D(120), "2022-H2")
    above = check("DV_KN", D(99_999_999), last)
    assert (above.why, above.reference, above.value) == (ABOVE_HISTORY, last, D(99_999_999))
    assert check("DV_KN", D(1201), last).why == ABOVE_HISTORY
    assert check("DV_KN", D(11), last).why == BELOW_HISTORY
    assert check("DV_KN", D(0), last).why == BELOW_HISTORY


def test_small_counts_may_swing_without_a_warning():
    assert check("X", D(15), Reference(D(1))) is None  # 15 times, but only 14 apart
    assert check("X", D(0), Reference(D(19))) is None
    assert check("X", D(31), Reference(D(3))).why == ABOVE_HISTORY


def test_without_history_only_a_very_large_value_is_queried():
    assert check("X", D(999_999)) is None
    assert check("X", D(1_000_000)).why == LARGE_WITHOUT_HISTORY
    assert check("X", D(99_999_999), Reference(D(0), "2022-H2")).why == LARGE_WITHOUT_HISTORY


def test_a_count_beyond_its_denominator_is_unusual_first():
    total = Reference(D(30), "2022-H2", "TT_CQ_VT")
    found = check("TT_CQ_HT", D(31), Reference(D(30)), denominator=total)
    assert (found.why, found.reference.code) == (ABOVE_DENOMINATOR, "TT_CQ_VT")
    assert check("TT_CQ_HT", D(30), denominator=total) is None
