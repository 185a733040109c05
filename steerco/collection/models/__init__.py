from .round import ReportingRound, RoundState
from .submission import Submission

__all__ = ["ReportingRound", "RoundState", "Submission"]
