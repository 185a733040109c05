"""Dates on pages: the template filters ``day`` and ``moment``, built into
every template (settings.TEMPLATES ``builtins``), so that no template writes a
date with a format of its own. Both follow ``steerco.lib.numbers.fmt_day``,
the Party's rule (15/7/2023, 06/7/2022, 03/02/2025), in both languages:
``{{ case.opened_on|day }}``, ``{{ job.created_at|moment }}`` (local time)."""

from __future__ import annotations

import datetime as dt

from django import forms, template
from django.utils import timezone

from steerco.lib.numbers import fmt_day, fmt_moment

register = template.Library()


def local(value):
    """An aware moment in the site's time zone; a naive one as it is."""
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


@register.filter
def day(value):
    """A date, or the day of a moment (in local time): '15/7/2023'; '' for none."""
    if value in (None, ""):
        return ""
    return fmt_day(local(value))


@register.filter
def moment(value, seconds=""):
    """A moment in local time: '15/7/2023 08:30' (``|moment:"seconds"``:
    '15/7/2023 08:30:15'); '' for none."""
    if value in (None, ""):
        return ""
    if not isinstance(value, dt.datetime):
        return fmt_day(value)
    return fmt_moment(local(value), seconds=bool(seconds))


class DayInput(forms.DateInput):
    """A text box for a date that shows its value as pages write it
    (15/7/2023) and reads 15/07/2023, 15/7/2023 or 2023-07-15 back
    (DATE_INPUT_FORMATS, steerco/lib/formats)."""

    def format_value(self, value):
        if isinstance(value, dt.date):
            return fmt_day(value)
        return super().format_value(value)
