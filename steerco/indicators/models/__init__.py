from .indicator import AGGREGATION_FOR_KIND, Aggregation, Direction, Indicator, IndicatorKind, TimeAggregation
from .rule import RuleWarning, Severity, ValidationRule
from .subtree import SubtreeSum
from .target import Target
from .value import DataValue, Source, ValueStatus

__all__ = [
    "AGGREGATION_FOR_KIND",
    "Aggregation",
    "DataValue",
    "Direction",
    "Indicator",
    "IndicatorKind",
    "RuleWarning",
    "Severity",
    "Source",
    "SubtreeSum",
    "Target",
    "TimeAggregation",
    "ValidationRule",
    "ValueStatus",
]
