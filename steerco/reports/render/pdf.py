"""PDF: the HTML page printed by WeasyPrint (A4, Liberation Serif, the
guideline's margins; page numbers from page 2, see the page's CSS).

The same data gives the same bytes: no creation date in the metadata, and
the fonts are subset by HarfBuzz-Subset, which stamps no time in them
(the Makefile installs it with the report's other system packages; without
it WeasyPrint falls back to fontTools, which stamps the current time)."""

from __future__ import annotations

from weasyprint import HTML

from ..document import Document
from .html import html_string


def render_pdf(document: Document) -> bytes:
    return HTML(string=html_string(document, links=False)).write_pdf()
