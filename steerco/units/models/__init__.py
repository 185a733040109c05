from .succession import Succession, SuccessionKind
from .unit import CODE_RE, Unit, UnitQuerySet, UnitType

__all__ = ["CODE_RE", "Succession", "SuccessionKind", "Unit", "UnitQuerySet", "UnitType"]
