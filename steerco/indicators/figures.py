"""The figure service: the one way to get a figure.

Every screen, report, export and API that shows an indicator's figure asks
this module; nothing else applies a target rule, a validity filter, a
restatement, a time roll-up or a status. Two views of one figure therefore
cannot disagree.

Public API (everything else here is private)::

    from steerco.indicators.figures import figure, figures, level, for_units

    f = figure(programme, indicator, unit, "2023-H2")        # one figure
    f.value, f.n, f.N                  # the period's value, its parts
    f.target                           # TargetFigure in force, or None
    f.status                           # steerco.lib.status.Status or None
    f.to_date                          # year to date the status is judged on
    f.comparison                       # same period last year (restated)
    f.coverage                         # entered periods used, parts missing
    f.provenance                       # how it was made, for "why this figure"

    rows = figures(programme, indicators, unit, period)      # one unit, many indicators, one batch
    lvl = level(programme, indicators, parent, period)       # each child valid at the end of the period
    lvl.row(child_code, indicator); lvl.children; lvl.own(indicator)
    cards = for_units(programme, indicators, root, units, period)  # any units under root
    ids = target_holders(programme, indicators, root, period)      # who holds a target in force below root

``period`` is a ``steerco.lib.periods.Period`` or a code. ``as_of`` (default:
the end of the period) is the day whose tree the figure is stated on:
values of units replaced by then are restated onto their successors, and
targets are those in force on that day (``steerco.lib.targets``). Values
are the approved ones as they stand now.

The rules, each in one place:

- **Any period from its parts** (``steerco.lib.timeroll``): a period nobody
  entered is built from the entered periods inside it; flows add up,
  stocks and yes/no answers take the end of the period, a ratio divides
  its two parts each built over the whole period. Missing parts make the
  figure partial (``coverage.missing``), never a silent sum.
- **Status inside the year** is judged on the year to date (from the start
  of the target's period to the end of this one) against the share of the
  target due (pro rata or the seasonal profile): H2 is judged on H1 + H2.
- **Unit validity**: the units listed for a period are those valid at its
  end; values of units ended within the period (or the span to date, or
  last year's same period) are restated onto their successors; a target
  passes to successors unless they hold their own (no double count).

Queries: a fixed number per call whatever the number of units or
indicators (values, targets, units of the targets, succession links, and
one per computed-indicator register).
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Count, Q, Sum

from steerco.lib import rollup as core
from steerco.lib import targets as target_rules
from steerco.lib import timeroll
from steerco.lib.history import Successions
from steerco.lib.numbers import percent
from steerco.lib.periods import Period
from steerco.lib.status import Status, due_share, status_of, threshold_status
from steerco.lib.windows import CALENDAR, ReportingWindow, Span
from steerco.units.models import Unit

from .computed import Sums, compute_many
from .history import successions_in_force
from .models import DataValue, Indicator, IndicatorKind, Target, TargetKind, TimeAggregation, ValueStatus
from .rollup import TargetFigure, children_sums, parts_of, subtree_sums, target_candidates

__all__ = [
    "Coverage",
    "Figure",
    "Level",
    "Provenance",
    "figure",
    "figures",
    "for_units",
    "level",
    "target_holders",
]

OWN = ""  # the child code of the values entered on the parent itself


@dataclass(frozen=True)
class Coverage:
    """Which entered periods a figure is made of (``parts``: code and the
    number of units reporting in it) and which parts had no data."""

    entered: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()
    parts: tuple[tuple[str, int], ...] = ()

    @property
    def partial(self) -> bool:
        return bool(self.entered) and bool(self.missing)

    @property
    def from_parts(self) -> bool:
        """Built from smaller periods rather than entered as such."""
        return len(self.entered) > 1 or (len(self.entered) == 1 and self.missing != ())


@dataclass(frozen=True)
class Provenance:
    period: str
    as_of: date
    entered: tuple[str, ...]
    missing: tuple[str, ...]
    to_date: tuple[str, ...]  # the periods the status is judged over
    target_period: str | None
    due_share: Decimal | None
    restated: bool  # values of replaced units moved onto their successors
    statuses: tuple[str, ...] = (ValueStatus.APPROVED,)
    # The days a register figure counts records from (the programme's
    # reporting window); None for an entered figure.
    window: Span | None = None


@dataclass(frozen=True)
class Figure:
    """One indicator's figure for one unit and period (also the scorecard's
    and every breakdown's row: ``ScorecardRow`` is this class)."""

    indicator: Indicator
    figure: core.Figure  # the period's own value with its n/N
    previous: core.Figure  # the same period last year, on the same tree
    target: TargetFigure | None
    period: Period
    unit: Unit | None = None
    to_date: core.Figure | None = None  # None: same as ``figure``
    coverage: Coverage = field(default_factory=Coverage)
    as_of: date | None = None
    restated: bool = False
    window: ReportingWindow = CALENDAR  # the programme's reporting window

    # -- the figure --------------------------------------------------------
    @property
    def value(self) -> Decimal | None:
        return self.figure.value

    @property
    def n(self) -> Decimal | None:
        return self.figure.numerator if self.figure.numerator is not None else self.figure.value

    @property
    def N(self) -> Decimal | None:
        return self.figure.denominator

    @property
    def is_ratio(self) -> bool:
        return self.indicator.kind == IndicatorKind.RATIO

    @property
    def is_yesno(self) -> bool:
        return self.indicator.kind == IndicatorKind.YESNO

    @property
    def judged(self) -> core.Figure:
        """What the status is judged on: the year to date within the
        target's period (the period itself when the target is set for it)."""
        return self.to_date if self.to_date is not None else self.figure

    @property
    def judged_over_more(self) -> bool:
        return self.to_date is not None and self.target is not None and self.target.period != self.period.code

    # -- against the target --------------------------------------------------
    @property
    def due_share(self) -> Decimal:
        """Share of the target expected by the end of the period."""
        if self.is_ratio or self.target.threshold:
            return Decimal(1)  # a ratio is not cumulative, nor is a threshold
        return due_share(self.period, Period.parse(self.target.period), self.indicator.seasonal_profile)

    @property
    def share_of_target(self) -> Decimal | None:
        """The year to date as a share of the target (a count)."""
        if self.target is None or self.is_ratio or self.target.threshold:
            return None
        return core.share_of_target(self.judged.value, self.target.value)

    @property
    def status(self) -> Status | None:
        """Against the target, pro rata on the year to date; None without a
        target."""
        if self.target is None:
            return None
        if self.figure.value is None or self.coverage.partial:
            # Nothing reported for the period itself, or some of its parts
            # missing: shown as such, not judged on what happens to be there.
            return Status.NO_DATA
        lower = self.indicator.direction == "lower"
        if self.target.threshold:
            # Met or not whatever the time of year: the period's own figure.
            return threshold_status(self.measured, self.target.value, lower)
        return status_of(self.judged.value, self.target.value, self.due_share, lower)

    @property
    def measured(self) -> Decimal | None:
        """What a threshold is compared with: a percentage for a ratio and a
        yes/no (the share of units answering yes), the figure for a count."""
        if self.is_yesno and self.figure.denominator:
            return percent(self.figure.numerator, self.figure.denominator)
        return self.figure.value

    @property
    def threshold_sign(self) -> str:
        """≤ for a lower-is-better indicator's threshold, else ≥."""
        return "≤" if self.indicator.direction == "lower" else "≥"

    # -- against last year --------------------------------------------------
    @property
    def change(self) -> Decimal | None:
        if self.figure.value is None or self.previous.value is None:
            return None
        return self.figure.value - self.previous.value

    @property
    def comparison(self) -> tuple[core.Figure, Decimal | None]:
        return self.previous, self.change

    @property
    def provenance(self) -> Provenance:
        to_date: tuple[str, ...] = (self.period.code,)
        target_period = self.target.period if self.target else None
        if target_period:
            to_date = tuple(p.code for p in timeroll.to_date(self.period, Period.parse(target_period)))
        return Provenance(
            period=self.period.code,
            as_of=self.as_of or self.period.end,
            entered=self.coverage.entered,
            missing=self.coverage.missing,
            to_date=to_date,
            target_period=target_period,
            due_share=self.due_share if self.target else None,
            restated=self.restated,
            window=self.window.span(self.period) if self.counted_from_register else None,
        )

    @property
    def counted_from_register(self) -> bool:
        """Counted from a register (inspection cases, findings, …), itself
        or both parts of its ratio, rather than entered."""
        ind = self.indicator
        if ind.kind == IndicatorKind.RATIO:
            return bool(ind.numerator.computed_by) or bool(ind.denominator.computed_by)
        return bool(ind.computed_by)


