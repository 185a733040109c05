"""Reporting windows: which days a period's register records come from.

A programme's rounds need not follow the calendar: Hanoi's half-year round
counts what happened from 15 December to 14 June, the next one from 15 June
to 14 December. A window is written as the day its first half-year starts
(``15/12``: 15 December of the year before) and shifts every boundary of
the calendar periods alike: each calendar boundary (the first of a month)
moves to that day ``offset`` months before or after it. So with ``15/12``:

- 2023-H1 covers 15/12/2022 – 14/6/2023, 2023-H2 15/6/2023 – 14/12/2023;
- 2023-Q1 covers 15/12/2022 – 14/3/2023, 2023-Q2 15/3/2023 – 14/6/2023;
- 2023 covers 15/12/2022 – 14/12/2023, the term 2020-2025 15/12/2019 –
  14/12/2025; the parts of a period tile it exactly.

Records labelled with a year instead of a day (a weak-organisation list,
a PAR-index year) belong to the reporting year of that number: the window
moves their days, never their year.

``span(period)`` is the one way to turn a period into the days counted.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import MAXYEAR, MINYEAR, date, timedelta

from .errors import Refused
from .numbers import fmt_day
from .periods import Period, PeriodKind

# How far a window may start from the calendar: two months either way keeps
# every quarter's window overlapping its own calendar quarter.
MAX_OFFSET = 2
LAST_DAY = 28  # every month has it


class WindowError(Refused, ValueError):
    """A reporting window that cannot be used."""


@dataclass(frozen=True)
class Span:
    """The days a period's register records are counted from."""

    period: Period
    start: date
    end: date

    @property
    def code(self) -> str:
        return self.period.code

    @property
    def years(self) -> list[int]:
        """The reporting years the period belongs to (records labelled with
        a year: lists of weak organisations, PAR-index years)."""
        return list(range(self.period.start.year, self.period.end.year + 1))

    def holds(self, day: date) -> bool:
        return self.start <= day <= self.end

    @property
    def label(self) -> str:
        """'15/12/2022 – 14/6/2023'."""
        return f"{fmt_day(self.start)} – {fmt_day(self.end)}"


@dataclass(frozen=True)
class ReportingWindow:
    """``month``/``day``: the first day of the first half-year's window
    (12/15: from 15 December of the year before); 1/1 is the calendar."""

    month: int = 1
    day: int = 1

    def __post_init__(self) -> None:
        if not 1 <= self.month <= 12:
            raise WindowError(f"month {self.month} is not between 1 and 12")
        if not 1 <= self.day <= LAST_DAY:
            raise WindowError(f"a window starts on a day between 1 and {LAST_DAY}, not {self.day}")
        if abs(self.offset) > MAX_OFFSET:
            raise WindowError(
                f"a window starting on {self.day}/{self.month} is more than {MAX_OFFSET} months from 1 January"
            )

    @classmethod
    def parse(cls, text: str) -> ReportingWindow:
        """``15/12`` (day/month) as a pack writes it."""
        parts = str(text or "").strip().split("/")
        if len(parts) != 2 or not all(p.strip().isdigit() for p in parts):
            raise WindowError(f"{text!r} is not a day/month such as 15/12")
        return cls(month=int(parts[1]), day=int(parts[0]))

    @property
    def offset(self) -> int:
        """Months from 1 January to the month the window starts in: 15/12
        is -1 (the month before), 15/1 is 0, 1/2 is +1."""
        return self.month - 1 if self.month <= 6 else self.month - 13

    @property
    def is_calendar(self) -> bool:
        return self.offset == 0 and self.day == 1

    @property
    def text(self) -> str:
        """As a pack writes it: 15/12."""
        return f"{self.day}/{self.month}"

    def boundary(self, calendar_start: date) -> date:
        """Where the calendar boundary on the first of a month moves to."""
        return self._moved(calendar_start.year * 12 + calendar_start.month - 1)

    def _moved(self, months: int) -> date:
        """The boundary of the month ``months`` (year × 12 + month − 1),
        held within the calendar Python can write (years 1 to 9999)."""
        months += self.offset
        if months < 12 * MINYEAR:
            return date.min
        if months >= 12 * (MAXYEAR + 1):
            return date.max
        return date(months // 12, months % 12 + 1, self.day)

    def span(self, period: Period | str) -> Span:
        """The days counted in ``period`` under this window."""
        p = period if isinstance(period, Period) else Period.parse(period)
        after = self._moved(p.end.year * 12 + p.end.month)  # the month after the period
        return Span(p, self.boundary(p.start), after if after == date.max else after - timedelta(days=1))

    def period_of(self, day: date, kind: PeriodKind) -> Period:
        """The period of ``kind`` (not a term) whose window holds ``day``."""
        if kind is PeriodKind.TERM:
            raise WindowError("a term is not found from a day")
        # The window of a calendar period is never more than MAX_OFFSET
        # months away: try the calendar period of the day and its neighbours.
        guess = Period(day.year, PeriodKind.MONTH, day.month)
        for candidate in _around(guess, kind):
            if self.span(candidate).holds(day):
                return candidate
        raise AssertionError(f"no {kind} holds {day}")  # pragma: no cover - the windows tile the days


CALENDAR = ReportingWindow()


def _around(month: Period, kind: PeriodKind) -> list[Period]:
    out = []
    for shift in range(-MAX_OFFSET - 1, MAX_OFFSET + 2):
        months = month.year * 12 + month.index - 1 + shift
        m = Period(months // 12, PeriodKind.MONTH, months % 12 + 1)
        p = m if kind is PeriodKind.MONTH else next(c for c in m.containing() if c.kind is kind)
        if p not in out:
            out.append(p)
    return out
