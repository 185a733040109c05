"""The findings register as computed indicators.

Each computation answers, for each unit (standing for its subtree) and
period, a count over the register in one grouped query whatever the
number of units and periods (plus two for a yes/no: its population and
whether the register has any record for the period).

What "in a period" means:
- a finding is on the books in P from the day it is identified until it
  is verified; it counts as remediated (verified) in P if that happened by
  the end of P; overdue if its deadline passed before the end of P (or
  today, for a period still running) without remediation by then; under
  review if work on it started by the end of P and it is not remediated;
- a deep self-review suggested in the review of year Y is followed up,
  and counted, in Y+1;
- a weak organisation counts in the years whose list it is on;
- a plan's limitations and causes count in the period before the one it
  covers: the plan for 2023-H2 is reported with 2023-H1.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Sequence
from decimal import Decimal

from django.db.models import Count, Q
from django.utils import timezone

from steerco.indicators.computed import Sums, register
from steerco.lib.periods import Period, PeriodKind
from steerco.units.models import Unit, UnitType

from .models import Cause, DeepReviewSuggestion, Finding, FindingSource, WeakOrganisation

Condition = Callable[[Period], Q]


def _years(p: Period) -> list[int]:
    return list(range(p.start.year, p.end.year + 1))


def _cutoff(p: Period):
    return min(p.end, timezone.localdate())


def _live(p: Period) -> Q:
    return Q(identified_on__lte=p.end) & (Q(verified_on__isnull=True) | Q(verified_on__gte=p.start))


def _remediated(p: Period) -> Q:
    return Q(remediated_on__lte=p.end)


def _verified(p: Period) -> Q:
    return Q(verified_on__lte=p.end)


def _overdue(p: Period) -> Q:
    cut = _cutoff(p)
    return Q(deadline__lt=cut) & (Q(remediated_on__isnull=True) | Q(remediated_on__gt=cut))


def _not_remediated(p: Period) -> Q:
    return Q(remediated_on__isnull=True) | Q(remediated_on__gt=p.end)


def _under_review(p: Period) -> Q:
    """Work started by the end of P, not remediated by then: not the ones
    still open (untouched)."""
    return _not_remediated(p) & Q(started_on__lte=p.end)


def count_over(
    queryset,
    units: Sequence[Unit],
    periods: Sequence[str],
    *,
    path: str,
    base: Condition,
    subset: Condition | None = None,
    per_unit: bool = False,
) -> dict[tuple[int, str], tuple[int, int]]:
    """(subset count, base count) for each unit subtree and period. One
    query groups the records by the unit they sit at (``path``); the
    subtrees are then summed from that short list (a subtree is a range of
    the sorted paths). Without ``subset`` both numbers are the base count.
    ``per_unit`` counts units with at least one record, not records."""
    parsed = [(code, Period.parse(code)) for code in periods]
    aggregates = {}
    for j, (_code, p) in enumerate(parsed):
        aggregates[f"b{j}"] = Count("pk", filter=base(p))
        if subset is not None:
            aggregates[f"s{j}"] = Count("pk", filter=base(p) & subset(p))
    within = Q()
    for unit in units:
        within |= Q(**{f"{path}__startswith": unit.path})
    rows = sorted(queryset.filter(within).values(path).annotate(**aggregates).order_by(), key=lambda r: r[path])
    paths = [r[path] for r in rows]
    pick = (lambda n: min(n, 1)) if per_unit else (lambda n: n)
    out = {}
    for unit in units:
        below = rows[bisect_left(paths, unit.path) : bisect_left(paths, unit.path + "\uffff")]
        for j, (code, _p) in enumerate(parsed):
            b = sum(pick(r[f"b{j}"]) for r in below)
            n = sum(pick(r[f"s{j}"]) for r in below) if subset is not None else b
            out[(unit.pk, code)] = (n, b)
    return out


def _findings(units, periods, subset: Condition | None = None, **filters) -> dict[tuple[int, str], Sums]:
    """A count of findings on the books, reported by the findings on the
    books: a subtree with no finding at all shows "no data", not 0."""
    counts = count_over(
        Finding.objects.filter(**filters), units, periods, path="owner__path", base=_live, subset=subset
    )
    return {k: Sums(Decimal(n), base) for k, (n, base) in counts.items() if base}


def _population(units, periods, condition: Q) -> dict[tuple[int, str], int]:
    aggregates = {f"u{i}": Count("pk", filter=condition & Q(path__startswith=u.path)) for i, u in enumerate(units)}
    row = Unit.objects.aggregate(**aggregates) if aggregates else {}
    return {(u.pk, code): row[f"u{i}"] for i, u in enumerate(units) for code in periods}


def _listed(queryset, periods, condition: Condition) -> dict[str, bool]:
    """Whether the register has any record for each period (one query)."""
    aggregates = {f"p{j}": Count("pk", filter=condition(Period.parse(c))) for j, c in enumerate(periods)}
    row = queryset.aggregate(**aggregates) if aggregates else {}
    return {c: bool(row[f"p{j}"]) for j, c in enumerate(periods)}


def _yes_no(units, periods, counts, population_condition: Q, listed: dict[str, bool]) -> dict[tuple[int, str], Sums]:
    """n of N units: N is the units of the kind in the subtree; a period
    without any record in the register shows "no data"."""
    population = _population(units, periods, population_condition)
    return {
        (u.pk, code): Sums(Decimal(counts[(u.pk, code)][0]), population[(u.pk, code)])
        for u in units
        for code in periods
        if listed[code] and population[(u.pk, code)]
    }


def by_level(findings, period: Period) -> list[dict]:
    """Identified, remediated, verified and overdue findings of an already
    scoped queryset in ``period``, per level (the owner unit's type)."""
    live = _live(period)
    rows = (
        findings.filter(live)
        .values("owner__type")
        .annotate(
            identified=Count("pk"),
            remediated=Count("pk", filter=_remediated(period)),
            verified=Count("pk", filter=_verified(period)),
            overdue=Count("pk", filter=_overdue(period)),
        )
        .order_by()
    )
    order = {t: i for i, t in enumerate(UnitType.values)}
    out = [{**r, "level": UnitType(r["owner__type"]).label} for r in rows]
    return sorted(out, key=lambda r: order[r["owner__type"]])


# -- findings, any source ------------------------------------------------------
@register("findings.identified")
def identified(indicator, units, periods):
    return _findings(units, periods)


@register("findings.remediated")
def remediated(indicator, units, periods):
    return _findings(units, periods, _remediated)


@register("findings.verified")
def verified(indicator, units, periods):
    return _findings(units, periods, _verified)


@register("findings.overdue")
def overdue(indicator, units, periods):
    return _findings(units, periods, _overdue)


# -- PAR-index follow-up -----------------------------------------------------------
@register("findings.par_identified")
def par_identified(indicator, units, periods):
    return _findings(units, periods, source=FindingSource.PAR_CRITERION)


@register("findings.par_remediated")
def par_remediated(indicator, units, periods):
    return _findings(units, periods, _remediated, source=FindingSource.PAR_CRITERION)


@register("findings.par_under_review")
def par_under_review(indicator, units, periods):
    """On the books, work started and not yet remediated (Hai Bà Trưng:
    14 identified = 13 remediated + 1 under review). Still-open ones are
    neither: identified - remediated - under review."""
    return _findings(units, periods, _under_review, source=FindingSource.PAR_CRITERION)


# -- deep self-reviews -----------------------------------------------------------------
def _suggested(units, periods, by_type: str, population: Q):
    def followed_up(p: Period) -> Q:
        return Q(review_year__in=[y - 1 for y in _years(p)])

    qs = DeepReviewSuggestion.objects.filter(suggested_by__type=by_type)
    counts = count_over(qs, units, periods, path="addressed_to__path", base=followed_up, per_unit=True)
    return _yes_no(units, periods, counts, population, _listed(qs, periods, followed_up))


@register("findings.deep_reviews_city")
def deep_reviews_city(indicator, units, periods):
    """Units the city Standing Committee suggested a deep self-review to,
    of the organs, agencies, district and bloc committees."""
    population = Q(type__in=[UnitType.ORGAN, UnitType.AGENCY, UnitType.DISTRICT, UnitType.BLOC])
    return _suggested(units, periods, UnitType.CITY, population)


@register("findings.deep_reviews_district")
def deep_reviews_district(indicator, units, periods):
    """Grassroots organisations their district committee suggested a deep
    self-review to, of the grassroots organisations under districts."""
    population = Q(type__in=[UnitType.GRASSROOTS, UnitType.WARD], parent__type=UnitType.DISTRICT)
    return _suggested(units, periods, UnitType.DISTRICT, population)


# -- weak grassroots organisations ---------------------------------------------------
def _weak(units, periods, subset: Condition | None):
    def on_list(p: Period) -> Q:
        return Q(year__in=_years(p))

    counts = count_over(
        WeakOrganisation.objects.all(),
        units,
        periods,
        path="organisation__path",
        base=on_list,
        subset=subset,
        per_unit=True,
    )
    listed = _listed(WeakOrganisation.objects.all(), periods, on_list)
    return _yes_no(units, periods, counts, Q(type=UnitType.GRASSROOTS), listed)


@register("findings.weak_orgs")
def weak_orgs(indicator, units, periods):
    return _weak(units, periods, None)


@register("findings.weak_orgs_carried")
def weak_orgs_carried(indicator, units, periods):
    return _weak(units, periods, lambda p: Q(carried_from__isnull=False))


# -- the plan for the next period -----------------------------------------------------
def following(p: Period) -> Period:
    """The period right after ``p``, of the same kind (2023-H1 -> 2023-H2)."""
    per_year = {PeriodKind.MONTH: 12, PeriodKind.QUARTER: 4, PeriodKind.HALF: 2}.get(p.kind)
    if p.kind is PeriodKind.YEAR:
        return Period(p.year + 1, p.kind)
    if per_year is None:  # a term: the next one of the same length
        return Period(p.index + 1, p.kind, 2 * p.index + 1 - p.year)
    return Period(p.year, p.kind, p.index + 1) if p.index < per_year else Period(p.year + 1, p.kind, 1)


def _planned_for_next(p: Period) -> Q:
    return Q(plan__period=following(p).code)


@register("findings.plan_limitations")
def plan_limitations(indicator, units, periods):
    """Limitations in the plans for the period after P (reported in P)."""
    counts = count_over(Finding.objects.all(), units, periods, path="owner__path", base=_planned_for_next)
    return {k: Sums(Decimal(n), n) for k, (n, _b) in counts.items() if n}


@register("findings.plan_causes")
def plan_causes(indicator, units, periods):
    counts = count_over(Cause.objects.all(), units, periods, path="unit__path", base=_planned_for_next)
    return {k: Sums(Decimal(n), n) for k, (n, _b) in counts.items() if n}