# -- public entry points ---------------------------------------------------------
def figure(programme, indicator: Indicator, unit: Unit, period, as_of: date | None = None) -> Figure:
    """One indicator's figure for one unit (its subtree) and period."""
    return figures(programme, [indicator], unit, period, as_of)[0]


def figures(programme, indicators: Sequence[Indicator], unit: Unit, period, as_of: date | None = None) -> list[Figure]:
    """The figures of ``indicators`` for ``unit`` in the given order (load
    the indicators with select_related("numerator", "denominator"))."""
    book = _Book(programme, list(indicators), _period(period), as_of, units=[unit], mode="one")
    return [book.row(unit, ind) for ind in book.indicators]


@dataclass
class Level:
    """Each child of ``parent`` valid at the end of the period, with rows
    built on first use, and the parent's own values apart."""

    parent: Unit
    period: Period
    previous_period: Period
    children: list[Unit]
    indicators: list[Indicator]
    _book: _Book = field(repr=False)

    def row(self, child_code: str, indicator: Indicator) -> Figure:
        return self._book.row_by_code(child_code, indicator)

    def own(self, indicator: Indicator) -> Figure | None:
        row = self._book.row_by_code(OWN, indicator)
        return row if row.figure.has_data else None

    def has_data(self, child_code: str) -> bool:
        return self._book.has_data(child_code)


