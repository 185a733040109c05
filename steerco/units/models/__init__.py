from .succession import Succession, SuccessionKind
from .unit import CODE_RE, Unit, UnitQuerySet, UnitType
from .unit_type import UnitTypeDefinition, known_type_codes, level_of, type_names, working_as

__all__ = [
    "CODE_RE",
    "Succession",
    "SuccessionKind",
    "Unit",
    "UnitQuerySet",
    "UnitType",
    "UnitTypeDefinition",
    "known_type_codes",
    "level_of",
    "type_names",
    "working_as",
]
