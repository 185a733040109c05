"""Where a finding (or action) stood on a given day, from the dates the
register keeps rather than from its status today: the one reading shared by
the register's computed indicators, the burndown chart and a back-dated
report's overdue list."""

from __future__ import annotations

from datetime import date

from django.db.models import Q


def not_remediated_by(day: date) -> Q:
    return Q(remediated_on__isnull=True) | Q(remediated_on__gt=day)


def not_closed_by(day: date) -> Q:
    """Not closed as no longer relevant by ``day``."""
    return Q(closed_on__isnull=True) | Q(closed_on__gt=day)


def known_on(day: date) -> Q:
    """Identified by ``day`` and not closed as no longer relevant by then."""
    return Q(identified_on__lte=day) & not_closed_by(day)


def overdue_on(day: date) -> Q:
    """Known on ``day``, its deadline passed before it, not remediated by then."""
    return known_on(day) & Q(deadline__lt=day) & not_remediated_by(day)
