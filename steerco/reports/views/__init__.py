from .generate import generate, issue
from .issued import download, issued_detail, register, timeline

__all__ = ["download", "generate", "issue", "issued_detail", "register", "timeline"]
