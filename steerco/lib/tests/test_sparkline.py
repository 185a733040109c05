from decimal import Decimal

from steerco.lib.sparkline import points, segments


def test_the_highest_value_is_drawn_at_the_top_and_the_lowest_at_the_bottom():
    assert points([Decimal(1), Decimal(3)], width=10, height=10, pad=0) == [(0.0, 10.0), (10.0, 0.0)]


def test_a_flat_series_sits_in_the_middle():
    assert points([5, 5], width=10, height=10, pad=0) == [(0.0, 5.0), (10.0, 5.0)]


def test_missing_values_break_the_line():
    assert segments([None, 1, 2, None], width=30, height=10, pad=0) == ["10.0,10.0 20.0,0.0"]
    assert segments([1, None, 2], width=20, height=10, pad=0) == ["0.0,10.0", "20.0,0.0"]


def test_no_values_draw_nothing():
    assert segments([None, None]) == []
