"""Targets for each child of a unit in one GROUP BY (the values are
``rollup.children_sums``): the drill-down and heat table read a whole level
at once, never one query per child.

A target sits somewhere in the subtree of ``parent``; the child it belongs
to is the first path segment after the parent's own path
("TU-HN/QU-BADINH/CS-01/" under "TU-HN/" belongs to "QU-BADINH"). That
segment is computed in SQL with portable functions (SUBSTR and INSTR on
SQLite, SUBSTRING and STRPOS on PostgreSQL) and grouped on.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal

from django.db.models import F, Sum, Value
from django.db.models.functions import Greatest, Length, StrIndex, Substr

from steerco.lib.periods import Period

from .models import Target
from .rollup import TargetFigure

OWN = ""  # the child code of values entered on the parent itself


def _child_code(parent) -> dict:
    """Annotations that name the child of ``parent`` holding each row's
    unit, and how much path lies below that child (0: the child itself)."""
    after = len(parent.path) + 1
    rest = Substr("unit__path", after)
    slash = StrIndex(rest, Value("/"))
    return {
        "child": Substr("unit__path", after, Greatest(slash - 1, Value(0))),
        "below": Length("unit__path") - F("slash_at") - Value(after - 1),
        "slash_at": slash,
    }


def child_targets(
    indicator_ids: Iterable[int], parent, period: Period, extra: Iterable[Period] = ()
) -> dict[tuple[str, int], TargetFigure]:
    """The target of each child for ``period``, by the rule of
    ``rollup.targets_for``: the child's own target for the period or the
    smallest period containing it, else the sum of targets set below it.
    One query for the whole level."""
    indicator_ids = list(indicator_ids)
    codes = [p.code for p in (period, *period.containing(), *extra)]
    names = _child_code(parent)
    rows = (
        Target.objects.filter(indicator_id__in=indicator_ids, period__in=codes, unit__path__startswith=parent.path)
        .exclude(unit__path=parent.path)
        .annotate(slash_at=names["slash_at"], child=names["child"], below=names["below"])
        .values("child", "indicator_id", "period", "below")
        .annotate(total=Sum("value"))
        .order_by()
    )
    own: dict[tuple[str, int, str], Decimal] = {}
    below: dict[tuple[str, int, str], Decimal] = defaultdict(Decimal)
    for r in rows:
        key = (r["child"], r["indicator_id"], r["period"])
        if r["below"] == 0:
            own[key] = r["total"]
        else:
            below[key] += r["total"]
    out: dict[tuple[str, int], TargetFigure] = {}
    for child in {k[0] for k in (*own, *below)}:
        for ind_id in indicator_ids:
            for code in codes:
                key = (child, ind_id, code)
                if key in own or key in below:
                    out[(child, ind_id)] = TargetFigure(own.get(key, below.get(key)), code)
                    break
    return out
