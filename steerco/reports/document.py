"""The report as plain data: heading block, sections of paragraphs, lists,
tables and charts, recipients and signature.

The builder fills it from the database; each renderer (DOCX, HTML/PDF,
XLSX) reads it and nothing else, so the content is decided once and the
formats cannot disagree. Nothing here imports Django.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from functools import cached_property
from typing import ClassVar


class Style(StrEnum):
    """Party documents follow Hướng dẫn 36-HD/VPTW; State bodies follow
    Nghị định 30/2020/NĐ-CP."""

    PARTY = "party"
    STATE = "state"


NBSP = "\u00a0"


def typeset(text: str) -> str:
    """What a printed line must not break: '88 %' and 'Số 15-BC' stay
    together (a non-breaking space before % and after 'Số')."""
    return _NUMBER_WORD.sub(r"\1" + NBSP, text.replace(" %", NBSP + "%"))


_NUMBER_WORD = re.compile(r"\b([Ss]ố:?|No\.) (?=[\d\u00a0])")


@dataclass(frozen=True)
class Heading:
    style: Style
    superior: str  # superior body, e.g. "THÀNH ỦY HÀ NỘI"
    issuer: str  # the issuing body, e.g. "BAN CHỈ ĐẠO CHƯƠNG TRÌNH 01-CTr/TU"
    number: str  # "Số 15-BC/BCĐ" (Party) or "Số: 15/BC-UBND" (State)
    place_date: str  # "Hà Nội, ngày 15 tháng 7 năm 2023"
    doc_type: str  # "BÁO CÁO"
    subject: str  # the trích yếu


@dataclass(frozen=True)
class Cell:
    """What a table cell shows, and the raw value the Excel annex stores
    (a number stays a number there)."""

    text: str
    value: object = None
    number_format: str | None = None
    link: str = ""  # where the HTML report sends a reader: the records behind the figure

    @property
    def numeric(self) -> bool:
        """Starts like a figure: right-aligned, kept on one line."""
        return self.text[:1] in set("0123456789+−-–±")

    @property
    def raw(self):
        return self.text if self.value is None else self.value


@dataclass(frozen=True)
class Table:
    kind: ClassVar[str] = "table"
    key: str  # short, unique: the Excel sheet name
    title: str
    columns: list[str]
    rows: list[list[Cell]]
    note: str = ""
    widths: tuple[int, ...] = ()  # relative column widths; empty = automatic
    excel_rows: tuple[list[Cell], ...] = ()  # left out of the printed table, in the Excel annex

    def shares(self) -> list[float]:
        """Each column's share of the text width, summing to 1."""
        widths = self.widths or (3, *([1] * (len(self.columns) - 1)))
        total = sum(widths)
        return [w / total for w in widths]


@dataclass(frozen=True)
class Paragraph:
    kind: ClassVar[str] = "paragraph"
    text: str
    lead: str = ""  # a bold opening, e.g. "Kết nạp đảng viên:"


@dataclass(frozen=True)
class FreeText(Paragraph):
    """A paragraph the secretariat wrote (the free text of II and III),
    printed as any paragraph; the draft keeps it apart from the computed
    text so that it can be edited."""


@dataclass(frozen=True)
class Subheading:
    kind: ClassVar[str] = "subheading"
    text: str
    level: int = 2  # 2: "1. Hạn chế, yếu kém"; 3: a heading inside it


@dataclass(frozen=True)
class Bullets:
    kind: ClassVar[str] = "bullets"
    items: list[str]
    # Per item, where the HTML report sends a reader: the records behind the
    # statement (a figure's values, a finding's page); "" for none.
    links: tuple[str, ...] = ()
    # Per item, how many of its first characters carry the link; 0: up to
    # the first colon (a figure's name), or the whole item.
    anchors: tuple[int, ...] = ()

    def linked(self) -> list[tuple[str, str, str]]:
        """(linked head, rest, link) per item, for the HTML report."""
        out = []
        for i, item in enumerate(self.items):
            link = self.links[i] if i < len(self.links) else ""
            n = self.anchors[i] if i < len(self.anchors) else 0
            # A link may be lazy (resolved when the HTML writes it); asking
            # whether it is empty would resolve it, so only "" counts as none.
            if link is None or (isinstance(link, str) and not link):
                n = 0
            elif not n:
                n = item.find(": ") if ": " in item else len(item)
            out.append((item[:n], item[n:], link))
        return out


