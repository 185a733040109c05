from .finding import Cause, CauseKind, Finding, FindingQuerySet, FindingSource
from .par import ParArea, ParCriterion, ParIndex, ParScore, ParSubCriterion
from .remediation import Evidence, RemediationAction
from .review import DeepReviewSuggestion, RemediationPlan
from .status import DONE, NEEDS_REASON, SUPERIOR_MOVES, TRANSITIONS, Status, allowed_moves
from .weak import WeakOrganisation, YearClosing

__all__ = [
    "DONE",
    "NEEDS_REASON",
    "SUPERIOR_MOVES",
    "TRANSITIONS",
    "Cause",
    "CauseKind",
    "DeepReviewSuggestion",
    "Evidence",
    "Finding",
    "FindingQuerySet",
    "FindingSource",
    "ParArea",
    "ParCriterion",
    "ParIndex",
    "ParScore",
    "ParSubCriterion",
    "RemediationAction",
    "RemediationPlan",
    "Status",
    "WeakOrganisation",
    "YearClosing",
    "allowed_moves",
]
