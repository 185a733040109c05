"""Which target applies to a unit, with the tree as it stands in the period.

A target is set on a unit for a period (usually the year, or the
programme's term). A unit's target for a period is its own; failing that,
the *implied* target: what was handed down below it, each branch counted
once at its highest level. Units come and go (merges, splits, renames):

- a target held by a unit that no longer exists at the end of the period
  passes to its successors by the succession weights, unless a successor
  (or a unit below it) holds a target of its own, which takes over from
  the merge date: A (100) and B (80) merged on 1 July into AB (180), with C
  (60) beside them, make 60 + 180 = 240 for the year, not 420;
- a target held by a unit that does not exist yet at the end of the period
  does not count (AB's 180 is not part of H1, where A and B stand);
- nested targets are not counted twice (``topmost``).

Plain Python: units are ``Span``s, successions ``steerco.lib.history``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from .history import Successions


@dataclass(frozen=True)
class Span:
    """A unit's place and dates: ``valid_from``/``valid_to`` None is open."""

    id: int
    path: str
    valid_from: date | None = None
    valid_to: date | None = None

    def valid_on(self, day: date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day <= self.valid_to)

    def overlaps(self, start: date, end: date) -> bool:
        return (self.valid_from is None or self.valid_from <= end) and (self.valid_to is None or start <= self.valid_to)


def topmost(paths: Iterable[str], root_path: str) -> list[str]:
    """The paths strictly below ``root_path`` with no other listed path
    between them and the root: each branch once, at its highest level."""
    below = sorted(p for p in set(paths) if p != root_path and p.startswith(root_path))
    out: list[str] = []
    for path in below:  # sorted: an ancestor comes right before its descendants
        if not out or not path.startswith(out[-1]):
            out.append(path)
    return out


def in_force(
    targets: Mapping[int, Decimal], units: Mapping[int, Span], day: date, successions: Successions | None = None
) -> dict[int, Decimal]:
    """The targets as they stand on ``day`` (the end of the period), by
    unit: those of units valid on ``day``, plus those of ended units moved
    to their successors where no successor's branch holds its own."""
    out: dict[int, Decimal] = {
        uid: Decimal(v) for uid, v in targets.items() if uid in units and units[uid].valid_on(day)
    }
    held_paths = [units[uid].path for uid in out]
    moved: dict[int, Decimal] = defaultdict(Decimal)
    for uid, value in targets.items():
        span = units.get(uid)
        if span is None or uid in out or successions is None or not successions.is_replaced(uid):
            continue
        if span.valid_from is not None and span.valid_from > day:
            continue  # not born yet: nothing to pass on
        for heir, weight in successions.heirs(uid).items():
            heir_span = units.get(heir)
            if heir_span is None or not weight or not heir_span.valid_on(day):
                continue
            if any(p.startswith(heir_span.path) for p in held_paths):
                continue  # the successor's branch has its own target: it takes over
            moved[heir] += Decimal(value) * weight
    for heir, value in moved.items():
        out[heir] = out.get(heir, Decimal(0)) + value
    return out


@dataclass(frozen=True)
class Implied:
    own: Decimal | None
    assigned: Decimal | None

    @property
    def value(self) -> Decimal | None:
        return self.own if self.own is not None else self.assigned

    @property
    def difference(self) -> Decimal | None:
        if self.own is None or self.assigned is None:
            return None
        return self.own - self.assigned


def implied(root: Span, targets: Mapping[int, Decimal], units: Mapping[int, Span]) -> Implied | None:
    """``root``'s own target and the sum of what it handed down, from the
    targets already ``in_force``; None when there is neither."""
    own = targets.get(root.id)
    by_path = {units[uid].path: value for uid, value in targets.items() if uid != root.id}
    top = topmost(by_path, root.path)
    assigned = sum((by_path[p] for p in top), Decimal(0)) if top else None
    if own is None and assigned is None:
        return None
    return Implied(own, assigned)
