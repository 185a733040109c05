"""The figure service, with figures worked out by hand."""

import re
from datetime import date
from decimal import Decimal

from django.urls import reverse

from steerco.indicators.breakdown import build_breakdown
from steerco.indicators.figures import figure, figures, for_units, level
from steerco.indicators.models import Indicator, IndicatorKind, Target, TimeAggregation
from steerco.lib.periods import Period
from steerco.lib.status import Status
from steerco.testing import PersonaTestCase, api_errors, make_unit
from steerco.units.models import Succession, UnitType


class TimeRollUpTests(PersonaTestCase):
    """District A enters halves; district B enters quarters."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.enter(cls.admitted, cls.org_a1, "2023-H1", 133)
        cls.enter(cls.admitted, cls.org_a1, "2023-H2", 150)
        Target.objects.create(indicator=cls.admitted, unit=cls.org_a1, period="2023", value=276)
        for q, value in enumerate((10, 20, 30, 40), 1):
            cls.enter(cls.admitted, cls.org_b1, f"2024-Q{q}", value)

    def test_ba_dinh_h2_is_judged_on_h1_plus_h2_against_the_annual_target(self):
        row = figure(self.programme, self.admitted, self.org_a1, "2023-H2")
        assert row.value == 150  # the half-year's own value
        assert row.judged.value == 283  # 133 + 150, the year to date
        assert row.target.value == 276 and row.due_share == 1
        assert row.status == Status.ACHIEVED
        assert round(row.share_of_target) == 103
        assert row.provenance.to_date == ("2023-H1", "2023-H2")

    def test_the_year_is_built_from_its_halves(self):
        row = figure(self.programme, self.admitted, self.org_a1, "2023")
        assert (row.value, row.status, row.coverage.entered) == (283, Status.ACHIEVED, ("2023-H1", "2023-H2"))
        assert not row.coverage.partial

    def test_four_quarters_make_the_year_and_the_halves(self):
        year = figure(self.programme, self.admitted, self.district_b, "2024")
        assert (year.value, year.coverage.partial) == (100, False)
        assert figure(self.programme, self.admitted, self.district_b, "2024-H2").value == 70
        assert figure(self.programme, self.admitted, self.city, "2024").value == 100

    def test_a_year_is_not_compared_with_a_year_of_which_parts_are_missing(self):
        # 2022 has its first half only: 283 "against 100" would read +183.
        self.enter(self.admitted, self.org_a1, "2022-H1", 100)
        year = figure(self.programme, self.admitted, self.org_a1, "2023")
        assert (year.value, year.previous.value, year.change) == (283, None, None)
        half = figure(self.programme, self.admitted, self.org_a1, "2023-H1")
        assert (half.previous.value, half.change) == (100, 33)  # a whole half against a whole half

    def test_a_missing_quarter_is_shown_as_partial(self):
        self.enter(self.admitted, self.org_a2, "2025-Q1", 5)
        self.enter(self.admitted, self.org_a2, "2025-Q2", 6)
        self.enter(self.admitted, self.org_a2, "2025-Q4", 8)
        row = figure(self.programme, self.admitted, self.org_a2, "2025")
        assert (row.value, row.coverage.partial, row.coverage.missing) == (19, True, ("2025-Q3",))

    def test_a_half_with_nothing_reported_is_no_data_not_judged_on_the_first_half(self):
        # Without H2 the year to date is H1 alone: 133 of 276 would read "at risk".
        Target.objects.create(indicator=self.admitted, unit=self.org_a2, period="2023", value=276)
        self.enter(self.admitted, self.org_a2, "2023-H1", 133)
        row = figure(self.programme, self.admitted, self.org_a2, "2023-H2")
        assert (row.value, row.judged.value, row.status) == (None, 133, Status.NO_DATA)

    def test_a_partial_year_gets_no_verdict(self):
        Target.objects.create(indicator=self.admitted, unit=self.org_a2, period="2025", value=10)
        for q, value in ((1, 5), (2, 6), (4, 8)):
            self.enter(self.admitted, self.org_a2, f"2025-Q{q}", value)
        row = figure(self.programme, self.admitted, self.org_a2, "2025")
        assert (row.value, row.coverage.partial, row.status) == (19, True, Status.NO_DATA)

    def test_a_stock_takes_the_last_quarter(self):
        self.admitted.time_aggregation = TimeAggregation.LAST
        self.admitted.save()
        assert figure(self.programme, self.admitted, self.district_b, "2024").value == 40

    def test_a_ratio_is_the_ratio_of_its_parts_over_the_whole_period(self):
        # Q1 1/2 (50 %), Q2 9/10 (90 %): the half-year is 10/12, not the mean 70 %.
        for period, done, total in (("2024-Q1", 1, 2), ("2024-Q2", 9, 10)):
            self.enter(self.done, self.org_b1, period, done)
            self.enter(self.total, self.org_b1, period, total)
        share = Indicator.objects.select_related("numerator", "denominator").get(pk=self.share.pk)
        row = figure(self.programme, share, self.org_b1, "2024-H1")
        assert (row.n, row.N) == (10, 12)

    def test_a_yes_no_takes_the_state_at_the_end_of_the_period(self):
        self.enter(self.weak, self.org_a1, "2024-Q1", 1)
        self.enter(self.weak, self.org_a1, "2024-Q2", 0)
        self.enter(self.weak, self.org_a2, "2024-Q2", 1)
        row = figure(self.programme, self.weak, self.district_a, "2024-H1")
        assert (row.n, row.N) == (1, 2)

    def test_the_home_page_and_the_drill_down_agree_on_the_year(self):
        self.client.force_login(self.secretariat)
        params = {"programme": self.programme.code, "period": "2024", "unit": "DIST-B"}
        home = self.client.get(reverse("home"), params)
        row = next(r for r in home.context["scorecard"].rows if r.indicator == self.admitted)
        drill = self.client.get(reverse("dashboard:drill"), {**params, "indicator": "ADMITTED"})
        assert row.value == drill.context["row"].value == 100
        city = build_breakdown(self.programme, [self.admitted], self.city, Period.parse("2024"))
        assert city.row("DIST-B", self.admitted).value == 100


class MergerTests(PersonaTestCase):
    """Province P: districts A (100) and B (80) merge into AB (180) on
    1 July 2024; C (60) carries on."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        end_h1, july = date(2024, 6, 30), date(2024, 7, 1)
        cls.p = make_unit("P", cls.city, UnitType.DISTRICT)
        cls.a = make_unit("P-A", cls.p, valid_to=end_h1)
        cls.b = make_unit("P-B", cls.p, valid_to=end_h1)
        cls.ab = make_unit("P-AB", cls.p, valid_from=july)
        cls.c = make_unit("P-C", cls.p)
        for old in (cls.a, cls.b):
            Succession.objects.create(predecessor=old, successor=cls.ab, kind="merge", effective=july)
        for unit, value in ((cls.a, 100), (cls.b, 80), (cls.ab, 180), (cls.c, 60)):
            Target.objects.create(indicator=cls.admitted, unit=unit, period="2024", value=value)
        for unit, period, value in (
            (cls.a, "2024-H1", 40),
            (cls.b, "2024-H1", 30),
            (cls.c, "2024-H1", 20),
            (cls.ab, "2024-H2", 100),
            (cls.c, "2024-H2", 25),
        ):
            cls.enter(cls.admitted, unit, period, value)

    def test_the_province_target_is_240_not_420(self):
        for period in ("2024", "2024-H1", "2024-H2"):
            row = figure(self.programme, self.admitted, self.p, period)
            assert row.target.value == 240, period

    def test_the_year_counts_every_value_once(self):
        row = figure(self.programme, self.admitted, self.p, "2024")
        assert row.value == 40 + 30 + 20 + 100 + 25

    def test_the_merged_unit_carries_its_predecessors_first_half(self):
        row = figure(self.programme, self.admitted, self.ab, "2024")
        assert (row.value, row.target.value, row.coverage.partial) == (170, 180, False)
        assert row.status == Status.BEHIND  # 170 of 180 due: above 80 % of it

    def test_the_level_lists_the_units_of_the_period_and_agrees_with_each_unit(self):
        h1 = level(self.programme, [self.admitted], self.p, "2024-H1")
        assert [c.code for c in h1.children] == ["P-A", "P-B", "P-C"]
        year = level(self.programme, [self.admitted], self.p, "2024")
        assert [c.code for c in year.children] == ["P-AB", "P-C"]
        for child in year.children:
            alone = figure(self.programme, self.admitted, child, "2024")
            in_level = year.row(child.code, self.admitted)
            assert (alone.value, alone.target.value, alone.status) == (
                in_level.value,
                in_level.target.value,
                in_level.status,
            )

    def test_any_units_agree_with_the_unit_alone(self):
        cards = for_units(self.programme, [self.admitted], self.city, [self.p, self.ab], "2024")
        for unit in (self.p, self.ab):
            alone = figure(self.programme, self.admitted, unit, "2024")
            assert cards[unit.pk][self.admitted.pk].value == alone.value
            assert cards[unit.pk][self.admitted.pk].target.value == alone.target.value

    def test_rows_keep_the_order_of_the_indicators(self):
        rows = figures(self.programme, [self.done, self.admitted], self.p, "2024")
        assert [r.indicator.code for r in rows] == ["DONE", "ADMITTED"]
        assert rows[1].indicator.kind == IndicatorKind.COUNT
        assert rows[1].value == Decimal(215)


