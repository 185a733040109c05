"""The findings register as computed indicators.

A period's records are those of its days under the programme's reporting
window (``window.span(period)``: 2023-H1 may run from 15 December 2022 to
14 June 2023); every condition below takes that ``Span``, never the
calendar period. Each computation answers, for each unit (standing for its subtree) and
period, a count over the register in one grouped query whatever the
number of units and periods (plus two for a yes/no: its population and
whether the register has any record for the period).

What "in a period" means:
- a finding is on the books in P from the day it is identified until it
  is verified; it counts as remediated (verified) in P if that happened by
  the end of P; overdue if its deadline passed before the end of P (or
  today, for a period still running) without remediation by then;
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

from django.db.models import Count, IntegerField, Q, Value
from django.db.models.functions import StrIndex, Substr
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from steerco.indicators.computed import (
    REGISTRY,
    Sums,
    covering_prefixes,
    path_within,
    register_batch,
    register_records,
)
from steerco.lib.periods import Period, PeriodKind
from steerco.lib.windows import CALENDAR, ReportingWindow, Span
from steerco.units.models import Unit, UnitType, type_names, working_as

from .dated import not_remediated_by, overdue_on
from .models import Cause, DeepReviewSuggestion, Finding, FindingSource, WeakOrganisation

Condition = Callable[[Span], Q]


def _cutoff(p: Span):
    return min(p.end, timezone.localdate())


def _live(p: Span) -> Q:
    return Q(identified_on__lte=p.end) & (Q(verified_on__isnull=True) | Q(verified_on__gte=p.start))


def _remediated(p: Span) -> Q:
    return Q(remediated_on__lte=p.end)


def _verified(p: Span) -> Q:
    return Q(verified_on__lte=p.end)


def _overdue(p: Span) -> Q:
    return overdue_on(_cutoff(p))


def _not_remediated(p: Span) -> Q:
    return not_remediated_by(p.end)


def _under_review(p: Span) -> Q:
    """Work started by the end of P, not remediated by then: not the ones
    still open (untouched)."""
    return _not_remediated(p) & Q(started_on__lte=p.end)


def count_many(
    queryset,
    units: Sequence[Unit],
    periods: Sequence[str],
    *,
    path: str,
    measures: dict[str, Condition],
    per_unit: bool = False,
    window: ReportingWindow = CALENDAR,
) -> dict[str, dict[tuple[int, str], int]]:
    """For each named condition, the count of records meeting it in each
    unit subtree and period (its days under ``window``). One query groups the records by the unit they
    sit at (``path``), with one filtered count per condition and period;
    the subtrees are then summed from that short list (a subtree is a
    range of the sorted paths). ``per_unit`` counts units with at least one
    record, not records."""
    parsed = [(code, window.span(code)) for code in periods]
    aggregates = {}
    for name, condition in measures.items():
        for j, (_code, p) in enumerate(parsed):
            aggregates[f"{name}__{j}"] = Count("pk", filter=condition(p))
    within = Q()
    for prefix in covering_prefixes([u.path for u in units]):
        within |= path_within(path, prefix)
    rows = sorted(queryset.filter(within).values(path).annotate(**aggregates).order_by(), key=lambda r: r[path])
    paths = [r[path] for r in rows]
    pick = (lambda n: min(n, 1)) if per_unit else (lambda n: n)
    out: dict[str, dict[tuple[int, str], int]] = {name: {} for name in measures}
    for unit in units:
        below = rows[bisect_left(paths, unit.path) : bisect_left(paths, unit.path + "\uffff")]
        for name in measures:
            for j, (code, _p) in enumerate(parsed):
                out[name][(unit.pk, code)] = sum(pick(r[f"{name}__{j}"]) for r in below)
    return out


def _valid_at(day) -> Q:
    return (Q(valid_from__isnull=True) | Q(valid_from__lte=day)) & (Q(valid_to__isnull=True) | Q(valid_to__gte=day))


def _populations(units, periods, conditions: dict[str, Q]) -> dict[str, dict[tuple[int, str], int]]:
    """Units meeting each condition in each subtree and existing at the end
    of each period (the 2023 denominator is the 2023 tree, not today's):
    one query per group of siblings among ``units``, grouped by the path
    segment just below their parent (one for a level of the tree, one for
    a single unit)."""
    by_parent: dict[str, list] = {}
    for u in units:
        by_parent.setdefault(u.path[: u.path.rstrip("/").rfind("/") + 1], []).append(u)
    periods = list(periods)
    aggregates = {
        f"{name}__{j}": Count("pk", filter=condition & _valid_at(Period.parse(code).end))
        for name, condition in conditions.items()
        for j, code in enumerate(periods)
    }
    counts: dict[str, dict[tuple[int, str], int]] = {name: {} for name in conditions}

    def keep(unit_pk, row):
        for name in conditions:
            for j, code in enumerate(periods):
                counts[name][(unit_pk, code)] = row[f"{name}__{j}"] if row else 0

    for parent, group in by_parent.items():
        if len(group) == 1 or not parent:
            for u in group:
                keep(u.pk, Unit.objects.filter(path_within("path", u.path)).aggregate(**aggregates))
            continue
        depth = len(parent)
        below = StrIndex(Substr("path", depth + 1), Value("/"))
        child = Substr("path", 1, Value(depth, output_field=IntegerField()) + below)
        rows = (
            Unit.objects.filter(path_within("path", parent))
            .annotate(child=child)
            .values("child")
            .annotate(**aggregates)
            .order_by()
        )
        found = {r["child"]: r for r in rows}
        for u in group:
            keep(u.pk, found.get(u.path))
    return counts


def _listed(queryset, periods, condition: Condition, window: ReportingWindow) -> dict[str, bool]:
    """Whether the register has any record for each period (one query)."""
    return _listed_many(queryset, periods, {"any": condition}, window)["any"]


def _listed_many(queryset, periods, conditions: dict[str, Condition], window) -> dict[str, dict[str, bool]]:
    """Whether the register has any record meeting each condition, for each
    period (one query)."""
    aggregates = {
        f"{name}__{j}": Count("pk", filter=condition(window.span(c)))
        for name, condition in conditions.items()
        for j, c in enumerate(periods)
    }
    row = queryset.aggregate(**aggregates) if aggregates else {}
    return {name: {c: bool(row[f"{name}__{j}"]) for j, c in enumerate(periods)} for name in conditions}


def _yes_no(units, periods, counts, listed: dict[str, bool], population) -> dict[tuple[int, str], Sums]:
    """n of N units: N (``population``) is the units of the kind in the
    subtree; a period without any record in the register shows "no data"."""
    return {
        (u.pk, code): Sums(Decimal(counts[(u.pk, code)]), population[(u.pk, code)])
        for u in units
        for code in periods
        if listed[code] and population[(u.pk, code)]
    }


def by_level(findings, period: Span) -> list[dict]:
    """Identified, remediated, verified and overdue findings of an already
    scoped queryset in ``period`` (its days under the window), per level
    (the owner unit's type)."""
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
    names = type_names()
    order = {code: i for i, code in enumerate(names)}
    out = [{**r, "level": names.get(r["owner__type"], r["owner__type"])} for r in rows]
    return sorted(out, key=lambda r: (order.get(r["owner__type"], len(order)), r["owner__type"]))


# -- the plan for the next period -----------------------------------------------------
def following(p: Period) -> Period:
    """The period right after ``p``, of the same kind (2023-H1 -> 2023-H2)."""
    per_year = {PeriodKind.MONTH: 12, PeriodKind.QUARTER: 4, PeriodKind.HALF: 2}.get(p.kind)
    if p.kind is PeriodKind.YEAR:
        return Period(p.year + 1, p.kind)
    if per_year is None:  # a term: the next one of the same length
        return Period(p.index + 1, p.kind, 2 * p.index + 1 - p.year)
    return Period(p.year, p.kind, p.index + 1) if p.index < per_year else Period(p.year + 1, p.kind, 1)


def _planned_for_next(p: Span) -> Q:
    return Q(plan__period=following(p.period).code)


# -- what each key counts ------------------------------------------------------
# Findings: every key is (records counted, records on the books that report
# it), two named conditions on the Finding table; a key reports "no data"
# where the second is zero.
def _par(condition: Condition) -> Condition:
    return lambda p: condition(p) & Q(source=FindingSource.PAR_CRITERION)


def _both(first: Condition, second: Condition) -> Condition:
    return lambda p: first(p) & second(p)


FINDING_CONDITIONS: dict[str, Condition] = {
    "live": _live,
    "live_remediated": _both(_live, _remediated),
    "live_verified": _both(_live, _verified),
    "live_overdue": _both(_live, _overdue),
    "par_live": _par(_live),
    "par_live_remediated": _par(_both(_live, _remediated)),
    "par_live_under_review": _par(_both(_live, _under_review)),
    "planned": _planned_for_next,
}
FINDING_KEYS = {
    "findings.identified": ("live", "live"),
    "findings.remediated": ("live_remediated", "live"),
    "findings.verified": ("live_verified", "live"),
    "findings.overdue": ("live_overdue", "live"),
    "findings.par_identified": ("par_live", "par_live"),
    "findings.par_remediated": ("par_live_remediated", "par_live"),
    # on the books, work started and not yet remediated (Hai Bà Trưng: 14
    # identified = 13 remediated + 1 under review); still-open ones are
    # neither: identified - remediated - under review
    "findings.par_under_review": ("par_live_under_review", "par_live"),
    # limitations in the plans for the period after P (reported in P)
    "findings.plan_limitations": ("planned", "planned"),
}


# Deep self-reviews: units a higher body suggested one to, of a population;
# a review of year Y is followed up, and counted, in Y+1.
def _followed_up(p: Span) -> Q:
    return Q(review_year__in=[y - 1 for y in p.years])


def _suggested_by(level: str) -> Condition:
    return lambda p: _followed_up(p) & working_as(level, field="suggested_by__type")


REVIEW_KEYS = {
    # of the organs, agencies, district and bloc committees, those the city
    # Standing Committee suggested a deep self-review to
    "findings.deep_reviews_city": (
        _suggested_by(UnitType.CITY),
        working_as(UnitType.ORGAN, UnitType.AGENCY, UnitType.DISTRICT, UnitType.BLOC),
    ),
    # of the grassroots organisations under districts, those their district
    # committee suggested one to
    "findings.deep_reviews_district": (
        _suggested_by(UnitType.DISTRICT),
        working_as(UnitType.GRASSROOTS, UnitType.WARD) & working_as(UnitType.DISTRICT, field="parent__type"),
    ),
}


# Weak grassroots organisations: n of the grassroots organisations.
def _on_list(p: Span) -> Q:
    return Q(year__in=p.years)


WEAK_KEYS = {
    "findings.weak_orgs": _on_list,
    "findings.weak_orgs_carried": _both(_on_list, lambda p: Q(carried_from__isnull=False)),
}
WEAK_POPULATION = working_as(UnitType.GRASSROOTS)

PLAN_CAUSES = "findings.plan_causes"

KEYS = [*FINDING_KEYS, *REVIEW_KEYS, *WEAK_KEYS, PLAN_CAUSES]


@register_batch(KEYS)
def register_counts(keys, units, periods, window: ReportingWindow = CALENDAR) -> dict[str, dict[tuple[int, str], Sums]]:
    """Every key asked, in one query per table touched (findings, causes,
    deep-review suggestions, weak organisations), plus one for whether the
    yes/no registers have records in each period and one for their
    populations."""
    keys = list(keys)
    out: dict[str, dict[tuple[int, str], Sums]] = {}
    finding_keys = [k for k in keys if k in FINDING_KEYS]
    if finding_keys:
        names = {name for k in finding_keys for name in FINDING_KEYS[k]}
        counts = count_many(
            Finding.objects.all(),
            units,
            periods,
            path="owner__path",
            measures={name: FINDING_CONDITIONS[name] for name in sorted(names)},
            window=window,
        )
        for k in finding_keys:
            counted, reporting = FINDING_KEYS[k]
            out[k] = {key: Sums(Decimal(counts[counted][key]), base) for key, base in counts[reporting].items() if base}
    if PLAN_CAUSES in keys:
        counts = count_many(
            Cause.objects.all(),
            units,
            periods,
            path="unit__path",
            measures={"planned": _planned_for_next},
            window=window,
        )["planned"]
        out[PLAN_CAUSES] = {key: Sums(Decimal(n), n) for key, n in counts.items() if n}
    review_keys = [k for k in keys if k in REVIEW_KEYS]
    weak_keys = [k for k in keys if k in WEAK_KEYS]
    populations = {k: REVIEW_KEYS[k][1] for k in review_keys}
    if weak_keys:
        populations["weak"] = WEAK_POPULATION
    population = _populations(units, periods, populations) if populations else {}
    if review_keys:
        conditions = {k: REVIEW_KEYS[k][0] for k in review_keys}
        queryset = DeepReviewSuggestion.objects.all()
        counts = count_many(
            queryset, units, periods, path="addressed_to__path", measures=conditions, per_unit=True, window=window
        )
        listed = _listed_many(queryset, periods, conditions, window)
        for k in review_keys:
            out[k] = _yes_no(units, periods, counts[k], listed[k], population[k])
    if weak_keys:
        queryset = WeakOrganisation.objects.all()
        conditions = {k: WEAK_KEYS[k] for k in weak_keys}
        counts = count_many(
            queryset, units, periods, path="organisation__path", measures=conditions, per_unit=True, window=window
        )
        # a year "has a list" if any organisation is on it, carried or not
        listed = _listed(queryset, periods, _on_list, window)
        for k in weak_keys:
            out[k] = _yes_no(units, periods, counts[k], listed, population["weak"])
    return out


# -- the records behind each figure ------------------------------------------------
register_records(list(FINDING_KEYS), "findings:list", _("findings register"))
register_records(list(WEAK_KEYS), "findings:weak", _("weak organisations register"))
register_records(list(REVIEW_KEYS), "findings:suggestions", _("deep self-review suggestions"))
register_records([PLAN_CAUSES], None, _("causes in the remediation plans"))


def counted_records(queryset, key: str, unit, span: Span):
    """The records ``key`` counts (its numerator) for ``unit``'s subtree in
    ``span``: findings, weak-list entries or deep-review suggestions, by
    the same conditions as the figure."""
    if key in FINDING_KEYS:
        condition = FINDING_CONDITIONS[FINDING_KEYS[key][0]](span)
        return queryset.filter(owner__path__startswith=unit.path).filter(condition)
    if key in WEAK_KEYS:
        return queryset.filter(organisation__path__startswith=unit.path).filter(WEAK_KEYS[key](span))
    if key in REVIEW_KEYS:
        return queryset.filter(addressed_to__path__startswith=unit.path).filter(REVIEW_KEYS[key][0](span))
    raise KeyError(key)


# The same counts one key at a time: the registry's single-key form of the
# batch (``register_batch`` makes it).
identified = REGISTRY["findings.identified"]
remediated = REGISTRY["findings.remediated"]
verified = REGISTRY["findings.verified"]
overdue = REGISTRY["findings.overdue"]
par_identified = REGISTRY["findings.par_identified"]
par_remediated = REGISTRY["findings.par_remediated"]
par_under_review = REGISTRY["findings.par_under_review"]
deep_reviews_city = REGISTRY["findings.deep_reviews_city"]
deep_reviews_district = REGISTRY["findings.deep_reviews_district"]
weak_orgs = REGISTRY["findings.weak_orgs"]
weak_orgs_carried = REGISTRY["findings.weak_orgs_carried"]
plan_limitations = REGISTRY["findings.plan_limitations"]
plan_causes = REGISTRY[PLAN_CAUSES]
