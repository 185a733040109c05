from decimal import Decimal

from django.core.exceptions import ValidationError

from steerco.indicators.models import Indicator, IndicatorKind, Target, ValueStatus
from steerco.indicators.rollup import figure_for, parts_of, subtree_sums
from steerco.indicators.scorecard import build_scorecard
from steerco.lib.periods import Period
from steerco.testing import PersonaTestCase


class RollupTests(PersonaTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        # Unit a1: 1 of 1 done (100 %); a2: 1 of 9 (11 %); b1: 3 of 10.
        for unit, done, total in ((cls.org_a1, 1, 1), (cls.org_a2, 1, 9), (cls.org_b1, 3, 10)):
            cls.enter(cls.done, unit, "2023-H1", done)
            cls.enter(cls.total, unit, "2023-H1", total)
        cls.enter(cls.admitted, cls.org_a1, "2023-H1", 40)
        cls.enter(cls.admitted, cls.org_a2, "2023-H1", 60)
        cls.enter(cls.admitted, cls.org_b1, "2023-H1", 7, status=ValueStatus.DRAFT)
        cls.enter(cls.weak, cls.org_a1, "2023-H1", 1)
        cls.enter(cls.weak, cls.org_a2, "2023-H1", 0)

    def figure(self, indicator, unit, period="2023-H1"):
        indicator = Indicator.objects.select_related("numerator", "denominator").get(pk=indicator.pk)
        return figure_for(indicator, period, subtree_sums(parts_of([indicator]), unit, [period]))

    def test_ratio_is_a_ratio_of_sums_not_a_mean_of_ratios(self):
        figure = self.figure(self.share, self.district_a)
        assert (figure.numerator, figure.denominator) == (2, 10)
        assert figure.value == Decimal(20)  # the mean of ratios would be 55.6

    def test_ratio_over_the_city_adds_every_district(self):
        figure = self.figure(self.share, self.city)
        assert (figure.numerator, figure.denominator) == (5, 20)

    def test_sum_counts_only_approved_values(self):
        assert self.figure(self.admitted, self.city).value == 100

    def test_yes_no_rolls_up_to_n_of_units(self):
        figure = self.figure(self.weak, self.district_a)
        assert (figure.numerator, figure.denominator) == (1, 2)

    def test_a_period_without_values_has_no_data(self):
        assert not self.figure(self.admitted, self.city, "2022-H1").has_data

    def test_annual_target_applies_to_the_half_year_and_sums_over_units(self):
        Target.objects.create(indicator=self.admitted, unit=self.district_a, period="2023", value=150)
        Target.objects.create(indicator=self.admitted, unit=self.district_b, period="2023", value=50)
        card = build_scorecard(self.programme, self.city, Period.parse("2023-H1"))
        row = next(r for r in card.rows if r.indicator == self.admitted)
        assert (row.target.value, row.target.period) == (200, "2023")
        assert row.share_of_target == 50

    def test_the_scorecard_takes_a_fixed_number_of_queries(self):
        # 4 since the sums come from SubtreeSum: the subtree read no longer
        # asks whether the unit is the only root (was 5).
        with self.assertNumQueries(4):
            build_scorecard(self.programme, self.city, Period.parse("2023-H1"))
        for n in range(10):
            Indicator.objects.create(programme=self.programme, code=f"EXTRA{n}", name_vi="x", kind=IndicatorKind.COUNT)
        with self.assertNumQueries(4):
            build_scorecard(self.programme, self.city, Period.parse("2023-H1"))


class IndicatorRuleTests(PersonaTestCase):
    def test_a_ratio_needs_count_parts(self):
        bad = Indicator(
            programme=self.programme,
            code="BAD",
            name_vi="x",
            kind=IndicatorKind.RATIO,
            numerator=self.weak,
            denominator=self.total,
        )
        with self.assertRaises(ValidationError):
            bad.full_clean()

    def test_a_count_cannot_aggregate_as_a_ratio(self):
        bad = Indicator(
            programme=self.programme, code="BAD", name_vi="x", kind=IndicatorKind.COUNT, aggregation="ratio_of_sums"
        )
        with self.assertRaises(ValidationError):
            bad.full_clean()

    def test_a_bad_period_code_is_refused(self):
        value = self.enter(self.admitted, self.org_a1, "2023-H1", 1)
        value.period = "2023-H3"
        with self.assertRaises(ValidationError):
            value.full_clean()


class ComputedIndicatorTests(PersonaTestCase):
    def test_a_computed_indicator_rolls_up_from_its_register(self):
        from steerco.indicators.computed import REGISTRY, Sums, register

        calls = []

        @register("test.fixed")
        def fixed(indicator, units, periods, window):
            calls.append((indicator.code, [u.code for u in units], list(periods)))
            return {(units[0].pk, "2023-H1"): Sums(Decimal(7), 3)}

        try:
            self.weak.computed_by = "test.fixed"
            self.weak.save()
            card = build_scorecard(self.programme, self.city, Period.parse("2023-H1"))
            row = next(r for r in card.rows if r.indicator.code == "WEAK")
            assert row.figure.value == 7 and not row.indicator.is_entered
            assert calls == [("WEAK", ["CITY"], ["2023-H1", "2022-H1"])]
        finally:
            del REGISTRY["test.fixed"]

    def test_an_unregistered_computation_says_which(self):
        self.weak.computed_by = "nobody.counts"
        self.weak.save()
        with self.assertRaisesRegex(LookupError, "nobody.counts"):
            build_scorecard(self.programme, self.city, Period.parse("2023-H1"))


class StatusTests(PersonaTestCase):
    def test_a_half_year_is_judged_against_half_the_annual_target(self):
        from steerco.lib.status import Status

        self.enter(self.admitted, self.org_a1, "2023-H1", 40)
        Target.objects.create(indicator=self.admitted, unit=self.district_a, period="2023", value=100)
        card = build_scorecard(self.programme, self.district_a, Period.parse("2023-H1"))
        row = next(r for r in card.rows if r.indicator == self.admitted)
        assert row.status == Status.BEHIND  # 40 against 50 expected
        assert next(r for r in card.rows if r.indicator == self.share).status is None
