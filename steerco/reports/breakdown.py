"""The scorecard of every unit directly below a unit, in a fixed number of
queries: the shared ``children_sums`` (one GROUP BY over the subtree by the
child each value rolls up to, and the registers for computed indicators),
and one query for the targets. The report uses it for per-unit detail.
``subtree_cards`` does the same for every unit at any depth that has a
target: the lagging units."""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Sum

from steerco.indicators.computed import Sums, compute
from steerco.indicators.models import DataValue, IndicatorKind, Target, ValueStatus
from steerco.indicators.rollup import (
    TargetFigure,
    children_sums,
    figure_for,
    parts_of,
    pick_target,
    target_candidates,
    topmost_below,
)
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


def child_cards(indicators: list, unit: Unit, period: Period, term: Period) -> list[ChildCard]:
    children = list(unit.children.order_by("sort_order", "code"))
    if not children:
        return []
    previous = period.same_period_previous_year()
    sums = children_sums(parts_of(indicators), unit, [period.code, previous.code])
    targets = _child_targets([i.pk for i in indicators if i.kind != IndicatorKind.RATIO], unit, children, period, term)
    cards = []
    for child in children:
        found = sums.get(child.path, {})
        rows = {
            ind.code: ScorecardRow(
                indicator=ind,
                figure=figure_for(ind, period.code, found),
                previous=figure_for(ind, previous.code, found),
                target=targets.get((child.pk, ind.pk)),
                period=period,
            )
            for ind in indicators
        }
        cards.append(ChildCard(unit=child, rows=rows))
    return cards


def _child_targets(indicator_ids, unit: Unit, children: list[Unit], period: Period, term: Period):
    """Each child's target by the rule of ``targets_for``: its own, or the
    targets set below it (each branch once, at its highest level); for the
    period or the smallest period containing it. One query for all."""
    codes = [p.code for p in (period, *period.containing(), term)]
    rows = Target.objects.filter(
        indicator_id__in=list(indicator_ids), period__in=codes, unit__path__startswith=unit.path
    ).values_list("indicator_id", "period", "unit__path", "value")
    by_key: dict[tuple[int, str], dict[str, Decimal]] = defaultdict(dict)
    for ind_id, code, path, value in rows:
        by_key[(ind_id, code)][path] = value
    out: dict[tuple[int, int], TargetFigure] = {}
    for child in children:
        for ind_id in indicator_ids:
            for code in codes:
                set_here = {p: v for p, v in by_key.get((ind_id, code), {}).items() if p.startswith(child.path)}
                if not set_here:
                    continue
                own = set_here.get(child.path)
                top = topmost_below(set_here, child.path)
                assigned = sum((set_here[p] for p in top), Decimal(0)) if top else None
                out[(child.pk, ind_id)] = TargetFigure(own if own is not None else assigned, code, own, assigned)
                break
    return out


def subtree_cards(indicators: list, root: Unit, period: Period, term: Period) -> list[ChildCard]:
    """A card for every unit below ``root``, at any depth, that a target
    applies to (its own, or the targets set below it), with a row for each
    indicator it has a target for: what the lagging units are judged on.
    Queries: the targets, the units, one GROUP BY of the values by unit,
    and each computed indicator with a target asks its register once."""
    counts = [i for i in indicators if i.kind != IndicatorKind.RATIO]
    codes = target_candidates(period, [term])
    set_by: dict[int, dict[str, dict[str, Decimal]]] = defaultdict(lambda: defaultdict(dict))
    for ind_id, code, path, value in Target.objects.filter(
        indicator_id__in=[i.pk for i in counts], period__in=codes, unit__path__startswith=root.path
    ).values_list("indicator_id", "period", "unit__path", "value"):
        if path != root.path:
            set_by[ind_id][code][path] = value
    if not set_by:
        return []
    # A unit with a target of its own, and every unit between it and the
    # root (judged on what was handed down to it).
    paths: set[str] = set()
    for by_code in set_by.values():
        for by_path in by_code.values():
            for path in by_path:
                parts = path[len(root.path) :].rstrip("/").split("/")
                paths.update(root.path + "/".join(parts[: k + 1]) + "/" for k in range(len(parts)))
    units = list(Unit.objects.filter(path__in=paths).order_by("path"))
    targeted = [i for i in counts if i.pk in set_by]
    previous = period.same_period_previous_year()
    sums = _sums_by_unit(targeted, root, units, [period.code, previous.code])
    cards = []
    for unit in units:
        rows = {}
        for ind in targeted:
            target = pick_target(set_by[ind.pk], unit.path, codes)
            if target is None:
                continue
            found = sums.get(unit.pk, {})
            rows[ind.code] = ScorecardRow(
                indicator=ind,
                figure=figure_for(ind, period.code, found),
                previous=figure_for(ind, previous.code, found),
                target=target,
                period=period,
            )
        if rows:
            cards.append(ChildCard(unit=unit, rows=rows))
    return cards


def _sums_by_unit(indicators: list, root: Unit, units: list[Unit], periods: list[str]) -> dict[int, dict]:
    """Subtree sums of each of ``units`` (all under ``root``): one GROUP BY
    of the entered values by the unit they sit at, summed per subtree from
    that sorted list; computed indicators ask their register."""
    out: dict[int, dict] = defaultdict(dict)
    entered = [i.pk for i in indicators if not i.computed_by]
    if entered:
        rows = sorted(
            DataValue.objects.filter(
                unit__path__startswith=root.path,
                indicator_id__in=entered,
                period__in=periods,
                status=ValueStatus.APPROVED,
            )
            .values("unit__path", "indicator_id", "period")
            .annotate(total=Sum("value"), reporting=Count("unit_id"))
            .order_by(),
            key=lambda r: r["unit__path"],
        )
        keys = [r["unit__path"] for r in rows]
        for unit in units:
            below = rows[bisect_left(keys, unit.path) : bisect_left(keys, unit.path + "\uffff")]
            acc: dict[tuple[int, str], list] = {}
            for r in below:
                cell = acc.setdefault((r["indicator_id"], r["period"]), [Decimal(0), 0])
                cell[0] += r["total"]
                cell[1] += r["reporting"]
            out[unit.pk] = {k: Sums(total, n) for k, (total, n) in acc.items()}
    for ind in indicators:
        if ind.computed_by:
            for (unit_id, code), found in compute(ind, units, periods).items():
                out[unit_id][(ind.pk, code)] = found
    return out
