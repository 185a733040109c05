"""Excel export of the inspection statistics (openpyxl). Counts, shares
with their n/N and the same-period comparison; never a case code, a name
or an identity number, which this module never loads."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.styles import Font

from steerco.lib import xlsx_safe

from .statistics import MEMBERS, ORGANISATIONS, LevelStats

PCT = "0.0%"


def _labels():
    return {
        ORGANISATIONS: _("Party organisations"),
        MEMBERS: _("Party members"),
        "inspected": _("Inspected on signs of violation"),
        "concluded": _("Concluded"),
        "violation": _("Concluded with violation"),
        "disciplined": _("Disciplined"),
    }


def statistics_workbook(stats: LevelStats) -> bytes:
    labels = _labels()
    book = Workbook()
    sheet = book.active
    sheet.title = _("Statistics")[:31]
    bold = Font(bold=True)
    sheet.append([_("Inspection and discipline statistics")])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([_("Unit"), stats.unit.name(), stats.unit.code])
    sheet.append(
        [
            _("Period"),
            stats.period.code,
            _("compared with"),
            stats.previous_period.code,
            pgettext("register", "Reporting window"),
            stats.span.label,
        ]
    )
    sheet.append([])
    header = [
        _("Group"),
        _("Measure"),
        stats.period.code,
        _("of (N)"),
        "%",
        stats.previous_period.code,
        pgettext("comparison", "Change"),
    ]
    sheet.append(header)
    for cell in sheet[sheet.max_row]:
        cell.font = bold
    for group in stats.groups:
        cur = group.current
        shares = {"violation": cur.concluded, "disciplined": cur.violation}
        for measure, comparison in group.comparisons:
            of = shares.get(measure)
            share = comparison.current / of if of else None
            sheet.append(
                [
                    labels[group.group],
                    labels[measure],
                    comparison.current,
                    of,
                    share,
                    comparison.previous,
                    comparison.change,
                ]
            )
            sheet.cell(sheet.max_row, 5).number_format = PCT
        for _form, label, n in cur.forms():
            sheet.append(
                [labels[group.group], f"{labels['disciplined']}: {label}", n, cur.disciplined, n / cur.disciplined]
            )
            sheet.cell(sheet.max_row, 5).number_format = PCT

    if stats.breakdown:
        sheet.append([])
        sheet.append([_("By unit of the next level"), "", stats.period.code])
        sheet[sheet.max_row][0].font = bold
        sheet.append(
            [
                _("Unit"),
                _("Group"),
                labels["inspected"],
                labels["concluded"],
                labels["violation"],
                labels["disciplined"],
                stats.previous_period.code + " – " + labels["inspected"],
            ]
        )
        for cell in sheet[sheet.max_row]:
            cell.font = bold
        for unit, groups in stats.breakdown:
            for g in groups:
                c = g.current
                sheet.append(
                    [
                        unit.name(),
                        labels[g.group],
                        c.inspected,
                        c.concluded,
                        c.violation,
                        c.disciplined,
                        g.previous.inspected,
                    ]
                )
    sheet.column_dimensions["A"].width = 34
    sheet.column_dimensions["B"].width = 40
    return xlsx_safe.save(book)