def level(
    programme, indicators: Sequence[Indicator], parent: Unit, period, as_of: date | None = None, with_previous=True
) -> Level:
    period = _period(period)
    children = children_of(parent, as_of or period.end)
    book = _Book(
        programme,
        list(indicators),
        period,
        as_of,
        units=children,
        mode="children",
        parent=parent,
        previous=with_previous,
    )
    return Level(parent, period, period.same_period_previous_year(), children, book.indicators, book)


def for_units(
    programme, indicators: Sequence[Indicator], root: Unit, units: Sequence[Unit], period, as_of: date | None = None
) -> dict[int, dict[int, Figure]]:
    """Figures of any ``units`` under ``root`` (by unit id, then indicator
    id), each for its subtree."""
    period = _period(period)
    book = _Book(programme, list(indicators), period, as_of, units=list(units), mode="many", parent=root)
    return {u.pk: {ind.pk: book.row(u, ind) for ind in book.indicators} for u in units}


def target_holders(
    programme, indicators: Sequence[Indicator], root: Unit, period, as_of: date | None = None
) -> set[int]:
    """The units below ``root`` that hold an amount target (not a ratio's,
    not a threshold) in force at the end of the period, for it, a period
    containing it or the programme's term: their own, or one passed on to
    them from a unit replaced by then (a merged district's successor is
    judged on its predecessors' targets). Who is judged on a target of its
    own: the report's lagging units start from them."""
    amounts = [i for i in indicators if i.kind != IndicatorKind.RATIO]
    if not amounts:
        return set()
    book = _Book(programme, amounts, _period(period), as_of, [root], "one", previous=False, values=False)
    forced, spans = book.in_force
    return {uid for here in forced.values() for uid in here if uid != root.pk and spans[uid].path.startswith(root.path)}


def targets_of(indicator_ids: list[int], unit: Unit, period, extra: list[Period]) -> dict[int, TargetFigure]:
    """Only the targets in force for ``unit`` (``rollup.targets_for``)."""
    indicators = list(Indicator.objects.filter(pk__in=indicator_ids).select_related("numerator", "denominator"))
    book = _Book(None, indicators, _period(period), None, [unit], "one", previous=False, extra=extra, values=False)
    return book.targets.get(unit.pk, {})


def children_of(parent: Unit, day: date) -> list[Unit]:
    """The children of a unit as the tree stood on ``day``, each marked with
    whether it has children of its own then."""
    from django.db.models import Exists, OuterRef

    return list(
        Unit.objects.filter(parent=parent)
        .valid_on(day)
        .annotate(has_children=Exists(Unit.objects.filter(parent=OuterRef("pk")).valid_on(day)))
        .order_by("sort_order", "code")
    )


