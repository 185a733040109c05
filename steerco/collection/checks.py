"""Checks on entered values that need no rule file: a count is a whole,
non-negative number, a yes/no is 0 or 1, and the numerator of a ratio never
exceeds its denominator."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from django.utils.translation import gettext as _

from steerco.i18n import pick
from steerco.indicators.models import Indicator, IndicatorKind
from steerco.lib.numbers import fmt_number


def named(indicator: Indicator) -> str:
    """An indicator in a message: its name in the active language first, its
    code after it ('Số đảng viên mới kết nạp (CT01-02)'); machine fields
    (the API's ``indicator``) keep the code alone."""
    return f"{indicator.name()} ({indicator.code})"


def check_value(indicator: Indicator, value: Decimal) -> str | None:
    """A message when ``value`` cannot be a value of ``indicator``."""

    def shown() -> str:  # formatting is slow; only for a message
        return fmt_number(value, max(indicator.decimals, _places(value)), current_language())

    if indicator.kind == IndicatorKind.YESNO:
        if value not in (Decimal(0), Decimal(1)):
            return _("%(indicator)s is a yes/no answer: enter 1 (yes) or 0 (no), not %(value)s.") % {
                "indicator": named(indicator),
                "value": shown(),
            }
        return None
    if value < 0:
        return _("%(indicator)s counts things: it cannot be negative (%(value)s).") % {
            "indicator": named(indicator),
            "value": shown(),
        }
    if _places(value) > indicator.decimals:
        if indicator.decimals == 0:
            return _("%(indicator)s is a whole number, not %(value)s.") % {
                "indicator": named(indicator),
                "value": shown(),
            }
        return _("%(indicator)s takes at most %(decimals)s decimals (%(value)s).") % {
            "indicator": named(indicator),
            "decimals": indicator.decimals,
            "value": shown(),
        }
    return None


def check_ratio_parts(ratios, values: Mapping[str, Decimal | None]) -> list[tuple[str, str]]:
    """(numerator code, message) for each ratio whose numerator exceeds its
    denominator in ``values`` (the unit's merged values by code)."""
    problems = []
    for ratio in ratios:
        n, d = values.get(ratio.numerator.code), values.get(ratio.denominator.code)
        if n is not None and d is not None and n > d:
            problems.append(
                (
                    ratio.numerator.code,
                    _("%(numerator)s (%(n)s) cannot exceed %(denominator)s (%(d)s): they are the parts of %(ratio)s.")
                    % {
                        # as the rules write them: Xong (DONE = 5), the name first
                        "numerator": ratio.numerator.name(),
                        "n": f"{ratio.numerator.code} = {fmt_number(n, 0, current_language())}",
                        "denominator": ratio.denominator.name(),
                        "d": f"{ratio.denominator.code} = {fmt_number(d, 0, current_language())}",
                        "ratio": named(ratio),
                    },
                )
            )
    return problems


def _places(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent >= 0:
        return 0  # a whole number as written (the common case): no need to normalise
    exponent = value.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def current_language() -> str:
    """The active language as our formatters name it ("vi" or "en")."""
    return pick("vi", "en")
