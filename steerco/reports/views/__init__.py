from .generate import generate, issue
from .issued import download

__all__ = ["download", "generate", "issue"]
