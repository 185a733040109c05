"""Roll-up maths, independent of where the values are stored.

Three aggregation rules:

- ``sum``: counts add up over units.
- ``ratio_of_sums``: a ratio over a subtree is sum(numerators) /
  sum(denominators), never the mean of the units' ratios.
- ``count_yes``: yes/no answers roll up to "n of N units said yes".

A ``Figure`` carries the parts (n and N) so a percentage is never shown
without them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from .numbers import percent


class Aggregation(StrEnum):
    SUM = "sum"
    RATIO_OF_SUMS = "ratio_of_sums"
    COUNT_YES = "count_yes"


@dataclass(frozen=True)
class Figure:
    """An aggregated figure. For sum it is ``value`` alone; for a ratio,
    ``numerator``/``denominator`` with ``value`` as a percentage; for yes/no,
    ``value`` yes answers out of ``denominator`` reporting units."""

    value: Decimal | None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    reporting: int = 0  # how many unit values went into it

    @property
    def has_data(self) -> bool:
        return self.reporting > 0


NO_DATA = Figure(value=None)


def sum_values(values: Iterable[Decimal | int | None]) -> Figure:
    present = [Decimal(v) for v in values if v is not None]
    if not present:
        return NO_DATA
    return Figure(value=sum(present, Decimal(0)), reporting=len(present))


def ratio_of_sums(pairs: Iterable[tuple[Decimal | int | None, Decimal | int | None]]) -> Figure:
    """Each pair is one unit's (numerator, denominator)."""
    nums: list[Decimal] = []
    dens: list[Decimal] = []
    for n, d in pairs:
        if n is not None:
            nums.append(Decimal(n))
        if d is not None:
            dens.append(Decimal(d))
    if not nums and not dens:
        return NO_DATA
    return ratio(sum(nums, Decimal(0)), sum(dens, Decimal(0)), max(len(nums), len(dens)))


def ratio(numerator: Decimal, denominator: Decimal, reporting: int) -> Figure:
    return Figure(
        value=percent(numerator, denominator),
        numerator=numerator,
        denominator=denominator,
        reporting=reporting,
    )


def count_yes(answers: Iterable[bool | int | Decimal | None]) -> Figure:
    present = [bool(a) for a in answers if a is not None]
    if not present:
        return NO_DATA
    yes = Decimal(sum(present))
    return Figure(value=yes, numerator=yes, denominator=Decimal(len(present)), reporting=len(present))


def share_of_target(value: Decimal | None, target: Decimal | None) -> Decimal | None:
    """Achievement as a percentage of the target (5155 of 9810 -> 52.55)."""
    return percent(value, target)
