"""Time roll-up: a period's figure built from the entered periods it contains.

Values are entered per period (``2023-H1``, ``2024-Q3``). A figure asked for
a period nobody entered is built from its parts, recursively along the
calendar (a term is made of years, a year of halves, a half of quarters, a
quarter of months), so a year can be two halves, or H1 entered as a half
and H2 as two quarters:

- a flow (``sum``: members admitted) adds its parts up;
- a stock (``last``: procedures in force) and a yes/no answer take the
  state at the end of the period, the last part;
- a ratio is the ratio of its parts, each built by its own rule over the
  whole period (never a mean of quarterly ratios): build the numerator and
  the denominator here, then divide.

A period entered as such wins over its parts (a unit that entered both H2
and Q3/Q4 is not counted twice). Parts without data are kept as
``missing``: the figure is then *partial* and says which parts it lacks,
never a silent sum.

The year to date (``to_date``) is what a status inside the year is judged
on: H2 against an annual target is judged on H1 + H2 (a flow) against the
share of the target due by the end of H2.

Plain Python: ``amounts`` map period codes to anything with ``total`` and
``reporting`` (``indicators.computed.Sums``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from .periods import Period, PeriodKind

SUM = "sum"
LAST = "last"

# The calendar kind one step finer than each kind.
_FINER = {
    PeriodKind.TERM: PeriodKind.YEAR,
    PeriodKind.YEAR: PeriodKind.HALF,
    PeriodKind.HALF: PeriodKind.QUARTER,
    PeriodKind.QUARTER: PeriodKind.MONTH,
}


def parts(period: Period) -> list[Period]:
    """The periods one step finer that make up ``period`` (a month has none)."""
    return list(_parts(period))


@lru_cache(maxsize=4096)
def _parts(period: Period) -> tuple[Period, ...]:
    # Asked for each figure of each unit: a report builds thousands.
    kind = _FINER.get(period.kind)
    return tuple(period.children(kind)) if kind else ()


def codes_within(period: Period) -> list[str]:
    """The codes of ``period`` and of every calendar period inside it, of
    every kind: what to fetch to build it from any mix of entered parts."""
    out = [period.code]
    for part in parts(period):
        out.extend(codes_within(part))
    return out


@dataclass(frozen=True)
class Built:
    """A figure's amount over a period and where it came from.

    ``entered`` are the codes of the entered periods used (``("2023-H1",
    "2023-Q3", "2023-Q4")``), ``missing`` the parts that had no data (for a
    period with no data at all, the period itself). ``reporting`` is the
    most units counted in any one part (a flow) or in the last part (a
    stock): the units behind the figure, never a unit counted twice."""

    total: Decimal | None
    reporting: int = 0
    entered: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()
    parts: tuple[tuple[str, int], ...] = ()  # (entered code, units reporting in it)

    @property
    def has_data(self) -> bool:
        return self.total is not None

    @property
    def complete(self) -> bool:
        return self.has_data and not self.missing

    @property
    def partial(self) -> bool:
        return self.has_data and bool(self.missing)


def nothing(period: Period) -> Built:
    return Built(None, 0, (), (period.code,))


def build(period: Period, amounts: Mapping[str, object], how: str = SUM) -> Built:
    """``period``'s amount from the entered ``amounts`` (code -> Sums): the
    period itself when it was entered, else its parts combined by ``how``."""
    if not amounts:  # no part has data either: say so without walking them
        return nothing(period)
    found = amounts.get(period.code)
    if found is not None:
        total = Decimal(found.total) if found.total is not None else Decimal(0)
        return Built(total, found.reporting, (period.code,), (), ((period.code, found.reporting),))
    pieces = parts(period)
    if not pieces:
        return nothing(period)
    built = [build(p, amounts, how) for p in pieces]
    if not any(b.has_data for b in built):
        return nothing(period)
    return combine(built, how)


def combine(built: Sequence[Built], how: str = SUM) -> Built:
    """Consecutive periods' amounts, in order, as one (``how``: a flow adds,
    a stock takes the last that has data; the later parts it lacks are
    missing)."""
    present = [b for b in built if b.has_data]
    if not present:
        missing = tuple(m for b in built for m in b.missing)
        return Built(None, 0, (), missing)
    if how == LAST:
        last = max(i for i, b in enumerate(built) if b.has_data)
        chosen = built[last]
        later = tuple(m for b in built[last + 1 :] for m in b.missing)
        return Built(chosen.total, chosen.reporting, chosen.entered, chosen.missing + later, chosen.parts)
    return Built(
        sum((b.total for b in present), Decimal(0)),
        max(b.reporting for b in present),
        tuple(code for b in present for code in b.entered),
        tuple(m for b in built for m in b.missing),
        tuple(p for b in present for p in b.parts),
    )


def to_date(period: Period, target_period: Period) -> list[Period]:
    """The periods that cover ``target_period`` from its start to the end of
    ``period``: 2023-Q3 of 2023 -> Q1, Q2, Q3; 2023-H1 of the term
    2020-2025 -> 2020, 2021, 2022, 2023-H1. A period not inside the target
    period (or equal to it) is its own span."""
    if period == target_period or not target_period.contains(period):
        return [period]
    if target_period.kind is PeriodKind.TERM:
        years = [Period(y, PeriodKind.YEAR) for y in range(target_period.year, period.year)]
        return years + ([period] if period.kind is PeriodKind.YEAR else period.year_to_date())
    return period.year_to_date()


def build_to_date(period: Period, target_period: Period, amounts: Mapping[str, object], how: str = SUM) -> Built:
    """The amount from the start of ``target_period`` to the end of
    ``period`` (a stock: the amount at the end of ``period``)."""
    span = to_date(period, target_period)
    if how == LAST:
        return build(period, amounts, how)
    return combine([build(p, amounts, how) for p in span], how)


def codes_to_date(period: Period, target_periods: Iterable[Period]) -> list[str]:
    """Every code needed to build ``period`` and its span to date within
    each of ``target_periods``."""
    out: dict[str, None] = dict.fromkeys(codes_within(period))
    for target_period in target_periods:
        for p in to_date(period, target_period):
            out.update(dict.fromkeys(codes_within(p)))
    return list(out)
