"""DOCX with python-docx, laid out by Hướng dẫn 36-HD/VPTW (or Nghị định
30/2020 for a State issuer): A4, margins 20/20/30/15 mm, Times New Roman
(Liberation Serif where it is missing, metric-compatible), the heading
block in a borderless two-column table, page numbers from page 2."""

from __future__ import annotations

import io

from docx import Document as new_docx
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import _Cell

from ..document import Document, Section
from .zipfile_norm import normalise

FONT = "Times New Roman"
CENTER = WD_ALIGN_PARAGRAPH.CENTER
TEXT_WIDTH = Mm(210 - 30 - 15)


def render_docx(document: Document) -> bytes:
    doc = new_docx()
    _page(doc)
    _styles(doc)
    _heading(doc, document)
    for section in document.sections:
        _section(doc, section)
    _signature(doc, document)
    _para(doc, document.generated_label, size=9, before=14)
    for section in document.annex:
        doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        _section(doc, section, centred=True)
    props = doc.core_properties
    props.author = props.last_modified_by = "steerco"
    props.title = f"{document.heading.doc_type} {document.heading.number}"
    props.subject = document.heading.subject
    props.created = props.modified = document.generated_at.replace(tzinfo=None)
    props.revision = 1
    props.language = document.language
    buf = io.BytesIO()
    doc.save(buf)
    return normalise(buf.getvalue(), document.generated_at)


def _page(doc) -> None:
    sec = doc.sections[0]
    sec.start_type = WD_SECTION.NEW_PAGE
    sec.page_width, sec.page_height = Mm(210), Mm(297)
    sec.top_margin, sec.bottom_margin = Mm(20), Mm(20)
    sec.left_margin, sec.right_margin = Mm(30), Mm(15)
    sec.header_distance = Mm(8)
    # Page numbers from page 2: the first page has its own empty header.
    sec.different_first_page_header_footer = True
    header = sec.header.paragraphs[0]
    header.alignment = CENTER
    _field(header.add_run(), "PAGE")


def _field(run, code: str) -> None:
    for tag, text in (("begin", None), (None, code), ("end", None)):
        if tag:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), tag)
        else:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = f" {text} "
        run._r.append(el)


def _styles(doc) -> None:
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(14)
    rpr = normal.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.append(fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)
    fmt = normal.paragraph_format
    fmt.space_before, fmt.space_after = Pt(0), Pt(0)
    fmt.line_spacing = 1.15


def _para(container, text="", *, size=None, bold=False, italic=False, underline=False, align=None, indent=False,
          after=0, before=0, caps=False):  # fmt: skip
    p = container.add_paragraph()
    if text:
        run = p.add_run(text)
        _font(run, size=size, bold=bold, italic=italic, underline=underline, caps=caps)
    p.alignment = align
    f = p.paragraph_format
    f.space_after, f.space_before = Pt(after), Pt(before)
    if indent:
        f.first_line_indent = Mm(10)
    return p


def _font(run, *, size=None, bold=False, italic=False, underline=False, caps=False):
    if size:
        run.font.size = Pt(size)
    run.bold, run.italic, run.underline = bold or None, italic or None, underline or None
    if caps:
        run.font.all_caps = True
    return run


def _no_borders(table) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    table._tbl.tblPr.append(borders)


def _grid(table, widths) -> None:
    """Column widths in the table grid too: LibreOffice reads the grid,
    Word the cells."""
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width


def _cell(table, row, col, width):
    cell = table.cell(row, col)
    cell.width = width
    cell.paragraphs[0].paragraph_format.space_after = Pt(0)
    return cell


