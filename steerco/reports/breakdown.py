"""The scorecard of every unit directly below a unit (``child_cards``) and
of every unit at any depth that a target applies to (``subtree_cards``: the
lagging units), for the report's per-unit detail. Both read the figure
service (``steerco.indicators.figures``), so the report shows the figures
the dashboard shows: no target rule, validity filter or time roll-up of
its own."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from steerco.indicators.figures import for_units, level, target_holders
from steerco.indicators.models import Target, TargetKind
from steerco.indicators.rollup import target_candidates
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
    """Each child valid at the end of the period, from the figure service
    (``figures.level``): the same figures as the drill-down."""
    programme = indicators[0].programme if indicators else None
    if programme is None:
        return []
    found = level(programme, indicators, unit, period)
    return [
        ChildCard(unit=child, rows={ind.code: found.row(child.code, ind) for ind in indicators})
        for child in found.children
    ]


def subtree_cards(indicators: list, root: Unit, period: Period, term: Period) -> list[ChildCard]:
    """A card for every unit below ``root``, at any depth, valid at the end
    of the period, that a target applies to, with a row for each indicator
    it has a target for: what the lagging units are judged on. The units are
    those holding an amount target in force (their own, or one passed on
    from a unit replaced by then: ``figures.target_holders``), those holding
    a threshold ("≤ 2,0 %", on a ratio too) and the units directly below a threshold's holder, which
    take it over (a province's ceiling judges each district), and the units
    between them and the root; the figures and targets are the figure
    service's (``figures.for_units``)."""
    if not indicators:
        return []
    programme = indicators[0].programme
    codes = target_candidates(period, [term])
    thresholds = Target.objects.filter(
        indicator_id__in=[i.pk for i in indicators],
        period__in=codes,
        unit__path__startswith=root.path,
        kind=TargetKind.THRESHOLD,
    )
    # The amount targets in force: own, or passed on from a unit replaced
    # by the end of the period (the figure service's rule, not one here).
    amounts = target_holders(programme, indicators, root, period)
    holders = (
        Unit.objects.filter(
            Q(pk__in=amounts)
            | Q(pk__in=thresholds.values("unit_id"))
            | Q(parent_id__in=thresholds.values("unit_id"), pk__in=Unit.objects.valid_on(period.end).values("pk"))
        )
        .exclude(pk=root.pk)
        .values_list("path", flat=True)
    )
    paths: set[str] = set()
    for path in holders:
        parts = path[len(root.path) :].rstrip("/").split("/")
        paths.update(root.path + "/".join(parts[: k + 1]) + "/" for k in range(len(parts)))
    if not paths:
        return []
    units = list(Unit.objects.filter(path__in=paths).valid_on(period.end).order_by("path"))
    found = for_units(programme, indicators, root, units, period)
    cards = []
    for unit in units:
        rows = {ind.code: row for ind in indicators if _judged(row := found[unit.pk][ind.pk])}
        if rows:
            cards.append(ChildCard(unit=unit, rows=rows))
    return cards


def _judged(row: ScorecardRow) -> bool:
    """A unit is judged on a target that applies to it; on a threshold it
    only takes over from above (the province's ceiling), only if it has a
    figure: an office that settles no dossiers is not judged on them."""
    if row.target is None:
        return False
    inherited = row.target.threshold and row.target.own is None
    return not inherited or row.figure.value is not None
