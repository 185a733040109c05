"""Status badges, sparklines and dates for the dashboard templates."""

from django import template
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _

from steerco.i18n import language
from steerco.lib.numbers import fmt_date_vi, fmt_moment, fmt_number, fmt_percent
from steerco.lib.sparkline import segments
from steerco.lib.status import Status

register = template.Library()

STATUS_LABELS = {
    Status.ACHIEVED: _("achieved"),
    Status.ON_TRACK: _("on track"),
    Status.BEHIND: _("behind"),
    Status.AT_RISK: _("at risk"),
    Status.NO_DATA: _("no data"),
}
# A symbol as well as a colour, so the status reads without colour vision.
STATUS_SYMBOLS = {
    Status.ACHIEVED: "✔",
    Status.ON_TRACK: "↗",
    Status.BEHIND: "▼",
    Status.AT_RISK: "✖",
    Status.NO_DATA: "?",
}


@register.filter
def status_label(status):
    return STATUS_LABELS.get(status, "")


@register.simple_tag
def status_badge(status):
    if status is None:
        return format_html(
            '<span class="status none" title="{0}">–<span class="visually-hidden">{0}</span></span>', _("no target")
        )
    return format_html(
        '<span class="status {}"><span aria-hidden="true">{}</span> {}</span>',
        status,
        STATUS_SYMBOLS[status],
        STATUS_LABELS[status],
    )


def number_locale() -> str:
    return language()


def figure_text(indicator, figure) -> str:
    """A figure as the scorecard writes it: 5.155, or 86,06 % for a ratio."""
    if figure.value is None:
        return "–"
    if indicator.kind == "ratio":
        return fmt_percent(figure.value, indicator.decimals, number_locale())
    return fmt_number(figure.value, indicator.decimals, number_locale())


@register.simple_tag
def sparkline(trend, indicator):
    """An inline SVG line of an indicator's figure over the same period of
    earlier years; the periods and values are in its accessible name."""
    values = [figure.value for _, figure in trend]
    label = "; ".join(f"{period.code}: {figure_text(indicator, figure)}" for period, figure in trend)
    lines = segments(values, width=80, height=20)
    if not lines:
        return format_html('<span class="muted">{}</span>', "–")
    return format_html(
        '<svg class="spark" width="80" height="20" viewBox="0 0 80 20" role="img" aria-label="{}">{}</svg>',
        label,
        format_html_join("", '<polyline points="{}" />', ((line,) for line in lines)),
    )


@register.filter
def when(moment):
    """A date and time in local time, in both languages: '15/7/2023 14:30' (``fmt_moment``)."""
    if moment is None:
        return "–"
    return fmt_moment(localtime(moment))


@register.filter
def long_date(day):
    """'ngày 30 tháng 6 năm 2023' in Vietnamese, '30 June 2023' in English."""
    if day is None:
        return "–"
    if language() == "en":
        return date_format(day, "j F Y")
    return fmt_date_vi(day)


@register.simple_tag(takes_context=True)
def dashlink(context, name, **changes):
    """A dashboard URL that keeps the page's programme, unit and period:
    {% dashlink "values" indicator=row.indicator.code unit=child.code %}."""
    return context["selection"].url(f"dashboard:{name}", **changes)
