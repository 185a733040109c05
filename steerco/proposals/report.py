"""In the six-month report (``reports.contributions``, slot
``next_period``): how many difficulties and proposals were raised in the
period in the report's subtree, how many were answered on time, late, or
not yet, and the oldest still open by the report's date, by name. The
counts are the computed indicators' own (``computed.item_counts``)."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from steerco.lib.numbers import fmt_day, fmt_number
from steerco.reports.contributions import contribute
from steerco.reports.document import Bullets, Paragraph, Subheading
from steerco.reports.wording import period_name

from .computed import KEYS, item_counts
from .models import Item

OLDEST = 5


@contribute("next_period")
def proposals_section(ctx) -> list:
    lang, unit, p = ctx.language, ctx.unit, ctx.period
    sums = item_counts(KEYS, [unit], [p.code], ctx.programme.reporting_window)
    n = {k.split(".")[1]: int(sums[k][(unit.pk, p.code)].total) if (unit.pk, p.code) in sums[k] else 0 for k in KEYS}
    heading = Subheading(_("Difficulties and proposals to the level above"))
    named = period_name(p, lang)  # "6 tháng đầu năm 2023", not the code, in prose
    if not n["raised"]:
        return [heading, Paragraph(_("No difficulty or proposal was raised in %(period)s.") % {"period": named})]
    text = ngettext(
        "%(raised)s difficulty or proposal was raised in %(period)s: %(on_time)s answered on time, "
        "%(late)s answered late, %(open)s not yet answered (%(overdue)s past the deadline).",
        "%(raised)s difficulties and proposals were raised in %(period)s: %(on_time)s answered on time, "
        "%(late)s answered late, %(open)s not yet answered (%(overdue)s past the deadline).",
        n["raised"],
    ) % {
        "raised": fmt_number(n["raised"], 0, lang),
        "period": named,
        "on_time": fmt_number(n["answered_on_time"], 0, lang),
        "late": fmt_number(n["answered_late"], 0, lang),
        "open": fmt_number(n["unanswered"], 0, lang),
        "overdue": fmt_number(n["overdue"], 0, lang),
    }
    blocks = [heading, Paragraph(text)]
    day = ctx.issued_on
    oldest = (
        Item.objects.filter(
            raised_by__path__startswith=unit.path, programme=ctx.programme, raised_on__lte=min(day, ctx.span.end)
        )
        .filter(Q(resolved_on__isnull=True) | Q(resolved_on__gt=day))
        .select_related("raised_by")
        .order_by("raised_on", "pk")[:OLDEST]
    )
    lines = [
        _("%(unit)s, %(day)s: %(subject)s")
        % {"unit": i.raised_by.name(lang), "day": fmt_day(i.raised_on), "subject": i.subject}
        for i in oldest
    ]
    if lines:
        blocks += [Paragraph(_("The oldest still open:")), Bullets(lines)]
    return blocks
