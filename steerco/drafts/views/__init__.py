from .check import check_view, detail, download_docx, download_json, history

__all__ = ["check_view", "detail", "download_docx", "download_json", "history"]
