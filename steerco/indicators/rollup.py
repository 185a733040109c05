"""Roll-ups read straight from the values: one GROUP BY over a subtree.

There is no nightly batch: a value approved a second ago is in the next
read. The maths (ratio of sums, count of yes) lives in steerco.lib.rollup;
this module only fetches the sums.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Sum

from steerco.lib import rollup as core
from steerco.lib.periods import Period

from .computed import Sums, compute
from .models import DataValue, Indicator, IndicatorKind, Target, ValueStatus

Key = tuple[int, str]  # (indicator id, period code)

__all__ = ["Sums", "figure_for", "parts_of", "subtree_sums", "targets_for"]


def subtree_sums(
    indicators: Iterable[Indicator], unit, periods: Iterable[str], statuses: Iterable[str] = (ValueStatus.APPROVED,)
) -> dict[Key, Sums]:
    """Sum and count of the values of each (indicator, period) over the
    subtree of ``unit``: one query for the entered indicators, and each
    computed indicator asks its register."""
    indicators = list(indicators)
    periods = list(periods)
    entered = [i.pk for i in indicators if not i.computed_by]
    out: dict[Key, Sums] = {}
    if entered:
        rows = (
            DataValue.objects.filter(
                indicator_id__in=entered,
                period__in=periods,
                unit__path__startswith=unit.path,
                status__in=list(statuses),
            )
            .values("indicator_id", "period")
            .annotate(total=Sum("value"), reporting=Count("id"))
            .order_by()
        )
        out = {(r["indicator_id"], r["period"]): Sums(r["total"], r["reporting"]) for r in rows}
    for ind in indicators:
        if ind.computed_by:
            for (_unit_id, period), sums in compute(ind, [unit], periods).items():
                out[(ind.pk, period)] = sums
    return out


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


@dataclass(frozen=True)
class TargetFigure:
    value: Decimal
    period: str

    def period_share_of(self, period: Period) -> float:
        """How much of this target is due by the end of ``period``."""
        outer = Period.parse(self.period)
        return period.elapsed_share_of(outer) if outer.contains(period) else 1.0


def targets_for(
    indicator_ids: Iterable[int], unit, period: Period, extra: Iterable[Period] = ()
) -> dict[int, TargetFigure]:
    """The target that applies to ``unit`` for ``period``: the one set for
    the period itself or, failing that, for the smallest period containing
    it (an annual target for a half-year). A unit without a target of its
    own takes the sum of the targets set in its subtree."""
    candidates = [period, *period.containing(), *extra]
    codes = [p.code for p in candidates]
    rows = (
        Target.objects.filter(indicator_id__in=list(indicator_ids), period__in=codes, unit__path__startswith=unit.path)
        .values("indicator_id", "period", "unit_id")
        .annotate(total=Sum("value"))
        .order_by()
    )
    own: dict[tuple[int, str], Decimal] = {}
    below: dict[tuple[int, str], Decimal] = defaultdict(Decimal)
    for r in rows:
        key = (r["indicator_id"], r["period"])
        if r["unit_id"] == unit.pk:
            own[key] = r["total"]
        else:
            below[key] += r["total"]
    out: dict[int, TargetFigure] = {}
    for ind_id in indicator_ids:
        for code in codes:
            key = (ind_id, code)
            if key in own or key in below:
                out[ind_id] = TargetFigure(own.get(key, below.get(key)), code)
                break
    return out
