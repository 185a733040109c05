"""The oracle: random trees restructured by merges, splits and renames at
random dates, quarterly values, annual targets at random levels; for every
unit, period kind (quarter, half, year, term) and read path, the figure
equals a naive recomputation from the raw rows.

The naive side knows only the rules as the issue states them: a value of
a unit replaced by the end of the period counts for its successors by
weight; a flow adds the quarters of the period, a stock and a yes/no take
the last quarter with data, a ratio divides its two flows; a target counts
for the units valid at the end of the period, an ended unit's target passes
to successors whose branch holds none, and a unit's implied target adds
each target below it that has no other target between them; the status
judges the year to date against the elapsed share of the year; last year's
same period is stated on this period's tree, and not compared when it is
partial; a period some of whose quarters have data and some none is
partial, and partial is not judged.

Register records (inspection cases by the day they were opened, findings
on the books from the day identified until verified) count in the period
whose reporting window holds their days: the programme's window is drawn
(the calendar, from 15 December, from 1 February, from 20 November) and
the naive side moves the calendar boundaries itself.

Read paths, each compared with the naive figures:

- the service alone (``figures.figure``), the home scorecard's rows
  (``build_scorecard``), the drill-down and heat table's level
  (``build_breakdown``), the report's per-unit cards (``child_cards``),
  ``for_units`` and the API (``/api/figures/``):
  ``test_every_read_path_agrees_with_the_naive_figures``;
- what the user is shown, for a drawn period and the term: the home page
  of every unit, the drill-down of every indicator and the heat table of
  every unit with units below it, as rendered HTML read by their
  ``data-unit`` / ``data-indicator`` / ``data-figure`` attributes (value,
  target, year to date, n/N, share, status, partial, last year and the
  change), and the inspection statistics' Excel export:
  ``test_every_page_shows_the_naive_figures``;
- the steering report of the root (sometimes of a district) for a period
  (one report per case, which covers its issuer, every unit right below
  it in the data sheet and every unit of its subtree in the lagging
  units): section I's results, section II's units and indicators behind
  schedule, the annex's table, the data behind every figure, from the
  report's document and from its Excel annex read back with openpyxl:
  ``test_the_report_and_its_excel_annex_show_the_naive_figures``.

Fewer cases for the pages and the report (each renders pages or builds a
report per case) than for the service; all run in ``make test``.
"""

from __future__ import annotations

import copy
import io
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from types import SimpleNamespace

from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase
from lxml import html as lxml_html
from openpyxl import load_workbook

from steerco.findings.models import Finding
from steerco.indicators.breakdown import build_breakdown
from steerco.indicators.figures import Coverage, Figure, figure, for_units
from steerco.indicators.models import DataValue, Indicator, IndicatorKind, Source, Target, TimeAggregation, ValueStatus
from steerco.indicators.rollup import TargetFigure
from steerco.indicators.scorecard import build_scorecard
from steerco.indicators.templatetags.figures import signed
from steerco.inspection.models import Case
from steerco.inspection.stages import Subject
from steerco.lib import rollup as core
from steerco.lib.numbers import fmt_number, fmt_percent, percent
from steerco.lib.periods import Period, PeriodKind
from steerco.lib.status import Status, expected, status_of
from steerco.programmes.models import Programme, TaskGroup
from steerco.reports.breakdown import child_cards
from steerco.reports.builder import DATA_CODE, DATA_PERIOD, DATA_UNIT, DATA_VALUE, build_document, render
from steerco.reports.phrases import change_text, clause, sentence, share_text, status_label, value_text
from steerco.testing import make_unit
from steerco.units.models import Succession, Unit, UnitType

YEARS = (2023, 2024)
QUARTERS = [Period(y, PeriodKind.QUARTER, q) for y in YEARS for q in range(1, 5)]
PERIODS = [
    *[p.code for p in QUARTERS],
    *[f"{y}-H{h}" for y in YEARS for h in (1, 2)],
    *[str(y) for y in YEARS],
    "2023-2024",
]
EVENT_DAYS = [date(2023, 4, 1), date(2023, 7, 1), date(2024, 1, 1), date(2024, 7, 1), date(2024, 10, 1)]

events = st.lists(
    st.tuples(st.sampled_from(["merge", "split", "rename"]), st.sampled_from(EVENT_DAYS), st.integers(0, 99)),
    max_size=3,
)


# Reporting windows as a pack writes them (day/month the first half starts).
WINDOWS = [(1, 1), (15, 12), (1, 2), (20, 11)]
FIRST_RECORD_DAY, RECORD_DAYS = date(2022, 10, 1), 880  # to the end of February 2025


