from .drafts import draft_comment, draft_detail, draft_start, draft_text
from .generate import generate, issue
from .issued import download, issued_detail, register, timeline

__all__ = [
    "download",
    "draft_comment",
    "draft_detail",
    "draft_start",
    "draft_text",
    "generate",
    "issue",
    "issued_detail",
    "register",
    "timeline",
]
