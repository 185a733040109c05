"""The computed-indicator registry: single and batch computations."""

from decimal import Decimal
from types import SimpleNamespace

import pytest

from steerco.indicators.computed import (
    BATCHES,
    REGISTRY,
    Sums,
    compute,
    compute_many,
    covering_prefixes,
    register,
    register_batch,
)
from steerco.lib.windows import CALENDAR, ReportingWindow


def indicator(pk, key):
    return SimpleNamespace(pk=pk, code=f"I{pk}", computed_by=key)


UNITS = [SimpleNamespace(pk=1, path="C/"), SimpleNamespace(pk=2, path="C/D/")]


@pytest.fixture
def registry():
    """Registrations made in a test are removed after it."""
    before = (dict(REGISTRY), dict(BATCHES))
    yield
    REGISTRY.clear()
    REGISTRY.update(before[0])
    BATCHES.clear()
    BATCHES.update(before[1])


def test_a_batch_is_asked_once_for_all_its_keys(registry):
    calls = []

    @register_batch(["t.a", "t.b", "t.c"])
    def counts(keys, units, periods, window):
        calls.append((sorted(keys), [u.pk for u in units], list(periods)))
        return {k: {(u.pk, p): Sums(Decimal(len(k) + u.pk), 1) for u in units for p in periods} for k in keys}

    @register("t.single")
    def single(ind, units, periods, window):
        calls.append(("single", ind.code))
        return {(units[0].pk, periods[0]): Sums(Decimal(9), 9)}

    inds = [
        indicator(10, "t.a"),
        indicator(11, "t.b"),
        indicator(12, "t.single"),
        indicator(13, "t.a"),
        indicator(14, None),
    ]
    got = compute_many(inds, UNITS, ["2023-H1"], CALENDAR)
    assert calls == [("single", "I12"), (["t.a", "t.b"], [1, 2], ["2023-H1"])]
    assert set(got) == {10, 11, 12, 13}  # an entered indicator is not asked for
    assert got[10][(2, "2023-H1")] == Sums(Decimal(5), 1)
    assert got[13] == got[10]  # two indicators on the same key share the answer
    assert got[12] == {(1, "2023-H1"): Sums(Decimal(9), 9)}


def test_a_batched_key_still_answers_alone(registry):
    @register_batch(["t.x", "t.y"])
    def counts(keys, units, periods, window):
        assert keys == ["t.y"]
        return {"t.y": {(units[0].pk, periods[0]): Sums(Decimal(3), 2)}}

    assert compute(indicator(1, "t.y"), UNITS[:1], ["2023"], CALENDAR) == {(1, "2023"): Sums(Decimal(3), 2)}


def test_a_key_cannot_be_registered_twice(registry):
    @register("t.once")
    def once(ind, units, periods, window):
        return {}

    with pytest.raises(ValueError, match=r"t\.once"):
        register_batch(["t.once"])(lambda keys, units, periods, window: {})


def test_an_unregistered_key_says_which():
    with pytest.raises(LookupError, match=r"nobody\.counts"):
        compute_many([indicator(1, "nobody.counts")], UNITS, ["2023"], CALENDAR)


def test_no_units_asks_no_batch(registry):
    @register_batch(["t.empty"])
    def counts(keys, units, periods, window):
        raise AssertionError("asked")

    assert compute_many([indicator(1, "t.empty")], [], ["2023"], CALENDAR) == {1: {}}


def test_the_window_reaches_every_computation(registry):
    seen = []

    @register_batch(["t.w"])
    def counts(keys, units, periods, window):
        seen.append(window.span(periods[0]).start.isoformat())
        return {}

    @register("t.w1")
    def single(ind, units, periods, window):
        seen.append(window.span(periods[0]).end.isoformat())
        return {}

    compute_many([indicator(1, "t.w"), indicator(2, "t.w1")], UNITS, ["2023-H1"], ReportingWindow.parse("15/12"))
    assert sorted(seen) == ["2022-12-15", "2023-06-14"]


def test_covering_prefixes_collapse_siblings_into_their_parent():
    assert covering_prefixes(["C/A/", "C/B/", "C/B/X/"]) == ["C/"]
    assert covering_prefixes(["C/A/"]) == ["C/A/"]
    assert covering_prefixes(["C/"]) == ["C/"]
    assert covering_prefixes(["C/A/", "D/"]) == ["C/A/", "D/"]
    assert covering_prefixes(["C/A/X/", "C/A/Y/", "C/B/"]) == ["C/A/", "C/B/"]
    assert covering_prefixes([]) == []
