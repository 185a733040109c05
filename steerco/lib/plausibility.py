"""Is an entered count plausible? The rule behind the warning on saving a
value that is far from the unit's history or larger than what it counts
within (issue 17: 99.999.999 new members was accepted without a question).

The rule, for a count entered for a unit and a period:

1. **Beyond its denominator.** When the count is the numerator of a ratio
   and the denominator is known (its value this period, else its latest
   earlier value), a count above it is unusual. (Above the denominator of
   the same period is refused outright by the write service; this catches
   the case where only an earlier denominator is known.)
2. **Far from history.** With a latest earlier value ``p`` > 0 of the same
   unit, a value more than ``FACTOR`` (10) times ``p``, or less than
   ``p / FACTOR``, is unusual, unless the two differ by less than
   ``MIN_GAP`` (20): small counts swing (1 then 15 is not news).
3. **Large with nothing to compare.** With no earlier value (or only 0), a
   value of ``LARGE`` (1.000.000) or more is unusual.

Yes/no answers are never unusual. An unusual value is not an error: the
user may confirm it, with a reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

FACTOR = Decimal(10)
MIN_GAP = Decimal(20)
LARGE = Decimal(1_000_000)

ABOVE_DENOMINATOR = "above_denominator"
ABOVE_HISTORY = "above_history"
BELOW_HISTORY = "below_history"
LARGE_WITHOUT_HISTORY = "large"


@dataclass(frozen=True)
class Reference:
    """What a value is compared with: a value, the period it is of, and
    (for a denominator) the code of the indicator it belongs to."""

    value: Decimal
    period: str = ""
    code: str = ""


@dataclass(frozen=True)
class Unusual:
    code: str
    value: Decimal
    why: str  # one of the constants above
    reference: Reference | None = None


def check(
    code: str, value: Decimal, previous: Reference | None = None, denominator: Reference | None = None
) -> Unusual | None:
    """The first rule ``value`` breaks (in the order of the module's
    docstring), or None when it is plausible."""
    value = Decimal(value)
    if denominator is not None and value > denominator.value:
        return Unusual(code, value, ABOVE_DENOMINATOR, denominator)
    if previous is not None and previous.value > 0:
        p = previous.value
        if value > p * FACTOR and value - p >= MIN_GAP:
            return Unusual(code, value, ABOVE_HISTORY, previous)
        if value * FACTOR < p and p - value >= MIN_GAP:
            return Unusual(code, value, BELOW_HISTORY, previous)
        return None
    if value >= LARGE:
        return Unusual(code, value, LARGE_WITHOUT_HISTORY, previous)
    return None