def naive_days(window, period: Period) -> tuple[date, date]:
    """The days a period counts under ``window``, from scratch: the first of
    each calendar boundary month moves to the window's day, in the month
    before (a start in July to December) or the same month onward."""
    day, month = window
    back = month - 1 if month <= 6 else month - 13

    def moved(first: date) -> date:
        index = first.year * 12 + first.month - 1 + back
        return date(index // 12, index % 12 + 1, day)

    after = period.end + timedelta(days=1)
    return moved(period.start), moved(after) - timedelta(days=1)


def existed(unit, start, end) -> bool:
    return (unit.valid_from is None or unit.valid_from <= end) and (unit.valid_to is None or start <= unit.valid_to)


@dataclass(frozen=True)
class Want:
    """One figure as the naive rules have it."""

    indicator: Indicator
    value: Decimal | None
    n: Decimal | None
    N: Decimal | None
    target: Decimal | None
    target_period: str | None
    to_date: Decimal | None  # the year to date, when there is a target
    due: Decimal | None  # the share of the target due by the end of the period
    status: Status | None
    partial: bool
    previous: Decimal | None  # last year's same period, on this period's tree
    previous_n: Decimal | None
    previous_N: Decimal | None

    @property
    def change(self) -> Decimal | None:
        return None if self.value is None or self.previous is None else self.value - self.previous

    @property
    def share_of_target(self) -> Decimal | None:
        return percent(self.to_date, self.target) if self.target is not None else None

    @property
    def is_ratio(self) -> bool:
        return self.indicator.kind == IndicatorKind.RATIO

    @property
    def is_yesno(self) -> bool:
        return self.indicator.kind == IndicatorKind.YESNO

    def shown(self, period: Period) -> Figure:
        """The naive numbers in the shape the report's phrases write (a
        vehicle for formatting only: every number in it is the naive one)."""

        def one(value, n, big_n):
            if value is None:
                return core.NO_DATA
            if self.is_ratio:
                return core.Figure(value, n, big_n, 1)
            if self.is_yesno:
                return core.Figure(value, value, big_n, int(big_n))
            return core.Figure(value, reporting=1)

        target = TargetFigure(self.target, self.target_period) if self.target is not None else None
        ytd = core.Figure(self.to_date, reporting=1) if target and self.target_period != period.code else None
        return Figure(
            indicator=self.indicator,
            figure=one(self.value, self.n, self.N),
            previous=one(self.previous, self.previous_n, self.previous_N),
            target=target,
            period=period,
            to_date=ytd,
            coverage=Coverage(("part",), ("missing",)) if self.partial else Coverage(),
        )


class Naive:
    """The rules over the raw rows, written out one by one."""

    def __init__(self, units, links, rows, targets, window=(1, 1), cases=(), findings=()):
        self.window = window
        self.cases = cases  # (commission path, opened on)
        self.findings = findings  # (owner path, identified on, verified on or None)
        self.units = {u.pk: u for u in units}
        self.links = links  # (predecessor, successor, weight, effective)
        self.rows = rows  # (unit id, indicator code, quarter code, value)
        self.targets = targets  # (unit id, year, value)

    def heirs(self, unit_id, day) -> dict[int, Decimal]:
        out: dict[int, Decimal] = defaultdict(Decimal)
        stack = [(unit_id, Decimal(1))]
        while stack:
            current, weight = stack.pop()
            going = [(s, w) for p, s, w, eff in self.links if p == current and eff <= day]
            if not going:
                out[current] += weight
            for successor, w in going:
                if w:
                    stack.append((successor, weight * w))
        return out

    def parts(self, unit, code, quarters, day, own=False):
        """Sum and count of the rows of ``code`` in each quarter, moved onto
        the tree of ``day`` and kept when they land in ``unit``'s subtree
        (``own``: on ``unit`` itself)."""
        out = {}
        for q in quarters:
            total, count = Decimal(0), 0
            for unit_id, ind, qcode, value in self.rows:
                if ind != code or qcode != q.code:
                    continue
                for heir, weight in self.heirs(unit_id, day).items():
                    if heir == unit.pk if own else self.units[heir].path.startswith(unit.path):
                        total += Decimal(value) * weight
                        count += 1
            if count:
                out[q.code] = (total, count)
        return out

    def amount(self, unit, code, period: Period, how, day=None, start=None, own=False):
        day = day or period.end
        quarters = [q for q in QUARTERS if (start or period.start) <= q.start and q.end <= period.end]
        found = self.parts(unit, code, quarters, day, own)
        if not found:
            return None, 0
        if how == "last":
            return found[max(found, key=lambda c: Period.parse(c).end)]
        return sum(t for t, _ in found.values()), max(n for _, n in found.values())

    def register(self, unit, code, period: Period):
        """Records counted in ``unit``'s subtree (by the unit they sit at) in
        the period's window; None when none."""
        start, end = naive_days(self.window, period)
        if code == "KT":
            n = sum(1 for path, opened in self.cases if path.startswith(unit.path) and start <= opened <= end)
        else:
            n = sum(
                1
                for path, found, verified in self.findings
                if path.startswith(unit.path) and found <= end and (verified is None or verified >= start)
            )
        return Decimal(n) if n else None

    def partial(self, unit, code, period: Period, how="sum", own=False, day=None) -> bool:
        """Some quarters of the period have data and some have none (a
        stock: the period's last quarter has none), on the tree of ``day``."""
        quarters = [
            Period(y, PeriodKind.QUARTER, q)
            for y in range(period.start.year, period.end.year + 1)
            for q in range(1, 5)
            if period.start <= Period(y, PeriodKind.QUARTER, q).start <= period.end
        ]
        found = self.parts(unit, code, quarters, day or period.end, own)
        if not found:
            return False
        return quarters[-1].code not in found if how == "last" else len(found) < len(quarters)

    def values(self, unit, ind, period: Period, day=None, own=False):
        """(value, n, N) of ``ind`` for ``unit`` over ``period`` on the tree
        of ``day`` (default: the end of the period)."""
        if ind.computed_by:
            value = None if own else self.register(unit, ind.code, period)
            return value, value, None
        if ind.kind == IndicatorKind.RATIO:
            n, _c = self.amount(unit, "N", period, "sum", day, own=own)
            d, _c = self.amount(unit, "DEN", period, "sum", day, own=own)
            if n is None and d is None:
                return None, None, None
            return percent(n or 0, d or 0), n or 0, d or 0
        how = "last" if ind.code in ("S", "Y") else "sum"
        total, count = self.amount(unit, ind.code, period, how, day, own=own)
        if ind.code == "Y":
            return total, total, (Decimal(count) if total is not None else None)
        return total, total, None

    def want(self, unit, ind, period: Period, own=False) -> Want:
        """What every read path must show for ``ind`` of ``unit`` (its
        subtree; ``own``: the values entered on the unit itself, which have
        no target)."""
        value, n, big_n = self.values(unit, ind, period, own=own)
        before = period.same_period_previous_year()
        previous = self.values(unit, ind, before, day=period.end, own=own)
        partial = False
        if not ind.computed_by:
            codes = ("N", "DEN") if ind.kind == IndicatorKind.RATIO else (ind.code,)
            how = "last" if ind.code in ("S", "Y") else "sum"
            partial = any(self.partial(unit, code, period, how, own) for code in codes)
            if any(self.partial(unit, code, before, how, own, day=period.end) for code in codes):
                previous = (None, None, None)  # a part of last year compared with a whole: no comparison
        target = None if own or ind.code != "F" else self.target(unit, period)
        to_date = status = share = None
        if target is not None:
            year = period.year_period()
            to_date, _c = self.amount(unit, "F", period, "sum", start=year.start)
            share = Decimal(str(period.elapsed_share_of(year)))
            # Nothing for the period itself, or a part of it missing: no verdict.
            status = Status.NO_DATA if value is None or partial else status_of(to_date, target, share)
        return Want(ind, value, n, big_n, target, str(period.year) if target is not None else None, to_date,
                    share, status, partial, *previous)  # fmt: skip

    def target(self, unit, period: Period):
        if period.kind is PeriodKind.TERM:
            return None
        day, year = period.end, period.year
        held = {u: Decimal(v) for u, y, v in self.targets if y == year}
        force = {u: v for u, v in held.items() if self.units[u].valid_to is None or day <= self.units[u].valid_to}
        force = {u: v for u, v in force.items() if self.units[u].valid_from is None or self.units[u].valid_from <= day}
        moved: dict[int, Decimal] = defaultdict(Decimal)
        for u, v in held.items():
            if u in force or (self.units[u].valid_from and self.units[u].valid_from > day):
                continue
            for heir, w in self.heirs(u, day).items():
                if heir == u or not existed(self.units[heir], day, day):
                    continue
                if any(self.units[h].path.startswith(self.units[heir].path) for h in force):
                    continue
                moved[heir] += v * w
        for heir, v in moved.items():
            force[heir] = force.get(heir, Decimal(0)) + v
        if unit.pk in force:
            return force[unit.pk]
        below = [h for h in force if h != unit.pk and self.units[h].path.startswith(unit.path)]

        def between(h):
            return any(
                o != h and self.units[h].path.startswith(self.units[o].path) and self.units[o].path != unit.path
                for o in below
            )

        counted = [h for h in below if not between(h)]
        return sum((force[h] for h in counted), Decimal(0)) if counted else None


class FigureOracleTests(HypothesisTestCase):
    def build(self, data, event_list):
        root = make_unit("R", type=UnitType.CITY)
        districts = [make_unit(f"D{i}", root, UnitType.DISTRICT) for i in range(4)]
        orgs = [make_unit("D0-C1", districts[0]), make_unit("D0-C2", districts[0])]
        links = []
        alive = districts[1:]  # leaf districts that can be restructured
        for n, (kind, day, pick) in enumerate(sorted(event_list, key=lambda e: e[1])):
            ready = [u for u in alive if u.valid_from is None or u.valid_from < day]
            if len(ready) < (2 if kind == "merge" else 1):
                continue
            first = ready[pick % len(ready)]
            olds = [first] if kind != "merge" else [first, ready[(pick + 1) % len(ready)]]
            news = [
                make_unit(f"N{n}{k}", root, UnitType.DISTRICT, valid_from=day)
                for k in range(2 if kind == "split" else 1)
            ]
            for old in olds:
                old.valid_to = day - timedelta(days=1)
                old.save()
                alive.remove(old)
                for k, new in enumerate(news):
                    share = (Decimal("0.6"), Decimal("0.4"))[k] if kind == "split" and pick % 2 else None
                    primary = kind == "split" and share is None and k == 0
                    Succession.objects.create(
                        predecessor=old, successor=new, kind=kind, effective=day, share=share, primary=primary
                    )
                    weight = Decimal(1) if kind != "split" else (share if share is not None else Decimal(primary))
                    links.append((old.pk, new.pk, weight, day))
            alive.extend(news)
        units = list(Unit.objects.all())
        window = data.draw(st.sampled_from(WINDOWS))
        programme = Programme.objects.create(
            code="ORACLE",
            title_vi="Oracle",
            owner=root,
            term="2023-2024",
            window_day=window[0],
            window_month=window[1],
        )
        group = TaskGroup.objects.create(programme=programme, code="1", name_vi="1")

        def indicator(code, kind=IndicatorKind.COUNT, **extra):
            return Indicator.objects.create(
                programme=programme, task_group=group, code=code, name_vi=code, kind=kind, **extra
            )

        flow, stock = indicator("F"), indicator("S", time_aggregation=TimeAggregation.LAST)
        num, den = indicator("N"), indicator("DEN")
        yes = indicator("Y", IndicatorKind.YESNO)
        indicator("RATIO", IndicatorKind.RATIO, numerator=num, denominator=den)
        indicator("KT", computed_by="inspection.members_inspected")
        indicator("HC", computed_by="findings.identified")
        by_code = {i.code: i for i in (flow, stock, num, den, yes)}
        rows, values = [], []
        for unit in units:
            if unit == root:
                continue
            for q in QUARTERS:
                if not existed(unit, q.start, q.end) or not data.draw(st.booleans()):
                    continue
                f, s, d = data.draw(st.integers(0, 50)), data.draw(st.integers(0, 50)), data.draw(st.integers(1, 20))
                drawn = {"F": f, "S": s, "DEN": d, "N": data.draw(st.integers(0, d)), "Y": data.draw(st.integers(0, 1))}
                for code, value in drawn.items():
                    rows.append((unit.pk, code, q.code, value))
                    values.append(
                        DataValue(
                            indicator=by_code[code],
                            unit=unit,
                            period=q.code,
                            value=Decimal(value),
                            status=ValueStatus.APPROVED,
                            source=Source.IMPORT,
                        )
                    )
        DataValue.objects.bulk_create(values)
        targets = []
        for year in YEARS:
            for unit in units:
                if existed(unit, date(year, 1, 1), date(year, 12, 31)) and data.draw(st.integers(0, 3)) == 0:
                    value = data.draw(st.integers(10, 300))  # wide: behind and at risk as often as achieved
                    Target.objects.create(indicator=flow, unit=unit, period=str(year), value=value)
                    targets.append((unit.pk, year, value))
        cases, findings = [], []
        for n in range(data.draw(st.integers(0, 8))):
            opened = FIRST_RECORD_DAY + timedelta(days=data.draw(st.integers(0, RECORD_DAYS)))
            at = data.draw(st.sampled_from([u for u in units if existed(u, opened, opened)]))
            Case.objects.create(code=f"KT-{n}", commission=at, subject=Subject.FULL_MEMBER, opened_on=opened)
            cases.append((at.path, opened))
        for n in range(data.draw(st.integers(0, 5))):
            found = FIRST_RECORD_DAY + timedelta(days=data.draw(st.integers(0, RECORD_DAYS)))
            verified = data.draw(st.one_of(st.none(), st.integers(0, 400)))
            verified = None if verified is None else found + timedelta(days=verified)
            at = data.draw(st.sampled_from([u for u in units if existed(u, found, found)]))
            Finding.objects.create(owner=at, title=f"HC {n}", identified_on=found, verified_on=verified)
            findings.append((at.path, found, verified))
        naive = Naive(units, links, rows, targets, window, cases, findings)
        indicators = list(Indicator.objects.filter(programme=programme).select_related("numerator", "denominator"))
        return programme, root, indicators, naive, orgs

    # -- one figure against the naive one ---------------------------------------
    def agree(self, seen, want: Want, unit, period, where):
        """``seen`` (value, n, N, target, to_date, status, partial, previous,
        change) is what a read path gives for ``want``."""
        ind = want.indicator
        key = (where, unit.code, ind.code, period.code)
        assert seen.value == want.value, (*key, "value", seen.value, want.value)
        if ind.kind != IndicatorKind.COUNT:
            assert (seen.n, seen.N) == (want.n, want.N), (*key, "n/N", seen.n, seen.N, want.n, want.N)
        assert seen.target == want.target, (*key, "target", seen.target, want.target)
        if want.target is not None:
            assert seen.to_date == want.to_date, (*key, "year to date", seen.to_date, want.to_date)
        assert seen.status == want.status, (*key, "status", seen.status, want.status)
        assert seen.partial == want.partial, (*key, "partial", seen.partial, want.partial)
        assert seen.previous == want.previous, (*key, "last year", seen.previous, want.previous)
        assert seen.change == want.change, (*key, "change", seen.change, want.change)

    def check(self, row: Figure, naive, unit, ind, period, where):
        """A ``Figure`` of the service (or a row of a path that returns one)."""
        seen = SimpleNamespace(
            value=row.value, n=row.n, N=row.N, target=row.target.value if row.target is not None else None,
            to_date=row.judged.value, status=row.status, partial=row.coverage.partial,
            previous=row.previous.value, change=row.change,
        )  # fmt: skip
        self.agree(seen, naive.want(unit, ind, period), unit, period, where)

    def reader(self) -> Client:
        user, _new = get_user_model().objects.get_or_create(
            username="oracle", defaults={"is_superuser": True, "is_staff": True}
        )
        client = Client()
        client.force_login(user)
        return client

    def api_rows(self, client, programme, unit, period, indicators):
        """GET /api/figures/ read back as rows ``agree`` can judge."""
        params = {"programme": programme.code, "unit": unit.code, "period": period.code}
        response = client.get("/api/figures/", params)
        assert response.status_code == 200, response.content
        results = response.json()["results"]
        assert [r["indicator"] for r in results] == [i.code for i in indicators]

        def number(text):
            return None if text is None else Decimal(text)

        for r in results:
            yield r["indicator"], SimpleNamespace(
                value=number(r["value"]), n=number(r["n"]), N=number(r["N"]),
                target=None if r["target"] is None else number(r["target"]["value"]),
                to_date=number(r["to_date"]), status=None if r["status"] is None else Status(r["status"]),
                partial=r["coverage"]["partial"], previous=number(r["previous"]), change=number(r["change"]),
            )  # fmt: skip

    @settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(events, st.lists(st.sampled_from(PERIODS), min_size=1, max_size=3, unique=True), st.data())
    def test_every_read_path_agrees_with_the_naive_figures(self, event_list, codes, data):
        programme, root, indicators, naive, _orgs = self.build(data, event_list)
        client = self.reader()
        for code in codes:
            period = Period.parse(code)
            day = period.end
            valid = [u for u in Unit.objects.order_by("path") if existed(u, day, day)]
            level = build_breakdown(programme, indicators, root, period)
            assert [c.code for c in level.children] == [u.code for u in valid if u.parent_id == root.pk], code
            cards = {c.unit.code: c for c in child_cards(indicators, root, period, programme.term_period)}
            many = for_units(programme, indicators, root, valid, period)
            for unit in valid:
                for ind_code, seen in self.api_rows(client, programme, unit, period, indicators):
                    self.agree(seen, naive.want(unit, by_code(indicators, ind_code), period), unit, period, "api")
                card = build_scorecard(programme, unit, period).rows
                for ind in indicators:
                    self.check(figure(programme, ind, unit, period), naive, unit, ind, period, "service")
                    self.check(next(r for r in card if r.indicator == ind), naive, unit, ind, period, "scorecard")
                    self.check(many[unit.pk][ind.pk], naive, unit, ind, period, "for_units")
                    if unit.parent_id == root.pk:
                        self.check(level.row(unit.code, ind), naive, unit, ind, period, "level")
                        self.check(cards[unit.code].rows[ind.code], naive, unit, ind, period, "report")

    # -- the pages, as rendered ---------------------------------------------------
    def page(self, client, path, programme, unit, period, **extra):
        params = {"programme": programme.code, "unit": unit.code, "period": period.code, **extra}
        response = client.get(path, params)
        assert response.status_code == 200, (path, params, response.status_code)
        return lxml_html.fromstring(response.content.decode())

    def page_row(self, tr, want: Want, unit, period, where):
        """A rendered scorecard row (home, drill-down): each ``data-figure``
        cell shows the naive figure as the page writes numbers."""
        ind = want.indicator
        key = (where, unit.code, ind.code, period.code)
        cells = {td.get("data-figure"): td for td in tr.xpath("./td[@data-figure]")}
        with translation.override("vi"):
            wanted = cell_texts(want)
        if want.value is None:
            assert "nodata" in cells["value"].get("class"), (*key, "value", shown(cells["value"]))
            assert set(cells) == {"value", "status", "previous", "change"}, (*key, sorted(cells))
        else:
            for name, text in wanted.items():
                assert shown(cells[name]) == text, (*key, name, shown(cells[name]), text)
            partial = bool(cells["value"].xpath(".//small"))
            assert partial == want.partial, (*key, "partial", partial, want.partial)
        assert status_shown(cells["status"]) == (want.status or "none"), (*key, "status", want.status)
        with translation.override("vi"):
            previous = "–" if want.previous is None else number_text(want, want.previous)
            change = "–" if want.change is None else signed(want.change, ind.decimals)
            if want.change is not None and want.is_ratio:
                change += " " + gettext("pts")
        assert shown(cells["previous"]) == previous, (*key, "last year", shown(cells["previous"]), previous)
        assert shown(cells["change"]) == change, (*key, "change", shown(cells["change"]), change)

    def check_pages(self, client, programme, root, indicators, naive, period):
        day = period.end
        valid = [u for u in Unit.objects.order_by("path") if existed(u, day, day)]
        for unit in valid:
            doc = self.page(client, "/", programme, unit, period)
            rows = doc.xpath("//table[contains(@class,'scorecard')]//tr[@data-indicator]")
            assert sorted(r.get("data-indicator") for r in rows) == sorted(i.code for i in indicators), unit.code
            for tr in rows:
                want = naive.want(unit, by_code(indicators, tr.get("data-indicator")), period)
                self.page_row(tr, want, unit, period, "home")
            self.check_statistics(client, unit, period, naive)
        for unit in valid:
            children = [u for u in valid if u.parent_id == unit.pk]
            if not children:
                continue
            doc = self.page(client, "/dashboard/heat/", programme, unit, period)
            rows = doc.xpath("//table[contains(@class,'heat')]//tr[@data-unit]")
            assert sorted(r.get("data-unit") for r in rows) == sorted(c.code for c in children), unit.code
            for tr in rows:
                child = next(c for c in children if c.code == tr.get("data-unit"))
                cells = tr.xpath("./td[@data-indicator]")
                assert sorted(td.get("data-indicator") for td in cells) == sorted(i.code for i in indicators)
                for td in cells:
                    want = naive.want(child, by_code(indicators, td.get("data-indicator")), period)
                    self.heat_cell(td, want, child, period)
            for ind in indicators:
                doc = self.page(client, "/dashboard/drill/", programme, unit, period, indicator=ind.code)
                self.check_drill(doc, naive, unit, children, ind, period)

    def heat_cell(self, td, want: Want, unit, period):
        key = ("heat", unit.code, want.indicator.code, period.code)
        css = td.get("class").split()
        if want.value is None:
            assert "nodata" in css, (*key, css)
            return
        assert f"st-{want.status or 'none'}" in css, (*key, css, want.status)
        with translation.override("vi"):
            text = number_text(want, want.value)
        assert shown(td) == text, (*key, shown(td), text)

    def check_drill(self, doc, naive, unit, children, ind, period):
        rows = {tr.get("data-unit"): tr for tr in doc.xpath("//table[contains(@class,'drill')]//tr[@data-unit]")}
        self.page_row(rows.pop(unit.code), naive.want(unit, ind, period), unit, period, "drill")
        own = naive.want(unit, ind, period, own=True)
        if own.value is not None:
            self.page_row(rows.pop(f"{unit.code}-own"), own, unit, period, "drill (own)")
        silent = (
            " ".join(doc.xpath("//tr[contains(@class,'silent')]//p")[0].text_content().split())
            if any(True for _ in doc.xpath("//tr[contains(@class,'silent')]"))
            else ""
        )
        listed = set()
        for child in children:
            want = naive.want(child, ind, period)
            if want.value is None and want.target is None:
                assert child.code not in rows and child.name_vi in silent, ("drill", child.code, ind.code)
                continue
            self.page_row(rows[child.code], want, child, period, "drill")
            listed.add(child.code)
        assert set(rows) == listed, ("drill", unit.code, ind.code, sorted(rows), sorted(listed))

    def check_statistics(self, client, unit, period, naive):
        """The inspection statistics' Excel export: the members inspected
        are the KT figure (0 where the figure has no data)."""
        response = client.get("/inspection/statistics.xlsx", {"unit": unit.code, "period": period.code})
        assert response.status_code == 200, response.status_code
        sheet = load_workbook(io.BytesIO(response.content)).active
        rows = [r for r in sheet.iter_rows(values_only=True) if r and len(r) > 2]
        with translation.override("vi"):
            members, inspected = gettext("Party members"), gettext("Inspected on signs of violation")
        found = [r[2] for r in rows if r[0] == members and r[1] == inspected]
        assert found == [int(naive.register(unit, "KT", period) or 0)], ("statistics", unit.code, period.code, found)

    @settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(events, st.sampled_from(PERIODS[:-1]), st.data())
    def test_every_page_shows_the_naive_figures(self, event_list, drawn, data):
        programme, root, indicators, naive, _orgs = self.build(data, event_list)
        client = self.reader()
        # The term too: every restructuring happens inside it.
        for code in (drawn, PERIODS[-1]):
            self.check_pages(client, programme, root, indicators, naive, Period.parse(code))

    # -- the report and its Excel annex ---------------------------------------------
    @settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(events, st.sampled_from(PERIODS), st.data())
    def test_the_report_and_its_excel_annex_show_the_naive_figures(self, event_list, code, data):
        programme, root, indicators, naive, _orgs = self.build(data, event_list)
        period = Period.parse(code)
        # Mostly the programme owner's report; sometimes a district's (D0
        # is never restructured, and has units below it).
        issuer = data.draw(st.sampled_from([root, root, Unit.objects.get(code="D0")]))
        self.check_report(programme, issuer, indicators, naive, period)

    def check_report(self, programme, root, indicators, naive, period):
        document = build_document(programme, period, "vi", unit=root, generated_at=GENERATED)
        book = load_workbook(io.BytesIO(render(document, "xlsx")))
        sheets = {ws["A1"].value: ws for ws in book.worksheets[1:]}
        day = period.end
        valid = [u for u in Unit.objects.order_by("path") if existed(u, day, day)]
        wants = {(u.pk, i.code): naive.want(u, i, period) for u in valid for i in indicators}
        with translation.override("vi"):
            self.report_data(document, book.worksheets[0], root, valid, indicators, wants, period)
            self.report_results(document, root, indicators, wants, period)
            self.report_annex(document, sheets, root, indicators, wants, period)
            self.report_lagging(document, sheets, root, valid, wants)

    def report_data(self, document, sheet, root, valid, indicators, wants, period):
        """The data behind every figure (the Excel annex's first sheet): the
        root and each unit right below it, this period and last year's."""
        previous = period.same_period_previous_year()
        units = [root, *(u for u in valid if u.parent_id == root.pk)]
        _header, *rows = list(sheet.iter_rows(values_only=True))
        assert len(rows) == len(document.data.rows)
        got = {(r[DATA_PERIOD], r[DATA_UNIT], r[DATA_CODE]): r for r in rows}
        assert len(got) == len(rows), "one row per figure"
        keys = set()
        for unit in units:
            for ind in indicators:
                want = wants[(unit.pk, ind.code)]
                for p, value, n, big_n in (
                    (period, want.value, want.n, want.N),
                    (previous, want.previous, want.previous_n, want.previous_N),
                ):
                    if value is None:
                        continue
                    key = (p.code, unit.code, ind.code)
                    keys.add(key)
                    assert key in got, ("data sheet", key)
                    r = got[key]
                    parts = (n, big_n) if want.is_ratio or want.is_yesno else (None, None)
                    assert same(r[DATA_VALUE], None if want.is_ratio else value), ("data sheet", key, r[DATA_VALUE])
                    assert same(r[DATA_VALUE + 1], parts[0]) and same(r[DATA_VALUE + 2], parts[1]), ("data", key, r)
                    current = p == period
                    target = want.target if current else None
                    assert same(r[DATA_VALUE + 4], target), ("data sheet target", key, r[DATA_VALUE + 4], target)
                    label = status_label(want.status) if current else ""
                    assert (r[DATA_VALUE + 7] or "") == label, ("data sheet status", key, r[DATA_VALUE + 7], label)
        assert set(got) == keys, ("data sheet", sorted(set(got) ^ keys))

    def report_results(self, document, root, indicators, wants, period):
        """Section I: one sentence per figure of the root with data (a
        ratio's parts are in the ratio)."""
        parts = {i.numerator_id for i in indicators} | {i.denominator_id for i in indicators}
        shown_rows = [wants[(root.pk, i.code)] for i in indicators if i.pk not in parts]
        expected_items = sorted(
            sentence(clause(w.shown(period), period.same_period_previous_year(), "vi", with_percent=True))
            for w in shown_rows
            if w.value is not None
        )
        bullets = [b for b in document.sections[0].blocks if type(b).__name__ == "Bullets"]
        items = sorted(bullets[0].items) if bullets else []
        assert items == expected_items, ("results", items, expected_items)

    def report_annex(self, document, sheets, root, indicators, wants, period):
        """The annex's table of the task group: each indicator of the root,
        its result, target, last year, change and status, in the document
        and in its Excel sheet."""
        tables = [t for t in document.tables() if t.key == gettext("Table %(n)s") % {"n": 1}]
        assert len(tables) == 1, [t.key for t in document.tables()]
        table = tables[0]
        sheet_rows = list(sheets[table.title].iter_rows(min_row=3, values_only=True))
        assert len(table.rows) == len(sheet_rows) == len(indicators)
        for cells, raw in zip(table.rows, sheet_rows, strict=True):
            ind = by_code(indicators, cells[0].text)  # the indicators are named by their codes
            want = wants[(root.pk, ind.code)]
            nf = want.shown(period)
            key = ("annex", ind.code, period.code)
            result = value_text(nf, nf.figure, "vi")
            assert cells[2].text == result, (*key, "result", cells[2].text, result)
            assert cells[4].text == value_text(nf, nf.previous, "vi"), (*key, "last year", cells[4].text)
            assert cells[5].text == change_text(nf, "vi", signed=True), (*key, "change", cells[5].text)
            assert cells[6].text == status_label(want.status), (*key, "status", cells[6].text, want.status)
            target = "" if want.target is None else f"{fmt_number(want.target, 0, 'vi')} ({share_text(nf, 'vi')})"
            assert cells[3].text == target, (*key, "target", cells[3].text, target)
            # The Excel sheet: numbers as numbers (a ratio as its fraction).
            assert same(raw[2], excel_number(want, want.value, want.n, want.N)), (*key, "xlsx result", raw[2])
            assert same(raw[3], want.target), (*key, "xlsx target", raw[3])
            assert same(raw[4], excel_number(want, want.previous, want.previous_n, want.previous_N)), (*key, raw[4])
            change = None if want.change is None else want.change / 100 if want.is_ratio else want.change
            assert same(raw[5], change), (*key, "xlsx change", raw[5], change)
            assert (raw[6] or "") == status_label(want.status), (*key, "xlsx status", raw[6])

    def report_lagging(self, document, sheets, root, valid, wants):
        """Section II: every unit of the subtree behind its target, and the
        root's indicators behind theirs, in the document and in Excel."""
        lagging = (Status.BEHIND, Status.AT_RISK)
        below = [u for u in valid if u.pk != root.pk and u.path.startswith(root.path)]
        behind = [(u, wants[(u.pk, "F")]) for u in below if wants[(u.pk, "F")].status in lagging]
        self.lagging_table(document, sheets, gettext("Units behind"), behind)
        mine = wants[(root.pk, "F")]
        self.lagging_table(
            document, sheets, gettext("Indicators behind"), [(root, mine)] if mine.status in lagging else []
        )

    def lagging_table(self, document, sheets, key, behind):
        tables = [t for t in document.tables() if t.key == key]
        if not behind:
            assert not tables, (key, [[c.text for c in r] for t in tables for r in t.rows])
            return
        assert len(tables) == 1, (key, [t.key for t in document.tables()])
        table = tables[0]
        # One indicator (only F has targets): Unit, Result, Target, Due, Of target, Status.
        expected_rows = sorted(
            (u.name_vi, w.value, w.target, expected(w.target, w.due), status_label(w.status)) for u, w in behind
        )
        rows = [*table.rows, *table.excel_rows]
        got = sorted((r[0].text, r[1].value, r[2].value, r[3].value, r[5].text) for r in rows)
        assert got == expected_rows, (key, got, expected_rows)
        sheet_rows = sorted(
            (r[0], r[1], r[2], r[3], r[5]) for r in sheets[table.title].iter_rows(min_row=3, values_only=True) if r[0]
        )
        assert len(sheet_rows) == len(expected_rows), (key, sheet_rows)
        for raw, want in zip(sheet_rows, expected_rows, strict=True):
            assert raw[0] == want[0] and raw[4] == want[4], (key, raw, want)
            assert all(same(a, b) for a, b in zip(raw[1:4], want[1:4], strict=True)), (key, raw, want)


GENERATED = datetime(2025, 3, 1, 8, 0, tzinfo=UTC)


def by_code(indicators, code: str) -> Indicator:
    return next(i for i in indicators if i.code == code)


def shown(td) -> str:
    """What a cell shows, without its small print (partial coverage, the
    target's period, "year to date") and the words for screen readers."""
    td = copy.deepcopy(td)
    for e in td.xpath(".//small | .//*[contains(@class,'visually-hidden')] | .//span[@class='measure']"):
        e.drop_tree()
    return " ".join(td.text_content().split())


def status_shown(td) -> str:
    badge = td.xpath(".//span[contains(concat(' ', @class, ' '), ' status ')]")
    assert len(badge) == 1, lxml_html.tostring(td)
    return badge[0].get("class").split()[1]


def number_text(want: Want, value) -> str:
    """A figure as the pages write it: 5.155, or 86,06 % for a ratio."""
    ind = want.indicator
    return fmt_percent(value, ind.decimals, "vi") if want.is_ratio else fmt_number(value, ind.decimals, "vi")


def cell_texts(want: Want) -> dict[str, str]:
    """The texts of a scorecard row's figure cells."""
    ind = want.indicator
    text = number_text(want, want.value)
    if want.is_ratio or want.is_yesno:
        share = want.value if want.is_ratio else percent(want.n, want.N)
        return {
            "value": text,
            "target": "–",
            "parts": f"{fmt_number(want.n, 0, 'vi')}/{fmt_number(want.N, 0, 'vi')}",
            "share": fmt_percent(share, ind.decimals, "vi"),
        }
    if want.target is None:
        return {"value": text, "target": "–", "to-date": "–", "share": "–"}
    return {
        "value": text,
        "target": fmt_number(want.target, 0, "vi"),
        "to-date": f"{fmt_number(want.to_date, 0, 'vi')}/{fmt_number(want.target, 0, 'vi')}",
        "share": fmt_percent(want.share_of_target, 0, "vi"),
    }


def excel_number(want: Want, value, n, big_n):
    """A figure in the report's Excel sheet: a ratio as its fraction, none
    as the dash the table shows."""
    if value is None:
        return "–"
    if want.is_ratio:
        return Decimal(n) / Decimal(big_n) if big_n else None
    return value


def same(got, want) -> bool:
    """A number read back from Excel (int or float) against a Decimal."""
    if got is None or want is None or isinstance(want, str):
        return got == want
    return abs(Decimal(str(got)) - Decimal(want)) < Decimal("0.000001")
