from .indicator import AGGREGATION_FOR_KIND, Aggregation, Direction, Indicator, IndicatorKind, TimeAggregation
from .rule import RuleWarning, Severity, ValidationRule
from .subtree import SubtreeSum
from .target import Target, TargetKind, default_kind, target_problem
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
    "TargetKind",
    "TimeAggregation",
    "ValidationRule",
    "ValueStatus",
    "default_kind",
    "target_problem",
]
