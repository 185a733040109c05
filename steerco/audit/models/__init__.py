from .reasons import ChangeReason, ReasonKind, StatedReason

__all__ = ["ChangeReason", "ReasonKind", "StatedReason"]
