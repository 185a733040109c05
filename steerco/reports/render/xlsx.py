"""The Excel annex: first a data sheet, one row per figure with its codes,
names, n, N, target, status and period (an Excel table, the source of a
pivot table as it stands), then one formatted sheet per table of the report
(and per chart, with the figures it draws). Numbers stay numbers with
number formats, a share is a fraction shown as %; text is what the report
shows, quoted where a spreadsheet would read it as a formula
(steerco.lib.xlsx_safe)."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.table import Table as ExcelTable
from openpyxl.worksheet.table import TableStyleInfo

from steerco.lib import xlsx_safe

from ..document import Document, Table
from .zipfile_norm import normalise

THIN = Side(style="thin", color="808080")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER_FILL = PatternFill("solid", fgColor="DCE6F1")
FONT = "Times New Roman"
# One style object per look, shared by every cell that has it (a new Font per
# cell cost openpyxl a construction and a hash for each of 20.000 cells).
BODY = Font(name=FONT)
TOP = Alignment(vertical="top", wrap_text=False)
WRAPPED = Alignment(vertical="top", wrap_text=True)
_BAD = re.compile(r"[\[\]:*?/\\]")


def _sheet_name(key: str, taken: set[str]) -> str:
    base = _BAD.sub("-", key)[:31] or "Sheet"
    name, n = base, 2
    while name in taken:
        suffix = f" ({n})"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(name)
    return name


def _write(ws, table: Table) -> None:
    ws.append([table.title])
    ws["A1"].font = Font(name=FONT, bold=True, size=12)
    ws.append(list(table.columns))
    for cell in ws[2]:
        cell.font = Font(name=FONT, bold=True)
        cell.fill = HEADER_FILL
        cell.border = BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    rows = [*table.rows, *table.excel_rows]
    for r, row in enumerate(rows, start=3):
        ws.append([c.raw if not isinstance(c.raw, bool) else int(c.raw) for c in row])
        for col, source in enumerate(row, start=1):
            cell = ws.cell(r, col)  # not ws[ws.max_row]: max_row and max_column scan every cell
            cell.font = BODY
            cell.border = BORDER
            cell.alignment = WRAPPED if isinstance(cell.value, str) else TOP
            if source.number_format and source.value is not None:
                cell.number_format = source.number_format
    if table.note and not table.excel_rows:  # the note says what the print left out
        ws.append([])
        ws.append([table.note])
        ws.cell(ws.max_row, 1).font = Font(name=FONT, italic=True)
    for i, label in enumerate(table.columns, start=1):
        longest = max([len(str(label)), *(len(r[i - 1].text) for r in rows)]) if rows else len(label)
        ws.column_dimensions[get_column_letter(i)].width = min(60, max(8, longest + 2))
    ws.freeze_panes = "A3"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4


def _write_data(ws, table: Table) -> None:
    """The data sheet: the header in the first row and one row per figure,
    an Excel table over it (filters, and the named source of a pivot
    table)."""
    ws.append(list(table.columns))
    for cell in ws[1]:
        cell.font = Font(name=FONT, bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for r, row in enumerate(table.rows, start=2):
        ws.append([c.raw if c.value is not None or c.text else None for c in row])
        for col, source in enumerate(row, start=1):
            cell = ws.cell(r, col)  # not ws[ws.max_row]: max_row and max_column scan every cell
            cell.font = BODY
            if source.number_format and source.value is not None:
                cell.number_format = source.number_format
    for i, label in enumerate(table.columns, start=1):
        longest = max([len(str(label)), *(len(r[i - 1].text) for r in table.rows)])
        ws.column_dimensions[get_column_letter(i)].width = min(50, max(10, longest + 2))
    ws.freeze_panes = "A2"
    if table.rows:
        ref = f"A1:{get_column_letter(len(table.columns))}{len(table.rows) + 1}"
        grid = ExcelTable(displayName="Figures", ref=ref)
        grid.tableStyleInfo = TableStyleInfo(name="TableStyleLight1", showRowStripes=True)
        ws.add_table(grid)


def render_xlsx(document: Document) -> bytes:
    wb = Workbook()
    wb.remove(wb.active)
    taken: set[str] = set()
    if document.data:
        _write_data(wb.create_sheet(_sheet_name(document.data.key, taken)), document.data)
    for table in document.tables():
        _write(wb.create_sheet(_sheet_name(table.key, taken)), table)
    when = document.generated_at.replace(tzinfo=None)
    wb.properties.creator = wb.properties.lastModifiedBy = document.heading.issuer
    wb.properties.language = "vi-VN" if document.language == "vi" else "en-GB"
    wb.properties.title = f"{document.heading.doc_type} {document.heading.number} – {document.heading.subject}"[:250]
    wb.properties.created = wb.properties.modified = datetime(when.year, when.month, when.day, when.hour, when.minute)
    # ExcelWriter rather than wb.save(): save() stamps the current time
    # into the properties, and the annex must depend on the data only.
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        xlsx_safe.write(wb, archive)
    return normalise(buf.getvalue(), document.generated_at)
