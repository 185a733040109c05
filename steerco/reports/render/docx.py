"""DOCX with python-docx, laid out by Hướng dẫn 36-HD/VPTW (or Nghị định
30/2020 for a State issuer), the Word way: a styled template of our own,
built here, so that a secretariat edits the file without fighting it.

- Every paragraph has a named style (Heading 1–3 for the outline, so Word's
  navigation pane and table of contents work; Body Text, List Dash,
  Caption, Table Text, …) and runs carry no direct formatting, only the
  character style Strong for a bold lead. Times New Roman 14, justified,
  first-line indent, widow control; headings keep with the next paragraph.
- The rule under the national heading is a paragraph border as long as the
  heading, not an underline (an underline cuts the dots under Ộ and Ệ).
- The annex is its own section: a new page, its own "Kèm theo Báo cáo số …"
  line, page numbers restarting at 1.
- Core properties: title, subject, author = the issuer, language vi-VN, the
  generation time; no thumbnail, no other application's name.
"""

from __future__ import annotations

import io
from weakref import WeakKeyDictionary

from docx import Document as new_docx
from docx.enum.section import WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Length, Mm, Pt, RGBColor
from docx.table import _Cell

from ..document import Document, Section, typeset
from .measure import LANGUAGES, LEFT_COLUMN_MM, TEXT_WIDTH_MM, fit_lines, text_width
from .zipfile_norm import normalise

FONT = "Times New Roman"
CENTER = WD_ALIGN_PARAGRAPH.CENTER
JUSTIFY = WD_ALIGN_PARAGRAPH.JUSTIFY
TEXT_WIDTH = Mm(TEXT_WIDTH_MM)
LEFT_COLUMN = Mm(LEFT_COLUMN_MM)
INDENT = Mm(10)

# name: (based on, size, bold, italic, alignment, first-line indent, space before, after, keep with next)
STYLES = {
    "Normal": (None, 14, False, False, None, None, 0, 0, False),
    "Body Text": ("Normal", 14, False, False, JUSTIFY, INDENT, 0, 6, False),
    "List Dash": ("Body Text", 14, False, False, JUSTIFY, INDENT, 0, 3, False),
    "Lead": ("Body Text", 14, True, True, JUSTIFY, INDENT, 3, 3, True),
    "Heading 1": ("Normal", 14, True, False, None, None, 12, 6, True),
    "Heading 2": ("Normal", 14, True, False, JUSTIFY, INDENT, 8, 4, True),
    "Heading 3": ("Normal", 14, True, True, JUSTIFY, INDENT, 6, 3, True),
    "Annex Title": ("Heading 1", 14, True, False, CENTER, None, 0, 0, True),
    "Annex Reference": ("Normal", 14, False, True, CENTER, None, 0, 12, True),
    "Caption": ("Normal", 12, True, False, None, None, 8, 3, True),
    "Figure": ("Normal", 12, False, False, CENTER, None, 0, 0, True),
    "Note": ("Normal", 11, False, True, JUSTIFY, None, 2, 6, False),
    "Table Text": ("Normal", 10.5, False, False, None, None, 0, 0, False),
    "Table Number": ("Table Text", 10.5, False, False, WD_ALIGN_PARAGRAPH.RIGHT, None, 0, 0, False),
    "Table Heading": ("Table Text", 10.5, True, False, CENTER, None, 0, 0, True),
    "Superior Body": ("Normal", 14, False, False, CENTER, None, 0, 0, False),
    "Issuer": ("Normal", 14, True, False, CENTER, None, 0, 0, False),
    "National Heading": ("Normal", 15, True, False, CENTER, None, 0, 0, False),
    "National Heading State": ("Normal", 12.5, True, False, CENTER, None, 0, 0, False),
    "Motto": ("Normal", 13.5, True, False, CENTER, None, 0, 0, False),
    "Document Number": ("Normal", 14, False, False, CENTER, None, 2, 0, False),
    "Place and Date": ("Normal", 14, False, True, WD_ALIGN_PARAGRAPH.RIGHT, None, 8, 0, False),
    "Document Type": ("Normal", 16, True, False, CENTER, None, 18, 0, True),
    "Subject": ("Normal", 14, True, False, CENTER, None, 0, 0, True),
    "Subject Rule": ("Normal", 14, False, False, CENTER, None, 0, 10, False),
    "Recipients Label": ("Normal", 12, True, True, None, None, 0, 0, False),
    "Recipients": ("Normal", 11, False, False, None, None, 0, 0, False),
    "Signature": ("Normal", 14, True, False, CENTER, None, 0, 0, False),
}


