"""Upload checks on spreadsheets: size, type, macros, zip bombs, damage."""

import io
import zipfile

from django.test import SimpleTestCase
from openpyxl import Workbook

from steerco.ops.uploads import UploadRejected, check_spreadsheet


def workbook_bytes() -> bytes:
    book = Workbook()
    book.active.append(["Mã đơn vị", "Chỉ tiêu", "Giá trị"])
    book.active.append(["QU-BADINH", "KN_DV", 120])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def with_extra_part(data: bytes, name: str, content: bytes, compression=zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", compression) as target:
        for part in source.infolist():
            target.writestr(part, source.read(part))
        target.writestr(name, content)
    return out.getvalue()


class SpreadsheetCheckTests(SimpleTestCase):
    def assertRejected(self, data, message, **kwargs):
        with self.assertRaises(UploadRejected) as caught:
            check_spreadsheet(data, **kwargs)
        self.assertIn(message, caught.exception.problem)

    def test_a_plain_workbook_passes(self):
        check_spreadsheet(workbook_bytes(), name="so-lieu.xlsx")
        check_spreadsheet(io.BytesIO(workbook_bytes()), name="SO-LIEU.XLSX")

    def test_a_file_over_the_size_limit_is_refused_before_it_is_read_further(self):
        self.assertRejected(workbook_bytes(), "lớn hơn", max_bytes=1000)

    def test_other_file_types_are_refused(self):
        self.assertRejected(b"%PDF-1.7 ...", "không phải là tệp Excel")
        self.assertRejected(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, ".xls")
        self.assertRejected(workbook_bytes(), "Excel", name="so-lieu.exe")

    def test_a_word_document_renamed_to_xlsx_is_refused(self):
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as docx:
            docx.writestr("[Content_Types].xml", "<Types/>")
            docx.writestr("word/document.xml", "<w:document/>")
        self.assertRejected(out.getvalue(), "không phải là sổ tính Excel", name="bao-cao.xlsx")

    def test_a_workbook_with_macros_is_refused(self):
        self.assertRejected(with_extra_part(workbook_bytes(), "xl/vbaProject.bin", b"\0" * 64), "macro")

    def test_a_zip_bomb_is_refused_by_what_it_expands_to(self):
        bomb = with_extra_part(workbook_bytes(), "xl/media/padding.bin", b"\0" * (5 * 1024 * 1024))
        self.assertLess(len(bomb), 64 * 1024)  # small on the wire
        self.assertRejected(bomb, "giải nén", max_expanded=1024 * 1024)

    def test_a_damaged_file_gets_a_clear_message(self):
        self.assertRejected(workbook_bytes()[:2000], "bị hỏng")