def how_over_time(indicator: Indicator) -> str:
    """A yes/no is a state (the end of the period); else the indicator's rule."""
    if indicator.kind == IndicatorKind.YESNO or indicator.time_aggregation == TimeAggregation.LAST:
        return timeroll.LAST
    return timeroll.SUM


# -- the machinery ---------------------------------------------------------------
def _period(period) -> Period:
    return period if isinstance(period, Period) else Period.parse(str(period))


class _Book:
    """Everything needed for the figures of some units: sums of every code
    the period, its span to date and last year's same period are built
    from; the targets in force; done in a fixed number of queries."""

    def __init__(
        self, programme, indicators, period, as_of, units, mode, parent=None, previous=True, extra=None, values=True
    ):
        self.programme = programme
        self.window = programme.reporting_window if programme is not None else CALENDAR
        self.indicators = indicators
        self.period = period
        self.previous_period = period.same_period_previous_year()
        self.as_of = as_of or period.end
        self.units = units
        self.mode = mode
        self.parent = parent
        self.with_previous = previous
        self.code_of = {u.pk: u.code for u in units}
        self.by_code = {u.code: u for u in units}
        self._rows: dict[tuple[int | str, int], Figure] = {}
        self.in_force: tuple[dict, dict] = ({}, {})  # the amount targets in force and the units' spans
        self.parts = parts_of(indicators)
        if extra is None:
            extra = [programme.term_period] if programme is not None else []
        self.target_codes = target_candidates(period, extra)
        # The succession links in force on ``as_of``, read once.
        self.links = list(successions_in_force(self.as_of).forward_links())
        self.targets = self._targets()
        if not values:
            self.sums, self.restated = {}, False
            return
        target_periods = {Period.parse(t.period) for per_unit in self.targets.values() for t in per_unit.values()}
        codes = timeroll.codes_to_date(period, target_periods)
        since = self._span_start(target_periods)
        if previous:
            codes += [c for c in timeroll.codes_within(self.previous_period) if c not in codes]
            since = min(since, self.previous_period.start)
        # Links that took effect before ``since`` ended units that have no
        # value inside it: restating along them changes nothing.
        self.sums, self.restated = self._sums(codes, since)

    def _span_start(self, target_periods) -> date:
        starts = [self.period.start]
        for tp in target_periods:
            starts.extend(p.start for p in timeroll.to_date(self.period, tp))
        return min(starts)

    # -- values --------------------------------------------------------------
    def _sums(self, codes: list[str], since: date) -> tuple[dict[int | str, dict], bool]:
        """{unit id (OWN for a level's parent): {(indicator id, code): Sums}}."""
        entered = [i for i in self.parts if not i.computed_by]
        computed = [i for i in self.parts if i.computed_by]
        links = Successions([k for k in self.links if k.effective > since], self.as_of)
        out: dict[int | str, dict] = defaultdict(dict)
        restated = False
        if entered:
            if links and self._touches(links):
                restated = True
                found = self._restated(entered, codes, links)
            else:
                found = self._plain(entered, codes)
            for key, cells in found.items():
                out[key].update(cells)
        if computed:
            # Registers answer any period from their own dates: only the
            # period, its span and last year are asked, not every part.
            asked = [c for c in codes if c in self._register_codes()]
            window = self.window if self.programme is not None else None
            for ind_id, by_unit in compute_many(computed, self.units, asked, window).items():
                for (unit_id, code), sums in by_unit.items():
                    out[unit_id][(ind_id, code)] = sums
        return out, restated

    def _register_codes(self) -> set[str]:
        if not hasattr(self, "_reg"):
            spans = {self.period.code, self.previous_period.code}
            for per_unit in self.targets.values():
                for t in per_unit.values():
                    spans.update(p.code for p in timeroll.to_date(self.period, Period.parse(t.period)))
            self._reg = spans
        return self._reg

    def _touches(self, links: Successions) -> bool:
        return bool(links.forward)

    def _plain(self, entered, codes) -> dict[int | str, dict]:
        if self.mode == "one":
            unit = self.units[0]
            return {unit.pk: subtree_sums(entered, unit, codes)}
        if self.mode == "children":
            by_path = children_sums(entered, self.parent, codes)
            id_of = {u.path: u.pk for u in self.units}
            out = {}
            for path, cells in by_path.items():
                if path == self.parent.path:
                    out[OWN] = cells
                elif path in id_of:
                    out[id_of[path]] = cells
            return out
        return self._grouped(entered, codes, [(u.pk, u.path) for u in self.units])

    def _grouped(self, entered, codes, targets: list[tuple[int, str]], moved=None) -> dict[int, dict]:
        """Each of ``targets`` (unit id, path) summed over its subtree from
        one GROUP BY of the values by unit path (``moved`` adds restated
        rows: (path, indicator id, code, value))."""
        roots = _covering([p for _u, p in targets])
        where = Q()
        for root in roots:
            where |= Q(unit__path__startswith=root)
        rows = (
            [
                (r["unit__path"], r["indicator_id"], r["period"], r["total"], r["n"])
                for r in DataValue.objects.filter(
                    where, indicator_id__in=[i.pk for i in entered], period__in=codes, status=ValueStatus.APPROVED
                )
                .values("unit__path", "indicator_id", "period")
                .annotate(total=Sum("value"), n=Count("unit_id"))
                .order_by()
            ]
            if moved is None
            else moved
        )
        rows.sort(key=lambda r: r[0])
        keys = [r[0] for r in rows]
        out: dict[int, dict] = {}
        for unit_id, path in targets:
            acc: dict[tuple[int, str], list] = {}
            for r in rows[bisect_left(keys, path) : bisect_left(keys, path + "\uffff")]:
                cell = acc.setdefault((r[1], r[2]), [Decimal(0), 0])
                cell[0] += Decimal(r[3])
                cell[1] += r[4]
            out[unit_id] = {k: Sums(t, n) for k, (t, n) in acc.items()}
        return out

    def _restated(self, entered, codes, links: Successions) -> dict[int | str, dict]:
        """Values moved onto the units in force on ``as_of`` (a replaced
        unit's values go to its successors by weight), then summed per
        subtree."""
        roots = [self.parent] if self.parent is not None else self.units
        where = Q()
        for root in roots:
            where |= Q(unit__path__startswith=root.path)
        sources = links.ancestry(list(links.backward))
        rows = list(
            DataValue.objects.filter(
                where | Q(unit_id__in=sources),
                indicator_id__in=[i.pk for i in entered],
                period__in=codes,
                status=ValueStatus.APPROVED,
            ).values_list("unit_id", "unit__path", "indicator_id", "period", "value")
        )
        heirs = {h for unit_id, *_ in rows if links.is_replaced(unit_id) for h in links.heirs(unit_id)}
        path_of = dict(Unit.objects.filter(pk__in=heirs).values_list("pk", "path")) if heirs else {}
        moved: list[tuple[str, int, str, Decimal, int]] = []
        for unit_id, path, ind_id, code, value in rows:
            if not links.is_replaced(unit_id):
                moved.append((path, ind_id, code, Decimal(value), 1))
                continue
            for heir, weight in links.heirs(unit_id).items():
                if weight and heir in path_of:
                    moved.append((path_of[heir], ind_id, code, Decimal(value) * weight, 1))
        # A merged unit's values reach the successor once each; counted
        # units are the values, as in the plain sums.
        pairs = [(u.pk, u.path) for u in self.units]
        if self.mode == "children":
            out: dict[int | str, dict] = dict(self._grouped(entered, codes, pairs, moved))
            own = [(p, i, c, v, n) for p, i, c, v, n in moved if p == self.parent.path]
            out[OWN] = self._grouped(entered, codes, [(0, self.parent.path)], own)[0]
            return out
        return dict(self._grouped(entered, codes, pairs, moved))

    def has_data(self, child_code: str) -> bool:
        key = OWN if child_code == OWN else self.by_code[child_code].pk if child_code in self.by_code else None
        cells = self.sums.get(key, {})
        code = self.period.code
        if any(c == code for _i, c in cells):
            return True
        inside = set(timeroll.codes_within(self.period))
        return any(c in inside for _i, c in cells)

    # -- targets -------------------------------------------------------------
    def _targets(self) -> dict[int, dict[int, TargetFigure]]:
        """{unit id: {indicator id: TargetFigure}}: for each unit, the first
        candidate period (the period, those containing it, the term) with a
        target in force, own or handed down."""
        ids = [i.pk for i in self.indicators if i.kind != IndicatorKind.RATIO]
        ratio_ids = [i.pk for i in self.indicators if i.kind == IndicatorKind.RATIO]
        if not self.units or not (ids or ratio_ids):
            return {}
        forced, spans, thresholds = self._in_force(ids + ratio_ids)
        self.in_force = forced, spans  # target_holders reads them
        if not forced:
            return self._thresholds(thresholds, defaultdict(dict))
        out: dict[int, dict[int, TargetFigure]] = defaultdict(dict)
        for unit in self.units:
            span = spans.get(unit.pk) or target_rules.Span(unit.pk, unit.path, unit.valid_from, unit.valid_to)
            for ind_id in ids + ratio_ids:
                for code in self.target_codes:
                    here = forced.get((ind_id, code))
                    if not here:
                        continue
                    if ind_id in ratio_ids:  # a ratio's target is its own, never a sum
                        if unit.pk in here:
                            out[unit.pk][ind_id] = TargetFigure(here[unit.pk], code, here[unit.pk], None)
                            break
                        continue
                    found = target_rules.implied(span, here, spans)
                    if found is not None:
                        out[unit.pk][ind_id] = TargetFigure(found.value, code, found.own, found.assigned)
                        break
        return self._thresholds(thresholds, out)

    def _in_force(self, indicator_ids: list[int]):
        """The targets (not thresholds) in force on ``as_of`` in the subtree
        of the root, by (indicator id, period code): {unit id: value}, own
        or passed on from a unit replaced by then (``lib.targets``); the
        units' spans; the threshold rows, apart."""
        root = self.parent if self.parent is not None else self.units[0]
        # The targets in the subtree, and those of replaced units anywhere
        # (a predecessor outside it may pass its target to a unit inside).
        links = Successions(self.links, self.as_of)
        where = Q(unit__path__startswith=root.path)
        if links:
            where |= Q(unit_id__in=links.ancestry(list(links.backward)))
        # Thresholds hold down the tree: those set above the root count too.
        above = [root.path[: i + 1] for i, char in enumerate(root.path) if char == "/"]
        where |= Q(kind=TargetKind.THRESHOLD, unit__path__in=above)
        found_rows = list(
            Target.objects.filter(where, indicator_id__in=indicator_ids, period__in=self.target_codes).values_list(
                "indicator_id", "period", "unit_id", "value", "kind", "unit__path"
            )
        )
        thresholds = [r for r in found_rows if r[4] == TargetKind.THRESHOLD]
        rows = [r[:4] for r in found_rows if r[4] != TargetKind.THRESHOLD]
        if not rows:
            return {}, {}, thresholds
        spans = {
            pk: target_rules.Span(pk, path, vf, vt)
            for pk, path, vf, vt in Unit.objects.filter(
                Q(pk__in={r[2] for r in rows}) | Q(pk__in=[u.pk for u in self.units])
            ).values_list("pk", "path", "valid_from", "valid_to")
        }
        if links:
            heirs = {h for uid in spans if links.is_replaced(uid) for h in links.heirs(uid)} - set(spans)
            for pk, path, vf, vt in Unit.objects.filter(pk__in=heirs).values_list(
                "pk", "path", "valid_from", "valid_to"
            ):
                spans[pk] = target_rules.Span(pk, path, vf, vt)
        by_key: dict[tuple[int, str], dict[int, Decimal]] = defaultdict(dict)
        for ind_id, code, unit_id, value in rows:
            by_key[(ind_id, code)][unit_id] = value
        forced = {key: target_rules.in_force(found, spans, self.as_of, links) for key, found in by_key.items()}
        return forced, spans, thresholds

    def _thresholds(self, rows, out: dict[int, dict[int, TargetFigure]]) -> dict[int, dict[int, TargetFigure]]:
        """Thresholds ("≤ 2,0 %"): a unit without an amount target takes the
        one set on itself, else on its nearest ancestor, for the first
        candidate period that has one; never summed."""
        if not rows:
            return out
        by_key: dict[tuple[int, str], dict[str, Decimal]] = defaultdict(dict)
        for ind_id, code, _unit_id, value, _kind, path in rows:
            by_key[(ind_id, code)][path] = value
        for unit in self.units:
            for ind_id in {r[0] for r in rows}:
                if ind_id in out.get(unit.pk, {}):
                    continue
                for code in self.target_codes:
                    paths = [p for p in by_key.get((ind_id, code), {}) if unit.path.startswith(p)]
                    if paths:
                        nearest = max(paths, key=len)
                        value = by_key[(ind_id, code)][nearest]
                        own = value if nearest == unit.path else None
                        out.setdefault(unit.pk, {})[ind_id] = TargetFigure(value, code, own, None, threshold=True)
                        break
        return out

    # -- rows ------------------------------------------------------------------
    def row_by_code(self, code: str, indicator: Indicator) -> Figure:
        if code == OWN:
            return self._row(OWN, None, indicator)
        return self.row(self.by_code[code], indicator)

    def row(self, unit: Unit, indicator: Indicator) -> Figure:
        return self._row(unit.pk, unit, indicator)

    def _row(self, key, unit, indicator: Indicator) -> Figure:
        cache_key = (key, indicator.pk)
        if cache_key in self._rows:
            return self._rows[cache_key]
        cells = self.sums.get(key, {})
        target = None if key == OWN else self.targets.get(key, {}).get(indicator.pk)
        now, coverage = built(indicator, self.period, cells)
        to_date = None
        if target is not None and target.period != self.period.code:
            to_date, _cov = built(indicator, self.period, cells, Period.parse(target.period))
        previous = core.NO_DATA
        if self.with_previous:
            previous, before = built(indicator, self.previous_period, cells)
            if before.partial:
                # Some of last year's parts missing (2022 with only its first
                # half entered): no comparison, rather than a silent part
                # compared with a whole.
                previous = core.NO_DATA
        row = Figure(
            indicator=indicator,
            figure=now,
            previous=previous,
            target=target,
            period=self.period,
            unit=unit,
            to_date=to_date,
            coverage=coverage,
            as_of=self.as_of,
            restated=self.restated,
            window=self.window,
        )
        self._rows[cache_key] = row
        return row