def render_docx(document: Document) -> bytes:
    doc = new_docx()
    _template(doc, LANGUAGES.get(document.language, document.language))
    _page(doc.sections[0])
    _heading(doc, document)
    for section in document.sections:
        _section(doc, section)
    _signature(doc, document)
    for n, section in enumerate(document.annex):
        if n == 0:
            _annex_section(doc)
            if document.annex_reference:
                doc.add_paragraph(typeset(document.annex_reference), style="Annex Reference")
        else:
            doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        _section(doc, section, annex=True)
    _properties(doc, document)
    buf = io.BytesIO()
    doc.save(buf)
    return normalise(buf.getvalue(), document.generated_at)


# -- the template ----------------------------------------------------------------
def _template(doc, language: str) -> None:
    """Our own styles on python-docx's blank document: Times New Roman in
    the document defaults and every style we use, no theme fonts or
    colours, the document's language."""
    styles = doc.styles
    defaults = styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _fonts(rpr)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    for attr in ("w:val", "w:eastAsia", "w:bidi"):
        lang.set(qn(attr), language)
    for name, (base, size, bold, italic, align, indent, before, after, keep) in STYLES.items():
        try:
            style = styles[name]
        except KeyError:
            style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        if base:
            style.base_style = styles[base]
        style.quick_style = True
        font = style.font
        font.size, font.bold, font.italic = Pt(size), bold, italic
        font.color.rgb = RGBColor(0, 0, 0)
        _fonts(style.element.get_or_add_rPr())
        fmt = style.paragraph_format
        fmt.alignment = align
        fmt.first_line_indent = indent
        fmt.left_indent = Mm(0) if name != "Normal" else None
        fmt.space_before, fmt.space_after = Pt(before), Pt(after)
        fmt.line_spacing = 1.0 if name.startswith(("Table", "Recipients")) else 1.15
        fmt.keep_with_next = keep
        fmt.widow_control = True
    for name in ("Heading 1", "Heading 2", "Heading 3"):
        styles[name].font.all_caps = False
    strong = styles["Strong"]
    strong.font.bold = True
    _fonts(strong.element.get_or_add_rPr())
    grid = styles["Table Grid"]
    _fonts(grid.element.get_or_add_rPr())


def _fonts(rpr) -> None:
    """Times New Roman for every script, and no theme font that would win
    over it."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)


def _page(sec) -> None:
    sec.start_type = WD_SECTION.NEW_PAGE
    sec.page_width, sec.page_height = Mm(210), Mm(297)
    sec.top_margin, sec.bottom_margin = Mm(20), Mm(20)
    sec.left_margin, sec.right_margin = Mm(30), Mm(15)
    sec.header_distance = Mm(8)
    # Page numbers from page 2: the first page has its own empty header.
    sec.different_first_page_header_footer = True
    header = sec.header.paragraphs[0]
    header.style = "Superior Body"
    _field(header.add_run(), "PAGE")


def _annex_section(doc) -> None:
    """The annex starts a section of its own: a new page, numbered from 1
    again (its first page unnumbered, as the report's)."""
    sec = doc.add_section(WD_SECTION.NEW_PAGE)
    sec.different_first_page_header_footer = True
    numbering = OxmlElement("w:pgNumType")
    numbering.set(qn("w:start"), "1")
    sec._sectPr.append(numbering)


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


def _properties(doc, document: Document) -> None:
    h = document.heading
    props = doc.core_properties
    props.author = props.last_modified_by = h.issuer
    props.title = f"{h.doc_type} {h.number}".replace("\u00a0", " ").replace("  ", " ")
    props.subject = h.subject
    props.comments = document.generated_label
    props.created = props.modified = document.generated_at.replace(tzinfo=None)
    props.revision = 1
    props.language = LANGUAGES.get(document.language, document.language)
    props.keywords = props.category = ""
    package = doc.part.package
    for rid, rel in list(package.rels.items()):
        if rel.reltype.endswith("/thumbnail"):
            package.rels.pop(rid)  # the default template's blank thumbnail
        elif rel.reltype.endswith("/extended-properties"):
            rel.target_part._blob = APP_XML


APP_XML = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
    b'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    b"<Application>steerco</Application><DocSecurity>0</DocSecurity></Properties>"
)


