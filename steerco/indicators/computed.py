"""Computed indicators: figures counted from registers (findings,
inspection cases, …) instead of entered.

An app registers a computation under a key; an indicator names the key in
its pack (``computed: findings.remediated``) and from then on rolls up like
any count: the scorecard, reports and the API ask this module for its sums.

A computation takes the indicator, a list of units (each standing for its
whole subtree) and period codes, and returns the sum and the number of
contributing records for each (unit id, period) it has data for::

    @register("findings.remediated")
    def remediated(indicator, units, periods):
        ...
        return {(unit.pk, "2023-H1"): Sums(Decimal(7), 7)}

Keep it to a fixed number of queries whatever the number of units.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Sums:
    total: Decimal
    reporting: int


Computation = Callable[[object, Sequence[object], Sequence[str]], dict[tuple[int, str], Sums]]

REGISTRY: dict[str, Computation] = {}


def register(key: str) -> Callable[[Computation], Computation]:
    def decorate(fn: Computation) -> Computation:
        if key in REGISTRY and REGISTRY[key] is not fn:
            raise ValueError(f"computation {key!r} is registered twice")
        REGISTRY[key] = fn
        return fn

    return decorate


def compute(indicator, units: Sequence[object], periods: Sequence[str]) -> dict[tuple[int, str], Sums]:
    try:
        fn = REGISTRY[indicator.computed_by]
    except KeyError:
        raise LookupError(
            f"indicator {indicator.code} is computed by {indicator.computed_by!r}, which no app registers"
        ) from None
    return fn(indicator, units, periods)
