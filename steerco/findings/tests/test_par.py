from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError

from .. import computed
from ..models import Finding, FindingSource, ParScore, ParSubCriterion, Status
from ..services import par, workflow
from ..services.par import ParError, findings_from_scores
from .base import FindingsTestCase

INDEX = {
    "code": "TEST",
    "name_vi": "Chỉ số thử",
    "sub_criteria": [{"code": "1", "name_vi": "a", "maximum": 1.5}, {"code": "2", "name_vi": "b", "maximum": 1.0}],
    "areas": [
        {
            "code": "1",
            "name_vi": "Lĩnh vực 1",
            "criteria": [{"code": "1.1", "name_vi": "x"}, {"code": "1.2", "name_vi": "y"}],
        },
        {"code": "2", "name_vi": "Lĩnh vực 2", "criteria": [{"code": "2.1", "name_vi": "z"}]},
    ],
}


class ParIndexTests(FindingsTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.index = par.load_index(INDEX)
        cls.subs = {s.code: s for s in ParSubCriterion.objects.filter(criterion__area__index=cls.index)}

    def score(self, unit, scores: dict, year=2022):
        for code, value in scores.items():
            ParScore.objects.create(unit=unit, year=year, sub_criterion=self.subs[code], score=Decimal(value))

    def test_maxima_add_up_from_sub_criteria_to_areas_and_the_index(self):
        assert self.index.maximum == Decimal("7.5")
        assert [a.maximum for a in self.index.areas.all()] == [Decimal(5), Decimal("2.5")]

    def test_a_score_above_the_sub_criterion_maximum_is_invalid(self):
        score = ParScore(unit=self.district_a, year=2022, sub_criterion=self.subs["1.1.2"], score=Decimal(2))
        with self.assertRaises(ValidationError):
            score.clean()

    def test_each_criterion_that_lost_points_becomes_one_finding(self):
        self.score(self.district_a, {"1.1.1": 1.5, "1.1.2": 0.5, "1.2.1": 1.5, "1.2.2": 1, "2.1.1": 1, "2.1.2": 1})
        created = findings_from_scores(self.district_a, 2022, identified_on=date(2023, 1, 5), acting_user=self.reporter)
        assert [f.par_criterion.code for f in created] == ["1.1", "2.1"]
        assert all(f.source == FindingSource.PAR_CRITERION and f.par_year == 2022 for f in created)
        assert "1.1" in created[0].title and "0,5" in created[0].title

    def test_running_it_again_creates_nothing_new(self):
        self.score(self.district_a, {"1.1.1": 1, "1.1.2": 1})
        findings_from_scores(self.district_a, 2022, identified_on=date(2023, 1, 5), acting_user=self.reporter)
        assert (
            findings_from_scores(self.district_a, 2022, identified_on=date(2023, 1, 5), acting_user=self.reporter) == []
        )
        assert Finding.objects.filter(source=FindingSource.PAR_CRITERION).count() == 1

    def test_a_criterion_not_fully_scored_is_not_judged(self):
        self.score(self.district_a, {"1.1.1": 0})
        assert par.criterion_results(self.district_a, 2022) == []

    def test_outsider_cannot_turn_another_districts_scores_into_findings(self):
        self.score(self.district_a, {"1.1.1": 0, "1.1.2": 0})
        with self.assertRaises(ParError):
            findings_from_scores(self.district_a, 2022, identified_on=date(2023, 1, 5), acting_user=self.outsider)

    def test_the_roll_up_reads_remediated_of_identified_and_under_review(self):
        self.score(self.district_a, {"1.1.1": 0, "1.1.2": 0, "1.2.1": 0, "1.2.2": 0, "2.1.1": 0, "2.1.2": 0})
        found = findings_from_scores(self.district_a, 2022, identified_on=date(2023, 1, 5), acting_user=self.reporter)
        for f in found[:2]:
            self.remediate(f)
        workflow.transition(found[0], Status.VERIFIED, on=date(2023, 5, 1), acting_user=self.secretariat)
        self.start(found[2])  # under review: work started, not remediated
        args = (None, [self.city, self.district_a, self.district_b], ["2023-H1"])
        ident = computed.par_identified(*args)
        fixed = computed.par_remediated(*args)
        review = computed.par_under_review(*args)
        key = (self.district_a.pk, "2023-H1")
        assert (fixed[key].total, ident[key].total, review[key].total) == (2, 3, 1)
        assert ident[(self.city.pk, "2023-H1")].total == 3
        assert (self.district_b.pk, "2023-H1") not in ident  # no PAR finding: no data
        # Before work started on the third, it was open, not under review.
        january = computed.par_under_review(None, [self.district_a], ["2023-01"])[(self.district_a.pk, "2023-01")]
        assert (january.total, january.reporting) == (0, 3)