def _heading(doc, document: Document) -> None:
    h = document.heading
    party = h.style == "party"
    en = document.language == "en"
    table = doc.add_table(rows=2, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _no_borders(table)
    left_w, right_w = Mm(76), TEXT_WIDTH - Mm(76)
    _grid(table, (left_w, right_w))
    left = _cell(table, 0, 0, left_w)
    left.paragraphs[0].alignment = CENTER
    _font(left.paragraphs[0].add_run(h.superior), size=14)
    _font(_para(left, align=CENTER).add_run(h.issuer), size=14, bold=True, underline=not party)
    if party:
        _para(left, "*", size=14, align=CENTER)
    right = _cell(table, 0, 1, right_w)
    right.paragraphs[0].alignment = CENTER
    if party:
        _font(
            right.paragraphs[0].add_run("COMMUNIST PARTY OF VIETNAM" if en else "ĐẢNG CỘNG SẢN VIỆT NAM"),
            size=15,
            bold=True,
            underline=True,
        )
    else:
        _font(
            right.paragraphs[0].add_run(
                "SOCIALIST REPUBLIC OF VIETNAM" if en else "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
            ),
            size=12.5,
            bold=True,
        )
        motto = "Independence - Freedom - Happiness" if en else "Độc lập - Tự do - Hạnh phúc"
        _font(_para(right, align=CENTER).add_run(motto), size=13.5, bold=True, underline=True)
    number = _cell(table, 1, 0, left_w)
    number.paragraphs[0].alignment = CENTER
    _font(number.paragraphs[0].add_run(h.number), size=14)
    place = _cell(table, 1, 1, right_w)
    place.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    place.paragraphs[0].paragraph_format.space_before = Pt(8)
    _font(place.paragraphs[0].add_run(h.place_date), size=14, italic=True)
    _para(doc, h.doc_type, size=16, bold=True, align=CENTER, before=18)
    _para(doc, h.subject, size=14, bold=True, align=CENTER)
    _para(doc, "-----", align=CENTER, after=10)


def _section(doc, section: Section, centred: bool = False) -> None:
    _para(doc, section.title, bold=True, before=10, after=4, align=CENTER if centred else None)
    for block in section.blocks:
        if block.kind == "subheading":
            _para(doc, block.text, bold=True, before=8, after=3)
        elif block.kind == "paragraph":
            p = _para(doc, align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent=True, after=5)
            if block.lead:
                _font(p.add_run(block.lead + " "), bold=True)
            p.add_run(block.text)
        elif block.kind == "bullets":
            for item in block.items:
                _para(doc, f"- {item}", align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent=True, after=3)
        elif block.kind == "table":
            _table(doc, block)
        elif block.kind == "chart":
            title = _para(doc, block.title, size=12, bold=True, align=CENTER, before=6)
            title.paragraph_format.keep_with_next = True
            doc.add_picture(io.BytesIO(block.png), width=TEXT_WIDTH)
            doc.paragraphs[-1].alignment = CENTER
            if block.data.note:
                _para(doc, block.data.note, size=11, italic=True, after=6)


# As in the PDF: a table of up to this many rows stays on one page with its
# title; a longer one breaks between rows and repeats its header row.
KEEP_ROWS = 15


def _row_props(tr, *tags: str) -> None:
    props = tr.get_or_add_trPr()
    for tag in tags:
        props.append(OxmlElement(tag))


def _table(doc, block) -> None:
    title = _para(doc, block.title, size=12, bold=True, before=6, after=3)
    title.paragraph_format.keep_with_next = True
    table = doc.add_table(rows=1 + len(block.rows), cols=len(block.columns))
    table.style = doc.styles["Table Grid"]
    table.autofit = False
    widths = [int(TEXT_WIDTH * share) for share in block.shares()]
    _grid(table, widths)
    # Walk the XML rows once: table.cell(r, c) rescans the whole table.
    trs = table._tbl.tr_lst
    keep = len(block.rows) <= KEEP_ROWS
    _row_props(trs[0], "w:cantSplit", "w:tblHeader")
    header = [_Cell(tc, table) for tc in trs[0].tc_lst]
    for cell, label, width in zip(header, block.columns, widths, strict=True):
        cell.width = width
        p = cell.paragraphs[0]
        p.alignment = CENTER
        p.paragraph_format.keep_with_next = True
        _font(p.add_run(label), size=10.5, bold=True)
    for n, (tr, row) in enumerate(zip(trs[1:], block.rows, strict=True), start=1):
        _row_props(tr, "w:cantSplit")
        for tc, source, width in zip(tr.tc_lst, row, widths, strict=True):
            cell = _Cell(tc, table)
            cell.width = width
            p = cell.paragraphs[0]
            if keep and n < len(block.rows):
                p.paragraph_format.keep_with_next = True
            if source.numeric:
                p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            _font(p.add_run(source.text), size=10.5)
    if block.note:
        _para(doc, block.note, size=11, italic=True)
    _para(doc, after=4)


def _signature(doc, document: Document) -> None:
    table = doc.add_table(rows=1, cols=2)
    table.autofit = False
    _no_borders(table)
    half = TEXT_WIDTH // 2
    _grid(table, (half, half))
    to = _cell(table, 0, 0, half)
    _font(to.paragraphs[0].add_run(document.recipients_label), size=14, bold=True, italic=True, underline=True)
    for line in document.recipients:
        _para(to, line, size=12)
    who = _cell(table, 0, 1, half)
    who.paragraphs[0].alignment = CENTER
    _font(who.paragraphs[0].add_run(document.signature.authority), size=14, bold=True)
    _para(who, document.signature.position, size=14, bold=True, align=CENTER, after=60)
    _para(who, document.signature.name, size=14, bold=True, align=CENTER)
