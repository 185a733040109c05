from decimal import Decimal

from steerco.lib.rollup import count_yes, ratio_of_sums, share_of_target, sum_values


def test_sum_ignores_missing_values_and_counts_reporters():
    figure = sum_values([3, None, 4])
    assert figure.value == 7 and figure.reporting == 2


def test_no_values_is_no_data_not_zero():
    assert sum_values([None, None]).value is None
    assert not ratio_of_sums([]).has_data


def test_ratio_is_a_ratio_of_sums_not_a_mean_of_ratios():
    # Unit A: 1/1 = 100 %, unit B: 1/9 = 11 %. Mean of ratios: 55.6 %.
    figure = ratio_of_sums([(1, 1), (1, 9)])
    assert (figure.numerator, figure.denominator) == (2, 10)
    assert figure.value == Decimal(20)


def test_yes_no_rolls_up_to_n_of_units():
    figure = count_yes([True, False, True, None])
    assert (figure.numerator, figure.denominator) == (2, 3)


def test_share_of_target():
    assert round(share_of_target(Decimal(5155), Decimal(9810)), 2) == Decimal("52.55")
    assert share_of_target(Decimal(1), None) is None
