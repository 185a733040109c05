from .notices import Channel, Notice, NoticeKind, Preference, ReminderPolicy
from .reasons import ChangeReason, ReasonKind, StatedReason

__all__ = [
    "ChangeReason",
    "Channel",
    "Notice",
    "NoticeKind",
    "Preference",
    "ReasonKind",
    "ReminderPolicy",
    "StatedReason",
]
