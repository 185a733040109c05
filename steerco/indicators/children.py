"""Targets for each child of a unit in one GROUP BY (the values are
``rollup.children_sums``): the drill-down and heat table read a whole level
at once, never one query per child.

A target sits somewhere in the subtree of ``parent``; the child it belongs
to is the first path segment after the parent's own path
("TU-HN/QU-BADINH/CS-01/" under "TU-HN/" belongs to "QU-BADINH").
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal

from steerco.lib.periods import Period

from .models import Target, TargetKind
from .rollup import TargetFigure, pick_target, target_candidates

OWN = ""  # the child code of values entered on the parent itself


def child_targets(
    indicator_ids: Iterable[int], parent, period: Period, extra: Iterable[Period] = ()
) -> dict[tuple[str, int], TargetFigure]:
    """The target of each child of ``parent`` for ``period``, by the same rule
    as ``rollup.targets_for`` (``rollup.pick_target``). One query for the
    whole level; rows are split by child in Python."""
    indicator_ids = list(indicator_ids)
    codes = target_candidates(period, extra)
    rows = (
        Target.objects.filter(
            indicator_id__in=indicator_ids,
            period__in=codes,
            unit__path__startswith=parent.path,
            kind=TargetKind.AMOUNT,  # thresholds are not summed; the scorecard reads them
        )
        .exclude(unit__path=parent.path)
        .values_list("indicator_id", "period", "unit__path", "value")
    )
    # child code -> indicator -> period -> unit path -> value
    by_child: dict[str, dict[int, dict[str, dict[str, Decimal]]]] = defaultdict(
        lambda: defaultdict(lambda: defaultdict(dict))
    )
    after = len(parent.path)
    for ind_id, code, path, value in rows:
        child = path[after:].split("/", 1)[0]
        by_child[child][ind_id][code][path] = value
    out: dict[tuple[str, int], TargetFigure] = {}
    for child, by_indicator in by_child.items():
        child_path = f"{parent.path}{child}/"
        for ind_id, set_by_period in by_indicator.items():
            found = pick_target(set_by_period, child_path, codes)
            if found is not None:
                out[(child, ind_id)] = found
    return out
