"""PDF: the HTML page printed by WeasyPrint (A4, Liberation Serif, the
guideline's margins; page numbers from page 2, see the page's CSS)."""

from __future__ import annotations

import os
import threading
from contextlib import contextmanager

from weasyprint import HTML

from ..document import Document
from .html import html_string

_EPOCH = threading.Lock()


@contextmanager
def _font_timestamp(seconds: int):
    """Without HarfBuzz-Subset, WeasyPrint subsets the fonts with fontTools,
    which stamps each subset's ``head.modified`` with the current time
    unless SOURCE_DATE_EPOCH is set: the PDF's bytes would then change
    from one second to the next. Pin it to the generation time while
    rendering."""
    with _EPOCH:
        before = os.environ.get("SOURCE_DATE_EPOCH")
        os.environ["SOURCE_DATE_EPOCH"] = str(seconds)
        try:
            yield
        finally:
            if before is None:
                os.environ.pop("SOURCE_DATE_EPOCH", None)
            else:
                os.environ["SOURCE_DATE_EPOCH"] = before


def render_pdf(document: Document) -> bytes:
    # No creation date in the metadata, and the fonts' own stamp is the
    # generation time: the same data gives the same file.
    with _font_timestamp(int(document.generated_at.timestamp())):
        return HTML(string=html_string(document)).write_pdf()
