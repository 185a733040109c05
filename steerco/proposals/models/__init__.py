from .item import INPUT_FIELDS, Attachment, Item, ItemQuerySet, Kind
from .meeting import Conclusion, Meeting
from .status import Status

__all__ = ["INPUT_FIELDS", "Attachment", "Conclusion", "Item", "ItemQuerySet", "Kind", "Meeting", "Status"]
