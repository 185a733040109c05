"""Template filters that format figures in the active language."""

from django import template
from django.utils.translation import pgettext

from steerco.i18n import language
from steerco.lib.numbers import fmt_exact, fmt_number, fmt_percent, percent

register = template.Library()


def _locale() -> str:
    return language()


@register.filter
def number(value, decimals=0):
    return fmt_number(value, int(decimals), _locale())


@register.filter
def exact(value):
    """An entered value with the decimals it has: 86,06 and 5.155, never 86.0600."""
    return fmt_exact(value, _locale())


@register.filter
def yes_no(value):
    """A yes/no answer (1 or 0) in words."""
    if value is None or value == "":
        return "–"
    return pgettext("yes/no answer", "Yes") if value else pgettext("yes/no answer", "No")


@register.filter
def pct(value, decimals=0):
    return fmt_percent(value, int(decimals), _locale())


@register.filter
def signed(value, decimals=0):
    """A change against the same period: +26 or −3."""
    if value is None:
        return "–"
    text = fmt_number(abs(value), int(decimals), _locale())
    return f"+{text}" if value > 0 else (f"−{text}" if value < 0 else text)


@register.filter
def pct_of(numerator, denominator):
    """n as a share of N, whole per cent: yes answers of units reporting."""
    if numerator in (None, "") or not denominator:
        return "–"
    return fmt_percent(percent(numerator, denominator), 0, _locale())
