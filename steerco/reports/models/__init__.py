from .delivery import Delivery, Recipient
from .issued import IssuedFile, IssuedReport, ReportFormat
from .profile import ReportProfile

__all__ = ["Delivery", "IssuedFile", "IssuedReport", "Recipient", "ReportFormat", "ReportProfile"]
