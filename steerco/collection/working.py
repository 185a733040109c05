"""Which period a committee is working on: the home page and the report
open on it, never on the latest period in which some unit has data."""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from steerco.indicators.models import ValueStatus
from steerco.lib.periods import Period

from .models import ReportingRound, RoundState


def working_period(programme, unit) -> tuple[Period | None, str]:
    """The period the unit's committee is working on, and why: among the
    programme's reporting rounds that units of its subtree owe, latest
    first, the first one that is closed or in which most of those units
    have submitted; else the round being collected. Without a round,
    None. One unit approving a later period early does
    not move anyone else's page. One query."""
    in_scope = Q(submissions__unit__path__startswith=unit.path) if unit is not None else Q()
    done = in_scope & Q(submissions__status__in=[ValueStatus.SUBMITTED, ValueStatus.APPROVED])
    rounds = sorted(
        ReportingRound.objects.filter(programme=programme).annotate(
            owed=Count("submissions", filter=in_scope), done=Count("submissions", filter=done)
        ),
        key=lambda r: Period.parse(r.period).end,
        reverse=True,
    )
    owed = [r for r in rounds if r.owed] or rounds
    for r in owed:
        if r.state == RoundState.CLOSED:
            return Period.parse(r.period), _("the most recently closed reporting round")
        if r.owed and 2 * r.done >= r.owed:
            return Period.parse(r.period), _("the latest reporting round most units have reported in")
    if owed:
        return Period.parse(owed[-1].period), _("the reporting round in progress")
    return None, ""
