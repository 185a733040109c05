"""Targets for each child of a unit, from the figure service
(``figures.level``): one query for the whole level, by the one target rule
(``steerco.lib.targets``)."""

from __future__ import annotations

from collections.abc import Iterable

from steerco.lib.periods import Period

from .figures import OWN, level
from .models import Indicator
from .rollup import TargetFigure

__all__ = ["OWN", "child_targets"]


def child_targets(
    indicator_ids: Iterable[int], parent, period: Period, extra: Iterable[Period] = ()
) -> dict[tuple[str, int], TargetFigure]:
    """The target of each child of ``parent`` valid at the end of ``period``,
    by child code and indicator id (``extra``: the programme's term)."""
    indicators = list(Indicator.objects.filter(pk__in=list(indicator_ids)).select_related("programme"))
    if not indicators:
        return {}
    programme = indicators[0].programme
    found = level(programme, indicators, parent, period, with_previous=False)
    out = {}
    for child in found.children:
        for ind in indicators:
            target = found._book.targets.get(child.pk, {}).get(ind.pk)
            if target is not None:
                out[(child.code, ind.pk)] = target
    return out
