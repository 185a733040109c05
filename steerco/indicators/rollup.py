"""Roll-ups: the sums over a subtree (``subtree_sums``), over each child's
subtree (``children_sums``) or over the year so far
(``year_to_date_sums``), and the targets that apply with their cascade
(``targets_for``).

Entered indicators are read from the roll-up table ``SubtreeSum`` (the
sums strictly below each unit, kept exact in the transaction of every
write of a value, models/subtree.py) plus the units' own values, in one
query. There is no nightly batch: a value approved a second ago is in the
next read. The maths (ratio of sums, count of yes) lives in steerco.lib.rollup;
this module only fetches the sums. A unit's path never changes once it has
figures, so a subtree is the tree as it stood in every period
(docs/architecture.md); comparisons across a restructuring are in
``history``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection
from django.db.models import IntegerField, Q, Value

from steerco.lib import rollup as core
from steerco.lib import timeroll
from steerco.lib.periods import Period

from .computed import Sums, compute_many
from .models import DataValue, Indicator, IndicatorKind, SubtreeSum, TimeAggregation, ValueStatus

Key = tuple[int, str]  # (indicator id, period code)

__all__ = [
    "Sums",
    "children_sums",
    "figure_for",
    "parts_of",
    "subtree_sums",
    "targets_for",
    "year_to_date_sums",
]


def in_subtree(unit, field: str = "unit__path", joined: bool = False) -> Q:
    """The condition "lies in ``unit``'s subtree" on a path field.

    On SQLite a path prefix is written as a range (``LIKE`` there cannot use
    the index on the path); codes are ASCII and every path ends in "/", so
    ``prefix <= path < prefix-with-"/"-replaced-by-"0"`` is exactly the
    prefix. PostgreSQL uses its pattern index for ``LIKE 'prefix%'``. The
    only root of the tree needs no condition at all (its subtree is every
    unit), which spares national reads a join; a query that joins the units
    anyway (``joined``) skips that check.
    """
    if (
        not joined
        and unit.parent_id is None
        and not type(unit).objects.filter(parent__isnull=True).exclude(pk=unit.pk).exists()
    ):
        return Q()
    if connection.vendor == "sqlite":
        return Q(**{f"{field}__gte": unit.path, f"{field}__lt": unit.path[:-1] + "0"})
    return Q(**{f"{field}__startswith": unit.path})


def subtree_sums(
    indicators: Iterable[Indicator], unit, periods: Iterable[str], statuses: Iterable[str] = (ValueStatus.APPROVED,)
) -> dict[Key, Sums]:
    """Sum and count of the values of each (indicator, period) over the
    subtree of ``unit``: one query for the entered indicators, and the
    computed indicators ask their registers (one fetch per register)."""
    indicators = list(indicators)
    periods = list(periods)
    entered = [i.pk for i in indicators if not i.computed_by]
    out: dict[Key, Sums] = {}
    if entered:
        statuses = list(statuses)
        # The sums strictly below the unit (SubtreeSum, kept exact on every
        # write) and the unit's own values, in one UNION ALL.
        below = SubtreeSum.objects.filter(
            path=unit.path, indicator_id__in=entered, period__in=periods, status__in=statuses
        ).values_list("indicator_id", "period", "total", "reporting")
        own = _own_values(Q(unit_id=unit.pk), entered, periods, statuses, "indicator_id", "period")
        sums: dict[Key, list] = {}
        for ind_id, period, total, reporting in below.union(own, all=True):
            _add(sums, (ind_id, period), total, reporting)
        out = {key: Sums(total, reporting) for key, (total, reporting) in sums.items()}
    for ind_id, found in compute_many([i for i in indicators if i.computed_by], [unit], periods).items():
        for (_unit_id, period), sums in found.items():
            out[(ind_id, period)] = sums
    return out


def _own_values(where: Q, entered: list[int], periods: list[str], statuses: list[str], *fields: str):
    """Values of the units matching ``where``, as (fields…, value, 1) rows
    that line up with SubtreeSum's (…, total, reporting)."""
    return (
        DataValue.objects.filter(where, indicator_id__in=entered, period__in=periods, status__in=statuses)
        .annotate(one=Value(1, output_field=IntegerField()))
        .order_by()
        .values_list(*fields, "value", "one")
    )


def _add(into: dict, key, total, reporting: int) -> None:
    cell = into.get(key)
    total = Decimal(total) if total is not None else Decimal(0)
    if cell is None:
        into[key] = [total, reporting]
    else:
        cell[0] += total
        cell[1] += reporting


def figure_for(indicator: Indicator, period: str, sums: dict[Key, Sums]) -> core.Figure:
    """Turn fetched sums into the indicator's figure, by its kind."""
    if indicator.kind == IndicatorKind.RATIO:
        num = sums.get((indicator.numerator_id, period))
        den = sums.get((indicator.denominator_id, period))
        if num is None and den is None:
            return core.NO_DATA
        return core.ratio(
            num.total if num else Decimal(0),
            den.total if den else Decimal(0),
            max(num.reporting if num else 0, den.reporting if den else 0),
        )
    found = sums.get((indicator.pk, period))
    if found is None:
        return core.NO_DATA
    if indicator.kind == IndicatorKind.YESNO:
        return core.Figure(
            value=found.total, numerator=found.total, denominator=Decimal(found.reporting), reporting=found.reporting
        )
    return core.Figure(value=found.total, reporting=found.reporting)


