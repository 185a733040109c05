"""The scorecard of every unit directly below a unit, in a fixed number of
queries: one GROUP BY over the subtree with each value tagged by the child
it rolls up to, one for the targets, and one per computed indicator.
The report uses it for lagging units and for per-unit detail."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Case, Count, IntegerField, Sum, Value, When

from steerco.indicators.computed import Sums, compute
from steerco.indicators.models import DataValue, IndicatorKind, Target, ValueStatus
from steerco.indicators.rollup import TargetFigure, figure_for, parts_of
from steerco.indicators.scorecard import ScorecardRow
from steerco.lib.periods import Period
from steerco.lib.status import Status
from steerco.units.models import Unit

LAGGING = (Status.BEHIND, Status.AT_RISK)


@dataclass(frozen=True)
class ChildCard:
    unit: Unit
    rows: dict[str, ScorecardRow]  # by indicator code

    @property
    def lagging(self) -> list[ScorecardRow]:
        return [r for r in self.rows.values() if r.status in LAGGING]


def _child_of(children: list[Unit]) -> Case:
    return Case(
        *[When(unit__path__startswith=c.path, then=Value(c.pk)) for c in children],
        default=Value(None),
        output_field=IntegerField(),
    )


def child_cards(indicators: list, unit: Unit, period: Period, term: Period) -> list[ChildCard]:
    children = list(unit.children.order_by("sort_order", "code"))
    if not children:
        return []
    previous = period.same_period_previous_year()
    codes = [period.code, previous.code]
    parts = parts_of(indicators)
    sums: dict[int, dict[tuple[int, str], Sums]] = defaultdict(dict)
    entered = [i.pk for i in parts if not i.computed_by]
    if entered:
        rows = (
            DataValue.objects.filter(
                indicator_id__in=entered,
                period__in=codes,
                unit__path__startswith=unit.path,
                status=ValueStatus.APPROVED,
            )
            .annotate(child=_child_of(children))
            .exclude(child=None)
            .values("child", "indicator_id", "period")
            .annotate(total=Sum("value"), reporting=Count("id"))
            .order_by()
        )
        for r in rows:
            sums[r["child"]][(r["indicator_id"], r["period"])] = Sums(r["total"], r["reporting"])
    for ind in parts:
        if ind.computed_by:
            for (child_id, code), found in compute(ind, children, codes).items():
                sums[child_id][(ind.pk, code)] = found
    targets = _child_targets([i.pk for i in indicators if i.kind != IndicatorKind.RATIO], children, period, term)
    return [
        ChildCard(
            unit=child,
            rows={
                ind.code: ScorecardRow(
                    indicator=ind,
                    figure=figure_for(ind, period.code, sums[child.pk]),
                    previous=figure_for(ind, previous.code, sums[child.pk]),
                    target=targets.get((child.pk, ind.pk)),
                    period=period,
                )
                for ind in indicators
            },
        )
        for child in children
    ]


def _child_targets(indicator_ids, children: list[Unit], period: Period, term: Period):
    """Each child's target as ``targets_for`` would find it: its own, or the
    sum of those set below it; for the period or the smallest containing one."""
    candidates = [p.code for p in (period, *period.containing(), term)]
    rows = (
        Target.objects.filter(indicator_id__in=list(indicator_ids), period__in=candidates)
        .annotate(child=_child_of(children))
        .exclude(child=None)
        .values("child", "unit_id", "indicator_id", "period", "value")
        .order_by()
    )
    own: dict[tuple, Decimal] = {}
    below: dict[tuple, Decimal] = defaultdict(Decimal)
    for r in rows:
        key = (r["child"], r["indicator_id"], r["period"])
        if r["unit_id"] == r["child"]:
            own[key] = r["value"]
        else:
            below[key] += r["value"]
    out: dict[tuple[int, int], TargetFigure] = {}
    for child in children:
        for ind_id in indicator_ids:
            for code in candidates:
                key = (child.pk, ind_id, code)
                if key in own or key in below:
                    out[(child.pk, ind_id)] = TargetFigure(own.get(key, below.get(key)), code)
                    break
    return out
