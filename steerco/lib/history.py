"""History across restructuring: where a unit's figures went.

A succession link says that from ``effective`` on, ``successor`` carries
(part of) the history of ``predecessor``:

- ``merge`` and ``rename``: the successor takes the predecessor whole;
- ``split``: each successor takes its declared ``share``; without shares,
  the one marked ``primary`` takes it whole and the others nothing.

Links chain (a commune merged in 2025 into a ward that is split in 2027),
so the weights multiply along the chain. Plain Python, no Django.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

ONE = Decimal(1)


@dataclass(frozen=True)
class Link:
    predecessor: int
    successor: int
    kind: str  # merge | split | rename
    effective: date
    share: Decimal | None = None
    primary: bool = False

    @property
    def weight(self) -> Decimal:
        if self.kind != "split":
            return ONE
        if self.share is not None:
            return Decimal(self.share)
        return ONE if self.primary else Decimal(0)


class Successions:
    """The links in force on a day, and the weights they give."""

    def __init__(self, links: Iterable[Link], as_of: date):
        self._heirs: dict[int, dict[int, Decimal]] = {}
        self.forward: dict[int, list[Link]] = defaultdict(list)
        self.backward: dict[int, list[Link]] = defaultdict(list)
        for link in links:
            if link.effective <= as_of:
                self.forward[link.predecessor].append(link)
                self.backward[link.successor].append(link)

    def forward_links(self) -> list[Link]:
        """Every link in force."""
        return [link for links in self.forward.values() for link in links]

    def __bool__(self) -> bool:
        return bool(self.forward)

    def is_replaced(self, unit_id: int) -> bool:
        return unit_id in self.forward

    def heirs(self, unit_id: int) -> dict[int, Decimal]:
        """The units in force at the end of the chain, with the share of
        ``unit_id``'s figures each of them carries."""
        if unit_id not in self._heirs:
            self._heirs[unit_id] = self._follow(unit_id)
        return self._heirs[unit_id]

    def _follow(self, unit_id: int) -> dict[int, Decimal]:
        out: dict[int, Decimal] = defaultdict(Decimal)
        stack = [(unit_id, ONE, frozenset([unit_id]))]
        while stack:
            current, weight, seen = stack.pop()
            links = self.forward.get(current)
            if not links:
                out[current] += weight
                continue
            for link in links:
                if link.successor in seen:  # a cycle in bad data: stop there
                    continue
                part = weight * link.weight
                if part:
                    stack.append((link.successor, part, seen | {link.successor}))
        return dict(out)

    def ancestry(self, unit_ids: Iterable[int]) -> set[int]:
        """Every unit whose history flows, directly or along a chain, into
        one of ``unit_ids``."""
        found: set[int] = set()
        stack = list(unit_ids)
        while stack:
            for link in self.backward.get(stack.pop(), ()):
                if link.predecessor not in found:
                    found.add(link.predecessor)
                    stack.append(link.predecessor)
        return found

    def leaks(self) -> dict[int, Decimal]:
        """Replaced units whose heirs do not carry exactly all of their
        history (split shares that do not add up to 1, a split with no
        primary): what a comparison would lose or count twice."""
        out = {}
        for unit_id in self.forward:
            total = sum(self.heirs(unit_id).values(), Decimal(0))
            if total != ONE:
                out[unit_id] = total
        return out


def restate(
    values: Iterable[tuple[int, object, Decimal]], successions: Successions
) -> dict[tuple[int, object], Decimal]:
    """Move ``(unit id, key, value)`` rows onto the units in force: a
    replaced unit's value goes to its heirs by weight. Returns the value by
    (unit in force, key)."""
    out: dict[tuple[int, object], Decimal] = defaultdict(Decimal)
    for unit_id, key, value in values:
        if successions.is_replaced(unit_id):
            for heir, weight in successions.heirs(unit_id).items():
                out[(heir, key)] += Decimal(value) * weight
        else:
            out[(unit_id, key)] += Decimal(value)
    return dict(out)