def parts_of(indicators: Iterable[Indicator]) -> list[Indicator]:
    """The indicators whose sums must be fetched: the counts and yes/no
    themselves, and the numerators and denominators of ratios (load those
    with select_related("numerator", "denominator"))."""
    parts: dict[int, Indicator] = {}
    for ind in indicators:
        if ind.kind == IndicatorKind.RATIO:
            parts[ind.numerator_id] = ind.numerator
            parts[ind.denominator_id] = ind.denominator
        else:
            parts[ind.pk] = ind
    return list(parts.values())


def children_sums(
    indicators: Iterable[Indicator], parent, periods: Iterable[str], statuses: Iterable[str] = (ValueStatus.APPROVED,)
) -> dict[str, dict[Key, Sums]]:
    """Sums over the subtree of each child of ``parent``, keyed by the
    child's path (the parent's own values come under its own path): one
    query that groups each value by the path segment just below the parent.
    Computed indicators ask their registers for all the children at once."""
    indicators = list(indicators)
    periods = list(periods)
    out: dict[str, dict[Key, Sums]] = defaultdict(dict)
    entered = [i.pk for i in indicators if not i.computed_by]
    if entered:
        statuses = list(statuses)
        # Each child's sums strictly below it (SubtreeSum rows whose parent
        # is this unit), the children's own values and the parent's own
        # values, in one UNION ALL.
        below = SubtreeSum.objects.filter(
            parent=parent.path, indicator_id__in=entered, period__in=periods, status__in=statuses
        ).values_list("path", "indicator_id", "period", "total", "reporting")
        fields = ("unit__path", "indicator_id", "period")
        children_own = _own_values(Q(unit__parent_id=parent.pk), entered, periods, statuses, *fields)
        parent_own = _own_values(Q(unit_id=parent.pk), entered, periods, statuses, *fields)
        sums: dict[str, dict[Key, list]] = defaultdict(dict)
        for path, ind_id, period, total, reporting in below.union(children_own, parent_own, all=True):
            _add(sums[path], (ind_id, period), total, reporting)
        for path, cells in sums.items():
            out[path] = {key: Sums(total, reporting) for key, (total, reporting) in cells.items()}
    computed = [i for i in indicators if i.computed_by]
    if computed:
        children = list(parent.children.all())
        by_id = {c.pk: c.path for c in children}
        for ind_id, found in compute_many(computed, children, periods).items():
            for (unit_id, period), sums in found.items():
                out[by_id[unit_id]][(ind_id, period)] = sums
    return dict(out)


def year_to_date_sums(
    indicators: Iterable[Indicator], unit, period: Period, statuses: Iterable[str] = (ValueStatus.APPROVED,)
) -> dict[Key, Sums]:
    """Year-to-date sums at the end of ``period`` (2023-Q3: Q1 to Q3), keyed
    by ``period.code``, by the time roll-up of ``steerco.lib.timeroll`` (the
    one the figure service uses): a flow adds its parts up, a stock takes
    the end of the period."""
    indicators = list(indicators)
    year = period.year_period()
    codes = timeroll.codes_to_date(period, [year])
    sums = subtree_sums(indicators, unit, codes, statuses)
    out: dict[Key, Sums] = {}
    for ind in indicators:
        amounts = {code: s for (ind_id, code), s in sums.items() if ind_id == ind.pk}
        how = timeroll.LAST if ind.time_aggregation == TimeAggregation.LAST else timeroll.SUM
        built = timeroll.build_to_date(period, year, amounts, how)
        if built.has_data:
            out[(ind.pk, period.code)] = Sums(built.total, built.reporting)
    return out


@dataclass(frozen=True)
class TargetFigure:
    """The target that applies to a unit. ``own`` is the target set on the
    unit itself; ``assigned`` is the sum of the targets its sub-units hold
    (each taken at the highest level below the unit where one is set), so a
    city target can be compared with what it handed down."""

    value: Decimal
    period: str
    own: Decimal | None = None
    assigned: Decimal | None = None

    @property
    def difference(self) -> Decimal | None:
        """Own target minus the targets assigned below it; None unless both
        exist."""
        if self.own is None or self.assigned is None:
            return None
        return self.own - self.assigned


def target_candidates(period: Period, extra: Iterable[Period] = ()) -> list[str]:
    """The period itself, then the calendar periods containing it, then any
    extra (the programme's term)."""
    return [p.code for p in (period, *period.containing(), *extra)]


def targets_for(
    indicator_ids: Iterable[int], unit, period: Period, extra: Iterable[Period] = ()
) -> dict[int, TargetFigure]:
    """The target that applies to ``unit`` for ``period``, by indicator id:
    the figure service's rule (``steerco.lib.targets``), asked alone."""
    from .figures import targets_of

    return targets_of(list(indicator_ids), unit, period, list(extra))
