"""Status of a figure against its target, with a pro-rata expectation.

At the end of 2023-H1 an annual target expects half of itself (or what a
declared seasonal profile says). The thresholds are deliberately simple and
named, so a report can say why something is "behind".
"""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum

from .periods import Period, PeriodError

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


def due_share(period, target_period, profile: dict[str, float] | None = None) -> Decimal:
    """Share of a target set for ``target_period`` that is due by the end
    of ``period`` (both ``steerco.lib.periods.Period``).

    Linear pro rata by default (2023-H1 of a 2023 target -> 0.5). A seasonal
    profile maps positions in the year (``H1``, ``Q3``, ``07``) to the
    cumulative share due by their end, e.g. ``{"H1": 0.35}`` for admissions
    that mostly happen in the second half; it applies to annual targets, and
    a position it does not list falls back to the linear share.
    """
    if not target_period.contains(period):
        return Decimal(1)
    position = period.position_in_year
    if profile and position and target_period.kind == "year" and position in profile:
        return Decimal(str(profile[position]))
    return Decimal(str(period.elapsed_share_of(target_period)))


def check_profile(profile: object) -> list[str]:
    """Problems with a seasonal profile, in English (pack loading)."""
    if not isinstance(profile, dict) or not profile:
        return ["a seasonal profile maps H1, Q1..Q4 or 01..12 to the share of the annual target due by then"]
    problems = []
    for key, share in profile.items():
        try:
            Period.parse(f"2000-{key}")
            ok_key = str(key) != ""
        except PeriodError:
            ok_key = False
        if not ok_key:
            problems.append(f"{key!r} is not a position in the year (H1, Q3, 07)")
        try:
            value = Decimal(str(share))
        except ArithmeticError:
            value = Decimal(-1)
        if not 0 <= value <= 1:
            problems.append(f"share {share!r} for {key!r} must be between 0 and 1")
    return problems


def threshold_status(value: Decimal | None, threshold: Decimal, lower_is_better: bool = False) -> Status:
    """Against a threshold ("≤ 2,0 %", "≥ 90 %"): achieved on the right
    side of it, whatever the time of year; behind when within a fifth of
    it (2,4 % against ≤ 2,0 %, 75 % against ≥ 90 %), at risk beyond."""
    if value is None:
        return Status.NO_DATA
    value, threshold = Decimal(value), Decimal(threshold)
    if lower_is_better:
        if value <= threshold:
            return Status.ACHIEVED
        return Status.BEHIND if value * AT_RISK_BELOW <= threshold else Status.AT_RISK
    if value >= threshold:
        return Status.ACHIEVED
    return Status.BEHIND if value >= threshold * AT_RISK_BELOW else Status.AT_RISK


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
