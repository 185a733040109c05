from .notices import MONDAY, Channel, Notice, NoticeKind, Preference, ReminderPolicy

__all__ = [
    "MONDAY",
    "Channel",
    "Notice",
    "NoticeKind",
    "Preference",
    "ReminderPolicy",
]
