"""HTML: the report as one self-contained page (charts inlined), styled for
A4 print; the PDF is this page printed by WeasyPrint."""

from __future__ import annotations

import base64

from django.template.loader import render_to_string

from ..document import Document, typeset
from .measure import LANGUAGES, LEFT_COLUMN_MM, TEXT_WIDTH_MM, fit_lines, mm_to_pt


def _inline(document: Document) -> dict[int, str]:
    """Charts as data: URIs, keyed by id(chart) for the template."""
    out = {}
    for section in [*document.sections, *document.annex]:
        for block in section.blocks:
            if block.kind == "chart":
                out[id(block)] = "data:image/png;base64," + base64.b64encode(block.png).decode("ascii")
    return out


def html_string(document: Document, links: bool = True) -> str:
    """The page; ``links`` sends each figure's name to the records behind
    it (the web page has them, the printed PDF does not)."""
    images = _inline(document)

    def blocks(section):
        return [(b, images.get(id(b))) for b in section.blocks]

    html = render_to_string(
        "reports/document.html",
        {
            "doc": document,
            "h": document.heading,
            "body": [(s, blocks(s)) for s in document.sections],
            "annex": [(s, blocks(s)) for s in document.annex],
            "party": document.heading.style == "party",
            "links": links,
            "number": typeset(document.heading.number),
            "issuer_lines": fit_lines(document.heading.issuer, 14, mm_to_pt(LEFT_COLUMN_MM), bold=True),
            "left_width": f"{LEFT_COLUMN_MM / TEXT_WIDTH_MM * 100:.1f}",
            "lang": LANGUAGES.get(document.language, document.language),
            "created": document.generated_at.isoformat(),
        },
    )
    # Keep "88 %" together at a line break, as the DOCX does.
    return typeset(html)


def render_html(document: Document) -> bytes:
    return html_string(document).encode("utf-8")
