"""From the audit app: the reasons stated for changes to what was
agreed (a target changed, an approved report reopened, a remediation
deadline moved, a finding closed as no longer relevant) for the report's
programme and period, in the issuer's subtree, as they stood at the
report's date. An annex section and an Excel sheet; read through
``steerco.audit.reasons.reasons_for`` only."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from steerco.audit.reasons import reasons_for
from steerco.lib.numbers import excel_day_format, fmt_day, fmt_exact, fmt_number
from steerco.units.models import Unit

from ..contributions import contribute
from ..document import Cell, Paragraph, Subheading, Table
from ..wording import period_name


@contribute("annex")
def stated_reasons(ctx) -> list:
    lang = ctx.language
    rows = [
        r
        for r in reasons_for(ctx.programme, ctx.period.code, units=Unit.objects.subtree_of(ctx.unit))
        if timezone.localdate(r.at) <= ctx.issued_on
    ]
    heading = Subheading(_("Reasons stated for changes to what was agreed"))
    if not rows:
        return [
            heading,
            Paragraph(
                _(
                    "No target was changed, no approved report reopened, no remediation deadline moved"
                    " and no finding closed as no longer relevant for %(period)s."
                )
                % {"period": period_name(ctx.period, lang)}
            ),
        ]
    summary = ngettext(
        "%(n)s change to what was agreed for %(period)s, with the reason stated for it:",
        "%(n)s changes to what was agreed for %(period)s, with the reason stated for each:",
        len(rows),
    ) % {"n": fmt_number(len(rows), 0, lang), "period": period_name(ctx.period, lang)}
    body = [
        [
            Cell(
                fmt_day(timezone.localdate(r.at)), timezone.localdate(r.at), excel_day_format(timezone.localdate(r.at))
            ),
            Cell(r.unit.name(lang)),
            Cell(str(r.get_kind_display())),
            Cell(r.record_label),
            Cell(_change(r.before, r.after, lang)),
            Cell(f"{r.reason.label()}: {r.text}"),
        ]
        for r in rows
    ]
    columns = [_("Date"), _("Unit"), _("Kind of change"), _("What"), _("From → to"), _("Reason")]
    title = _("Reasons stated for changes to what was agreed, %(period)s") % {"period": period_name(ctx.period, lang)}
    return [
        heading,
        Paragraph(summary),
        Table(_("Reasons"), title, columns, body, widths=(2, 3, 3, 4, 2, 5)),
    ]


def _change(before: str, after: str, lang: str) -> str:
    if not before and not after:
        return ""
    return f"{_figure(before, lang)} → {_figure(after, lang)}"


def _figure(text: str, lang: str) -> str:
    """'9810' as 9.810 (9,810 in English); any other text as it is."""
    if not text:
        return "–"
    try:
        value = Decimal(text)
    except InvalidOperation:
        return text
    return fmt_exact(value, lang)
