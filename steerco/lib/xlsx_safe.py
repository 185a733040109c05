"""The one way steerco writes an xlsx file: no text cell can become a formula.

openpyxl stores any string that starts with ``=`` as a formula, and Excel
(or LibreOffice, or a CSV made from the sheet) treats text starting with
``=``, ``+``, ``-``, ``@``, a tab or a carriage return as one. A finding
titled ``=HYPERLINK("http://evil.example/","F2")`` would otherwise become a
live link in the findings export. As OWASP recommends for spreadsheet
exports, such text is written with a leading apostrophe (``'=HYPERLINK…``),
as a plain string. Numbers, dates and booleans are left as they are, so a
negative number stays a number.

Every export builds an openpyxl ``Workbook`` and hands it to ``save`` (or,
where the caller writes the zip package itself, to ``write``);
``steerco/lib/tests/test_xlsx_safe.py`` fails on an export module that
saves a workbook any other way. The Excel importer reads its own text back
with ``restore``.
"""

from __future__ import annotations

from io import BytesIO

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"


def neutralise(value):
    """Text that a spreadsheet would read as a formula, quoted; anything
    else unchanged."""
    if isinstance(value, str) and value.startswith(TRIGGERS):
        return QUOTE + value
    return value


def restore(value):
    """The text ``neutralise`` was given: one leading apostrophe before a
    formula trigger is dropped (the importer reads its own exports back)."""
    if isinstance(value, str) and value.startswith(QUOTE) and value[1:].startswith(TRIGGERS):
        return value[1:]
    return value


def neutralise_workbook(wb) -> None:
    """Quote every text cell of every sheet that a spreadsheet would take
    for a formula. openpyxl has already typed such strings as formulas
    (data type ``f``); they become plain strings again."""
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                value = cell.value
                if isinstance(value, str) and value.startswith(TRIGGERS):
                    cell.value = neutralise(value)
                    cell.data_type = "s"


def write(wb, archive) -> None:
    """Write the workbook, neutralised, into an open ``zipfile.ZipFile``
    (openpyxl's ``ExcelWriter``, which unlike ``Workbook.save`` does not
    stamp the current time into the properties)."""
    from openpyxl.writer.excel import ExcelWriter

    neutralise_workbook(wb)
    ExcelWriter(wb, archive).save()


def save(wb) -> bytes:
    """The workbook as xlsx bytes, every text cell neutralised."""
    neutralise_workbook(wb)
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


def formula_cells(data: bytes) -> list[str]:
    """The formulas (``<f>`` elements) and formula-like text of an xlsx
    package, for tests and checks: ``[]`` for a safe export."""
    from openpyxl import load_workbook

    wb = load_workbook(BytesIO(data))
    found = []
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f" or (isinstance(cell.value, str) and cell.value.startswith(TRIGGERS)):
                    found.append(f"{ws.title}!{cell.coordinate}: {cell.value}")
    return found
