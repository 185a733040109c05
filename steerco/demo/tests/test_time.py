"""The demo respects time: its programme counts register records by its
reporting window (15 December – 14 June, 15 June – 14 December), its
records are dated for that window, and no record of 2022 or 2023 names a
unit that did not exist then (issue 14, deliverables 4 and 6)."""

from datetime import date

from django.test import TestCase

from steerco.collection.models import ReportingRound, Submission
from steerco.demo.loader import PROGRAMME_CODE, load_demo
from steerco.findings.models import (
    Cause,
    DeepReviewSuggestion,
    Finding,
    ParScore,
    RemediationPlan,
    WeakOrganisation,
    YearClosing,
)
from steerco.indicators.models import DataValue, Target
from steerco.indicators.scorecard import build_scorecard
from steerco.inspection.models import Case
from steerco.lib.periods import Period
from steerco.lib.windows import ReportingWindow
from steerco.programmes.models import Programme
from steerco.proposals.models import Conclusion, Item, Meeting
from steerco.units.models import Unit


def existed(unit: Unit, start: date, end: date) -> bool:
    """The unit was valid on some day from ``start`` to ``end``."""
    return (unit.valid_from is None or unit.valid_from <= end) and (unit.valid_to is None or start <= unit.valid_to)


class DemoRespectsTimeTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_demo(progress=lambda _msg: None)
        cls.programme = Programme.objects.get(code=PROGRAMME_CODE)
        cls.window = cls.programme.reporting_window
        cls.city = Unit.objects.get(code="TU-HN")

    def span(self, period):
        return self.window.span(str(period))

    def row(self, code, period, unit=None):
        rows = build_scorecard(self.programme, unit or self.city, Period.parse(period)).rows
        return next(r for r in rows if r.indicator.code == code)

    # -- the reporting window ------------------------------------------------------------
    def test_the_demo_programme_counts_from_15_december_to_14_june(self):
        assert self.window == ReportingWindow(month=12, day=15)
        h1 = self.span("2023-H1")
        assert (h1.start, h1.end) == (date(2022, 12, 15), date(2023, 6, 14))

    def test_each_demo_round_collects_the_days_of_its_window(self):
        rounds = {r.period: r for r in ReportingRound.objects.filter(programme=self.programme)}
        for period, round_ in rounds.items():
            span = self.span(period)
            assert (round_.data_from, round_.data_to) == (span.start, span.end), period
            assert round_.deadline > span.end
        assert set(rounds) == {"2023-H1", "2023-H2"}

    def test_a_case_opened_in_late_december_2022_counts_in_2023_h1(self):
        # The example: under the calendar these would count in 2022-H2.
        december = Case.objects.filter(opened_on__range=(date(2022, 12, 15), date(2022, 12, 31)))
        assert december.exists()
        opened_2023_h1 = Case.objects.filter(opened_on__range=(self.span("2023-H1").start, self.span("2023-H1").end))
        assert self.row("KT_TC_KT", "2023-H1").figure.value + self.row("KT_DV_KT", "2023-H1").figure.value == (
            opened_2023_h1.count()
        )
        assert set(december) <= set(opened_2023_h1)
        # 2022-H2 opened no case: it only closed what 2022-H1 had left open.
        assert self.row("KT_DV_KT", "2022-H2").figure.value == 0
        assert self.row("KT_DV_KL", "2022-H2").figure.value > 0

    def test_every_stage_of_a_half_years_cases_lies_in_its_window_or_the_next(self):
        for case in Case.objects.all():
            opened_in = self.window.period_of(case.opened_on, Period.parse("2023-H1").kind)
            allowed = {opened_in.code, "2022-H2"} if opened_in.code == "2022-H1" else {opened_in.code}
            for day in (case.concluded_on, case.decided_on):
                if day is not None:
                    assert self.window.period_of(day, opened_in.kind).code in allowed, (case.code, day)
        assert {
            self.window.period_of(d, Period.parse("2023-H1").kind).code
            for d in Case.objects.values_list("opened_on", flat=True)
        } == {"2022-H1", "2023-H1"}

    def test_the_2023_h1_registers_are_dated_before_its_round_closed(self):
        h1 = self.span("2023-H1")
        # Every finding on the books in 2023-H1 and every step taken on it.
        for f in Finding.objects.all():
            assert h1.holds(f.identified_on), (f.title, f.identified_on)
            for day in (f.started_on, f.remediated_on, f.verified_on):
                assert day is None or h1.holds(day), (f.title, day)
        for plan in RemediationPlan.objects.all():
            assert h1.holds(plan.adopted_on), plan.title
        # Proposals of 2023-H1: raised, assigned and, where answered on
        # time or late within the round, answered inside it.
        for item in Item.objects.filter(period="2023-H1"):
            assert h1.holds(item.raised_on) and (item.assigned_on is None or h1.holds(item.assigned_on)), item.subject

    def test_the_2023_h1_figures_the_report_showed_stay(self):
        assert (self.row("PAR_KP", "2023-H1").figure.value, self.row("PAR_HC", "2023-H1").figure.value) == (20, 27)
        # 13 of the 27 were verified within 2023-H1 and left the books; the
        # rest are still there in 2023-H2.
        assert self.row("PAR_HC", "2023-H2").figure.value == 14
        assert self.row("KH_HC", "2023-H1").figure.value == 11
        on_books = Finding.objects.filter(identified_on__lte=self.span("2023-H1").end).count()
        assert on_books == 42

    # -- units of their time -----------------------------------------------------------------
    def test_every_record_names_a_unit_of_its_time(self):
        wrong = []
        walked = set()

        def check(kind, unit, start, end=None):
            walked.add(kind.split()[0])
            if unit is not None and not existed(unit, start, end or start):
                wrong.append((kind, unit.code, str(start)))

        def in_period(kind, unit, period):
            span = self.span(period)
            check(kind, unit, span.start, span.end)

        for v in DataValue.objects.select_related("unit"):
            in_period("value", v.unit, v.period)
        for t in Target.objects.select_related("unit"):
            in_period("target", t.unit, t.period)
        for s in Submission.objects.select_related("unit", "round"):
            in_period("submission", s.unit, s.round.period)
        for w in WeakOrganisation.objects.select_related("organisation"):
            in_period("weak organisation", w.organisation, w.year)
            if w.consolidated_on:
                check("weak organisation consolidated", w.organisation, w.consolidated_on)
        for y in YearClosing.objects.select_related("unit"):
            in_period("year closing", y.unit, y.year)
        for f in Finding.objects.select_related("owner"):
            check("finding", f.owner, f.identified_on)
        for s in ParScore.objects.select_related("unit"):
            in_period("PAR score", s.unit, s.year)
        for c in Case.objects.select_related("commission", "subject_unit"):
            check("case commission", c.commission, c.opened_on)
            check("case subject", c.subject_unit, c.opened_on)
        for d in DeepReviewSuggestion.objects.select_related("suggested_by", "addressed_to"):
            check("deep review by", d.suggested_by, d.suggested_on)
            check("deep review to", d.addressed_to, d.suggested_on)
        for p in RemediationPlan.objects.select_related("unit"):
            check("plan", p.unit, p.adopted_on)
        for c in Cause.objects.select_related("unit", "plan"):
            check("cause", c.unit, c.plan.adopted_on if c.plan else date(2023, 6, 14))
        for i in Item.objects.select_related("raised_by", "addressed_to", "body_unit"):
            for unit in (i.raised_by, i.addressed_to, i.body_unit):
                check("proposal", unit, i.raised_on)
        for m in Meeting.objects.select_related("convened_by").prefetch_related("attending"):
            for unit in (m.convened_by, *m.attending.all()):
                check("meeting", unit, m.held_on)
        for c in Conclusion.objects.select_related("body_unit", "meeting"):
            check("conclusion", c.body_unit, c.meeting.held_on)
        assert wrong == []
        # Every kind of record was there to walk.
        kinds = "value target submission weak year finding PAR case deep plan cause proposal meeting conclusion"
        assert walked == set(kinds.split())

    def test_the_48_weak_organisations_are_counted_against_the_2023_tree(self):
        row = self.row("TCCS_YEU", "2023-H1")
        in_2023 = Unit.objects.filter(type="grassroots").valid_on(self.span("2023-H1").end).count()
        assert (row.n, row.N) == (48, in_2023) == (48, 130)
        assert in_2023 < Unit.objects.filter(type="grassroots").count()  # the 2025 organisations are not counted
