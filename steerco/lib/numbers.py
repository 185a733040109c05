"""Number formatting for Vietnamese (default) and English.

Vietnamese groups thousands with a dot and uses a comma for decimals:
5.155 and 86,06 %. Babel knows the symbols; rounding is ours, half up, as
people round by hand, so 52,5 % shows as 53 % and not 52 %.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from babel import Locale
from babel.numbers import NumberPattern, parse_pattern

DEFAULT_LOCALE = "vi"


def _quantize(value: Decimal, decimals: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


@lru_cache(maxsize=16)
def _pattern(decimals: int) -> NumberPattern:
    return parse_pattern("#,##0" + ("." + "0" * decimals if decimals > 0 else ""))


@lru_cache(maxsize=16)
def _locale(locale: str) -> Locale:
    return Locale.parse(locale)


def fmt_number(value, decimals: int = 0, locale: str = DEFAULT_LOCALE) -> str:
    """5155 -> '5.155' (vi) or '5,155' (en)."""
    if value is None:
        return "–"
    d = _quantize(Decimal(value), decimals)
    # babel's format_decimal, with the pattern and the locale parsed once
    # (a heat table formats thousands of figures)
    return _pattern(decimals).apply(d, _locale(locale))


def plain(value) -> str:
    """The machine form of a stored value, as an <input type=number> wants
    it: 150.0000 -> '150', 1.50 -> '1.5', never '1.5E+2'."""
    return format(Decimal(value).normalize(), "f")


def decimals_in(value) -> int:
    """How many decimals a value really has: 120.0000 -> 0, 2.50 -> 1."""
    return max(0, -Decimal(value).normalize().as_tuple().exponent)


def fmt_exact(value, locale: str = DEFAULT_LOCALE) -> str:
    """A stored value with every decimal it has and none it lacks, in the
    locale's format: 120.0000 -> '120', 10000.5 -> '10.000,5'."""
    if value is None:
        return "–"
    return fmt_number(value, decimals_in(value), locale)


def fmt_percent(value, decimals: int = 0, locale: str = DEFAULT_LOCALE) -> str:
    """A percentage already scaled to 0..100: 86.0616 -> '86,06 %'."""
    if value is None:
        return "–"
    number = fmt_number(value, decimals, locale)
    return f"{number} %" if locale.startswith("vi") else f"{number}%"


def percent(numerator, denominator) -> Decimal | None:
    """numerator / denominator * 100, or None when the denominator is zero."""
    if numerator is None or denominator in (None, 0):
        return None
    return Decimal(numerator) * 100 / Decimal(denominator)


def fmt_ratio(numerator, denominator, decimals: int = 0, locale: str = DEFAULT_LOCALE) -> str:
    """A ratio is never shown without its n/N: '531/617 (86,06 %)'."""
    share = fmt_percent(percent(numerator, denominator), decimals, locale)
    return f"{fmt_number(numerator, 0, locale)}/{fmt_number(denominator, 0, locale)} ({share})"


# Dates, one rule for every page, message, export and document, in both
# languages: as the Party's documents write them (Hướng dẫn 36-HD/VPTW), the
# day with two digits below 10, the month with two digits for January and
# February only (so that neither can be altered by adding a digit):
# 15/7/2023, 06/7/2022, 03/02/2025. In words: ngày 15 tháng 7 năm 2023.
_SMALL_PAD_MONTHS = (1, 2)


def _month(d) -> str:
    return f"{d.month:02d}" if d.month in _SMALL_PAD_MONTHS else str(d.month)


def fmt_day(d) -> str:
    """A date in a sentence, a table cell or an export, as the Party writes
    it: '15/7/2023', '06/7/2022', '03/02/2025'; '–' for no date."""
    if d is None:
        return "–"
    return f"{d.day:02d}/{_month(d)}/{d.year}"


def fmt_month(d) -> str:
    """A month by the same rule: '01/2023', '7/2023'."""
    return f"{_month(d)}/{d.year}"


def fmt_moment(dt, seconds: bool = False) -> str:
    """A moment (already in local time): its day, then the time: '06/7/2022 08:30'."""
    if dt is None:
        return "–"
    time = f"{dt.hour:02d}:{dt.minute:02d}" + (f":{dt.second:02d}" if seconds else "")
    return f"{fmt_day(dt)} {time}"


def excel_day_format(d) -> str:
    """The Excel number format that shows a date cell as ``fmt_day`` writes it
    (Excel has no 'pad the month for January and February only')."""
    return "dd/mm/yyyy" if getattr(d, "month", None) in _SMALL_PAD_MONTHS else "dd/m/yyyy"


def fmt_date_vi(d) -> str:
    """Party document style, in words, by the same rule as ``fmt_day``
    (Hướng dẫn 36-HD/VPTW): 'ngày 03 tháng 02 năm 2025', 'ngày 15 tháng 7 năm 2023'."""
    return f"ngày {d.day:02d} tháng {_month(d)} năm {d.year}"


class NotANumber(ValueError):
    """What was typed is not a number in the locale's format."""


_SEPARATORS = {"vi": (".", ","), "en": (",", ".")}  # (thousands, decimal)


def parse_number(text: str, locale: str = DEFAULT_LOCALE) -> Decimal | None:
    """What a person types into a number box, read as the locale writes it;
    None for nothing typed. Vietnamese: '5.155' -> 5155, '86,06' -> 86.06,
    '1.234,5' -> 1234.5, plain '5155' too. A lone dot that is not followed
    by exactly three digits is read as a decimal point ('1.5' -> 1.5), so a
    machine value pasted in still reads right; a dot before three digits
    groups thousands ('1.500' -> 1500). English mirrors the rule. Exponents
    ('1.5E+2'), letters and misplaced separators raise ``NotANumber``."""
    text = "".join(str(text).split())  # spaces, also the non-breaking ones Excel copies
    if not text:
        return None
    group, point = _SEPARATORS["en" if locale.startswith("en") else "vi"]
    sign = ""
    if text[0] in "+-−":
        sign, text = ("-" if text[0] != "+" else ""), text[1:]
    whole, _sep, fraction = text.partition(point)
    if _sep and not fraction.isdigit():
        raise NotANumber(text)
    parts = whole.split(group)
    if not all(p.isdigit() for p in parts):
        raise NotANumber(text)
    if len(parts) > 1:
        grouped = len(parts[0]) <= 3 and all(len(p) == 3 for p in parts[1:])
        if not grouped:
            if len(parts) == 2 and not _sep:  # '1.5': a machine decimal point
                return Decimal(f"{sign}{parts[0]}.{parts[1]}")
            raise NotANumber(text)
    digits = "".join(parts) + (f".{fraction}" if _sep else "")
    return Decimal(sign + digits)


def fmt_input(value, locale: str = DEFAULT_LOCALE) -> str:
    """A stored value as an entry box shows it and ``parse_number`` reads it
    back: 5155 -> '5.155', 86.0600 -> '86,06'; empty for no value."""
    if value is None:
        return ""
    return fmt_exact(value, locale)