# -- the heading block ----------------------------------------------------------
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


# Per document part: style name -> the id python-docx gives it (None for the
# default style). python-docx looks a name up by scanning every style of the
# document for the default one, at each paragraph: about 45 % of the city
# report's DOCX. Looked up here once per name, with python-docx's own rule.
_STYLE_IDS: WeakKeyDictionary = WeakKeyDictionary()


def _set_style(paragraph, name: str) -> None:
    """``paragraph.style = name``, the same XML."""
    part = paragraph.part
    ids = _STYLE_IDS.setdefault(part, {})
    if name not in ids:
        ids[name] = part.get_style_id(name, WD_STYLE_TYPE.PARAGRAPH)
    paragraph._p.style = ids[name]


def _cell(table, row, col, width, style, text=""):
    cell = table.cell(row, col)
    cell.width = width
    p = cell.paragraphs[0]
    _set_style(p, style)
    if text:
        p.add_run(typeset(text))
    return cell


def _add(container, style, text=""):
    p = container.add_paragraph()
    _set_style(p, style)
    if text:
        p.add_run(typeset(text))
    return p


def _lines(cell, style, text: str, width) -> None:
    """``text`` in ``cell``, broken between words into lines that fit the
    column (the fewest, the most even), never inside a word or code."""
    p = cell.add_paragraph()
    _set_style(p, style)
    for n, line in enumerate(fit_lines(text, style_size(style), width.pt, bold=True)):
        run = p.add_run(line)
        if n:
            run._r.insert(0, OxmlElement("w:br"))


def _rule(paragraph, text: str, size: float, width) -> None:
    """A solid line under ``text``, as long as the text: a bottom border on
    its paragraph, indented to the text's length."""
    indent = max(0.0, (width.pt - text_width(text, size, bold=True)) / 2 - 1)
    fmt = paragraph.paragraph_format
    fmt.left_indent = fmt.right_indent = Pt(indent)
    ppr = paragraph._p.get_or_add_pPr()
    border = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for attr, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(attr), value)
    border.append(bottom)
    ppr.append(border)


