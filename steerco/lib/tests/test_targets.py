"""Targets in force with the tree of the period, worked by hand."""

from datetime import date
from decimal import Decimal

from steerco.lib.history import Link, Successions
from steerco.lib.targets import Span, implied, in_force

JULY = date(2024, 7, 1)
END_H1 = date(2024, 6, 30)
END_YEAR = date(2024, 12, 31)

# Province P: districts A and B merge on 1 July into AB; C carries on.
UNITS = {
    1: Span(1, "P/"),
    2: Span(2, "P/A/", valid_to=END_H1),
    3: Span(3, "P/B/", valid_to=END_H1),
    4: Span(4, "P/AB/", valid_from=JULY),
    5: Span(5, "P/C/"),
    6: Span(6, "P/A/X/", valid_to=END_H1),
}
LINKS = [Link(2, 4, "merge", JULY), Link(3, 4, "merge", JULY)]


def target(day, targets, root=1):
    return implied(UNITS[root], in_force(targets, UNITS, day, Successions(LINKS, day)), UNITS)


def test_a_merger_with_its_own_target_takes_over_from_the_merge_date_240_not_420():
    targets = {2: Decimal(100), 3: Decimal(80), 4: Decimal(180), 5: Decimal(60)}
    assert target(END_YEAR, targets).value == 240
    assert target(END_H1, targets).value == 240  # A + B + C before the merger


def test_a_successor_without_a_target_inherits_its_predecessors():
    targets = {2: Decimal(100), 3: Decimal(80), 5: Decimal(60)}
    year = target(END_YEAR, targets)
    assert year.value == 240
    assert target(END_YEAR, targets, root=4).value == 180


def test_the_own_target_and_the_difference_with_what_was_handed_down():
    targets = {1: Decimal(240), 2: Decimal(100), 3: Decimal(80), 4: Decimal(180), 5: Decimal(60)}
    found = target(END_YEAR, targets)
    assert (found.own, found.assigned, found.difference) == (240, 240, 0)


def test_nested_targets_count_once_at_the_highest_level():
    targets = {2: Decimal(100), 6: Decimal(70), 5: Decimal(60)}
    assert target(END_H1, targets).value == 160


def test_a_split_by_shares_passes_the_target_by_weight():
    units = {
        1: Span(1, "P/"),
        2: Span(2, "P/A/", valid_to=END_H1),
        7: Span(7, "P/W1/", valid_from=JULY),
        8: Span(8, "P/W2/", valid_from=JULY),
    }
    links = Successions(
        [Link(2, 7, "split", JULY, Decimal("0.6")), Link(2, 8, "split", JULY, Decimal("0.4"))], END_YEAR
    )
    forced = in_force({2: Decimal(100)}, units, END_YEAR, links)
    assert forced == {7: 60, 8: 40}
    assert implied(units[1], forced, units).value == 100


def test_no_target_at_all_is_none():
    assert target(END_YEAR, {}) is None
