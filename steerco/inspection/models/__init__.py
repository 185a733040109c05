from .case import Case, CaseQuerySet
from .person import Channel, PersonRecord, PersonView

__all__ = ["Case", "CaseQuerySet", "Channel", "PersonRecord", "PersonView"]
