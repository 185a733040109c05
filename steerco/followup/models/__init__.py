from .notices import MONDAY, Channel, Notice, NoticeKind, Preference, ReminderPolicy
from .reasons import ChangeReason, ReasonKind, StatedReason

__all__ = [
    "MONDAY",
    "ChangeReason",
    "Channel",
    "Notice",
    "NoticeKind",
    "Preference",
    "ReasonKind",
    "ReminderPolicy",
    "StatedReason",
]
