from .delivery import Delivery, Recipient
from .issued import IssuedFile, IssuedReport, ReportFormat
from .profile import ReportProfile
from .review import Draft, DraftComment, Reviewer

__all__ = [
    "Delivery",
    "Draft",
    "DraftComment",
    "IssuedFile",
    "IssuedReport",
    "Recipient",
    "ReportFormat",
    "ReportProfile",
    "Reviewer",
]