def _amounts(cells: dict, indicator_id: int) -> dict[str, Sums]:
    return {code: sums for (ind_id, code), sums in cells.items() if ind_id == indicator_id}


def built(indicator: Indicator, period: Period, cells: dict, target_period: Period | None = None):
    """The indicator's figure over ``period`` (or over its span to date
    within ``target_period``) from the fetched cells, with its coverage."""

    def one(part: Indicator) -> timeroll.Built:
        amounts = _amounts(cells, part.pk)
        how = how_over_time(indicator if indicator.kind == IndicatorKind.YESNO else part)
        if target_period is None:
            return timeroll.build(period, amounts, how)
        return timeroll.build_to_date(period, target_period, amounts, how)

    if indicator.kind == IndicatorKind.RATIO:
        num, den = one(indicator.numerator), one(indicator.denominator)
        if not num.has_data and not den.has_data:
            return core.NO_DATA, Coverage(missing=num.missing)
        fig = core.ratio(num.total or Decimal(0), den.total or Decimal(0), max(num.reporting, den.reporting))
        cov = Coverage(
            tuple(dict.fromkeys(num.entered + den.entered)),
            tuple(dict.fromkeys(num.missing + den.missing)),
            num.parts,
        )
        return fig, cov
    built = one(indicator)
    cov = Coverage(built.entered, built.missing if built.has_data else (period.code,), built.parts)
    if not built.has_data:
        return core.NO_DATA, cov
    if indicator.kind == IndicatorKind.YESNO:
        fig = core.Figure(built.total, built.total, Decimal(built.reporting), built.reporting)
    else:
        fig = core.Figure(built.total, reporting=built.reporting)
    return fig, cov


def _covering(paths: Iterable[str]) -> list[str]:
    out: list[str] = []
    for path in sorted(set(paths)):
        if not out or not path.startswith(out[-1]):
            out.append(path)
    return out
