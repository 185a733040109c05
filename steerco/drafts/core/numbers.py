"""Reading the numbers people type: 5.155 and 86,06 (Vietnamese), 5,155 and
86.06 (English), 01, and the common counts in words ("hai đơn vị")."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal

SEPARATORS = ".,\u00a0\u202f"
_SPACES = "\u00a0\u202f"


@dataclass(frozen=True)
class Reading:
    value: Decimal
    decimals: int  # digits written after the decimal separator
    style: str  # "vi", "en" or "" (no separator, either style)


def readings(token: str) -> list[Reading]:
    """Every sensible reading of a number as written, the Vietnamese one
    first when both styles fit ("5.155" is 5155 in Vietnamese and 5.155 in
    English; "86,06" is only 86.06)."""
    token = token.strip()
    if any(space in token for space in _SPACES):  # 5 155 with a no-break space: thousands only
        return [r for r in readings(re.sub(f"[{_SPACES}]", ".", token)) if r.style == "vi"]
    seps = [c for c in token if c in ".,"]
    if not seps:
        return [Reading(Decimal(token), 0, "")]
    out: list[Reading] = []
    dots, commas = token.count("."), token.count(",")

    def thousands(sep: str) -> Reading | None:
        parts = token.split(sep)
        other = "," if sep == "." else "."
        if other not in token and 1 <= len(parts[0]) <= 3 and all(len(p) == 3 for p in parts[1:]):
            return Reading(Decimal("".join(parts)), 0, "vi" if sep == "." else "en")
        return None

    def decimal(sep: str) -> Reading | None:
        if token.count(sep) != 1 or any(c in ".," and c != sep for c in token):
            return None
        whole, frac = token.split(sep)
        return Reading(Decimal(f"{whole}.{frac}"), len(frac), "vi" if sep == "," else "en")

    if dots and commas:
        # 1.234,56 (vi) or 1,234.56 (en): the last separator is the decimal one
        last = seps[-1]
        whole, frac = token.rsplit(last, 1)
        thousand = "." if last == "," else ","
        parts = whole.split(thousand)
        if 1 <= len(parts[0]) <= 3 and all(len(p) == 3 for p in parts[1:]):
            out.append(Reading(Decimal("".join(parts) + "." + frac), len(frac), "vi" if last == "," else "en"))
        return out
    sep = "." if dots else ","
    for reading in (thousands(sep), decimal(sep)):
        if reading is not None:
            out.append(reading)
    # Vietnamese first: thousands with dots, decimals with commas
    out.sort(key=lambda r: r.style != "vi")
    return out


UNITS_WORDS = {
    "một": 1, "mốt": 1, "hai": 2, "ba": 3, "bốn": 4, "tư": 4, "năm": 5, "lăm": 5, "sáu": 6,
    "bảy": 7, "bẩy": 7, "tám": 8, "chín": 9,
}  # fmt: skip

# mười, mười một … mười chín; hai mươi, hai mươi mốt … chín mươi chín
_UNIT = r"(?:một|hai|ba|bốn|năm|sáu|bảy|bẩy|tám|chín)"
_TAIL = r"(?:mốt|một|hai|ba|bốn|tư|năm|lăm|sáu|bảy|bẩy|tám|chín)"
NUMBER_WORDS = re.compile(
    rf"(?<![^\W\d_])(?:{_UNIT}\s+mươi(?:\s+{_TAIL})?|mười(?:\s+{_TAIL})?|{_UNIT})(?![^\W\d_])",
    re.IGNORECASE,
)


def words_value(text: str) -> int:
    """'hai' -> 2, 'mười lăm' -> 15, 'hai mươi mốt' -> 21."""
    parts = text.lower().split()
    if parts[0] == "mười":
        return 10 + (UNITS_WORDS[parts[1]] if len(parts) > 1 else 0)
    if len(parts) >= 2 and parts[1] == "mươi":
        return UNITS_WORDS[parts[0]] * 10 + (UNITS_WORDS[parts[2]] if len(parts) > 2 else 0)
    return UNITS_WORDS[parts[0]]


def rounded(value: Decimal, decimals: int, mode=ROUND_HALF_UP) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-decimals), rounding=mode)


def same_when_rounded(exact: Decimal, written: Decimal, decimals: int) -> bool:
    """Is ``written`` (with ``decimals`` digits) ``exact`` rounded, half up
    as people round by hand, or half to even as some software does?"""
    return any(rounded(exact, decimals, mode) == written for mode in (ROUND_HALF_UP, ROUND_HALF_EVEN))


def denominators_for(numerator: Decimal, percent: Decimal, decimals: int, limit: int = 10**7) -> list[int]:
    """Whole denominators N for which numerator/N, as a percentage rounded
    to ``decimals``, is ``percent``: for 6 and 13,9 % there is none (6/43 is
    13,95 %, 6/44 is 13,64 %); for 55 and 46 % there are 119 and 120."""
    if numerator <= 0 or percent <= 0:
        return []
    half = Decimal(5).scaleb(-decimals - 1)
    low, high = percent - half, percent + half  # the exact share lies in [low, high]
    # numerator*100/N in [low, high]  <=>  N in [numerator*100/high, numerator*100/low]
    n_min = int((numerator * 100 / high).to_integral_value(rounding="ROUND_CEILING"))
    n_max = int((numerator * 100 / low).to_integral_value(rounding="ROUND_FLOOR")) if low > 0 else limit
    found = []
    for n in range(max(n_min, 1), min(n_max, n_min + 1000, limit) + 1):
        if same_when_rounded(numerator * 100 / Decimal(n), percent, decimals):
            found.append(n)
    return found