def _heading(doc, document: Document) -> None:
    h = document.heading
    party = h.style == "party"
    en = document.language == "en"
    table = doc.add_table(rows=2, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _no_borders(table)
    left_w, right_w = LEFT_COLUMN, Length(TEXT_WIDTH - LEFT_COLUMN)
    _grid(table, (left_w, right_w))
    left = _cell(table, 0, 0, left_w, "Superior Body", h.superior)
    _lines(left, "Issuer", h.issuer, left_w)
    if party:
        _add(left, "Issuer", "*")
    else:
        _rule(left.paragraphs[-1], fit_lines(h.issuer, 14, left_w.pt, bold=True)[-1], 14, left_w)
    if party:
        nation = "COMMUNIST PARTY OF VIETNAM" if en else "ĐẢNG CỘNG SẢN VIỆT NAM"
        right = _cell(table, 0, 1, right_w, "National Heading", nation)
        _rule(right.paragraphs[0], nation, 15, right_w)
    else:
        nation = "SOCIALIST REPUBLIC OF VIETNAM" if en else "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
        right = _cell(table, 0, 1, right_w, "National Heading State", nation)
        motto = "Independence - Freedom - Happiness" if en else "Độc lập - Tự do - Hạnh phúc"
        _rule(_add(right, "Motto", motto), motto, 13.5, right_w)
    _cell(table, 1, 0, left_w, "Document Number", h.number)
    _cell(table, 1, 1, right_w, "Place and Date", h.place_date)
    _add(doc, "Document Type", h.doc_type)
    _add(doc, "Subject", h.subject)
    _add(doc, "Subject Rule", "-----")


# -- the body ----------------------------------------------------------------------
def _section(doc, section: Section, annex: bool = False) -> None:
    _add(doc, "Annex Title" if annex else "Heading 1", section.title)
    for block in section.blocks:
        if block.kind == "subheading":
            _add(doc, f"Heading {min(3, max(2, block.level))}", block.text)
        elif block.kind == "paragraph":
            if block.lead and not block.text:
                _add(doc, "Lead", block.lead)
                continue
            p = doc.add_paragraph()
            _set_style(p, "Body Text")
            if block.lead:
                p.add_run(typeset(block.lead) + " ", style="Strong")
            p.add_run(typeset(block.text))
        elif block.kind == "bullets":
            for item in block.items:
                _add(doc, "List Dash", f"- {item}")
        elif block.kind == "table":
            _table(doc, block)
        elif block.kind == "chart":
            _add(doc, "Caption", block.title).alignment = CENTER
            doc.add_paragraph(style="Figure").add_run().add_picture(io.BytesIO(block.png), width=TEXT_WIDTH)
            if block.data.note:
                _add(doc, "Note", block.data.note)


# As in the PDF: a table of up to this many rows stays on one page with its
# title; a longer one breaks between rows and repeats its header row.
KEEP_ROWS = 15


def _row_props(tr, *tags: str) -> None:
    props = tr.get_or_add_trPr()
    for tag in tags:
        props.append(OxmlElement(tag))


def _table(doc, block) -> None:
    _add(doc, "Caption", block.title)
    table = doc.add_table(rows=1 + len(block.rows), cols=len(block.columns))
    table.style = doc.styles["Table Grid"]
    table.autofit = False
    widths = [int(TEXT_WIDTH * share) for share in block.shares()]
    _grid(table, widths)
    # Walk the XML rows once: table.cell(r, c) rescans the whole table.
    trs = table._tbl.tr_lst
    keep = len(block.rows) <= KEEP_ROWS
    _row_props(trs[0], "w:cantSplit", "w:tblHeader")
    for tc, label, width in zip(trs[0].tc_lst, block.columns, widths, strict=True):
        cell = _Cell(tc, table)
        cell.width = width
        p = cell.paragraphs[0]
        _set_style(p, "Table Heading")
        p.add_run(typeset(label))
    for n, (tr, row) in enumerate(zip(trs[1:], block.rows, strict=True), start=1):
        _row_props(tr, "w:cantSplit")
        for tc, source, width in zip(tr.tc_lst, row, widths, strict=True):
            cell = _Cell(tc, table)
            cell.width = width
            p = cell.paragraphs[0]
            _set_style(p, "Table Number" if source.numeric else "Table Text")
            if keep and n < len(block.rows):
                p.paragraph_format.keep_with_next = True
            p.add_run(typeset(source.text))
    if block.note:
        _add(doc, "Note", block.note)
    else:
        _add(doc, "Table Text")


def _signature(doc, document: Document) -> None:
    table = doc.add_table(rows=1, cols=2)
    table.autofit = False
    _no_borders(table)
    half = Length(TEXT_WIDTH // 2)
    _grid(table, (half, half))
    to = _cell(table, 0, 0, half, "Recipients Label", document.recipients_label)
    for line in document.recipients:
        _add(to, "Recipients", line)
    who = _cell(table, 0, 1, half, "Signature", document.signature.authority)
    _add(who, "Signature", document.signature.position).paragraph_format.space_after = Pt(60)
    _add(who, "Signature", document.signature.name)


# -- measuring text ----------------------------------------------------------------
def style_size(name: str) -> float:
    return STYLES[name][1]
