"""Periods by the names officials use: "6 tháng đầu năm 2023", "Quý III/2024",
"Năm 2024". A picker shows these names over the codes; ``read`` takes a code
or a name typed in (Vietnamese or English, any case, with or without
diacritics) and gives the period.
"""

from __future__ import annotations

import re
import unicodedata

from .periods import Period, PeriodError, PeriodKind

# Shared with the report's prose names (reports.wording: "quý III năm 2024").
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
_FROM_ROMAN = {v: k for k, v in ROMAN.items()}
MONTHS_EN = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def label(period: Period, language: str = "vi", inline: bool = False) -> str:
    """The name a picker shows: 2023-H1 -> '6 tháng đầu năm 2023', 2024-Q3 ->
    'Quý III/2024', 2024 -> 'Năm 2024', 2023-07 -> 'Tháng 7/2023'. ``inline``:
    as written inside a sentence ('kỳ năm 2024', 'by the end of first half
    of 2023'), where the capital of a picker's name would be wrong."""
    name = _label(period, language)
    if inline and not (language == "en" and period.kind in (PeriodKind.QUARTER, PeriodKind.MONTH)):
        return name[0].lower() + name[1:]
    return name


def _label(period: Period, language: str) -> str:
    en = language == "en"
    if period.kind is PeriodKind.HALF:
        if en:
            return f"{'First' if period.index == 1 else 'Second'} half of {period.year}"
        return f"6 tháng {'đầu' if period.index == 1 else 'cuối'} năm {period.year}"
    if period.kind is PeriodKind.QUARTER:
        return f"Q{period.index} {period.year}" if en else f"Quý {ROMAN[period.index]}/{period.year}"
    if period.kind is PeriodKind.MONTH:
        return f"{MONTHS_EN[period.index - 1]} {period.year}" if en else f"Tháng {period.index}/{period.year}"
    if period.kind is PeriodKind.TERM:
        return f"Term {period.year}–{period.index}" if en else f"Nhiệm kỳ {period.year}-{period.index}"
    return f"Year {period.year}" if en else f"Năm {period.year}"


def _plain(text: str) -> str:
    """Lower case, no diacritics (đ -> d), single spaces, one kind of dash."""
    text = unicodedata.normalize("NFD", text.strip().lower()).replace("đ", "d")
    text = "".join(c for c in text if unicodedata.category(c) != "Mn")
    text = re.sub(r"[–—‐-]", "-", text)
    return re.sub(r"\s+", " ", text)


_Y = r"(\d{4})"
_NAMES = [
    # Vietnamese
    (re.compile(rf"^6 thang (dau|cuoi) (?:nam )?{_Y}$"), PeriodKind.HALF),
    (re.compile(rf"^quy (i{{1,3}}|iv|[1-4])(?: ?/ ?| nam | ){_Y}$"), PeriodKind.QUARTER),
    (re.compile(rf"^thang (\d{{1,2}})(?: ?/ ?| nam | ){_Y}$"), PeriodKind.MONTH),
    (re.compile(rf"^nhiem ky {_Y} ?- ?{_Y}$"), PeriodKind.TERM),
    (re.compile(rf"^nam {_Y}$"), PeriodKind.YEAR),
    # English
    (re.compile(rf"^(?:the )?(first|second) half (?:of )?{_Y}$"), PeriodKind.HALF),
    (re.compile(rf"^q([1-4]) {_Y}$"), PeriodKind.QUARTER),
    (re.compile(rf"^(?:the )?term {_Y} ?- ?{_Y}$"), PeriodKind.TERM),
    (re.compile(rf"^year {_Y}$"), PeriodKind.YEAR),
]
_MONTH_EN = re.compile(rf"^([a-z]+) {_Y}$")


def read(text: str) -> Period:
    """A period from its code ('2023-H1') or its name ('6 tháng đầu năm 2023',
    'Quý III/2024', 'Năm 2024', 'first half of 2023'). Raises PeriodError."""
    try:
        return Period.parse(text)
    except PeriodError:
        pass
    plain = _plain(text or "")
    for pattern, kind in _NAMES:
        m = pattern.match(plain)
        if not m:
            continue
        first, year = m.group(1), m.group(m.lastindex)
        if kind is PeriodKind.TERM:
            return Period.parse(f"{first}-{year}")
        if kind is PeriodKind.YEAR:
            return Period(int(first), kind)
        if kind is PeriodKind.HALF:
            return Period(int(year), kind, 1 if first in ("dau", "first") else 2)
        if kind is PeriodKind.QUARTER:
            return Period(int(year), kind, _FROM_ROMAN.get(first.upper()) or int(first))
        return Period.parse(f"{year}-{int(first):02d}")
    m = _MONTH_EN.match(plain)
    if m and m.group(1).capitalize() in MONTHS_EN:
        return Period(int(m.group(2)), PeriodKind.MONTH, MONTHS_EN.index(m.group(1).capitalize()) + 1)
    raise PeriodError(f"{text!r} is not a period")


def year_periods(year: int, months: bool = False) -> list[Period]:
    """The periods of a year as a picker lists them: the year, its halves,
    its quarters (and, if asked, its months)."""
    whole = Period(year, PeriodKind.YEAR)
    out = [whole, *whole.children(PeriodKind.HALF), *whole.children(PeriodKind.QUARTER)]
    return out + whole.children(PeriodKind.MONTH) if months else out
