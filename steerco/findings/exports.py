"""The findings list as an Excel workbook (openpyxl), one row a finding."""

from __future__ import annotations

from io import BytesIO

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

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
        _("Deadline"),
        _("Started on"),
        _("Remediated on"),
        _("Verified on"),
        _("Evidence files"),
        _("Causes"),
        _("Exceptions"),
    ]
    ws.append(headers)
    for cell in ws[1]:
        cell.font = Font(bold=True)
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
            cell.number_format = "DD/MM/YYYY"
    ws.freeze_panes = "A2"
    out = BytesIO()
    wb.save(out)
    return out.getvalue()
