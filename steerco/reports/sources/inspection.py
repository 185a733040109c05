"""From the inspection register: discipline by form, for organisations and
members, this period against the same period last year (annex). The funnel
counts themselves reach the report as computed indicators."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from steerco.inspection.stages import DisciplineForm
from steerco.inspection.statistics import GROUPS, MEMBERS, level_stats
from steerco.lib.numbers import fmt_number

from ..contributions import contribute
from ..document import Cell, Table
from ..wording import period_name


@contribute("registers")
def cases_counted(ctx) -> list[str]:
    """Inspection cases with a stage (opened, concluded, decided) in the
    period, in the issuer's subtree."""
    stats = level_stats(ctx.unit, ctx.period)
    cases = sum(stats.group(name).current.cases for name in GROUPS)
    if not cases:
        return []
    return [
        ngettext("%(n)s inspection case", "%(n)s inspection cases", cases) % {"n": fmt_number(cases, 0, ctx.language)}
    ]


@contribute("annex")
def discipline_by_form(ctx) -> list[Table]:
    stats = level_stats(ctx.unit, ctx.period)
    lang = ctx.language
    rows = []
    for name in GROUPS:
        group = stats.group(name)
        label = _("Members") if name == MEMBERS else _("Organisations")
        for form in DisciplineForm:
            now, then = group.current.by_form.get(form.value, 0), group.previous.by_form.get(form.value, 0)
            if now or then:
                rows.append(
                    [
                        Cell(label),
                        Cell(str(form.label)),
                        Cell(fmt_number(now, 0, lang), now, "#,##0"),
                        Cell(fmt_number(then, 0, lang), then, "#,##0"),
                    ]
                )
    if not rows:
        return []
    title = _("Discipline by form, %(period)s and the same period of %(year)s") % {
        "period": period_name(ctx.period, lang),
        "year": ctx.previous.year,
    }
    columns = [_("Subject"), _("Form"), period_name(ctx.period, lang), period_name(ctx.previous, lang)]
    return [Table(_("Discipline"), title, columns, rows, widths=(3, 4, 2, 2))]
