from datetime import date
from decimal import Decimal

from steerco.lib.history import Link, Successions, restate

JULY = date(2025, 7, 1)
END = date(2025, 12, 31)


def test_a_merge_gives_each_predecessor_whole_to_the_successor():
    links = Successions([Link(1, 10, "merge", JULY), Link(2, 10, "merge", JULY)], END)
    assert links.heirs(1) == {10: 1} and links.heirs(2) == {10: 1}
    assert restate([(1, "k", Decimal(3)), (2, "k", Decimal(4))], links) == {(10, "k"): 7}


def test_a_split_goes_by_declared_shares():
    links = Successions([Link(1, 10, "split", JULY, Decimal("0.6")), Link(1, 11, "split", JULY, Decimal("0.4"))], END)
    assert restate([(1, "k", Decimal(10))], links) == {(10, "k"): 6, (11, "k"): 4}


def test_a_split_without_shares_goes_whole_to_the_primary():
    links = Successions([Link(1, 10, "split", JULY, primary=True), Link(1, 11, "split", JULY)], END)
    assert links.heirs(1) == {10: 1}


def test_links_chain_and_weights_multiply():
    links = Successions(
        [
            Link(1, 10, "rename", JULY),
            Link(10, 20, "split", date(2025, 9, 1), Decimal("0.5")),
            Link(10, 21, "split", date(2025, 9, 1), Decimal("0.5")),
        ],
        END,
    )
    assert links.heirs(1) == {20: Decimal("0.5"), 21: Decimal("0.5")}
    assert links.ancestry([20]) == {10, 1}


def test_a_link_not_yet_in_force_is_ignored():
    links = Successions([Link(1, 10, "merge", JULY)], date(2025, 6, 30))
    assert not links and restate([(1, "k", Decimal(5))], links) == {(1, "k"): 5}


def test_shares_that_do_not_add_up_are_reported_as_leaks():
    links = Successions(
        [
            Link(1, 10, "split", JULY, Decimal("0.6")),
            Link(1, 11, "split", JULY, Decimal("0.3")),
            Link(2, 12, "split", JULY),
        ],
        END,
    )
    assert links.leaks() == {1: Decimal("0.9"), 2: 0}
