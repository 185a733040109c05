"""The Excel round-trip: a data template for a unit (or its subtree) and a
period, and the import of a filled-in template.

The file is checked before openpyxl reads it (size, zip members, their
uncompressed sizes and compression ratio, so a zip bomb never reaches the
parser), then its shape (one sheet, no merged cells, no formulas), then each
row, streamed in read-only mode: each row becomes an ``Entry`` of its unit
and nothing else is kept. Then ``services.record_many`` checks and writes
every unit in one transaction: any problem anywhere and nothing is
written. The same file imported twice reads, compares and writes nothing.

Column titles are part of the file format and are always Vietnamese.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import partial

from django.db import DatabaseError, connection, transaction
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from steerco.indicators.models import Indicator, IndicatorKind, Source
from steerco.indicators.models.fields import VALUE_FIELD_ARGS
from steerco.lib import xlsx_safe
from steerco.lib.errors import Refused
from steerco.lib.names import name_key, nfc
from steerco.lib.periods import Period, PeriodError
from steerco.programmes.models import Programme

from . import services, unusual
from .checks import named
from .reading import current_and_last_values
from .scope import Scope
from .workflow import Action

XLSX_MAGIC = b"PK\x03\x04"
MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 100 * 1024 * 1024
MAX_MEMBERS = 200
MAX_RATIO = 200  # uncompressed / compressed, for members over 1 MB
# A value is stored with 20 digits, 4 of them after the decimal point.
MAX_VALUE = 10 ** (VALUE_FIELD_ARGS["max_digits"] - VALUE_FIELD_ARGS["decimal_places"])

SHEET_TITLE = "Số liệu"
PROGRAMME_LABEL = "Chương trình"
PERIOD_LABEL = "Kỳ báo cáo"
# (key, title) in column order
COLUMNS = [
    ("unit", "Mã đơn vị"),
    ("unit_name", "Tên đơn vị"),
    ("period", "Kỳ"),
    ("indicator", "Mã chỉ tiêu"),
    ("indicator_name", "Tên chỉ tiêu"),
    ("measure", "Đơn vị tính"),
    ("value", "Giá trị"),
    ("note", "Ghi chú"),
    ("last", "Giá trị gần nhất"),
    ("last_period", "Kỳ của giá trị gần nhất"),
    ("status", "Trạng thái"),
    ("version", "Phiên bản"),
]
COL = {key: i for i, (key, _title) in enumerate(COLUMNS)}
HEADER_ROW = 6
# yes/no answers in the value column (the template's list), read back as 1/0
YES_WORD, NO_WORD = "Có", "Không"
ANSWERS = {name_key(w): Decimal(v) for w, v in ((YES_WORD, 1), (NO_WORD, 0), ("Yes", 1), ("No", 0))}

Progress = Callable[[int, int], None]


class WorkbookError(Refused):
    """The file was rejected whole; ``problems`` lists each reason, located
    by row and cell where there is one."""

    def __init__(self, problems: list[str], rows: int = 0):
        self.problems = problems
        self.rows = rows  # the value rows read, all refused with the file
        super().__init__("\n".join(problems))


@dataclass
class ImportResult:
    rows: int = 0
    units: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # saved all the same
    programme: str = ""
    period: str = ""
    unit_codes: list[str] = field(default_factory=list)  # the units written, in tree order

    @property
    def changed(self) -> int:
        return self.created + self.updated


def normalise_name(text: str) -> str:
    """Labels and names match whatever their Unicode form (NFC or NFD), case
    or placement of tone marks ("Hoá" = "Hóa"): ``steerco.lib.names``."""
    return name_key(str(text))


# -- export -----------------------------------------------------------------------
def build_template(user, programme: Programme, unit, period: str, *, subtree: bool = False) -> bytes:
    """The template for ``unit`` (or every unit of its subtree that the user
    may edit), pre-filled with the current and the last earlier values."""
    scope = Scope(user)
    units = scope.units(Action.EDIT).subtree_of(unit) if subtree else scope.units(Action.EDIT).filter(pk=unit.pk)
    # Only the units that existed in the period (a unit ended before it, or
    # created after it, holds no figure for it).
    p = Period.parse(period)
    units = list(units.valid_in(p.start, p.end).order_by("path"))
    indicators = services.entered_indicators(programme)
    current, last = current_and_last_values(programme, units, period)

    wb = Workbook()
    ws = wb.active
    ws.title = SHEET_TITLE
    ws["A1"] = "BIỂU NHẬP SỐ LIỆU CHỈ TIÊU"
    ws["A1"].font = Font(bold=True, size=14)
    ws["A2"], ws["B2"] = PROGRAMME_LABEL, programme.code
    ws["C2"] = programme.title_vi
    ws["A3"], ws["B3"] = PERIOD_LABEL, period
    ws["A4"] = (
        "Nhập số vào cột «Giá trị» (không dùng công thức, không gộp ô, không thêm trang tính). "
        "Để trống nếu chưa có số liệu. Không sửa cột «Phiên bản»."
    )
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDEBF7")
    for i, (_key, title) in enumerate(COLUMNS, start=1):
        cell = ws.cell(row=HEADER_ROW, column=i, value=title)
        cell.font, cell.fill = bold, fill
    row = HEADER_ROW + 1
    numbers: list[int] = []
    answers: list[int] = []
    for u in units:
        for ind in indicators:
            value = current.get((u.pk, ind.pk))
            previous = last.get((u.pk, ind.pk))
            ws.append(
                [
                    u.code,
                    u.name_vi,
                    period,
                    ind.code,
                    ind.name_vi,
                    ind.measure_vi,
                    _cell_value(ind, value.value) if value else None,
                    value.note if value else None,
                    _cell_value(ind, previous[1]) if previous else None,
                    previous[0] if previous else None,
                    value.get_status_display() if value else "",
                    value.version if value else 0,
                ]
            )
            (answers if ind.kind == IndicatorKind.YESNO else numbers).append(row)
            row += 1
    letter = get_column_letter(COL["value"] + 1)
    if numbers:
        check = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True)
        check.error = "Nhập một số không âm."
        ws.add_data_validation(check)
        for cells in _runs(letter, numbers):
            check.add(cells)
    if answers:
        # a yes/no answer is chosen from a list, as on the entry form
        choice = DataValidation(type="list", formula1=f'"{YES_WORD},{NO_WORD}"', allow_blank=True)
        choice.error = f"Chọn «{YES_WORD}» hoặc «{NO_WORD}»."
        ws.add_data_validation(choice)
        for cells in _runs(letter, answers):
            choice.add(cells)
    for i, width in enumerate([16, 36, 9, 14, 60, 14, 12, 24, 14, 12, 12, 9], start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = ws.cell(row=HEADER_ROW + 1, column=1)
    return xlsx_safe.save(wb)


def _runs(letter: str, rows: list[int]) -> list[str]:
    """Rows 7, 8, 9, 11 of column G as ['G7:G9', 'G11']."""
    runs: list[list[int]] = []
    for r in rows:
        if runs and r == runs[-1][1] + 1:
            runs[-1][1] = r
        else:
            runs.append([r, r])
    return [f"{letter}{a}" if a == b else f"{letter}{a}:{letter}{b}" for a, b in runs]


def _cell_value(indicator, value):
    """A stored value as the template's cell holds it: Có/Không for a
    yes/no answer, the number otherwise (never 1.5E+2: a plain Decimal)."""
    if indicator.kind == IndicatorKind.YESNO:
        return YES_WORD if value else NO_WORD
    return value.normalize()


# -- import -----------------------------------------------------------------------
def check_archive(data: bytes) -> list[str]:
    """Refuse what is not an xlsx, or is too big once unpacked, before any
    XML parser sees it."""
    if len(data) > MAX_FILE_BYTES:
        return [
            _("The file is %(size)s MB; the limit is %(limit)s MB.")
            % {"size": round(len(data) / 1024 / 1024, 1), "limit": MAX_FILE_BYTES // 1024 // 1024}
        ]
    if not data.startswith(XLSX_MAGIC):
        return [_("This is not an Excel (.xlsx) file. Download the template and fill it in.")]
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except zipfile.BadZipFile:
        return [_("This is not an Excel (.xlsx) file, or it is damaged.")]
    names = {m.filename for m in members}
    if "xl/workbook.xml" not in names or "[Content_Types].xml" not in names:
        return [_("This is not an Excel (.xlsx) file. Download the template and fill it in.")]
    if len(members) > MAX_MEMBERS:
        return [_("The file has too many parts (%(count)s) for a data workbook.") % {"count": len(members)}]
    if _has_macros(data, members):
        return [_("The workbook contains macros. Save it as a plain .xlsx workbook without macros.")]
    total = sum(m.file_size for m in members)
    if total > MAX_UNCOMPRESSED_BYTES:
        return [
            _("Unpacked, the file would take %(size)s MB (limit %(limit)s MB); it is refused.")
            % {"size": total // 1024 // 1024, "limit": MAX_UNCOMPRESSED_BYTES // 1024 // 1024}
        ]
    for m in members:
        if m.file_size > 1024 * 1024 and m.file_size > MAX_RATIO * max(m.compress_size, 1):
            return [
                _("The part %(name)s expands %(ratio)s times when unpacked (a zip bomb?); the file is refused.")
                % {"name": m.filename, "ratio": m.file_size // max(m.compress_size, 1)}
            ]
    return []


MAX_CONTENT_TYPES_BYTES = 256 * 1024


def _has_macros(data: bytes, members) -> bool:
    """A VBA project or an Excel 4 macro sheet, whatever its part is called:
    by the content types the package declares, and by part names."""
    for m in members:
        lowered = m.filename.lower()
        if "vba" in lowered or "macrosheet" in lowered:
            return True
    info = next(m for m in members if m.filename == "[Content_Types].xml")
    if info.file_size > MAX_CONTENT_TYPES_BYTES:
        return True  # no plain workbook declares that much; refuse rather than read it
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        types = archive.read(info).decode("utf-8", "replace").lower()
    return "vba" in types or "macro" in types


@dataclass
class _Rows:
    """The value rows of a sheet: each unit's entries (by the unit code or
    name as written, in row order; ``Entry.ref`` is the row number), how
    many rows, and the rows answered Có/Không (row, indicator, value)."""

    by_unit: dict[str, list[services.Entry]] = field(default_factory=dict)
    count: int = 0
    answered: list[tuple[int, str, Decimal]] = field(default_factory=list)


def import_workbook(
    data: bytes,
    *,
    acting_user,
    filename: str,
    source: str = Source.EXCEL,
    progress: Progress | None = None,
    checked: Progress | None = None,
) -> ImportResult:
    """Import a filled-in template. Raises ``WorkbookError`` with every
    problem of the file (its shape, each row, each unit's values against
    the programme's rules), found in one pass, and leaves the database as it
    was. ``checked(rows, total)`` is told as the rows are read and checked,
    ``progress(units, total)`` as the units' values are checked against what
    is stored (the last call once everything is written)."""
    problems = check_archive(data)
    if problems:
        raise WorkbookError(problems)
    try:
        # Read-only mode streams the sheet: memory stays flat whatever its
        # size, so the file's bounds are its size limits, not a row count.
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=False, keep_links=False)
    except Exception:  # openpyxl raises many kinds on a damaged file
        raise WorkbookError([_("The file cannot be read as an Excel workbook.")]) from None
    try:
        problems = _check_shape(wb, data)
        programme, period, rows, more = _read_sheet(wb.worksheets[0], checked)
    except (WorkbookError, DatabaseError):
        raise
    except Exception:  # a damaged sheet shows only once it is streamed
        raise WorkbookError([_("The file cannot be read as an Excel workbook.")]) from None
    finally:
        wb.close()
    problems += more
    if programme is None or period is None:
        raise WorkbookError(problems, rows=rows.count)
    write = partial(_write_rows, acting_user, programme, rows, period, filename, source, progress, problems)
    # All or nothing in one transaction; run again if PostgreSQL fails it as
    # a deadlock with another writer of the same subtree.
    return write() if connection.in_atomic_block else services.retry_on_deadlock(write)


# A merged range in a sheet's XML (openpyxl's read-only mode does not read
# them), with or without a namespace prefix.
MERGE_CELL = re.compile(rb"<(?:\w+:)?mergeCell\b[^>]*?\bref=\"([^\"]+)\"")
SCAN_CHUNK = 1024 * 1024


def _check_shape(wb, data: bytes) -> list[str]:
    problems = []
    if len(wb.sheetnames) != 1:
        problems.append(
            _("The workbook must have one sheet only (%(expected)s); it has %(count)s: %(names)s.")
            % {"expected": SHEET_TITLE, "count": len(wb.sheetnames), "names": ", ".join(wb.sheetnames)}
        )
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for ws in wb.worksheets:
            # the sheet's part, as only read-only mode knows it
            with archive.open(ws._worksheet_path) as part:
                for merged in _merged_ranges(part):
                    problems.append(
                        _("Sheet %(sheet)s, cells %(range)s are merged; unmerge them.")
                        % {"sheet": ws.title, "range": merged}
                    )
    return problems


def _merged_ranges(part, overlap: int = 512) -> list[str]:
    """The merged ranges of a sheet part, read in chunks (the part of a
    100.000-row sheet is tens of MB; it is never held whole)."""
    found: list[str] = []
    pending = b""
    while True:
        chunk = part.read(SCAN_CHUNK)
        buffer = pending + chunk
        # Keep the tail for the next chunk, unless this is the last one: an
        # element may straddle the boundary.
        limit = max(len(buffer) - overlap, 0) if chunk else len(buffer)
        resume = limit
        if b"mergeCell" in buffer:
            for match in MERGE_CELL.finditer(buffer):
                if match.start() >= limit:
                    break
                found.append(match.group(1).decode("ascii", "replace"))
                resume = max(resume, match.end())
        if not chunk:
            return found
        pending = buffer[resume:]


def _read_sheet(ws, checked: Progress | None):
    """The heading (programme, period, column titles) and the rows, in one
    streamed pass over the sheet's values."""
    estimate = max((ws.max_row or 0) - HEADER_ROW, 0)  # from the file's own dimension, for progress only
    ws.reset_dimensions()  # never trust it to cut rows off
    stream = ws.iter_rows(max_col=len(COLUMNS), values_only=True)
    heading = [row for _n, row in zip(range(HEADER_ROW), stream, strict=False)]
    programme, period, problems = _read_heading(heading)
    rows, row_problems = _read_rows(stream, period, estimate, checked)
    return programme, period, rows, problems + row_problems


def _read_heading(heading: list[tuple]):
    heading = [tuple(row) + (None,) * (len(COLUMNS) - len(row)) for row in heading]
    heading += [(None,) * len(COLUMNS)] * (HEADER_ROW - len(heading))
    labels = {}
    for number, row in enumerate(heading[: HEADER_ROW - 1], start=1):
        if row[0]:
            labels[normalise_name(row[0])] = (row[1], f"B{number}")
    code, coordinate = labels.get(normalise_name(PROGRAMME_LABEL), (None, "B2"))
    problems = []
    programme = Programme.objects.filter(code=str(code or "").strip()).first()
    if programme is None:
        problems.append(_("Cell %(cell)s: unknown programme %(code)s.") % {"cell": coordinate, "code": code or "–"})
    period_text, period_cell = labels.get(normalise_name(PERIOD_LABEL), (None, "B3"))
    period = None
    try:
        period = Period.parse(str(period_text or "")).code
    except PeriodError:
        problems.append(
            _("Cell %(cell)s: %(value)s is not a period code (e.g. 2023-H1).")
            % {"cell": period_cell, "value": period_text or "–"}
        )
    headers = [normalise_name(v or "") for v in heading[HEADER_ROW - 1]]
    expected = [normalise_name(title) for _key, title in COLUMNS]
    if headers != expected:
        problems.append(
            _("Row %(row)s must hold the column titles of the template (%(titles)s).")
            % {"row": HEADER_ROW, "titles": ", ".join(t for _k, t in COLUMNS)}
        )
    return programme, period, problems


CHECK_REPORT_EVERY = 1000  # rows
VALUE_LETTER = get_column_letter(COL["value"] + 1)
EMPTY_ROW = (None,) * len(COLUMNS)
# The text cells the import reads (the export may have quoted a formula
# trigger in them: ``xlsx_safe.restore``); the others are numbers or are
# not read.
UNIT, UNIT_NAME, PERIOD, INDICATOR, NOTE = (COL[key] for key in ("unit", "unit_name", "period", "indicator", "note"))


def _read_rows(stream, period: str | None, estimate: int, checked: Progress | None = None):
    rows = _Rows()
    problems: list[str] = []
    seen: dict[tuple[str, str, str], int] = {}
    period_codes: dict[str, str | None] = {}  # the same few codes on every row: parsed once
    keys: dict[str, tuple[str, str]] = {}  # unit code or name -> (comparison key, NFC), computed once
    last = HEADER_ROW
    for number, values in enumerate(stream, start=HEADER_ROW + 1):
        last = number
        done = number - HEADER_ROW
        if checked and done % CHECK_REPORT_EVERY == 0:
            checked(done, max(estimate, done))
        if len(values) < len(COLUMNS):
            values = tuple(values) + EMPTY_ROW[len(values) :]
        if values == EMPTY_ROW:
            continue
        # Text cells are read as text (names and notes never stop an import;
        # a quoted formula trigger written by the export is unquoted); only
        # the value cell is parsed, and a formula there is refused (in this
        # mode a formula cell reads as its text, "=...").
        raw = values[COL["value"]]
        where = {"row": number, "cell": f"{VALUE_LETTER}{number}"}
        if isinstance(raw, str) and raw.startswith("="):
            problems.append(
                _("Row %(row)s, cell %(cell)s: a formula (%(formula)s) where a number belongs; type the number.")
                % {**where, "formula": raw}
            )
        if all(v in (None, "") for v in values):  # unquoting never empties a cell
            continue
        restore = xlsx_safe.restore
        unit_key = str(restore(values[UNIT]) or "").strip() or str(restore(values[UNIT_NAME]) or "").strip()
        indicator = str(restore(values[INDICATOR]) or "").strip()
        period_text = str(restore(values[PERIOD]) or "").strip()
        if not unit_key:
            problems.append(_("Row %(row)s: the unit code is missing.") % {"row": number})
            continue
        if not indicator:
            problems.append(_("Row %(row)s: the indicator code is missing.") % {"row": number})
            continue
        if period_text not in period_codes:
            try:
                period_codes[period_text] = Period.parse(period_text).code
            except PeriodError:
                period_codes[period_text] = None
        row_period = period_codes[period_text]
        if row_period is None:
            problems.append(
                _("Row %(row)s: %(value)s is not a period code (e.g. 2023-H1).")
                % {"row": number, "value": period_text or "–"}
            )
            continue
        if period and row_period != period:
            problems.append(
                _("Row %(row)s: period %(value)s, but the workbook is for %(period)s.")
                % {"row": number, "value": row_period, "period": period}
            )
            continue
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            continue  # not entered
        answer = ANSWERS.get(name_key(raw)) if isinstance(raw, str) else None
        if answer is not None:
            raw = answer  # Có/Không: checked against the indicator's kind once it is known
        elif isinstance(raw, bool) or not isinstance(raw, int | float | Decimal):
            if not (isinstance(raw, str) and raw.startswith("=")):
                problems.append(
                    _("Row %(row)s, cell %(cell)s: %(value)s is text, not a number.") % {**where, "value": raw}
                )
            continue
        try:
            value = Decimal(str(raw))
        except InvalidOperation:
            problems.append(_("Row %(row)s, cell %(cell)s: %(value)s is not a number.") % {**where, "value": raw})
            continue
        if not value.is_finite() or abs(value) >= MAX_VALUE:
            problems.append(
                _("Row %(row)s, cell %(cell)s: %(value)s is too large; a value must be below %(max)s.")
                % {**where, "value": raw, "max": f"{MAX_VALUE:,}".replace(",", ".")}
            )
            continue
        if unit_key not in keys:
            keys[unit_key] = (normalise_name(unit_key), nfc(unit_key))
        compared, written = keys[unit_key]
        key = (compared, row_period, indicator)
        if key in seen:
            problems.append(
                _("Row %(row)s repeats row %(first)s (%(unit)s, %(indicator)s, %(period)s); keep one of them.")
                % {
                    "row": number,
                    "first": seen[key],
                    "unit": unit_key,
                    # the row's own name column, when it has one: the name first
                    "indicator": f"{name} ({indicator})"
                    if (name := str(values[COL["indicator_name"]] or "").strip())
                    else indicator,
                    "period": row_period,
                }
            )
            continue
        seen[key] = number
        version_raw = values[COL["version"]]
        version = int(version_raw) if isinstance(version_raw, int | float) and not isinstance(version_raw, bool) else 0
        note = restore(values[NOTE])
        note = nfc(str(note)) if note else None
        # The workbook's one period (a row of another one is refused above;
        # without a period the file is refused whole).
        entries = rows.by_unit.get(written)
        if entries is None:
            entries = rows.by_unit[written] = []
        entries.append(services.Entry(indicator, value, version, note, str(number)))
        rows.count += 1
        if answer is not None:
            rows.answered.append((number, indicator, value))
    if checked:
        checked(last - HEADER_ROW, last - HEADER_ROW)
    return rows, problems


def _answer_problems(programme, answered: list[tuple[int, str, Decimal]]) -> list[str]:
    """A Có/Không in the row of an indicator that counts things."""
    if not answered:
        return []
    counted = {
        i.code: i
        for i in Indicator.objects.filter(
            programme=programme, code__in={indicator for _n, indicator, _v in answered}
        ).exclude(kind=IndicatorKind.YESNO)
    }
    letter = get_column_letter(COL["value"] + 1)
    return [
        _("Row %(row)s, cell %(cell)s: %(indicator)s counts things; type a number, not %(value)s.")
        % {
            "row": number,
            "cell": f"{letter}{number}",
            "indicator": named(counted[indicator]),
            "value": YES_WORD if value else NO_WORD,
        }
        for number, indicator, value in answered
        if indicator in counted
    ]


def _write_rows(
    user,
    programme,
    rows: _Rows,
    period: str,
    filename: str,
    source: str,
    progress: Progress | None,
    problems: list[str],
):
    """Resolve the units, check every unit's values against what is stored
    and the programme's rules (``services.record_many``, one transaction),
    and write them, unless the file has any problem at all: then every
    problem, those of the file's shape and rows (``problems``) included, is
    raised together and nothing is written."""
    problems = list(problems) + _answer_problems(programme, rows.answered)
    scope = Scope(user)
    visible = scope.units(Action.VIEW)
    codes = sorted(rows.by_unit)
    by_code = {}
    for start in range(0, len(codes), services.LOCK_CHUNK):
        by_code.update({u.code: u for u in visible.filter(code__in=codes[start : start + services.LOCK_CHUNK])})
    unresolved = {key for key in rows.by_unit if key not in by_code}
    by_name: dict[str, list] = defaultdict(list)
    if unresolved:
        wanted = sorted({normalise_name(k) for k in unresolved})
        for start in range(0, len(wanted), services.LOCK_CHUNK):
            chunk = wanted[start : start + services.LOCK_CHUNK]
            for u in visible.filter(name_key__in=chunk):
                by_name[u.name_key].append(u)
    located: list[tuple[int, str]] = []  # (row, problem): said in row order
    entries_of: dict[int, list[services.Entry]] = {}
    units = {}
    for key, entries in rows.by_unit.items():
        unit = by_code.get(key)
        if unit is None:
            named = by_name.get(normalise_name(key), [])
            if len(named) > 1:
                # Never a guess: an ended unit and its successor may share a name.
                located += [
                    (
                        int(e.ref),
                        _(
                            "Row %(row)s, cell A%(row)s: %(name)s is the name of several units (%(codes)s); "
                            "give the code."
                        )
                        % {"row": e.ref, "name": key, "codes": ", ".join(f"{u.code}: {u.name_vi}" for u in named)},
                    )
                    for e in entries
                ]
                continue
            unit = named[0] if named else None
        if unit is None:
            located += [
                (
                    int(e.ref),
                    _("Row %(row)s, cell A%(row)s: no unit %(unit)s that you can see.") % {"row": e.ref, "unit": key},
                )
                for e in entries
            ]
            continue
        units[unit.pk] = unit
        if unit.pk in entries_of:  # by its code and by its name: in row order
            entries_of[unit.pk] = sorted([*entries_of[unit.pk], *entries], key=lambda e: int(e.ref))
        else:
            entries_of[unit.pk] = entries
    problems += [message for _row, message in sorted(located, key=lambda found: found[0])]

    batch = [services.UnitEntries(units[unit_id], period, entries) for unit_id, entries in entries_of.items()]
    result = ImportResult(rows=rows.count, units=len(units))
    with transaction.atomic():
        try:
            outcomes = services.record_many(
                programme, batch, acting_user=user, source=source, source_ref=filename, scope=scope, progress=progress
            )
        except services.BatchRejected as rejected:
            problems += [_located(unit, p) for unit, p in rejected.by_unit]
            outcomes = []
        if problems:
            transaction.set_rollback(True)
    if problems:
        raise WorkbookError(problems, rows=rows.count)
    for item, outcome in zip(batch, outcomes, strict=True):
        result.created += outcome.created
        result.updated += outcome.updated
        result.unchanged += outcome.unchanged
        result.warnings += [f"{item.unit.code}, {item.period}: {message}" for message in outcome.warnings]
    result.programme = programme.code
    result.period = batch[0].period if batch else ""
    result.unit_codes = [u.code for u in sorted(units.values(), key=lambda u: u.path)]
    # Saved, but never silently: values far from the unit's history
    # (lib.plausibility) are listed with the warnings.
    if result.changed:
        result.warnings += _unusual_warnings(programme, batch, outcomes)
    return result


def _unusual_warnings(programme, batch, outcomes) -> list[str]:
    rules = services.ProgrammeRules.load(programme)
    out = []
    for period in sorted({item.period for item in batch}):
        written = [
            (item.unit, outcome.written)
            for item, outcome in zip(batch, outcomes, strict=True)
            if item.period == period and outcome.written
        ]
        for found in unusual.find_many(programme, rules.ratios, period, written):
            out.append(f"{found.value.unit.code}, {period}: {found.message}")
    return out


def _located(unit, problem: services.Problem) -> str:
    """A write problem, said where it is: the row and the value cell, else
    the unit."""
    if problem.ref and problem.ref.isdigit():
        return _("Row %(row)s, cell %(cell)s: %(message)s") % {
            "row": problem.ref,
            "cell": f"{VALUE_LETTER}{problem.ref}",
            "message": problem.message,
        }
    return f"{unit.code}: {problem.message}" if unit is not None else problem.message
