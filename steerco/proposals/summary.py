"""Open, overdue and resolved items rolled up like findings: counts per
level (the type of the raising unit), and the open ones oldest first. The
caller passes a queryset already scoped (``Item.objects.visible_to``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q

from steerco.units.models import UnitType

from .flow import OPEN, WAITING
from .models import Status


@dataclass(frozen=True)
class LevelRow:
    level: str
    label: str
    raised: int
    open: int
    overdue: int
    resolved: int


def overdue_q(today: date) -> Q:
    return Q(status__in=WAITING, deadline__lt=today)


def by_level(items, today: date) -> list[LevelRow]:
    """One grouped query: per raising unit type, the items raised, still
    open, overdue and resolved; the levels in the tree's order."""
    rows = (
        items.values("raised_by__type")
        .annotate(
            raised=Count("pk"),
            open=Count("pk", filter=Q(status__in=OPEN)),
            overdue=Count("pk", filter=overdue_q(today)),
            resolved=Count("pk", filter=Q(status=Status.RESOLVED)),
        )
        .order_by()
    )
    order = {t: n for n, t in enumerate(UnitType.values)}
    out = [
        LevelRow(
            r["raised_by__type"],
            UnitType(r["raised_by__type"]).label,
            r["raised"],
            r["open"],
            r["overdue"],
            r["resolved"],
        )
        for r in rows
    ]
    return sorted(out, key=lambda r: order.get(r.level, 99))


def oldest_open(items, limit: int | None = None):
    """Open items, the longest waiting first."""
    qs = (
        items.filter(status__in=OPEN)
        .select_related("raised_by", "addressed_to", "body_unit")
        .order_by("raised_on", "pk")
    )
    return qs[:limit] if limit else qs


def overdue(items, today: date):
    return items.filter(overdue_q(today)).select_related("raised_by", "body_unit").order_by("deadline", "pk")


def totals(rows: list[LevelRow]) -> LevelRow:
    return LevelRow("", "", *(sum(getattr(r, f) for r in rows) for f in ("raised", "open", "overdue", "resolved")))
