"""Every roll-up at once, and the proof that the fast paths are right.

Screens read the materialised roll-up table (``SubtreeSum``, kept exact
on every write; docs/architecture.md) plus each unit's own values. Two
whole-database computations from the values themselves remain useful:

- ``full_rollup``: the figure of every (unit, indicator, period) in one
  scan of the values: one ``GROUP BY`` on the parent of each value's unit,
  then a fold up the tree in Python over the (far fewer) partial sums;
- ``naive_rollup``: the same from scratch, adding each value to every one
  of its unit's ancestors, for ``steerco rollups --verify``.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Callable, Iterable
from decimal import Decimal

from django.db.models import Count, Sum

from steerco.units.models import Unit

from .models import DataValue, Indicator, ValueStatus
from .rollup import children_sums, subtree_sums

Cell = tuple[int, int, str]  # (unit id, indicator id, period)
Totals = dict[Cell, tuple[Decimal, int]]  # (sum, number of values)

QUANTUM = Decimal("0.0001")


def _values(indicator_ids: Iterable[int] | None, periods: Iterable[str] | None, statuses: Iterable[str]):
    qs = DataValue.objects.filter(status__in=list(statuses))
    if indicator_ids is not None:
        qs = qs.filter(indicator_id__in=list(indicator_ids))
    if periods is not None:
        qs = qs.filter(period__in=list(periods))
    return qs


def full_rollup(
    indicator_ids: Iterable[int] | None = None,
    periods: Iterable[str] | None = None,
    statuses: Iterable[str] = (ValueStatus.APPROVED,),
) -> Totals:
    """Sum and count of the values of every subtree, for every unit that has
    data in its subtree. Queries: units, one GROUP BY by parent, and the
    own values of units that have children."""
    units = list(Unit.objects.values_list("pk", "parent_id", "path"))
    parent_of = {pk: parent for pk, parent, _ in units}
    with_children = {parent for parent in parent_of.values() if parent is not None}
    values = _values(indicator_ids, periods, statuses)
    below: dict[int, dict[tuple[int, str], list]] = defaultdict(dict)
    by_parent = (
        values.values("unit__parent_id", "indicator_id", "period")
        .annotate(total=Sum("value"), n=Count("unit_id"))
        .order_by()
        .values_list("unit__parent_id", "indicator_id", "period", "total", "n")
    )
    for parent, ind, period, total, n in by_parent:
        if parent is not None:
            below[parent][(ind, period)] = [Decimal(total), n]
    own: Totals = {}
    if with_children:
        for unit_id, ind, period, value in values.filter(unit_id__in=with_children).values_list(
            "unit_id", "indicator_id", "period", "value"
        ):
            own[(unit_id, ind, period)] = (Decimal(value), 1)
    # Deepest units first, so each unit's "below" is complete before it is
    # added to its parent's.
    for pk, parent, _path in sorted(units, key=lambda u: -u[2].count("/")):
        if parent is None or pk not in below:
            continue
        into = below[parent]
        for key, (total, n) in below[pk].items():
            cell = into.get(key)
            if cell is None:
                into[key] = [total, n]
            else:
                cell[0] += total
                cell[1] += n
    out: Totals = {}
    for pk, cells in below.items():
        for (ind, period), (total, n) in cells.items():
            out[(pk, ind, period)] = (total, n)
    for (pk, ind, period), (total, n) in own.items():
        have = out.get((pk, ind, period), (Decimal(0), 0))
        out[(pk, ind, period)] = (have[0] + total, have[1] + n)
    return out


def naive_rollup(
    indicator_ids: Iterable[int] | None = None,
    periods: Iterable[str] | None = None,
    statuses: Iterable[str] = (ValueStatus.APPROVED,),
) -> Totals:
    """From scratch: every value added to its own unit and each ancestor,
    kept only for units that have children (a leaf's figure is its value)."""
    parent_of = dict(Unit.objects.values_list("pk", "parent_id"))
    with_children = {parent for parent in parent_of.values() if parent is not None}
    out: dict[Cell, list] = {}
    rows = _values(indicator_ids, periods, statuses).values_list("unit_id", "indicator_id", "period", "value")
    for unit_id, ind, period, value in rows.iterator(chunk_size=20_000):
        current = unit_id
        while current is not None:
            if current in with_children:
                cell = out.setdefault((current, ind, period), [Decimal(0), 0])
                cell[0] += Decimal(value)
                cell[1] += 1
            current = parent_of[current]
    return {k: (v[0], v[1]) for k, v in out.items()}


def _same(a: tuple[Decimal, int] | None, b: tuple[Decimal, int] | None) -> bool:
    if a is None or b is None:
        return a is b
    return Decimal(a[0]).quantize(QUANTUM) == Decimal(b[0]).quantize(QUANTUM) and a[1] == b[1]


def verify(
    indicator_ids: Iterable[int] | None = None,
    periods: Iterable[str] | None = None,
    sample: int = 50,
    progress: Callable[[str], None] = print,
    seed: int = 1,
) -> list[str]:
    """Compare the fast paths with the from-scratch computation. Returns the
    mismatches (empty when everything agrees):

    - the whole-tree fold (``full_rollup``) on every unit with children;
    - the screen reads (``subtree_sums``, ``children_sums``) on a sample of
      units, every indicator and period.
    """
    indicator_ids = list(indicator_ids) if indicator_ids is not None else None
    periods = list(periods) if periods is not None else None
    progress("Computing every roll-up from scratch …")
    naive = naive_rollup(indicator_ids, periods)
    progress(f"  {len(naive)} subtree figures.")
    problems: list[str] = []
    progress("Computing every roll-up by the fold …")
    fast = full_rollup(indicator_ids, periods)
    for cell in naive.keys() | fast.keys():
        if not _same(naive.get(cell), fast.get(cell)):
            problems.append(f"full roll-up {cell}: fast {fast.get(cell)} != from scratch {naive.get(cell)}")
    parents = {c[0] for c in naive}
    units = list(Unit.objects.filter(pk__in=parents).order_by("pk"))
    chosen = random.Random(seed).sample(units, min(sample, len(units)))  # noqa: S311 - a sample, not a secret
    progress(f"Checking the screen reads on {len(chosen)} units …")
    indicators = Indicator.objects.filter(computed_by="")
    if indicator_ids is not None:
        indicators = indicators.filter(pk__in=indicator_ids)
    indicators = list(indicators)
    codes = periods if periods is not None else sorted({c[2] for c in naive})
    for unit in chosen:
        read = subtree_sums(indicators, unit, codes)
        for ind in indicators:
            for code in codes:
                got = read.get((ind.pk, code))
                got = (got.total, got.reporting) if got else None
                if not _same(got, naive.get((unit.pk, ind.pk, code))):
                    want = naive.get((unit.pk, ind.pk, code))
                    problems.append(f"subtree_sums {unit.code} {ind.code} {code}: {got} != {want}")
        by_child = children_sums(indicators, unit, codes)
        leaf_values = {
            (unit_id, ind, code): (value, 1)
            for unit_id, ind, code, value in _values([i.pk for i in indicators], codes, [ValueStatus.APPROVED])
            .filter(unit__parent=unit)
            .values_list("unit_id", "indicator_id", "period", "value")
        }
        for child in unit.children.all():
            for ind in indicators:
                for code in codes:
                    got = by_child.get(child.path, {}).get((ind.pk, code))
                    got = (got.total, got.reporting) if got else None
                    cell = (child.pk, ind.pk, code)
                    want = naive.get(cell) if child.pk in parents else leaf_values.get(cell)
                    if not _same(got, want):
                        problems.append(f"children_sums {child.code} {ind.code} {code}: {got} != {want}")
    return problems
