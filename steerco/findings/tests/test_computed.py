from datetime import date
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from steerco.indicators.computed import REGISTRY
from steerco.testing import make_unit
from steerco.units.models import UnitType

from .. import computed
from ..models import Cause, DeepReviewSuggestion, RemediationPlan, Status, WeakOrganisation
from ..services import workflow
from .base import FindingsTestCase, make_finding


def totals(result):
    return {key: int(s.total) for key, s in result.items()}


class FindingCountTests(FindingsTestCase):
    def run_for(self, fn, units, periods=("2023-H1",)):
        return totals(fn(None, units, list(periods)))

    def test_every_key_the_issue_names_is_registered(self):
        keys = {k for k in REGISTRY if k.startswith("findings.")}
        assert keys >= {
            "findings.identified",
            "findings.remediated",
            "findings.verified",
            "findings.overdue",
            "findings.par_identified",
            "findings.par_remediated",
            "findings.par_under_review",
            "findings.deep_reviews_city",
            "findings.deep_reviews_district",
            "findings.weak_orgs",
            "findings.weak_orgs_carried",
            "findings.plan_limitations",
            "findings.plan_causes",
        }

    def test_identified_remediated_and_verified_roll_up_over_subtrees(self):
        self.remediate(self.f_a1)
        workflow.transition(self.f_a1, Status.VERIFIED, on=date(2023, 5, 2), acting_user=self.approver)
        self.remediate(self.f_a)
        units = [self.city, self.district_a, self.org_a1, self.district_b]
        ident = self.run_for(computed.identified, units)
        fixed = self.run_for(computed.remediated, units)
        verified = self.run_for(computed.verified, units)
        k = lambda u: (u.pk, "2023-H1")  # noqa: E731
        assert [ident[k(u)] for u in units] == [3, 2, 1, 1]
        assert [fixed[k(u)] for u in units] == [2, 2, 1, 0]
        assert [verified[k(u)] for u in units] == [1, 1, 1, 0]

    def test_a_finding_counts_from_identification_until_verified(self):
        self.remediate(self.f_a1)
        workflow.transition(self.f_a1, Status.VERIFIED, on=date(2023, 5, 2), acting_user=self.approver)
        counts = self.run_for(computed.identified, [self.org_a1], ["2022-H2", "2023-H1", "2023-H2"])
        assert counts == {(self.org_a1.pk, "2023-H1"): 1}

    def test_remediated_after_the_period_is_not_remediated_in_it(self):
        self.remediate(self.f_a1)  # on 1 April 2023
        fixed = self.run_for(computed.remediated, [self.org_a1], ["2023-Q1", "2023-Q2"])
        assert fixed == {(self.org_a1.pk, "2023-Q1"): 0, (self.org_a1.pk, "2023-Q2"): 1}

    def test_overdue_means_past_the_deadline_without_remediation(self):
        self.remediate(self.f_a1)  # before its deadline
        overdue = self.run_for(computed.overdue, [self.city, self.org_a1, self.district_b], ["2023-H1", "2023-H2"])
        assert overdue[(self.city.pk, "2023-H1")] == 0  # deadline 30 June: not yet past
        assert overdue[(self.city.pk, "2023-H2")] == 2
        assert overdue[(self.org_a1.pk, "2023-H2")] == 0
        assert overdue[(self.district_b.pk, "2023-H2")] == 1

    def test_a_subtree_without_findings_has_no_data_rather_than_zero(self):
        empty = make_unit("DIST-C", self.city, UnitType.DISTRICT)
        assert computed.identified(None, [empty], ["2023-H1"]) == {}

    def test_the_count_takes_one_query_whatever_the_number_of_units_and_periods(self):
        units = [self.city, self.district_a, self.district_b, self.org_a1, self.org_a2, self.org_b1]
        with CaptureQueriesContext(connection) as ctx:
            computed.remediated(None, units, ["2022-H1", "2023-H1", "2023"])
        assert len(ctx.captured_queries) == 1


class RegisterCountTests(FindingsTestCase):
    def test_deep_reviews_count_in_the_year_after_the_review_by_who_suggested_them(self):
        for org in (self.org_a1, self.org_a2):
            DeepReviewSuggestion.objects.create(
                suggested_by=self.district_a, addressed_to=org, review_year=2022, suggested_on=date(2022, 12, 20)
            )
        DeepReviewSuggestion.objects.create(
            suggested_by=self.city, addressed_to=self.district_b, review_year=2022, suggested_on=date(2022, 12, 20)
        )
        periods = ["2022-H2", "2023-H1"]
        district = computed.deep_reviews_district(None, [self.city, self.district_a], periods)
        city = computed.deep_reviews_city(None, [self.city], periods)
        assert (self.city.pk, "2022-H2") not in district
        got = district[(self.city.pk, "2023-H1")]
        assert (got.total, got.reporting) == (2, 3)  # 2 of the 3 grassroots organisations under districts
        assert district[(self.district_a.pk, "2023-H1")].total == 2
        assert city[(self.city.pk, "2023-H1")].total == 1

    def test_weak_organisations_count_by_year_with_those_carried_over(self):
        old = WeakOrganisation.objects.create(organisation=self.org_a1, year=2022)
        WeakOrganisation.objects.create(organisation=self.org_a1, year=2023, carried_from=old)
        WeakOrganisation.objects.create(organisation=self.org_b1, year=2023)
        weak = computed.weak_orgs(None, [self.city, self.district_a], ["2022-H1", "2023-H1"])
        carried = computed.weak_orgs_carried(None, [self.city], ["2023-H1"])
        assert (weak[(self.city.pk, "2023-H1")].total, weak[(self.city.pk, "2023-H1")].reporting) == (2, 3)
        assert weak[(self.district_a.pk, "2023-H1")].total == 1
        assert weak[(self.city.pk, "2022-H1")].total == 1
        assert carried[(self.city.pk, "2023-H1")].total == 1

    def test_the_period_after(self):
        from steerco.lib.periods import Period

        cases = {
            "2023-H1": "2023-H2",
            "2023-H2": "2024-H1",
            "2023-Q4": "2024-Q1",
            "2023-07": "2023-08",
            "2023": "2024",
            "2020-2025": "2026-2031",
        }
        assert {k: computed.following(Period.parse(k)).code for k in cases} == cases

    def test_a_plans_limitations_and_causes_count_in_the_period_before_the_one_it_covers(self):
        plan = RemediationPlan.objects.create(
            unit=self.city, title="Plan", period="2023-H2", adopted_on=date(2023, 6, 27)
        )
        findings = [make_finding(self.city, f"L{i}", plan=plan, identified_on=date(2023, 6, 27)) for i in range(3)]
        cause = Cause.objects.create(unit=self.city, plan=plan, description="Why")
        cause.findings.set(findings)
        other = RemediationPlan.objects.create(
            unit=self.city, title="Year plan", period="2023", adopted_on=date(2023, 1, 5)
        )
        make_finding(self.city, "Not for the next half-year", plan=other)
        limitations = computed.plan_limitations(None, [self.city], ["2023-H1", "2023-H2"])
        causes = computed.plan_causes(None, [self.city], ["2023-H1"])
        assert limitations == {(self.city.pk, "2023-H1"): computed.Sums(Decimal(3), 3)}
        assert causes[(self.city.pk, "2023-H1")].total == 1
