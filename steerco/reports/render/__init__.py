"""Renderers: each turns a ``Document`` into the bytes of one format.

Each renderer is imported when its format is asked for, so that a PDF loads
WeasyPrint and not python-docx or openpyxl, and a DOCX not WeasyPrint
(issue 21: nothing heavy is imported that a command does not use)."""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module

from ..models import ReportFormat

_MODULES = {
    ReportFormat.DOCX: ("docx", "render_docx"),
    ReportFormat.PDF: ("pdf", "render_pdf"),
    ReportFormat.XLSX: ("xlsx", "render_xlsx"),
    ReportFormat.HTML: ("html", "render_html"),
}


def renderer(fmt: ReportFormat) -> Callable:
    """The function that renders ``fmt``, its library loaded on first use."""
    module, name = _MODULES[fmt]
    return getattr(import_module(f"{__name__}.{module}"), name)


__all__ = ["renderer"]
