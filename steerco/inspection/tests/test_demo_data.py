"""The demo's synthetic cases: the published 2023-H1 counts and the 2022-H1
comparison come out of the cases, and the cases themselves are sound."""

from django.test import TestCase

from steerco.demo.loader import PACK_FILE, UNITS_FILE, _read
from steerco.indicators.packs import load_pack
from steerco.lib.periods import Period
from steerco.units.loading import load_units
from steerco.units.models import Unit

from .. import demo_data
from ..models import Case, PersonRecord
from ..stages import FORMS_FOR, Stage, Subject
from ..statistics import MEMBERS, ORGANISATIONS, level_stats


class DemoCasesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_units(_read(UNITS_FILE))
        # The pack's reporting window (15/12) dates the cases.
        cls.window = load_pack(_read(PACK_FILE)).reporting_window
        demo_data.load(progress=lambda _msg: None)
        cls.city = Unit.objects.get(code="TU-HN")
        cls.h1 = level_stats(cls.city, Period.parse("2023-H1"), window=cls.window)

    def funnel(self, group, which="current"):
        f = getattr(self.h1.group(group), which)
        return (f.inspected, f.concluded, f.violation, f.disciplined)

    def test_2023_h1_counts_are_the_published_ones(self):
        assert self.funnel(ORGANISATIONS) == (52, 43, 6, 1)
        assert self.funnel(MEMBERS) == (121, 120, 55, 39)

    def test_2022_h1_has_95_members_inspected_and_the_invented_rest(self):
        assert self.funnel(MEMBERS, "previous") == (95, 93, 41, 30)
        assert self.funnel(ORGANISATIONS, "previous") == (47, 41, 7, 2)
        assert self.h1.group(MEMBERS).comparison("inspected").change == 26

    def test_the_cases_are_spread_over_the_33_commissions(self):
        assert Case.objects.values("commission").distinct().count() == 33

    def test_no_2022_case_is_left_open(self):
        span = self.window.span("2022")  # 15/12/2021 – 14/12/2022
        opened = Case.objects.filter(opened_on__range=(span.start, span.end))
        assert opened.exists()
        assert not opened.filter(stage__in=[Stage.INSPECTING, Stage.CONCLUDED_VIOLATION]).exists()

    def test_every_stage_falls_in_the_window_of_the_half_year_it_counts_in(self):
        h1 = self.window.span("2023-H1")
        cases = Case.objects.filter(opened_on__gte=h1.start)
        assert cases.filter(opened_on__lt="2023-01-01").exists()  # opened in late December, counted in 2023-H1
        for day in ("opened_on", "concluded_on", "decided_on"):
            assert not cases.filter(**{f"{day}__gt": h1.end}).exists(), day

    def test_every_form_fits_its_subject_and_only_the_disciplined_have_a_name(self):
        for subject, form in Case.objects.filter(stage=Stage.DISCIPLINED).values_list("subject", "discipline_form"):
            assert form in FORMS_FOR[subject]
        named = PersonRecord.objects.values_list("case__stage", "case__subject", "identity_number")
        assert len(named) == 69  # 39 + 30 members disciplined
        assert all(stage == Stage.DISCIPLINED and subject != Subject.ORGANISATION for stage, subject, _ in named)
        assert all(number.startswith("000") and len(number) == 12 for *_, number in named)

    def test_loading_again_adds_nothing(self):
        before = Case.objects.count()
        demo_data.load(progress=lambda _msg: None)
        assert Case.objects.count() == before == 315
