from .reasons import ChangeReason, ReasonKind, StatedReason
from .version import DataVersion

__all__ = ["ChangeReason", "DataVersion", "ReasonKind", "StatedReason"]
