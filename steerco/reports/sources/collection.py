"""From the reporting rounds: which units have not sent their report for
the period (an exception the committee chases), level by level."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from steerco.collection.completeness import Standing, completeness
from steerco.collection.models import ReportingRound
from steerco.lib.numbers import fmt_number
from steerco.units.models import Unit

from ..contributions import contribute
from ..document import Bullets, Paragraph
from ..wording import long_date, period_name

SENT = (Standing.SUBMITTED, Standing.APPROVED)
NAMED_AT_MOST = 10  # beyond this, a level's missing units are counted, not listed


@contribute("lagging")
def units_not_reported(ctx) -> list:
    round_ = ReportingRound.objects.filter(programme=ctx.programme, period=ctx.period.code).first()
    if round_ is None:
        return []
    lang = ctx.language
    levels = completeness(round_, Unit.objects.subtree_of(ctx.unit), today=ctx.issued_on)
    lines = []
    for level in levels:
        owed = [r.submission.unit.name(lang) for r in level.rows if r.standing not in SENT]
        text = ngettext(
            "%(level)s: %(sent)s/%(total)s unit has sent its report",
            "%(level)s: %(sent)s/%(total)s units have sent their report",
            len(level.rows),
        ) % {
            "level": level.label,
            "sent": fmt_number(level.submitted, 0, lang),
            "total": fmt_number(len(level.rows), 0, lang),
        }
        if owed:
            names = ", ".join(owed[:NAMED_AT_MOST])
            if len(owed) > NAMED_AT_MOST:
                more = len(owed) - NAMED_AT_MOST
                names += " " + ngettext("and %(n)s more unit", "and %(n)s more units", more) % {
                    "n": fmt_number(more, 0, lang)
                }
            text += "; " + _("not yet sent: %(units)s") % {"units": names}
        lines.append(text + ".")
    if not lines:
        return []
    lead = _("Reports for %(period)s (deadline %(deadline)s):") % {
        "period": period_name(ctx.period, lang),
        "deadline": long_date(round_.deadline, lang),
    }
    return [Paragraph("", lead=lead), Bullets(lines)]
