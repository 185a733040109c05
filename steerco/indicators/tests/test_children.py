from django.db import connection
from django.test.utils import CaptureQueriesContext

from steerco.indicators.breakdown import build_breakdown, trend_periods, trends
from steerco.indicators.children import OWN, child_targets
from steerco.indicators.models import Indicator, Target
from steerco.lib.periods import Period
from steerco.lib.status import Status
from steerco.testing import PersonaTestCase

H1 = Period.parse("2023-H1")


class ChildRollupTests(PersonaTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.enter(cls.admitted, cls.org_a1, "2023-H1", 100)
        cls.enter(cls.admitted, cls.org_a2, "2023-H1", 50)
        cls.enter(cls.admitted, cls.org_b1, "2023-H1", 400)
        cls.enter(cls.admitted, cls.city, "2023-H1", 7)
        cls.enter(cls.admitted, cls.org_b1, "2022-H1", 300)
        cls.enter(cls.done, cls.org_a1, "2023-H1", 5)
        cls.enter(cls.total, cls.org_a1, "2023-H1", 10)
        Target.objects.create(indicator=cls.admitted, unit=cls.district_a, period="2023", value=600)
        Target.objects.create(indicator=cls.admitted, unit=cls.org_b1, period="2023", value=500)
        cls.indicators = list(
            Indicator.objects.filter(programme=cls.programme).select_related("numerator", "denominator")
        )

    def test_values_are_summed_per_child_with_the_parents_own_values_apart(self):
        breakdown = build_breakdown(self.programme, self.indicators, self.city, H1)
        a = breakdown.row("DIST-A", self.admitted).figure
        assert (a.value, a.reporting) == (150, 2)
        assert breakdown.row("DIST-B", self.admitted).figure.value == 400
        assert breakdown.row(OWN, self.admitted).figure.value == 7
        assert breakdown.has_data("DIST-A") and not breakdown.has_data("CITY-UBKT")

    def test_a_child_takes_its_own_target_or_the_sum_of_the_targets_below_it(self):
        targets = child_targets([self.admitted.pk], self.city, H1)
        assert targets[("DIST-A", self.admitted.pk)].value == 600
        assert targets[("DIST-B", self.admitted.pk)].value == 500  # set on its grassroots organisation

    def test_a_childs_target_is_not_counted_twice_when_it_handed_it_down(self):
        Target.objects.create(indicator=self.admitted, unit=self.org_a1, period="2023", value=350)
        Target.objects.create(indicator=self.admitted, unit=self.org_a2, period="2023", value=250)
        target = child_targets([self.admitted.pk], self.city, H1)[("DIST-A", self.admitted.pk)]
        assert (target.value, target.own, target.assigned) == (600, 600, 600)

    def test_a_level_is_sorted_worst_first(self):
        breakdown = build_breakdown(self.programme, self.indicators, self.city, H1)
        level = breakdown.level(self.admitted)
        codes = [unit.code for unit, _row in level]
        # A: 150 of a 300 due (at risk); B: 400 of 250 due (on track); the commission has no target.
        assert codes[:2] == ["DIST-A", "DIST-B"]
        assert level[0][1].status == Status.AT_RISK and level[1][1].status == Status.ON_TRACK
        assert breakdown.own(self.admitted).figure.value == 7

    def test_ratios_are_ratios_of_the_childs_sums(self):
        breakdown = build_breakdown(self.programme, self.indicators, self.city, H1)
        row = breakdown.row("DIST-A", self.share)
        assert (row.figure.numerator, row.figure.denominator) == (5, 10)

    def test_a_level_lists_the_children_as_they_stood_at_the_end_of_the_period(self):
        from datetime import date

        from steerco.testing import make_unit

        make_unit("WARD-2025", self.city, "ward", valid_from=date(2025, 7, 1))
        make_unit("GONE-2020", self.city, "district", valid_to=date(2020, 12, 31))
        codes = [c.code for c in build_breakdown(self.programme, self.indicators, self.city, H1).children]
        assert "WARD-2025" not in codes and "GONE-2020" not in codes
        assert "DIST-A" in codes

    def test_a_whole_level_takes_a_fixed_number_of_queries_whatever_its_size(self):
        with CaptureQueriesContext(connection) as queries:
            build_breakdown(self.programme, self.indicators, self.city, H1)
        # children, succession links, targets, the units of the targets, values
        assert len(queries) == 5

    def test_a_trend_covers_the_same_period_of_earlier_years(self):
        assert [p.code for p in trend_periods(H1, 3)] == ["2021-H1", "2022-H1", "2023-H1"]
        points = trends([self.admitted], self.district_b, H1)[self.admitted.pk]
        assert [f.value for _p, f in points][-2:] == [300, 400]

    def test_a_trend_reuses_the_figures_a_scorecard_already_has(self):
        known_figure = trends([self.admitted], self.district_b, H1)[self.admitted.pk][-1][1]
        known = {self.admitted.pk: {"2023-H1": known_figure, "2022-H1": known_figure}}
        with CaptureQueriesContext(connection) as queries:
            points = trends([self.admitted], self.district_b, H1, known)[self.admitted.pk]
        assert points[-1][1] is known_figure and points[-2][1] is known_figure
        assert len(queries) == 1 and "2022-H1" not in queries[0]["sql"]
