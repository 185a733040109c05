from .check import DraftCheck

__all__ = ["DraftCheck"]
