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
judges the year to date against the elapsed share of the year.

Register records (inspection cases by the day they were opened, findings
on the books from the day identified until verified) count in the period
whose reporting window holds their days: the programme's window is drawn
(the calendar, from 15 December, from 1 February, from 20 November) and
the naive side moves the calendar boundaries itself.

Read paths: the service alone (``figures.figure``), the home scorecard
(``build_scorecard``), the drill-down and heat table's level
(``build_breakdown``), the report's per-unit cards (``child_cards``) and
lagging units (``for_units``, what ``subtree_cards`` reads).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal
from types import SimpleNamespace

from django.contrib.auth import get_user_model
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase

from steerco.findings.models import Finding
from steerco.indicators.breakdown import build_breakdown
from steerco.indicators.figures import figure, for_units
from steerco.indicators.models import DataValue, Indicator, IndicatorKind, Source, Target, TimeAggregation, ValueStatus
from steerco.indicators.scorecard import build_scorecard
from steerco.inspection.models import Case
from steerco.inspection.stages import Subject
from steerco.lib.numbers import percent
from steerco.lib.periods import Period, PeriodKind
from steerco.lib.status import Status, status_of
from steerco.programmes.models import Programme, TaskGroup
from steerco.reports.breakdown import child_cards
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

    def parts(self, unit, code, quarters, day):
        """Sum and count of the rows of ``code`` in each quarter, moved onto
        the tree of ``day`` and kept when they land in ``unit``'s subtree."""
        out = {}
        for q in quarters:
            total, count = Decimal(0), 0
            for unit_id, ind, qcode, value in self.rows:
                if ind != code or qcode != q.code:
                    continue
                for heir, weight in self.heirs(unit_id, day).items():
                    if self.units[heir].path.startswith(unit.path):
                        total += Decimal(value) * weight
                        count += 1
            if count:
                out[q.code] = (total, count)
        return out

    def amount(self, unit, code, period: Period, how, day=None, start=None):
        day = day or period.end
        quarters = [q for q in QUARTERS if (start or period.start) <= q.start and q.end <= period.end]
        found = self.parts(unit, code, quarters, day)
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

    def partial(self, unit, code, period: Period) -> bool:
        """Some quarters of the period have data and some have none."""
        quarters = [q for q in QUARTERS if period.start <= q.start and q.end <= period.end]
        found = self.parts(unit, code, quarters, period.end)
        return bool(found) and len(found) < len(quarters)

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
                    value = data.draw(st.integers(10, 100))
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

    def expected(self, naive, unit, ind, period):
        if ind.computed_by:
            value = naive.register(unit, ind.code, period)
            return value, value, None
        if ind.kind == IndicatorKind.RATIO:
            n, _c = naive.amount(unit, "N", period, "sum")
            d, _c = naive.amount(unit, "DEN", period, "sum")
            if n is None and d is None:
                return None, None, None
            return percent(n or 0, d or 0), n or 0, d or 0
        how = "last" if ind.code in ("S", "Y") else "sum"
        total, count = naive.amount(unit, ind.code, period, how)
        if ind.code == "Y":
            return total, total, (Decimal(count) if total is not None else None)
        return total, total, None

    def check(self, row, naive, unit, ind, period, where):
        value, n, big_n = self.expected(naive, unit, ind, period)
        if row.value != value:
            import sys

            print(
                "UNITS",
                [(u.code, u.pk, u.path, u.valid_from, u.valid_to) for u in naive.units.values()],
                file=sys.stderr,
            )
            print("LINKS", naive.links, file=sys.stderr)
            print("ROWS", [r for r in naive.rows if r[1] == ind.code], file=sys.stderr)
            print("ROW", row.coverage, row.restated, file=sys.stderr)
        assert row.value == value, (where, unit.code, ind.code, period.code, row.value, value)
        if ind.kind != IndicatorKind.COUNT:
            assert (row.n, row.N) == (n, big_n), (where, unit.code, ind.code, period.code)
        if ind.code != "F":
            return
        target = naive.target(unit, period)
        got = row.target.value if row.target is not None else None
        assert got == target, (where, unit.code, period.code, got, target)
        if target is not None:
            year = period.year_period()
            ytd, _c = naive.amount(unit, "F", period, "sum", start=year.start)
            share = Decimal(str(period.elapsed_share_of(year)))
            if value is None or naive.partial(unit, "F", period):
                # Nothing for the period itself, or a part of it missing: no verdict.
                assert row.status == Status.NO_DATA, (where, unit.code, period.code)
            else:
                assert row.status == status_of(ytd, target, share), (where, unit.code, period.code)

    def api_rows(self, programme, unit, period, indicators):
        """GET /api/figures/ read back as rows ``check`` can judge."""
        reader, _new = get_user_model().objects.get_or_create(
            username="oracle", defaults={"is_superuser": True, "is_staff": True}
        )
        client = Client()
        client.force_login(reader)
        params = {"programme": programme.code, "unit": unit.code, "period": period.code}
        response = client.get("/api/figures/", params)
        assert response.status_code == 200, response.content
        results = response.json()["results"]
        assert [r["indicator"] for r in results] == [i.code for i in indicators]

        def number(text):
            return None if text is None else Decimal(text)

        for r in results:
            target = None if r["target"] is None else SimpleNamespace(value=number(r["target"]["value"]))
            status = None if r["status"] is None else Status(r["status"])
            yield SimpleNamespace(
                indicator=r["indicator"], value=number(r["value"]), n=number(r["n"]), N=number(r["N"]),
                target=target, status=status, coverage=r["coverage"], restated=r["provenance"]["restated"],
            )  # fmt: skip

    @settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(events, st.lists(st.sampled_from(PERIODS), min_size=1, max_size=3, unique=True), st.data())
    def test_every_read_path_agrees_with_the_naive_figures(self, event_list, codes, data):
        programme, root, indicators, naive, _orgs = self.build(data, event_list)
        for code in codes:
            period = Period.parse(code)
            day = period.end
            valid = [u for u in Unit.objects.order_by("path") if existed(u, day, day)]
            level = build_breakdown(programme, indicators, root, period)
            assert [c.code for c in level.children] == [u.code for u in valid if u.parent_id == root.pk], code
            cards = {c.unit.code: c for c in child_cards(indicators, root, period, programme.term_period)}
            many = for_units(programme, indicators, root, valid, period)
            for unit in valid:
                for row in self.api_rows(programme, unit, period, indicators):
                    ind = next(i for i in indicators if i.code == row.indicator)
                    self.check(row, naive, unit, ind, period, "api")
                card = build_scorecard(programme, unit, period).rows
                for ind in indicators:
                    self.check(figure(programme, ind, unit, period), naive, unit, ind, period, "service")
                    self.check(next(r for r in card if r.indicator == ind), naive, unit, ind, period, "scorecard")
                    self.check(many[unit.pk][ind.pk], naive, unit, ind, period, "for_units")
                    if unit.parent_id == root.pk:
                        self.check(level.row(unit.code, ind), naive, unit, ind, period, "level")
                        self.check(cards[unit.code].rows[ind.code], naive, unit, ind, period, "report")
