from .generate import generate, issue
from .issued import download, issued_detail

__all__ = ["download", "generate", "issue", "issued_detail"]
