"""Roll-ups by subtree and by child, year to date, target cascade and the
status of each (unit, indicator, period)."""

from decimal import Decimal

from django.urls import reverse

from steerco.indicators.models import Direction, Indicator, Target, TimeAggregation
from steerco.indicators.rollup import children_sums, figure_for, parts_of, targets_for, year_to_date_sums
from steerco.indicators.scorecard import build_scorecard
from steerco.lib.periods import Period
from steerco.lib.status import Status
from steerco.testing import PersonaTestCase, make_unit


def row_of(programme, unit, period, indicator):
    card = build_scorecard(programme, unit, Period.parse(period))
    return next(r for r in card.rows if r.indicator.pk == indicator.pk)


class ChildrenRollupTests(PersonaTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.enter(cls.admitted, cls.org_a1, "2023-H1", 40)
        cls.enter(cls.admitted, cls.org_a2, "2023-H1", 60)
        cls.enter(cls.admitted, cls.district_a, "2023-H1", 5)  # the district committee's own
        cls.enter(cls.admitted, cls.org_b1, "2023-H1", 7)
        for unit, done, total in ((cls.org_a1, 1, 1), (cls.org_a2, 1, 9), (cls.org_b1, 3, 10)):
            cls.enter(cls.done, unit, "2023-H1", done)
            cls.enter(cls.total, unit, "2023-H1", total)

    def test_each_child_gets_the_sum_of_its_subtree_in_one_query(self):
        with self.assertNumQueries(1):
            sums = children_sums([self.admitted], self.city, ["2023-H1"])
        key = (self.admitted.pk, "2023-H1")
        assert sums[self.district_a.path][key].total == 105
        assert sums[self.district_a.path][key].reporting == 3
        assert sums[self.district_b.path][key].total == 7
        assert self.commission.path not in sums

    def test_a_parents_own_values_come_under_its_own_path(self):
        sums = children_sums([self.admitted], self.district_a, ["2023-H1"])
        key = (self.admitted.pk, "2023-H1")
        assert sums[self.district_a.path][key].total == 5
        assert sums[self.org_a1.path][key].total == 40

    def test_a_ratio_by_child_is_a_ratio_of_that_childs_sums(self):
        share = Indicator.objects.select_related("numerator", "denominator").get(pk=self.share.pk)
        sums = children_sums(parts_of([share]), self.city, ["2023-H1"])
        figure = figure_for(share, "2023-H1", sums[self.district_a.path])
        assert (figure.numerator, figure.denominator, figure.value) == (2, 10, 20)

    def test_a_code_that_is_a_prefix_of_another_does_not_leak_into_it(self):
        twin = make_unit("DIST-AX", self.city, "district")  # path CITY/DIST-AX/ starts like CITY/DIST-A
        self.enter(self.admitted, make_unit("DIST-AX-CS01", twin), "2023-H1", 1000)
        sums = children_sums([self.admitted], self.city, ["2023-H1"])
        assert sums[self.district_a.path][(self.admitted.pk, "2023-H1")].total == 105
        assert sums[twin.path][(self.admitted.pk, "2023-H1")].total == 1000


class YearToDateTests(PersonaTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        # Admissions are a flow; the number of weak organisations is a stock.
        cls.stock = Indicator.objects.create(
            programme=cls.programme, code="MEMBERS", name_vi="Đảng viên", kind="count", time_aggregation="last"
        )
        for period, a1, b1, members in (("2023-Q1", 10, 1, 500), ("2023-Q2", 20, 2, 510), ("2023-Q3", 30, 3, 520)):
            cls.enter(cls.admitted, cls.org_a1, period, a1)
            cls.enter(cls.admitted, cls.org_b1, period, b1)
            cls.enter(cls.stock, cls.org_a1, period, members)
        cls.enter(cls.done, cls.org_a1, "2023-Q1", 1)
        cls.enter(cls.total, cls.org_a1, "2023-Q1", 4)
        cls.enter(cls.done, cls.org_a1, "2023-Q2", 3)
        cls.enter(cls.total, cls.org_a1, "2023-Q2", 4)

    def test_a_flow_adds_up_its_sub_periods(self):
        sums = year_to_date_sums([self.admitted], self.city, Period.parse("2023-Q3"))
        assert sums[(self.admitted.pk, "2023-Q3")].total == 66
        assert self.admitted.time_aggregation == TimeAggregation.SUM

    def test_a_stock_takes_the_latest_sub_period(self):
        sums = year_to_date_sums([self.stock], self.city, Period.parse("2023-Q3"))
        assert sums[(self.stock.pk, "2023-Q3")].total == 520

    def test_year_to_date_stops_at_the_period_asked(self):
        sums = year_to_date_sums([self.admitted, self.stock], self.district_a, Period.parse("2023-Q2"))
        assert sums[(self.admitted.pk, "2023-Q2")].total == 30
        assert sums[(self.stock.pk, "2023-Q2")].total == 510

    def test_a_ratio_to_date_is_the_ratio_of_the_parts_to_date(self):
        share = Indicator.objects.select_related("numerator", "denominator").get(pk=self.share.pk)
        sums = year_to_date_sums(parts_of([share]), self.city, Period.parse("2023-Q2"))
        figure = figure_for(share, "2023-Q2", sums)
        assert (figure.numerator, figure.denominator, figure.value) == (4, 8, 50)


class TargetCascadeTests(PersonaTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        target = Target.objects.create
        target(indicator=cls.admitted, unit=cls.city, period="2023", value=300)
        target(indicator=cls.admitted, unit=cls.district_a, period="2023", value=150)
        target(indicator=cls.admitted, unit=cls.district_b, period="2023", value=100)
        # District A hands its target down, and over-assigns it.
        target(indicator=cls.admitted, unit=cls.org_a1, period="2023", value=80)
        target(indicator=cls.admitted, unit=cls.org_a2, period="2023", value=90)

    def test_a_city_target_is_compared_with_the_sum_of_the_unit_targets(self):
        target = targets_for([self.admitted.pk], self.city, Period.parse("2023-H1"))[self.admitted.pk]
        assert (target.value, target.own, target.assigned, target.difference) == (300, 300, 250, 50)

    def test_a_districts_own_target_is_compared_with_what_it_handed_down(self):
        target = targets_for([self.admitted.pk], self.district_a, Period.parse("2023-H1"))[self.admitted.pk]
        assert (target.own, target.assigned, target.difference) == (150, 170, -20)

    def test_a_unit_without_its_own_target_takes_the_sum_below_it_once(self):
        Target.objects.filter(unit=self.city).delete()
        target = targets_for([self.admitted.pk], self.city, Period.parse("2023-H1"))[self.admitted.pk]
        assert (target.value, target.own, target.difference) == (250, None, None)

    def test_the_scorecard_shows_the_difference(self):
        row = row_of(self.programme, self.city, "2023-H1", self.admitted)
        assert row.target.difference == 50
        self.enter(self.admitted, self.org_a1, "2023-H1", 1)
        self.client.force_login(self.secretariat)
        page = self.client.get(reverse("home"), {"period": "2023-H1"}).content.decode()
        assert "đã giao cho các đơn vị 250, chênh lệch +50" in page


class StatusTests(PersonaTestCase):
    """Each status, judged against the pro-rata expectation at 2023-H1 of an
    annual target of 100 (50 expected)."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        Target.objects.create(indicator=cls.admitted, unit=cls.district_a, period="2023", value=100)

    def status_with(self, value, indicator=None):
        indicator = indicator or self.admitted
        if value is not None:
            self.enter(indicator, self.org_a1, "2023-H1", value)
        return row_of(self.programme, self.district_a, "2023-H1", indicator).status

    def test_achieved_when_the_whole_target_is_reached_early(self):
        assert self.status_with(100) == Status.ACHIEVED

    def test_on_track_at_or_above_the_pro_rata_share(self):
        assert self.status_with(50) == Status.ON_TRACK

    def test_behind_a_little_under_the_pro_rata_share(self):
        assert self.status_with(45) == Status.BEHIND

    def test_at_risk_well_under_it(self):
        assert self.status_with(30) == Status.AT_RISK

    def test_no_data_when_nothing_was_reported(self):
        assert self.status_with(None) == Status.NO_DATA

    def test_lower_is_better_reads_the_target_as_a_ceiling(self):
        self.weak.kind = "count"
        self.weak.direction = Direction.LOWER
        self.weak.save()
        Target.objects.create(indicator=self.weak, unit=self.district_a, period="2023", value=10)
        assert self.status_with(4, self.weak) == Status.ON_TRACK

    def test_lower_is_better_over_the_pro_rata_ceiling_is_behind_or_at_risk(self):
        self.weak.kind = "count"
        self.weak.direction = Direction.LOWER
        self.weak.save()
        Target.objects.create(indicator=self.weak, unit=self.district_a, period="2023", value=10)
        self.enter(self.weak, self.org_a2, "2023-H1", 2)
        assert self.status_with(4, self.weak) == Status.BEHIND  # 6 against 5 allowed
        self.enter(self.weak, self.org_b1, "2023-H1", 100)  # another district: not counted
        assert row_of(self.programme, self.district_a, "2023-H1", self.weak).status == Status.BEHIND

    def test_a_seasonal_profile_sets_the_expectation(self):
        self.admitted.seasonal_profile = {"H1": 0.3}
        self.admitted.save()
        row = row_of(self.programme, self.district_a, "2023-H1", self.admitted)
        assert row.due_share == Decimal("0.3")
        assert self.status_with(35) == Status.ON_TRACK  # behind a linear 50, ahead of 30

    def test_a_ratio_has_no_status_of_its_own(self):
        assert row_of(self.programme, self.district_a, "2023-H1", self.share).status is None
