"""Statistics per level and period, counted from the cases, and the same
figures as computed indicators on the programme scorecard."""

from datetime import date
from decimal import Decimal

from steerco.indicators.scorecard import build_scorecard
from steerco.lib.periods import Period

from .. import services
from ..stages import DisciplineForm, Subject
from ..statistics import MEMBERS, ORGANISATIONS, level_stats
from .base import InspectionTestCase

H1 = Period.parse("2023-H1")


def member_case(commission, opened, concluded=None, violation=False, decided=None, form=None, subject=None):
    case = services.open_case(commission=commission, subject=subject or Subject.FULL_MEMBER, opened_on=opened)
    if concluded:
        case = services.conclude(case, on=concluded, violation=violation)
    if decided:
        case = services.decide(case, on=decided, form=form)
    return case


class StatisticsTests(InspectionTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        a, b = cls.district_a, cls.district_b
        # 2023-H1 in district A: 4 opened; 3 concluded, 2 with violation, 1 reprimanded, 1 expelled.
        member_case(a, date(2023, 1, 5), date(2023, 2, 1), True, date(2023, 2, 10), DisciplineForm.REPRIMAND)
        member_case(a, date(2023, 1, 6), date(2023, 2, 2), True)
        member_case(a, date(2023, 1, 7), date(2023, 2, 3), False)
        member_case(a, date(2023, 6, 30))
        # Opened in 2022-H2, concluded and decided in 2023-H1: counts in 2023-H1 for those stages only.
        member_case(b, date(2022, 12, 1), date(2023, 1, 15), True, date(2023, 3, 1), DisciplineForm.EXPULSION)
        # 2022-H1: 2 opened in district B, one at the city commission.
        member_case(b, date(2022, 2, 1))
        member_case(b, date(2022, 3, 1), date(2022, 4, 1), False)
        member_case(cls.commission, date(2022, 5, 1))
        # The fixture's three cases: case_a (member, A), case_b and case_city (organisations), all opened in 2023-H1.

    def test_each_stage_counts_in_the_period_of_its_own_date(self):
        city = level_stats(self.city, H1).group(MEMBERS).current
        assert (city.inspected, city.concluded, city.violation, city.disciplined) == (5, 4, 3, 2)

    def test_violation_is_shown_against_concluded_and_discipline_against_violation(self):
        city = level_stats(self.city, H1).group(MEMBERS).current
        assert (city.violation, city.concluded) == (3, 4) and round(city.violation_share, 1) == 75
        assert (city.disciplined, city.violation) == (2, 3) and round(city.disciplined_share, 1) == Decimal("66.7")

    def test_discipline_is_counted_by_form(self):
        city = level_stats(self.city, H1).group(MEMBERS).current
        assert city.by_form == {"reprimand": 1, "expulsion": 1}
        assert [f[0] for f in city.forms()] == ["reprimand", "expulsion"]  # in legal order

    def test_same_period_comparison_with_the_previous_year(self):
        members = level_stats(self.city, H1).group(MEMBERS)
        assert (members.previous.inspected, members.current.inspected) == (3, 5)
        assert members.comparison("inspected").change == 2
        assert level_stats(self.city, H1).previous_period.code == "2022-H1"

    def test_a_level_counts_its_own_subtree(self):
        a = level_stats(self.district_a, H1).group(MEMBERS).current
        b = level_stats(self.district_b, H1).group(MEMBERS).current
        assert (a.inspected, b.inspected, b.concluded, b.disciplined) == (5, 0, 1, 1)
        orgs = level_stats(self.city, H1).group(ORGANISATIONS).current
        assert orgs.inspected == 2

    def test_the_breakdown_lists_each_unit_of_the_next_level_with_cases(self):
        stats = level_stats(self.city, H1, children=[self.commission, self.district_a, self.district_b])
        lines = {unit.code: {g.group: g.current.inspected for g in groups} for unit, groups in stats.breakdown}
        assert lines == {
            "CITY-UBKT": {ORGANISATIONS: 1, MEMBERS: 0},
            "DIST-A": {ORGANISATIONS: 0, MEMBERS: 5},
            "DIST-B": {ORGANISATIONS: 1, MEMBERS: 0},
        }

    def test_statistics_take_one_query_whatever_the_number_of_cases(self):
        with self.assertNumQueries(1):
            level_stats(self.city, H1, children=[self.commission, self.district_a, self.district_b])

    def test_a_year_and_a_quarter_count_too(self):
        year = level_stats(self.city, Period.parse("2023")).group(MEMBERS).current
        q1 = level_stats(self.city, Period.parse("2023-Q1")).group(MEMBERS).current
        assert (year.inspected, q1.inspected, q1.concluded) == (5, 4, 4)


class ComputedIndicatorTests(InspectionTestCase):
    """The programme's count indicators can be computed from the cases."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        for day in range(1, 4):
            member_case(cls.district_b, date(2022, 3, day))
        cls.admitted.computed_by = "inspection.members_inspected"
        cls.admitted.save()
        cls.done.computed_by = "inspection.orgs_violation"
        cls.done.save()
        cls.total.computed_by = "inspection.orgs_concluded"
        cls.total.save()
        services.conclude(cls.case_b, on=date(2023, 4, 1), violation=True)
        services.conclude(cls.case_city, on=date(2023, 4, 1), violation=False)

    def row(self, unit, code):
        card = build_scorecard(self.programme, unit, H1)
        return next(r for r in card.rows if r.indicator.code == code)

    def test_the_scorecard_counts_members_inspected_and_compares_them(self):
        row = self.row(self.city, "ADMITTED")
        assert (row.figure.value, row.previous.value, row.change) == (1, 3, -2)

    def test_a_ratio_over_computed_counts_keeps_its_n_over_n(self):
        row = self.row(self.city, "SHARE")
        assert (row.figure.numerator, row.figure.denominator) == (1, 2)

    def test_a_unit_without_cases_in_the_period_has_no_data_rather_than_zero(self):
        # District A opened a member case but no organisation case in 2023-H1.
        assert self.row(self.district_a, "ADMITTED").figure.value == 1
        assert not self.row(self.district_a, "SHARE").figure.has_data
        assert not self.row(self.org_a1, "ADMITTED").figure.has_data
