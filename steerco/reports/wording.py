"""Words for periods and dates in a report, in Vietnamese or English.
Plain functions, no Django: the report's language is an argument, not the
request's."""

from __future__ import annotations

from datetime import date

from steerco.lib.numbers import fmt_date_vi
from steerco.lib.period_names import MONTHS_EN, ROMAN
from steerco.lib.periods import Period, PeriodKind


def period_name(period: Period, language: str = "vi") -> str:
    """2023-H1 -> '6 tháng đầu năm 2023' / 'the first half of 2023'."""
    en = language == "en"
    if period.kind is PeriodKind.HALF:
        if en:
            return f"the {'first' if period.index == 1 else 'second'} half of {period.year}"
        return f"6 tháng {'đầu' if period.index == 1 else 'cuối'} năm {period.year}"
    if period.kind is PeriodKind.QUARTER:
        return f"Q{period.index} {period.year}" if en else f"quý {ROMAN[period.index]} năm {period.year}"
    if period.kind is PeriodKind.MONTH:
        return f"{MONTHS_EN[period.index - 1]} {period.year}" if en else f"tháng {period.index} năm {period.year}"
    if period.kind is PeriodKind.TERM:
        return f"the term {period.year}–{period.index}" if en else f"nhiệm kỳ {period.year}-{period.index}"
    return str(period.year) if en else f"năm {period.year}"


def next_period(period: Period) -> Period:
    """The period that follows, of the same kind: 2023-H1 -> 2023-H2,
    2023-H2 -> 2024-H1, 2023 -> 2024."""
    if period.kind is PeriodKind.YEAR:
        return Period(period.year + 1, period.kind)
    if period.kind is PeriodKind.TERM:
        span = period.index - period.year
        return Period(period.index, period.kind, period.index + span)
    per_year = {PeriodKind.HALF: 2, PeriodKind.QUARTER: 4, PeriodKind.MONTH: 12}[period.kind]
    if period.index < per_year:
        return Period(period.year, period.kind, period.index + 1)
    return Period(period.year + 1, period.kind, 1)


def long_date(day: date, language: str = "vi") -> str:
    """'ngày 15 tháng 7 năm 2023' / '15 July 2023'."""
    if language == "en":
        return f"{day.day} {MONTHS_EN[day.month - 1]} {day.year}"
    return fmt_date_vi(day)


def place_and_date(place: str, day: date, language: str = "vi") -> str:
    return f"{place}, {long_date(day, language)}"


def symbol(number: int | None, issuer_code: str, style: str, type_code: str = "BC") -> str:
    """'15-BC/BCĐ' (Party: hyphen before the type, slash before the issuer)
    or '15/BC-UBND' (State). A draft leaves the number blank for the office
    to fill in."""
    shown = str(number) if number else "\u00a0" * 6
    if style == "state":
        return f"{shown}/{type_code}-{issuer_code}"
    return f"{shown}-{type_code}/{issuer_code}"


def document_number(number: int | None, issuer_code: str, style: str, language: str = "vi") -> str:
    """'Số 15-BC/BCĐ' (Party: no colon) or 'Số: 15/BC-UBND' (State)."""
    word = "No." if language == "en" else "Số"
    colon = ":" if style == "state" else ""
    return f"{word}{colon} {symbol(number, issuer_code, style)}"