@dataclass(frozen=True)
class Chart:
    """A chart and the figures it draws. The picture is drawn when a
    renderer first asks for it (the DOCX, PDF and HTML embed it); the Excel
    annex takes the figures only, so a workbook draws no chart."""

    kind: ClassVar[str] = "chart"
    key: str
    title: str
    draw: Callable[[], bytes]  # the picture, as PNG bytes
    data: Table  # the figures behind the chart, for the annex

    @cached_property
    def png(self) -> bytes:
        return self.draw()


@dataclass(frozen=True)
class Action:
    """A task of the next period that follows from section II: what, who
    leads it, by when."""

    text: str
    lead: str
    deadline: date | None = None


Block = Paragraph | Subheading | Bullets | Table | Chart


@dataclass
class Section:
    title: str
    blocks: list[Block] = field(default_factory=list)
    level: int = 1

    def add(self, block: Block | None) -> None:
        if block is not None:
            self.blocks.append(block)


@dataclass(frozen=True)
class Signature:
    authority: str  # "T/M BAN CHỈ ĐẠO"
    position: str  # "TRƯỞNG BAN"
    name: str


@dataclass
class Document:
    heading: Heading
    sections: list[Section]
    recipients_label: str
    recipients: list[str]
    signature: Signature
    language: str
    issued_on: date
    generated_at: datetime
    generated_label: str  # "Generated by steerco at …": in the file's properties, never on the page
    annex: list[Section] = field(default_factory=list)
    annex_reference: str = ""  # "(Kèm theo Báo cáo số … ngày …)", at the head of the annex
    # Every figure's parts, for the Excel annex and the draft's review only:
    # made when first read (``data``), so a PDF or DOCX does not pay for it.
    make_data: Callable[[], Table | None] | None = field(default=None, repr=False)

    @cached_property
    def data(self) -> Table | None:
        return self.make_data() if self.make_data is not None else None

    def tables(self) -> list[Table]:
        """Every table and every chart's data, in reading order: the annex."""
        out: list[Table] = []
        for section in [*self.sections, *self.annex]:
            for block in section.blocks:
                if isinstance(block, Table):
                    out.append(block)
                elif isinstance(block, Chart):
                    out.append(block.data)
        return out

    def prose(self) -> list[str]:
        """Every sentence the report writes, in reading order: titles,
        paragraphs, list items, table and chart titles and notes (not the
        table cells, which are data)."""
        out: list[str] = [self.heading.subject]
        for section in [*self.sections, *self.annex]:
            out.append(section.title)
            for block in section.blocks:
                if isinstance(block, Subheading):
                    out.append(block.text)
                elif isinstance(block, Paragraph):
                    out.append(f"{block.lead} {block.text}".strip())
                elif isinstance(block, Bullets):
                    out.extend(block.items)
                elif isinstance(block, Table):
                    out += [t for t in (block.title, block.note) if t]
                elif isinstance(block, Chart):
                    out += [t for t in (block.title, block.data.note) if t]
        return out

    def text(self) -> str:
        """All the words of the body, for search and tests."""
        lines: list[str] = []
        for section in [*self.sections, *self.annex]:
            lines.append(section.title)
            for block in section.blocks:
                if isinstance(block, Subheading):
                    lines.append(block.text)
                elif isinstance(block, Paragraph):
                    lines.append(f"{block.lead} {block.text}".strip())
                elif isinstance(block, Bullets):
                    lines.extend(block.items)
                elif isinstance(block, Table):
                    lines.append(block.title)
                    lines.extend(" | ".join(c.text for c in row) for row in block.rows)
        return "\n".join(lines)
