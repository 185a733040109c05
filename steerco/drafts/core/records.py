"""What the check needs to know of the records, as plain data.

A ``Book`` answers, for the programme being checked, "which figures do the
records hold for this unit and this period": one ``Recorded`` per
indicator, with its value, n/N, target, the same period of the previous
year and where it comes from. The Django side implements it over the
roll-ups (``steerco.drafts.figures``); tests use ``StaticBook``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Protocol


@dataclass(frozen=True)
class Recorded:
    indicator: str  # code
    name: str  # in the draft's language (Vietnamese): what the words are matched against
    kind: str  # count, ratio, yesno
    unit: str  # unit code
    unit_name: str
    period: str
    value: Decimal | None  # a percentage (0..100) for a ratio
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    decimals: int = 0
    measure: str = ""
    synonyms: tuple[str, ...] = ()
    numerator_code: str = ""
    denominator_code: str = ""
    target: Decimal | None = None
    target_period: str = ""
    previous: Decimal | None = None  # the same period of the previous year
    previous_period: str = ""
    provenance: str = ""  # how the figure is made (entered values, a register)
    url: str = ""  # where a person can see it
    label: str = ""  # the name in the reader's language

    @property
    def has_value(self) -> bool:
        return self.value is not None


class Book(Protocol):
    unit: str  # the unit the draft speaks for
    period: str

    def figures(self, unit: str, period: str) -> list[Recorded]:
        """Every indicator's figure for ``unit`` and ``period``."""
        ...

    def earlier_periods(self) -> list[str]:
        """Periods whose figures a stale draft may still carry, nearest first."""
        ...

    def neighbours(self, unit: str) -> list[str]:
        """Units whose figures a draft may confuse with ``unit``'s: its
        parent and ancestors, its children."""
        ...

    def unit_names(self) -> dict[str, list[str]]:
        """unit code -> the names by which a draft may mention it
        ("Ứng Hòa", "huyện Ứng Hòa")."""
        ...


@dataclass
class StaticBook:
    """A book held in memory: records[(unit, period)] -> figures."""

    unit: str
    period: str
    records: dict[tuple[str, str], list[Recorded]] = field(default_factory=dict)
    earlier: list[str] = field(default_factory=list)
    around: dict[str, list[str]] = field(default_factory=dict)
    names: dict[str, list[str]] = field(default_factory=dict)

    def figures(self, unit: str, period: str) -> list[Recorded]:
        return self.records.get((unit, period), [])

    def earlier_periods(self) -> list[str]:
        return self.earlier

    def neighbours(self, unit: str) -> list[str]:
        return self.around.get(unit, [])

    def unit_names(self) -> dict[str, list[str]]:
        return self.names
