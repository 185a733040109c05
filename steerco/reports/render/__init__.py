"""Renderers: each turns a ``Document`` into the bytes of one format."""

from ..models import ReportFormat
from .docx import render_docx
from .html import render_html
from .pdf import render_pdf
from .xlsx import render_xlsx

RENDERERS = {
    ReportFormat.DOCX: render_docx,
    ReportFormat.PDF: render_pdf,
    ReportFormat.XLSX: render_xlsx,
    ReportFormat.HTML: render_html,
}

__all__ = ["RENDERERS", "render_docx", "render_html", "render_pdf", "render_xlsx"]
