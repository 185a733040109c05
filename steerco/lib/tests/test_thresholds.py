from decimal import Decimal

from steerco.lib.status import Status, threshold_status


def test_a_lower_is_better_threshold_is_a_ceiling_with_a_fifth_of_grace_before_at_risk():
    # Late dossiers ≤ 2,0 %.
    assert threshold_status(Decimal("1.5"), Decimal("2.0"), lower_is_better=True) == Status.ACHIEVED
    assert threshold_status(Decimal("2.0"), Decimal("2.0"), lower_is_better=True) == Status.ACHIEVED
    assert threshold_status(Decimal("2.5"), Decimal("2.0"), lower_is_better=True) == Status.BEHIND  # 2,5 × 0,8 = 2,0
    assert threshold_status(Decimal("2.6"), Decimal("2.0"), lower_is_better=True) == Status.AT_RISK


def test_a_higher_is_better_threshold_is_a_floor():
    # Units with a plan ≥ 90 %.
    assert threshold_status(Decimal(95), Decimal(90)) == Status.ACHIEVED
    assert threshold_status(Decimal(72), Decimal(90)) == Status.BEHIND  # 90 × 0,8 = 72
    assert threshold_status(Decimal("71.9"), Decimal(90)) == Status.AT_RISK


def test_no_value_is_no_data():
    assert threshold_status(None, Decimal(90)) == Status.NO_DATA
