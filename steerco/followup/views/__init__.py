from .inbox import inbox, mark_read, notice_open, preferences

__all__ = ["inbox", "mark_read", "notice_open", "preferences"]
