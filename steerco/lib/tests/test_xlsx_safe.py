"""The one xlsx writer: text that a spreadsheet would run as a formula is
quoted, numbers stay numbers, and every export goes through it."""

import re
from datetime import date
from decimal import Decimal
from io import BytesIO
from pathlib import Path

from openpyxl import Workbook, load_workbook

from steerco.lib import xlsx_safe

PAYLOADS = ['=HYPERLINK("http://evil.example/","F2")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(1)", "\t=1", "\r=1"]
ROOT = Path(__file__).resolve().parents[2]


def test_formula_triggers_are_quoted_and_read_back():
    for payload in PAYLOADS:
        assert xlsx_safe.neutralise(payload) == "'" + payload
        assert xlsx_safe.restore(xlsx_safe.neutralise(payload)) == payload
    assert xlsx_safe.neutralise("Quận Ba Đình") == "Quận Ba Đình"
    assert xlsx_safe.restore("'quoted by a person") == "'quoted by a person"


def test_numbers_dates_and_plain_text_stay_what_they_are():
    wb = Workbook()
    wb.active.append([-5, Decimal("-1.5"), date(2023, 1, 2), True, "text", None, *PAYLOADS])
    sheet = load_workbook(BytesIO(xlsx_safe.save(wb))).active
    row = [c for c in next(sheet.iter_rows())]
    assert [c.value for c in row[:3]] == [-5, -1.5, row[2].value] and row[2].is_date
    assert row[3].value is True and row[4].value == "text" and row[5].value is None
    assert [c.value for c in row[6:]] == ["'" + p for p in PAYLOADS]
    assert all(c.data_type == "s" for c in row[6:])


def test_a_saved_workbook_has_no_formula():
    wb = Workbook()
    wb.active.append(PAYLOADS)
    wb.create_sheet("Two")["B2"] = "=1+1"
    data = xlsx_safe.save(wb)
    assert xlsx_safe.formula_cells(data) == []
    unsafe = BytesIO()
    wb2 = Workbook()
    wb2.active["A1"] = "=1+1"
    wb2.save(unsafe)
    assert xlsx_safe.formula_cells(unsafe.getvalue()) == ["Sheet!A1: =1+1"]


def test_every_module_that_builds_a_workbook_writes_it_through_xlsx_safe():
    builders = []
    for path in sorted(ROOT.rglob("*.py")):
        if "tests" in path.parts or path.name == "xlsx_safe.py" or ".venv" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        if re.search(r"\bWorkbook\(\)", text):
            builders.append(path.relative_to(ROOT))
            assert "xlsx_safe" in text, f"{path} builds a workbook without steerco.lib.xlsx_safe"
            code = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
            assert not re.search(r"\.save\(", code.replace("xlsx_safe.save(", "")), f"{path} saves a workbook itself"
    assert len(builders) >= 4, builders
