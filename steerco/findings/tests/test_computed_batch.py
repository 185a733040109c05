"""The findings register's keys as one batch: the same answers as one key
at a time, in a fixed number of queries for all of them."""

from datetime import date

from django.db import connection
from django.test.utils import CaptureQueriesContext

from steerco.testing import make_unit
from steerco.units.models import UnitType

from .. import computed
from ..models import Cause, DeepReviewSuggestion, FindingSource, RemediationPlan, Status, WeakOrganisation
from ..services import workflow
from .base import FindingsTestCase, make_finding

PERIODS = ["2022-H2", "2023-H1", "2023-H2", "2023"]


class BatchTests(FindingsTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        make_finding(cls.org_b1, "PAR criterion", source=FindingSource.PAR_CRITERION, deadline=date(2023, 3, 1))
        plan = RemediationPlan.objects.create(
            unit=cls.district_a, title="Plan", period="2023-H2", adopted_on=date(2023, 6, 27)
        )
        planned = make_finding(cls.org_a2, "Planned", plan=plan, identified_on=date(2023, 6, 27))
        Cause.objects.create(unit=cls.district_a, plan=plan, description="Why").findings.set([planned])
        DeepReviewSuggestion.objects.create(
            suggested_by=cls.district_a, addressed_to=cls.org_a1, review_year=2022, suggested_on=date(2022, 12, 20)
        )
        DeepReviewSuggestion.objects.create(
            suggested_by=cls.city, addressed_to=cls.district_b, review_year=2022, suggested_on=date(2022, 12, 20)
        )
        old = WeakOrganisation.objects.create(organisation=cls.org_a1, year=2022)
        WeakOrganisation.objects.create(organisation=cls.org_a1, year=2023, carried_from=old)
        WeakOrganisation.objects.create(organisation=cls.org_b1, year=2023)

    def setUp(self):
        self.remediate(self.f_a1)
        workflow.transition(self.f_a1, Status.VERIFIED, on=date(2023, 5, 2), acting_user=self.approver)

    def test_every_key_at_once_equals_each_key_alone(self):
        levels = [
            [self.city],  # one unit
            [self.commission, self.district_a, self.district_b],  # a level: siblings
            [self.org_a1, self.org_a2, self.district_b],  # a mix
        ]
        for units in levels:
            together = computed.register_counts(computed.KEYS, units, PERIODS)
            for key in computed.KEYS:
                alone = computed.register_counts([key], units, PERIODS)[key]
                assert together[key] == alone, key
                # and a unit's subtree gives the same whether it is asked with its siblings or alone
                for unit in units:
                    own = computed.register_counts([key], [unit], PERIODS)[key]
                    assert {k: v for k, v in together[key].items() if k[0] == unit.pk} == own, (key, unit.code)

    def test_the_figures_are_the_registers(self):
        got = computed.register_counts(computed.KEYS, [self.city], ["2023-H1"])
        at = lambda key: (got[key][(self.city.pk, "2023-H1")].total, got[key][(self.city.pk, "2023-H1")].reporting)  # noqa: E731
        assert at("findings.identified") == (5, 5)
        assert at("findings.verified") == (1, 5)
        assert at("findings.par_identified") == (1, 1)
        assert at("findings.plan_limitations") == (1, 1)
        assert at("findings.plan_causes") == (1, 1)
        assert at("findings.deep_reviews_city") == (1, 3)  # of the commission and the two districts
        assert at("findings.deep_reviews_district") == (1, 3)
        assert at("findings.weak_orgs") == (2, 3)
        assert at("findings.weak_orgs_carried") == (1, 3)

    def test_all_keys_take_a_fixed_number_of_queries_whatever_the_number_of_units(self):
        # findings, causes, suggestions and whether each period has any,
        # weak organisations and whether each year has a list, populations
        def queries(units):
            with CaptureQueriesContext(connection) as ctx:
                computed.register_counts(computed.KEYS, units, PERIODS)
            return len(ctx.captured_queries)

        children = [self.commission, self.district_a, self.district_b]
        assert queries([self.city]) == 7
        assert queries(children) == 7
        for i in range(5):
            make_unit(f"DIST-C{i}", self.city, UnitType.DISTRICT)
        assert queries(list(self.city.children.all())) == 7
