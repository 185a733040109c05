"""From the findings register: limitations past their remediation deadline
and ones closed without evidence, at the report's date, unit by unit. (The
counts themselves reach the report as computed indicators.)"""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from steerco.findings.models import DeepReviewSuggestion, Finding, WeakOrganisation
from steerco.findings.services.exceptions import NO_EVIDENCE, OVERDUE, exception_list
from steerco.lib.numbers import fmt_number

from ..contributions import contribute
from ..document import Cell, Paragraph, Table

REASONS = (OVERDUE, NO_EVIDENCE)


@contribute("registers")
def records_counted(ctx) -> list[str]:
    """The records behind the register figures, by the computations' own
    rules: findings on the books in the period (identified by its end, not
    verified before it began), deep self-reviews followed up in it (those
    of the previous year's review), organisations on its years' weak lists."""
    lang, p, path = ctx.language, ctx.period, ctx.unit.path
    years = list(range(p.start.year, p.end.year + 1))
    findings = (
        Finding.objects.filter(owner__path__startswith=path, identified_on__lte=p.end)
        .filter(Q(verified_on__isnull=True) | Q(verified_on__gte=p.start))
        .count()
    )
    reviews = DeepReviewSuggestion.objects.filter(
        addressed_to__path__startswith=path, review_year__in=[y - 1 for y in years]
    ).count()
    weak = WeakOrganisation.objects.filter(organisation__path__startswith=path, year__in=years).count()
    out = []
    if findings:
        out.append(ngettext("%(n)s finding", "%(n)s findings", findings) % {"n": fmt_number(findings, 0, lang)})
    if reviews:
        out.append(
            ngettext("%(n)s deep self-review suggestion", "%(n)s deep self-review suggestions", reviews)
            % {"n": fmt_number(reviews, 0, lang)}
        )
    if weak:
        out.append(
            ngettext("%(n)s organisation on the weak list", "%(n)s organisations on the weak list", weak)
            % {"n": fmt_number(weak, 0, lang)}
        )
    return out


@contribute("overdue")
def overdue_findings(ctx) -> list:
    found = [
        e
        for e in exception_list(
            Finding.objects.filter(owner__path__startswith=ctx.unit.path), today=ctx.issued_on, dated=True
        )
        if set(e.reasons) & set(REASONS)
    ]
    if not found:
        return []
    lang = ctx.language
    overdue = sum(OVERDUE in e.reasons for e in found)
    units = len({e.finding.owner_id for e in found})
    closed = sum(NO_EVIDENCE in e.reasons for e in found)
    summary = ngettext(
        "%(n)s limitation is past its remediation deadline in %(units)s, %(closed)s",
        "%(n)s limitations are past their remediation deadline in %(units)s, %(closed)s",
        overdue,
    ) % {
        "n": fmt_number(overdue, 0, lang),
        "units": ngettext("%(n)s unit", "%(n)s units", units) % {"n": fmt_number(units, 0, lang)},
        "closed": ngettext("%(n)s closed without evidence", "%(n)s closed without evidence", closed)
        % {"n": fmt_number(closed, 0, lang)},
    }
    rows = [
        [
            Cell(e.finding.owner.name(lang)),
            Cell(e.finding.title),
            Cell(
                e.finding.deadline.strftime("%d/%m/%Y") if e.finding.deadline else "–", e.finding.deadline, "dd/mm/yyyy"
            ),
            Cell(e.finding.get_status_display()),
            Cell(", ".join(label for r, label in zip(e.reasons, e.labels, strict=True) if r in REASONS)),
        ]
        for e in found
    ]
    columns = [_("Unit"), _("Limitation"), _("Remediation deadline"), _("Status"), _("Why")]
    title = _("Limitations overdue or closed without evidence, at %(date)s") % {
        "date": ctx.issued_on.strftime("%d/%m/%Y")
    }
    return [Paragraph(summary + "."), Table(_("Overdue"), title, columns, rows, widths=(3, 6, 2, 2, 2))]
