"""Checks on an uploaded spreadsheet before anything parses it.

An .xlsx file is a zip archive of XML parts. Before openpyxl opens it we
check, cheaply and in this order: its size; that it is a zip and not an old
.xls, a renamed PDF or Word file; that it is an Excel workbook; that it
carries no macros; and that it does not expand into more than a set amount
of data (a "zip bomb"): every part is actually decompressed, in chunks,
against a budget, since the sizes a zip declares can lie.

Importers call ``check_spreadsheet(upload)`` and show the problems (already
translated) to the person who uploaded the file.
"""

from __future__ import annotations

import io
import zipfile
from typing import BinaryIO

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .xls, and encrypted .xlsx
CHUNK = 64 * 1024


class UploadRejected(Exception):
    def __init__(self, problem: str):
        self.problem = problem
        super().__init__(problem)


def check_spreadsheet(
    upload: BinaryIO | bytes,
    *,
    name: str = "",
    max_bytes: int | None = None,
    max_expanded: int | None = None,
    max_parts: int = 10_000,
) -> None:
    """Raise UploadRejected with a clear message if the file must not be
    opened; return quietly if it may."""
    max_bytes = max_bytes or settings.STEERCO_UPLOAD_MAX_BYTES
    max_expanded = max_expanded or settings.STEERCO_UPLOAD_MAX_EXPANDED_BYTES
    data = upload if isinstance(upload, bytes) else _read_at_most(upload, max_bytes + 1)
    if len(data) > max_bytes:
        raise UploadRejected(_("The file is larger than %(limit)s.") % {"limit": filesizeformat(max_bytes)})
    if name and not name.lower().endswith((".xlsx", ".xlsm", ".xls")):
        raise UploadRejected(_("Only Excel files (.xlsx) can be uploaded here."))
    if data.startswith(OLE_MAGIC):
        raise UploadRejected(
            _("This is an old-format (.xls) or password-protected Excel file. Save it as .xlsx without a password.")
        )
    if not data.startswith(ZIP_MAGIC):
        raise UploadRejected(_("This is not an Excel (.xlsx) file."))
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            _check_archive(archive, max_expanded, max_parts)
    except (zipfile.BadZipFile, EOFError, zipfile.LargeZipFile, NotImplementedError):
        raise UploadRejected(_("The file is damaged and cannot be read. Save it again from Excel.")) from None


def _check_archive(archive: zipfile.ZipFile, max_expanded: int, max_parts: int) -> None:
    parts = archive.infolist()
    names = {part.filename for part in parts}
    if len(parts) > max_parts:
        raise UploadRejected(_("The file has too many parts to be a normal workbook."))
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        raise UploadRejected(_("This is not an Excel workbook (perhaps a Word or other Office file)."))
    content_types = archive.read("[Content_Types].xml")
    if "xl/vbaProject.bin" in names or b"macroEnabled" in content_types:
        raise UploadRejected(_("The workbook contains macros. Save it as a plain .xlsx workbook without macros."))
    budget = max_expanded
    for part in parts:
        with archive.open(part) as stream:
            while chunk := stream.read(CHUNK):
                budget -= len(chunk)
                if budget < 0:
                    raise UploadRejected(
                        _("The file expands to more than %(limit)s of data; it is not a normal workbook.")
                        % {"limit": filesizeformat(max_expanded)}
                    )


def _read_at_most(stream: BinaryIO, limit: int) -> bytes:
    if hasattr(stream, "seek"):
        stream.seek(0)
    return stream.read(limit)