class FigureApiTests(PersonaTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.enter(cls.admitted, cls.org_a1, "2023-H1", 133)
        cls.enter(cls.admitted, cls.org_a1, "2023-H2", 150)
        Target.objects.create(indicator=cls.admitted, unit=cls.org_a1, period="2023", value=276)

    def get(self, user, **params):
        self.client.force_login(user)
        query = {"programme": self.programme.code, "unit": "DIST-A-CS01", "period": "2023-H2", **params}
        return self.client.get("/api/figures/", query)

    def test_the_api_gives_the_services_figure(self):
        body = self.get(self.secretariat, indicator="ADMITTED").json()["results"]
        assert len(body) == 1
        row = body[0]
        assert (Decimal(row["value"]), Decimal(row["to_date"]), row["status"]) == (150, 283, "achieved")
        assert row["target"]["period"] == "2023" and row["provenance"]["to_date"] == ["2023-H1", "2023-H2"]
        year = self.get(self.secretariat, indicator="ADMITTED", period="2023").json()["results"][0]
        assert Decimal(year["value"]) == 283 and year["coverage"]["entered"] == ["2023-H1", "2023-H2"]

    def test_a_unit_out_of_scope_is_not_found_and_a_bad_period_is_refused(self):
        assert self.get(self.outsider).status_code == 404
        response = self.get(self.secretariat, period="2023-H3")
        assert response.status_code == 400 and "period" in api_errors(response)


class FigurePagesTests(PersonaTestCase):
    """What a person reads: H2 judged on the year to date, a missing
    quarter said, on the drill-down."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.enter(cls.admitted, cls.org_a1, "2023-H1", 133)
        cls.enter(cls.admitted, cls.org_a1, "2023-H2", 150)
        Target.objects.create(indicator=cls.admitted, unit=cls.org_a1, period="2023", value=276)
        for q, value in ((1, 5), (2, 6), (4, 8)):
            cls.enter(cls.admitted, cls.org_b1, f"2025-Q{q}", value)

    def drill(self, unit, period):
        self.client.force_login(self.secretariat)
        params = {"programme": self.programme.code, "unit": unit, "period": period, "indicator": "ADMITTED"}
        return self.client.get(reverse("dashboard:drill"), params).content.decode()

    def test_h2_reads_283_of_276_year_to_date_achieved(self):
        page = self.drill("DIST-A-CS01", "2023-H2")
        assert "283/276" in page and "lũy kế từ đầu năm" in page
        assert "150/276" not in page

    def test_the_home_page_says_the_year_to_date_of_a_unit_behind(self):
        # A unit behind its annual target in H2: the alarm names the year to
        # date it is judged on, never the half's own value over the year's target.
        Target.objects.create(indicator=self.admitted, unit=self.org_a2, period="2023", value=400)
        self.enter(self.admitted, self.org_a2, "2023-H1", 100)
        self.enter(self.admitted, self.org_a2, "2023-H2", 50)
        self.client.force_login(self.secretariat)
        page = self.client.get(reverse("home"), {"unit": "DIST-A", "period": "2023-H2"}).content.decode()
        assert "150/400 (38 %) lũy kế từ đầu năm" in page
        assert not re.search(r"(?<![\d.])50/400", page)

    def test_a_missing_quarter_is_said(self):
        page = self.drill("DIST-B", "2025")
        assert "chưa đủ: thiếu số liệu 2025-Q3" in page
