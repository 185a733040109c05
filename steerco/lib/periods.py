"""Reporting periods and their codes.

Codes follow the brief: ``2023`` (year), ``2023-H1`` (half-year),
``2023-Q3`` (quarter), ``2023-07`` (month) and ``2020-2025`` (term).
A period is an immutable value; it knows its dates, which periods contain
it, and the same period of the previous year.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from functools import cached_property

from .errors import Refused


class PeriodKind(StrEnum):
    MONTH = "month"
    QUARTER = "quarter"
    HALF = "half"
    YEAR = "year"
    TERM = "term"


# Months per kind for the calendar kinds; a term spans whole years.
_MONTHS = {PeriodKind.MONTH: 1, PeriodKind.QUARTER: 3, PeriodKind.HALF: 6, PeriodKind.YEAR: 12}
_RANK = {PeriodKind.MONTH: 0, PeriodKind.QUARTER: 1, PeriodKind.HALF: 2, PeriodKind.YEAR: 3, PeriodKind.TERM: 4}

_PATTERNS = [
    (re.compile(r"^(\d{4})-(\d{4})$"), PeriodKind.TERM),
    (re.compile(r"^(\d{4})-H([12])$"), PeriodKind.HALF),
    (re.compile(r"^(\d{4})-Q([1-4])$"), PeriodKind.QUARTER),
    (re.compile(r"^(\d{4})-(\d{2})$"), PeriodKind.MONTH),
    (re.compile(r"^(\d{4})$"), PeriodKind.YEAR),
]


class PeriodError(Refused, ValueError):
    """A period code that cannot be read."""


@dataclass(frozen=True, order=True)
class Period:
    """A calendar period. ``index`` is the half, quarter or month number;
    for a term it is the last year of the term."""

    year: int
    kind: PeriodKind
    index: int = 1

    # -- parsing and printing -------------------------------------------------
    @classmethod
    def parse(cls, code: str) -> Period:
        text = (code or "").strip().upper()
        for pattern, kind in _PATTERNS:
            m = pattern.match(text)
            if not m:
                continue
            year = int(m.group(1))
            if kind is PeriodKind.YEAR:
                return cls(year, kind)
            second = int(m.group(2))
            if kind is PeriodKind.TERM:
                if second <= year:
                    raise PeriodError(f"term {code!r} must end after it starts")
                return cls(year, kind, second)
            if kind is PeriodKind.MONTH and not 1 <= second <= 12:
                raise PeriodError(f"month {second} in {code!r} is not between 01 and 12")
            return cls(year, kind, second)
        raise PeriodError(f"{code!r} is not a period code; use 2023, 2023-H1, 2023-Q3, 2023-07 or 2020-2025")

    # A period's code and dates are read hundreds of thousands of times in a
    # report (building each figure from its parts); each is worked out once
    # per period object (a frozen dataclass, so the cache cannot go stale).
    @cached_property
    def code(self) -> str:
        if self.kind is PeriodKind.YEAR:
            return f"{self.year}"
        if self.kind is PeriodKind.HALF:
            return f"{self.year}-H{self.index}"
        if self.kind is PeriodKind.QUARTER:
            return f"{self.year}-Q{self.index}"
        if self.kind is PeriodKind.MONTH:
            return f"{self.year}-{self.index:02d}"
        return f"{self.year}-{self.index}"

    def __str__(self) -> str:
        return self.code

    # -- dates ----------------------------------------------------------------
    @cached_property
    def start(self) -> date:
        if self.kind is PeriodKind.TERM:
            return date(self.year, 1, 1)
        months = _MONTHS[self.kind]
        return date(self.year, (self.index - 1) * months + 1, 1)

    @cached_property
    def end(self) -> date:
        if self.kind is PeriodKind.TERM:
            return date(self.index, 12, 31)
        months = _MONTHS[self.kind]
        last_month = self.index * months if self.kind is not PeriodKind.YEAR else 12
        return date(self.year, last_month, calendar.monthrange(self.year, last_month)[1])

    # -- relations ------------------------------------------------------------
    def contains(self, other: Period) -> bool:
        """True when ``other`` lies wholly inside this period (or equals it)."""
        return self.start <= other.start and other.end <= self.end

    def __contains__(self, other: Period) -> bool:
        return self.contains(other)

    def is_finer_than(self, other: Period) -> bool:
        return _RANK[self.kind] < _RANK[other.kind]

    def same_period_previous_year(self) -> Period:
        """2023-H1 -> 2022-H1. A term steps back by its own length."""
        if self.kind is PeriodKind.TERM:
            span = self.index - self.year
            return Period(self.year - span, self.kind, self.year)
        return Period(self.year - 1, self.kind, self.index)

    def year_period(self) -> Period:
        return Period(self.year, PeriodKind.YEAR)

    def children(self, kind: PeriodKind) -> list[Period]:
        """The periods of ``kind`` that make up this one, in order."""
        if _RANK[kind] >= _RANK[self.kind]:
            raise PeriodError(f"a {kind.value} does not divide a {self.kind.value}")
        if self.kind is PeriodKind.TERM:
            years = [Period(y, PeriodKind.YEAR) for y in range(self.year, self.index + 1)]
            if kind is PeriodKind.YEAR:
                return years
            return [p for y in years for p in y.children(kind)]
        per_year = 12 // _MONTHS[kind]
        return [p for i in range(1, per_year + 1) if self.contains(p := Period(self.year, kind, i))]

    def containing(self) -> list[Period]:
        """Calendar periods that contain this one, smallest first (terms are
        not calendar-derived and so are not listed)."""
        out: list[Period] = []
        for kind in (PeriodKind.QUARTER, PeriodKind.HALF, PeriodKind.YEAR):
            if _RANK[kind] <= _RANK[self.kind] or self.kind is PeriodKind.TERM:
                continue
            months = _MONTHS[kind]
            month = self.start.month
            index = 1 if kind is PeriodKind.YEAR else (month - 1) // months + 1
            out.append(Period(self.year, kind, index))
        return out

    def year_to_date(self) -> list[Period]:
        """The periods of this kind from the start of its year up to and
        including this one (2023-Q3 -> Q1, Q2, Q3); a year or a term is its
        own year to date."""
        if self.kind in (PeriodKind.YEAR, PeriodKind.TERM):
            return [self]
        return [Period(self.year, self.kind, i) for i in range(1, self.index + 1)]

    @property
    def position_in_year(self) -> str:
        """The part of the code after the year (H1, Q3, 07), the key of a
        seasonal profile; empty for a year or a term."""
        return self.code[5:] if self.kind not in (PeriodKind.YEAR, PeriodKind.TERM) else ""

    def elapsed_share_of(self, outer: Period) -> float:
        """Share of ``outer`` that has elapsed at the end of this period,
        measured in months (2023-H1 of 2023 -> 0.5)."""
        if not outer.contains(self):
            raise PeriodError(f"{self} is not inside {outer}")
        months_outer = _month_count(outer.start, outer.end)
        months_done = _month_count(outer.start, self.end)
        return months_done / months_outer


def _month_count(start: date, end: date) -> int:
    return (end.year - start.year) * 12 + end.month - start.month + 1


def parse(code: str) -> Period:
    return Period.parse(code)
