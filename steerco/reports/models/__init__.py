from .issued import IssuedFile, IssuedReport, ReportFormat
from .profile import ReportProfile

__all__ = ["IssuedFile", "IssuedReport", "ReportFormat", "ReportProfile"]
