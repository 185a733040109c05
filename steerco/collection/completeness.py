"""Who has reported in a round: per level, who has submitted, who is late
and who is missing. Two queries whatever the number of units."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from steerco.indicators.models import DataValue, ValueStatus
from steerco.units.models import UnitType

from .models import Submission


class Standing(StrEnum):
    APPROVED = "approved"
    SUBMITTED = "submitted"
    RETURNED = "returned"
    IN_PROGRESS = "in_progress"
    MISSING = "missing"


STANDING_LABELS = {
    Standing.APPROVED: _("Approved"),
    Standing.SUBMITTED: _("Submitted"),
    Standing.RETURNED: _("Returned"),
    Standing.IN_PROGRESS: pgettext_lazy("submission", "In progress"),
    Standing.MISSING: _("Nothing entered"),
}


@dataclass
class Row:
    submission: Submission
    values: int
    standing: Standing
    late: bool

    @property
    def label(self):
        return STANDING_LABELS[self.standing]


@dataclass
class Level:
    type: str
    label: str
    depth: int
    rows: list[Row] = field(default_factory=list)
    only: str = ""  # "late" or "missing": show only those rows

    @property
    def shown(self) -> list[Row]:
        if self.only == "late":
            return [r for r in self.rows if r.late]
        if self.only == "missing":
            return [r for r in self.rows if r.standing == Standing.MISSING]
        return self.rows

    @property
    def submitted(self) -> int:
        return sum(r.standing in (Standing.SUBMITTED, Standing.APPROVED) for r in self.rows)

    @property
    def late(self) -> int:
        return sum(r.late for r in self.rows)

    @property
    def missing(self) -> int:
        return sum(r.standing == Standing.MISSING for r in self.rows)


def standing_of(status: str, values: int) -> Standing:
    if status == ValueStatus.APPROVED:
        return Standing.APPROVED
    if status == ValueStatus.SUBMITTED:
        return Standing.SUBMITTED
    if status == ValueStatus.RETURNED:
        return Standing.RETURNED
    return Standing.IN_PROGRESS if values else Standing.MISSING


def is_late(submission: Submission, deadline: date, today: date) -> bool:
    """Late: still owed after the deadline, or submitted after it."""
    if submission.status in (ValueStatus.SUBMITTED, ValueStatus.APPROVED):
        return submission.submitted_at is not None and timezone.localdate(submission.submitted_at) > deadline
    return today > deadline


def completeness(round_, units, today: date | None = None) -> list[Level]:
    """Levels (by unit type, shallowest first) of the round's submissions for
    ``units`` (a scoped queryset)."""
    today = today or timezone.localdate()
    counts = (
        DataValue.objects.filter(unit=OuterRef("unit"), period=round_.period, indicator__programme=round_.programme_id)
        .values("unit")
        .annotate(n=Count("pk"))
        .values("n")
    )
    submissions = (
        Submission.objects.filter(round=round_, unit__in=units)
        .select_related("unit")
        .annotate(values=Subquery(counts, output_field=IntegerField()))
        .order_by("unit__path")
    )
    levels: dict[str, Level] = {}
    labels = dict(UnitType.choices)
    for s in submissions:
        level = levels.get(s.unit.type)
        if level is None:
            level = levels[s.unit.type] = Level(s.unit.type, labels.get(s.unit.type, s.unit.type), s.unit.depth)
        level.depth = min(level.depth, s.unit.depth)
        values = s.values or 0
        level.rows.append(Row(s, values, standing_of(s.status, values), is_late(s, round_.deadline, today)))
    return sorted(levels.values(), key=lambda lv: (lv.depth, lv.type))
