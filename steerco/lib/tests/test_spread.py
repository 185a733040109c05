import pytest

from steerco.lib.spread import spread


def test_parts_sum_exactly_and_are_stable():
    keys = [f"D{i}" for i in range(30)]
    parts = spread(5155, keys, salt="admitted")
    assert sum(parts) == 5155
    assert parts == spread(5155, keys, salt="admitted")
    assert parts != spread(5155, keys, salt="other")


def test_caps_bound_each_part():
    caps = [5, 0, 3, 10]
    parts = spread(15, ["a", "b", "c", "d"], caps=caps)
    assert sum(parts) == 15
    assert all(p <= c for p, c in zip(parts, caps, strict=True))
    assert parts[1] == 0


def test_impossible_caps_are_refused():
    with pytest.raises(ValueError):
        spread(10, ["a", "b"], caps=[2, 3])


def test_minimum_and_base_weights():
    parts = spread(76, [f"u{i}" for i in range(46)], minimum=1)
    assert sum(parts) == 76 and min(parts) >= 1
    big, small = spread(100, ["big", "small"], base=[9.0, 1.0])
    assert big > small
