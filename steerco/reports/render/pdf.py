"""PDF: the HTML page printed by WeasyPrint (A4, Liberation Serif, the
guideline's margins; page numbers from page 2, see the page's CSS)."""

from __future__ import annotations

from weasyprint import HTML

from ..document import Document
from .html import html_string


def render_pdf(document: Document) -> bytes:
    # No creation date in the metadata: the same data gives the same file.
    return HTML(string=html_string(document)).write_pdf()
