"""Same-period comparison through restructuring.

A unit's place in the tree never changes once it has figures: a
restructuring ends units (``valid_to``) and starts new ones, joined by
succession links (see ``steerco.lib.history``). To compare 2025-H2 with
2024-H2, the 2024-H2 values are *restated* onto the tree in force at the end
of 2025-H2: a value of a replaced unit goes to its heirs by weight, and the
sums are then taken over the subtree as it stands now. Without a link in
force the restated sums are the plain sums.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from django.db.models import Q

from steerco.lib.history import Link, Successions
from steerco.lib.periods import Period
from steerco.units.models import Succession, Unit

from .computed import Sums, compute_many
from .models import DataValue, Indicator, ValueStatus
from .rollup import Key, subtree_sums


def successions_in_force(as_of: date, since: date | None = None) -> Successions:
    """The links in force on ``as_of``; ``since`` leaves out links that took
    effect before it (their predecessors have no later values)."""
    links = Succession.objects.filter(effective__lte=as_of)
    if since is not None:
        links = links.filter(effective__gt=since)
    return Successions(
        (
            Link(row.predecessor_id, row.successor_id, row.kind, row.effective, row.share, row.primary)
            for row in links.only("predecessor_id", "successor_id", "kind", "effective", "share", "primary")
        ),
        as_of,
    )


def restated_sums(
    indicators: Iterable[Indicator],
    unit,
    period: str,
    as_of: date,
    statuses: Iterable[str] = (ValueStatus.APPROVED,),
    links: Successions | None = None,
) -> dict[Key, Sums]:
    """Sums of ``period``'s values over ``unit``'s subtree as the tree stood
    on ``as_of``. Computed indicators ask their register for ``unit`` (a
    register keeps its own history). Pass ``links`` when already loaded."""
    indicators = list(indicators)
    if links is None:
        links = successions_in_force(as_of, since=Period.parse(period).start)
    if not links:
        return subtree_sums(indicators, unit, [period], statuses)
    entered = [i.pk for i in indicators if not i.computed_by]
    out: dict[Key, Sums] = {}
    if entered:
        successors_here = Unit.objects.filter(path__startswith=unit.path, pk__in=list(links.backward)).values_list(
            "pk", flat=True
        )
        sources = links.ancestry(successors_here)
        rows = DataValue.objects.filter(
            Q(unit__path__startswith=unit.path) | Q(unit_id__in=sources),
            indicator_id__in=entered,
            period=period,
            status__in=list(statuses),
        ).values_list("unit_id", "indicator_id", "value")
        rows = list(rows)
        heirs = {h for unit_id, _, _ in rows if links.is_replaced(unit_id) for h in links.heirs(unit_id)}
        inside = set(Unit.objects.filter(pk__in=heirs, path__startswith=unit.path).values_list("pk", flat=True))
        totals: dict[int, Decimal] = defaultdict(Decimal)
        reporting: dict[int, int] = defaultdict(int)
        for unit_id, ind_id, value in rows:
            if not links.is_replaced(unit_id):
                moved = {unit_id: Decimal(value)}
            else:
                moved = {h: w * Decimal(value) for h, w in links.heirs(unit_id).items() if h in inside and w}
            if moved:
                totals[ind_id] += sum(moved.values(), Decimal(0))
                reporting[ind_id] += 1
        out = {(ind_id, period): Sums(totals[ind_id], reporting[ind_id]) for ind_id in totals}
    for ind_id, found in compute_many([i for i in indicators if i.computed_by], [unit], [period]).items():
        for (_unit_id, code), sums in found.items():
            out[(ind_id, code)] = sums
    return out
