"""The demo's findings figures are counted from the registers it builds,
and those registers hold together (scores → findings → evidence, the 2022
list → its closing → the 2023 list)."""

from django.test import TestCase

from steerco.demo.loader import load_demo
from steerco.indicators.models import DataValue, Indicator
from steerco.units.models import Unit, UnitType

from .. import computed
from ..models import (
    DONE,
    Cause,
    DeepReviewSuggestion,
    Finding,
    FindingSource,
    RemediationPlan,
    Status,
    WeakOrganisation,
    YearClosing,
)
from ..services import par
from ..services.exceptions import OVERDUE, exception_list

COMPUTED = ["PAR_HC", "PAR_KP", "PAR_XX", "KTS_TP", "KTS_QH", "TCCS_YEU", "TCCS_YEU_CU", "KH_HC", "KH_NN"]


class DemoRegisterTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_demo(progress=lambda _msg: None)
        cls.city = Unit.objects.get(code="TU-HN")
        cls.ung_hoa = Unit.objects.get(code="HU-UNGHOA")
        cls.hai_ba_trung = Unit.objects.get(code="QU-HAIBATRUNG")

    def count(self, fn, unit, period="2023-H1"):
        got = fn(None, [unit], [period]).get((unit.pk, period))
        return None if got is None else int(got.total)

    def test_the_switched_indicators_are_computed_and_have_no_entered_value(self):
        indicators = Indicator.objects.filter(code__in=COMPUTED)
        assert {i.code: i.computed_by.split(".")[0] for i in indicators} == dict.fromkeys(COMPUTED, "findings")
        assert not DataValue.objects.filter(indicator__code__in=COMPUTED).exists()

    def test_ung_hoa_identified_13_and_remediated_7_each_with_evidence(self):
        findings = Finding.objects.filter(owner=self.ung_hoa, source=FindingSource.PAR_CRITERION)
        done = findings.filter(status__in=DONE)
        assert (findings.count(), done.count()) == (13, 7)
        assert all(f.evidence.exists() for f in done)
        assert (
            self.count(computed.par_identified, self.ung_hoa),
            self.count(computed.par_remediated, self.ung_hoa),
        ) == (
            13,
            7,
        )

    def test_hai_ba_trung_14_criteria_13_remediated_1_under_review(self):
        unit = self.hai_ba_trung
        assert [
            self.count(computed.par_identified, unit),
            self.count(computed.par_remediated, unit),
            self.count(computed.par_under_review, unit),
        ] == [14, 13, 1]
        assert Finding.objects.filter(owner=unit, status=Status.IN_PROGRESS).count() == 1

    def test_under_review_is_its_own_figure_not_the_open_ones(self):
        # Ứng Hòa: 13 = 7 remediated + 1 being worked on + 5 not started.
        assert self.count(computed.par_under_review, self.ung_hoa) == 1
        assert Finding.objects.filter(owner=self.ung_hoa, status=Status.OPEN).count() == 5

    def test_the_roll_up_page_reads_13_of_14_remediated_1_under_review(self):
        from django.contrib.auth import get_user_model
        from django.urls import reverse

        self.client.force_login(get_user_model().objects.get(username="demo"))  # the city secretariat
        response = self.client.get(reverse("findings:summary"), {"unit": "TU-HN", "period": "2023-H1"})
        rows = {r["unit"].code: r for r in response.context["rows"]}
        keys = ("par_remediated", "par_identified", "par_under_review", "par_open")
        assert [rows["QU-HAIBATRUNG"][k] for k in keys] == [13, 14, 1, 0]
        assert [rows["HU-UNGHOA"][k] for k in keys] == [7, 13, 1, 5]
        page = response.content.decode()
        assert "13/14 đã khắc phục, 1 đang rà soát<" in page
        assert "7/13 đã khắc phục, 1 đang rà soát, 5 chưa bắt đầu" in page
        from django.utils import translation

        self.client.cookies["django_language"] = "en"
        with translation.override("vi"):  # the request switches this thread to English; switch back after
            english = self.client.get(reverse("findings:summary"), {"unit": "TU-HN", "period": "2023-H1"})
        assert "13/14 remediated, 1 under review<" in english.content.decode()

    def test_each_par_finding_comes_from_a_criterion_that_lost_points_in_2022(self):
        for unit, lost in ((self.ung_hoa, 13), (self.hai_ba_trung, 14)):
            losing = {r.criterion.pk for r in par.criterion_results(unit, 2022) if r.lost > 0}
            found = set(Finding.objects.filter(owner=unit, par_year=2022).values_list("par_criterion", flat=True))
            assert losing == found and len(found) == lost

    def test_verification_was_made_by_the_superior_unit(self):
        verified = Finding.objects.filter(status=Status.VERIFIED).select_related("owner", "verified_by")
        assert verified.exists()
        for f in verified:
            roots = f.verified_by.memberships.values_list("unit__path", flat=True)
            assert any(f.owner.path.startswith(p) and f.owner.path != p for p in roots)

    def test_29_deep_reviews_suggested_by_the_city_and_60_by_districts(self):
        by_city = DeepReviewSuggestion.objects.filter(suggested_by=self.city)
        by_districts = DeepReviewSuggestion.objects.filter(suggested_by__type=UnitType.DISTRICT).select_related(
            "addressed_to", "suggested_by"
        )
        assert by_city.values("addressed_to").distinct().count() == 29
        assert by_districts.count() == 60
        assert all(s.addressed_to.parent_id == s.suggested_by_id for s in by_districts)
        assert self.count(computed.deep_reviews_city, self.city) == 29
        assert self.count(computed.deep_reviews_district, self.city) == 60

    def test_agencies_answer_their_deep_review_with_a_plan_that_holds_findings(self):
        plans = RemediationPlan.objects.filter(suggestion__suggested_by=self.city)
        assert plans.exists()
        for plan in plans:
            assert plan.unit == plan.suggestion.addressed_to
            assert plan.findings.filter(source=FindingSource.DEEP_REVIEW, suggestion=plan.suggestion).count() == 2

    def test_48_weak_organisations_are_18_carried_from_the_closed_2022_list_and_30_new(self):
        listed = WeakOrganisation.objects.filter(year=2023)
        carried = listed.filter(carried_from__year=2022, carried_from__consolidated_on__isnull=True)
        assert (listed.count(), carried.count(), listed.filter(carried_from__isnull=True).count()) == (48, 18, 30)
        assert YearClosing.objects.get(year=2022, unit=self.city).carried == 18
        unconsolidated_2022 = WeakOrganisation.objects.filter(year=2022, consolidated_on__isnull=True)
        assert set(unconsolidated_2022.values_list("organisation", flat=True)) == set(
            carried.values_list("organisation", flat=True)
        )
        assert (self.count(computed.weak_orgs, self.city), self.count(computed.weak_orgs_carried, self.city)) == (
            48,
            18,
        )

    def test_the_plan_for_2023_h2_holds_11_limitations_and_5_causes(self):
        plan = RemediationPlan.objects.get(unit=self.city, period="2023-H2")
        assert (plan.findings.count(), plan.causes.count()) == (11, 5)
        assert all(c.findings.exists() for c in Cause.objects.filter(plan=plan))
        assert (self.count(computed.plan_limitations, self.city), self.count(computed.plan_causes, self.city)) == (
            11,
            5,
        )

    def test_the_unfinished_par_findings_are_overdue_in_the_exception_list(self):
        rows = exception_list(Finding.objects.filter(source=FindingSource.PAR_CRITERION))
        overdue = [r for r in rows if OVERDUE in r.reasons]
        assert len(overdue) == (13 - 7) + (14 - 13)
