"""A draft file into a ``Draft``: .docx (python-docx), .txt and .md (UTF-8),
.pdf (pypdf, where the text can be extracted).

A Word document is read paragraph by paragraph in the body's order, and a
table row by row: "label | header: cell | …", so that a figure in a cell
is read with its row's label and its column's header ("Chỉ tiêu năm:
276"). ``docx_paragraphs`` walks the document the same way for the
annotated copy, so a figure's (block, offset) finds its run again.
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Iterator
from pathlib import PurePath

from .document import Block, Draft

FORMATS = ("docx", "txt", "md", "pdf")
ROW_SEPARATOR = " | "


class ReadError(ValueError):
    """The file cannot be read as a draft; ``code`` says why."""

    def __init__(self, code: str, detail: str = ""):
        self.code = code
        self.detail = detail
        super().__init__(f"{code}: {detail}" if detail else code)


def format_of(name: str) -> str:
    ext = PurePath(name or "").suffix.lower().lstrip(".")
    if ext not in FORMATS:
        raise ReadError("format", ext)
    return ext


def read(name: str, content: bytes) -> Draft:
    fmt = format_of(name)
    if fmt in ("txt", "md"):
        return Draft.from_text(_decode(content), name=name, format=fmt)
    if fmt == "docx":
        return _read_docx(name, content)
    return _read_pdf(name, content)


def _decode(content: bytes) -> str:
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        return content.decode("utf-16")
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ReadError("encoding") from None


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def run_text(paragraph) -> str:
    """The text of a paragraph's runs (what a comment can be anchored to)."""
    return "".join(run.text for run in paragraph.runs)


def docx_paragraphs(document) -> Iterator[tuple[int, str, list[tuple[int, object]]]]:
    """(block index, block text, [(offset in the block, paragraph), …]) for
    the paragraphs and table rows of the body, in order."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    index = 0
    for item in document.iter_inner_content():
        if isinstance(item, Paragraph):
            yield index, _nfc(run_text(item)), [(0, item)]
            index += 1
        elif isinstance(item, Table):
            header: list[str] = []
            for r, row in enumerate(item.rows):
                cells = _unique_cells(row)
                texts = [" ".join(_nfc(run_text(p)) for p in cell.paragraphs).strip() for cell in cells]
                if r == 0 and not any(re.search(r"\d", t) for t in texts):
                    header = texts
                text, parts = "", []
                for c, cell in enumerate(cells):
                    if c:
                        text += ROW_SEPARATOR
                        label = header[c] if c < len(header) and r > 0 else ""
                        if label:
                            text += label + ": "
                    for p_index, paragraph in enumerate(cell.paragraphs):
                        if p_index:
                            text += " "
                        parts.append((len(text), paragraph))
                        text += _nfc(run_text(paragraph))
                yield index, text, parts
                index += 1


def _unique_cells(row) -> list:
    """A merged cell appears once per grid column it spans; keep it once."""
    seen, out = set(), []
    for cell in row.cells:
        if id(cell._tc) not in seen:
            seen.add(id(cell._tc))
            out.append(cell)
    return out


def _read_docx(name: str, content: bytes) -> Draft:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(content))
    except (PackageNotFoundError, KeyError, ValueError, OSError) as err:
        raise ReadError("docx", str(err)) from None
    except Exception as err:  # a corrupt zip or XML: lxml and zipfile raise their own
        raise ReadError("docx", type(err).__name__) from None
    blocks = [
        Block(index, text, "row" if len(parts) > 1 and ROW_SEPARATOR in text else "paragraph")
        for index, text, parts in docx_paragraphs(document)
    ]
    return Draft(blocks=blocks, name=name, format="docx")


def _read_pdf(name: str, content: bytes) -> Draft:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(content))
        if reader.is_encrypted:
            raise ReadError("pdf_encrypted")
        pages = [page.extract_text() or "" for page in reader.pages]
    except ReadError:
        raise
    except (PdfReadError, ValueError, OSError, KeyError) as err:
        raise ReadError("pdf", str(err)) from None
    blocks: list[Block] = []
    for number, page in enumerate(pages, start=1):
        for paragraph in _pdf_paragraphs(page):
            blocks.append(Block(len(blocks), _nfc(paragraph), "paragraph", page=number))
    if not any(b.text.strip() for b in blocks):
        raise ReadError("pdf_no_text")
    return Draft(blocks=blocks, name=name, format="pdf")


def _pdf_paragraphs(page: str) -> list[str]:
    """Lines of a PDF page joined into paragraphs: a line ending a
    sentence, a short line (a heading) or a blank line ends one."""
    lines = [line.strip() for line in page.splitlines()]
    longest = max((len(line) for line in lines), default=0)
    out: list[str] = []
    current: list[str] = []
    for line in lines:
        if not line:
            if current:
                out.append(" ".join(current))
                current = []
            continue
        current.append(line)
        if line.endswith((".", ":", "!", "?")) or len(line) < 0.6 * longest:
            out.append(" ".join(current))
            current = []
    if current:
        out.append(" ".join(current))
    return out
