"""Computed indicators: figures counted from registers (findings,
inspection cases, …) instead of entered.

An app registers a computation under a key; an indicator names the key in
its pack (``computed: findings.remediated``) and from then on rolls up like
any count: the scorecard, reports and the API ask this module for its sums.

A computation takes the indicator, a list of units (each standing for its
whole subtree), period codes and the programme's reporting window, and
returns the sum and the number of contributing records for each (unit id,
period) it has data for::

    @register("findings.remediated")
    def remediated(indicator, units, periods, window):
        spans = [window.span(p) for p in periods]  # the days each period counts
        ...
        return {(unit.pk, "2023-H1"): Sums(Decimal(7), 7)}

Keep it to a fixed number of queries whatever the number of units.

A register that can count several keys from one fetch registers a batch
computation for all of them at once, so a page that shows many of its
indicators reads the register once, not once per indicator::

    @register_batch(["findings.identified", "findings.remediated"])
    def findings_counts(keys, units, periods, window):
        ...  # one grouped query for every key asked
        return {"findings.identified": {(unit.pk, "2023-H1"): Sums(...)}, ...}

``compute_many`` asks each batch once for every key of it among the
indicators (and each single-key computation once per indicator);
``compute`` still answers for one indicator, through the batch if there is
one.

The window (``steerco.lib.windows``) is the programme's: which days a
period's records come from (2023-H1 may run from 15 December 2022 to 14
June 2023). A register never reads ``Period.start``/``end`` for its
records, only ``window.span(period)``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection
from django.db.models import Q

from steerco.lib.windows import CALENDAR, ReportingWindow


@dataclass(frozen=True)
class Sums:
    total: Decimal
    reporting: int


Computation = Callable[[object, Sequence[object], Sequence[str], ReportingWindow], dict[tuple[int, str], Sums]]

BatchComputation = Callable[
    [Sequence[str], Sequence[object], Sequence[str], ReportingWindow], dict[str, dict[tuple[int, str], Sums]]
]

REGISTRY: dict[str, Computation] = {}
BATCHES: dict[str, BatchComputation] = {}


def register(key: str) -> Callable[[Computation], Computation]:
    def decorate(fn: Computation) -> Computation:
        if key in REGISTRY and REGISTRY[key] is not fn:
            raise ValueError(f"computation {key!r} is registered twice")
        REGISTRY[key] = fn
        return fn

    return decorate


def register_batch(keys: Sequence[str]) -> Callable[[BatchComputation], BatchComputation]:
    """Register one computation for several keys: ``fn(keys, units,
    periods, window)`` returns, for each key asked, what a single computation
    would. Each key also answers ``compute`` alone."""
    keys = list(keys)

    def decorate(fn: BatchComputation) -> BatchComputation:
        for key in keys:
            single = _single(fn, key)
            if key in REGISTRY and getattr(REGISTRY[key], "batch", None) is not fn:
                raise ValueError(f"computation {key!r} is registered twice")
            REGISTRY[key] = single
            BATCHES[key] = fn
        return fn

    return decorate


def _single(fn: BatchComputation, key: str) -> Computation:
    def compute_one(indicator, units, periods, window=CALENDAR):
        return fn([key], units, periods, window).get(key, {})

    compute_one.batch = fn  # type: ignore[attr-defined]
    compute_one.__name__ = key.replace(".", "_")
    return compute_one


def _lookup(indicator) -> Computation:
    try:
        return REGISTRY[indicator.computed_by]
    except KeyError:
        raise LookupError(
            f"indicator {indicator.code} is computed by {indicator.computed_by!r}, which no app registers"
        ) from None


def windows_of(indicators: Sequence[object]) -> dict[int, ReportingWindow]:
    """The reporting window of each indicator's programme (by indicator
    id): from the programme loaded with it, else in one query."""
    from steerco.programmes.models import Programme

    by_programme = {}
    for ind in indicators:
        descriptor = getattr(type(ind), "programme", None)
        if descriptor is not None and descriptor.is_cached(ind):
            by_programme[ind.programme_id] = ind.programme.reporting_window
    missing = {ind.programme_id for ind in indicators} - set(by_programme)
    if missing:
        found = Programme.objects.filter(pk__in=missing).only("window_day", "window_month")
        by_programme.update({p.pk: p.reporting_window for p in found})
    return {ind.pk: by_programme.get(ind.programme_id, CALENDAR) for ind in indicators}


def compute_many(
    indicators: Sequence[object],
    units: Sequence[object],
    periods: Sequence[str],
    window: ReportingWindow | None = None,
) -> dict[int, dict[tuple[int, str], Sums]]:
    """What ``compute`` gives, for each computed indicator (keyed by its
    id): every batch computation is called once with all its keys among
    ``indicators`` (per reporting window), every other computation once per
    indicator. ``window``: the programme's, when the caller has it; else
    each indicator's programme is read."""
    units = list(units)
    periods = list(periods)
    indicators = [ind for ind in indicators if ind.computed_by]
    windows = {ind.pk: window for ind in indicators} if window is not None else windows_of(indicators)
    out: dict[int, dict[tuple[int, str], Sums]] = {}
    batched: dict[tuple[BatchComputation, ReportingWindow], dict[str, list]] = {}
    for ind in indicators:
        fn = _lookup(ind)
        batch = BATCHES.get(ind.computed_by)
        if batch is not None and getattr(fn, "batch", None) is batch:
            batched.setdefault((batch, windows[ind.pk]), {}).setdefault(ind.computed_by, []).append(ind)
        else:
            out[ind.pk] = fn(ind, units, periods, windows[ind.pk])
    for (batch, win), by_key in batched.items():
        answers = batch(list(by_key), units, periods, win) if units and periods else {}
        for key, inds in by_key.items():
            for ind in inds:
                out[ind.pk] = answers.get(key, {})
    return out


