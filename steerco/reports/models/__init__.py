from .delivery import Delivery, Recipient
from .issued import IssuedFile, IssuedReport, ReportFormat
from .narrative import Narrative
from .profile import ReportProfile
from .review import Draft, DraftComment, Reviewer

__all__ = [
    "Delivery",
    "Draft",
    "DraftComment",
    "IssuedFile",
    "IssuedReport",
    "Narrative",
    "Recipient",
    "ReportFormat",
    "ReportProfile",
    "Reviewer",
]
