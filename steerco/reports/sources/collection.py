"""From the reporting rounds: which units have not sent their report for
the period (a backlog the committee chases), level by level."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from steerco.collection.completeness import Standing, completeness
from steerco.collection.models import ReportingRound
from steerco.lib.numbers import fmt_number
from steerco.units.models import Unit

from ..contributions import contribute
from ..phrases import count, short_date
from ..wording import period_name

SENT = (Standing.SUBMITTED, Standing.APPROVED)
NAMED_AT_MOST = 10  # beyond this, a level's missing units are counted, not listed


@contribute("backlog")
def units_not_reported(ctx) -> list[str]:
    """The units that have not sent their report for the period at the
    report's date, named level by level (counted beyond a few per level)."""
    round_ = ReportingRound.objects.filter(programme=ctx.programme, period=ctx.period.code).first()
    if round_ is None:
        return []
    lang = ctx.language
    levels = completeness(round_, Unit.objects.subtree_of(ctx.unit), today=ctx.issued_on)
    total = sum(len(level.rows) for level in levels)
    owed: list[str] = []
    missing = 0
    for level in levels:
        names = [r.submission.unit.name(lang) for r in level.rows if r.standing not in SENT]
        missing += len(names)
        owed += names[:NAMED_AT_MOST]
        if len(names) > NAMED_AT_MOST:
            more = len(names) - NAMED_AT_MOST
            owed.append(
                ngettext("%(n)s more unit of %(level)s", "%(n)s more units of %(level)s", more)
                % {"n": count(more, lang), "level": level.label}
            )
    if not missing:
        return []
    return [
        _("%(n)s/%(total)s units have not sent their report for %(period)s, due on %(deadline)s: %(units)s")
        % {
            "n": count(missing, lang),
            "total": fmt_number(total, 0, lang),
            "period": period_name(ctx.period, lang),
            "deadline": short_date(round_.deadline),
            "units": ", ".join(owed),
        }
    ]


@contribute("provenance")
def round_note(ctx) -> list[str]:
    round_ = ReportingRound.objects.filter(programme=ctx.programme, period=ctx.period.code).first()
    if round_ is None:
        return []
    return [
        _("the reporting round for %(period)s covers data from %(start)s to %(end)s, due on %(deadline)s")
        % {
            "period": period_name(ctx.period, ctx.language),
            "start": short_date(round_.data_from),
            "end": short_date(round_.data_to),
            "deadline": short_date(round_.deadline),
        }
    ]