def covering_prefixes(paths: Sequence[str]) -> list[str]:
    """A few path prefixes whose subtrees hold every path of ``paths``, for
    the WHERE of a register's query: siblings (a level of the tree, the
    drill-down's and heat table's case) collapse into their parent's path,
    so the condition stays short whatever the number of units. It may
    cover more than asked (the parent's own records, other children): the
    caller sums each unit's subtree from the grouped rows anyway."""
    by_parent: dict[str, list[str]] = {}
    for path in set(paths):
        parent = path[: path.rstrip("/").rfind("/") + 1]
        by_parent.setdefault(parent, []).append(path)
    wanted = sorted(
        {w for parent, group in by_parent.items() for w in ([parent] if len(group) > 1 and parent else group)}
    )
    out: list[str] = []
    for prefix in wanted:  # sorted: a prefix comes right before what it covers
        if not out or not prefix.startswith(out[-1]):
            out.append(prefix)
    return out


def path_within(field: str, prefix: str) -> Q:
    """``field`` (a unit path) lies under ``prefix``. On SQLite a range,
    which can use the index on the path (a LIKE there cannot); codes are
    ASCII and every path ends in "/" (as ``rollup.in_subtree``)."""
    if connection.vendor == "sqlite":
        return Q(**{f"{field}__gte": prefix, f"{field}__lt": prefix[:-1] + "0"})
    return Q(**{f"{field}__startswith": prefix})


def compute(
    indicator, units: Sequence[object], periods: Sequence[str], window: ReportingWindow | None = None
) -> dict[tuple[int, str], Sums]:
    if window is None:
        window = windows_of([indicator])[indicator.pk]
    return _lookup(indicator)(indicator, units, periods, window)


# -- the records behind a register figure ---------------------------------------------
@dataclass(frozen=True)
class RecordList:
    """Where the records a key counts are listed: a page (URL name) that
    takes ``programme``, ``indicator``, ``unit`` and ``period`` and lists
    exactly the records counted (``records.RecordFilter``), and the name
    of the register in words."""

    url_name: str
    register: object  # a lazy translated name: "inspection cases"
    # Who may read the records (inspection cases: the commissions only);
    # anyone else is sent to ``counts_url_name`` (counts, by unit and period).
    may_list: Callable[[object], bool] | None = None
    counts_url_name: str | None = None


RECORD_LISTS: dict[str, RecordList] = {}


def register_records(keys: Sequence[str], url_name: str, register: object, **options) -> None:
    for key in keys:
        RECORD_LISTS[key] = RecordList(url_name, register, **options)


def record_list(key: str) -> RecordList | None:
    return RECORD_LISTS.get(key)
