"""The registers as Excel workbooks (openpyxl): the findings list, one row
a finding; the weak-organisation list of a year; the deep self-review
suggestions. Each is one sheet with a bold, frozen header row."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from steerco.lib import xlsx_safe
from steerco.lib.numbers import excel_day_format

from .services.exceptions import REASON_LABELS, annotate_exceptions


def findings_workbook(findings) -> bytes:
    rows = (
        annotate_exceptions(findings)
        .select_related("owner", "par_criterion", "programme", "task_group", "indicator")
        .prefetch_related("evidence", "causes")
        .order_by("owner__path", "identified_on", "pk")
    )
    wb = Workbook()
    ws = wb.active
    ws.title = _("Findings")[:31]
    headers = [
        _("Unit code"),
        _("Unit"),
        _("Limitation"),
        _("Source"),
        _("PAR-index criterion"),
        _("Programme"),
        _("Task group"),
        _("Indicator"),
        _("Status"),
        _("Identified on"),
        pgettext("remediation", "Deadline"),
        _("Started on"),
        _("Remediated on"),
        _("Verified on"),
        _("Evidence files"),
        _("Causes"),
        _("Exceptions"),
    ]
    _header(ws, headers)
    for f in rows:
        flags = [
            str(REASON_LABELS[key])
            for key, on in (
                ("overdue", f.is_overdue),
                ("closed_without_evidence", f.is_without_evidence),
                ("stale", f.is_stale),
            )
            if on
        ]
        ws.append(
            [
                f.owner.code,
                f.owner.name(),
                f.title,
                f.get_source_display(),
                f"{f.par_criterion.code} ({f.par_year})" if f.par_criterion_id else "",
                f.programme.code if f.programme_id else "",
                f.task_group.code if f.task_group_id else "",
                f.indicator.code if f.indicator_id else "",
                f.get_status_display(),
                f.identified_on,
                f.deadline,
                f.started_on,
                f.remediated_on,
                f.verified_on,
                len(f.evidence.all()),
                "; ".join(c.description for c in f.causes.all()),
                ", ".join(flags),
            ]
        )
    for i, width in enumerate([14, 30, 60, 24, 14, 12, 10, 12, 14, 12, 12, 12, 12, 12, 10, 40, 24], start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    for row in ws.iter_rows(min_row=2, min_col=10, max_col=14):
        for cell in row:
            cell.number_format = excel_day_format(cell.value)
    return _saved(wb)


def _header(ws, headers: list) -> None:
    ws.append([str(h) for h in headers])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    ws.freeze_panes = "A2"


def _saved(wb: Workbook) -> bytes:
    return xlsx_safe.save(wb)


def _sheet(title: str, headers: list, widths: list[int], rows, date_columns: tuple[int, ...] = ()) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = title[:31]
    _header(ws, headers)
    for row in rows:
        ws.append(row)
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    for col in date_columns:
        for (cell,) in ws.iter_rows(min_row=2, min_col=col, max_col=col):
            cell.number_format = excel_day_format(cell.value)
    return _saved(wb)


def weak_workbook(entries, year: int) -> bytes:
    """The list of ``year``: each organisation, whether it was carried over
    and when it was consolidated (entries with organisation__parent and
    carried_from selected)."""
    headers = [
        _("Code"),
        _("Organisation"),
        _("Under"),
        _("Year"),
        _("Reason"),
        _("Carried over from"),
        _("Consolidated on"),
    ]
    rows = (
        [
            e.organisation.code,
            e.organisation.name(),
            e.organisation.parent.name() if e.organisation.parent_id else "",
            e.year,
            e.reason,
            e.carried_from.year if e.carried_from_id else None,
            e.consolidated_on,
        ]
        for e in entries
    )
    return _sheet(_("Weak organisations %(year)s") % {"year": year}, headers, [14, 40, 30, 8, 50, 14, 14], rows, (7,))


def suggestions_workbook(suggestions) -> bytes:
    """Deep self-review suggestions, with how many plans and findings answer
    each (annotated n_plans and n_findings)."""
    headers = [
        _("Review year"),
        _("Suggested by"),
        _("Addressed to (code)"),
        _("Addressed to"),
        _("To its leaders too"),
        _("Suggested on"),
        pgettext("finding", "Subject"),
        _("Remediation plans"),
        _("Findings"),
    ]
    rows = (
        [
            s.review_year,
            s.suggested_by.name(),
            s.addressed_to.code,
            s.addressed_to.name(),
            _("yes") if s.to_leaders else _("no"),
            s.suggested_on,
            s.subject,
            s.n_plans,
            s.n_findings,
        ]
        for s in suggestions
    )
    return _sheet(_("Deep self-reviews"), headers, [10, 30, 14, 40, 10, 14, 50, 10, 10], rows, (6,))
