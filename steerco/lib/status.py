"""Status of a figure against its target, with a pro-rata expectation.

At the end of 2023-H1 an annual target expects half of itself (or what a
declared seasonal profile says). The thresholds are deliberately simple and
named, so a report can say why something is "behind".
"""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum

# Below this share of the expectation a figure is at risk rather than behind.
AT_RISK_BELOW = Decimal("0.8")


class Status(StrEnum):
    ACHIEVED = "achieved"
    ON_TRACK = "on_track"
    BEHIND = "behind"
    AT_RISK = "at_risk"
    NO_DATA = "no_data"


# Worst first, for sorting exception lists.
SEVERITY = {Status.AT_RISK: 0, Status.BEHIND: 1, Status.NO_DATA: 2, Status.ON_TRACK: 3, Status.ACHIEVED: 4}


def expected(target: Decimal, share: Decimal | float) -> Decimal:
    """What the target expects by now: target × elapsed (or seasonal) share."""
    return Decimal(target) * Decimal(str(share))


def status_of(
    value: Decimal | None,
    target: Decimal | None,
    share: Decimal | float = 1,
    lower_is_better: bool = False,
) -> Status | None:
    """None when there is nothing to judge against (no target)."""
    if value is None:
        return Status.NO_DATA if target is not None else None
    if target is None:
        return None
    value, target = Decimal(value), Decimal(target)
    due = expected(target, share)
    if lower_is_better:
        # The target is a ceiling: staying under the full-period ceiling
        # and under the pro-rata share of it is what "good" means.
        if Decimal(str(share)) >= 1 and value <= target:
            return Status.ACHIEVED
        if value <= due:
            return Status.ON_TRACK
        return Status.BEHIND if value * AT_RISK_BELOW <= due else Status.AT_RISK
    if value >= target:
        return Status.ACHIEVED
    if value >= due:
        return Status.ON_TRACK
    return Status.BEHIND if value >= due * AT_RISK_BELOW else Status.AT_RISK
