"""The demo rebuilds every figure of the 2023-H1 reference report from raw
records. One test per fact; every expected number below is the published
one (shared facts file), and every actual number is a roll-up."""

from decimal import Decimal

from django.test import TestCase

from steerco.demo.loader import PROGRAMME_CODE, load_demo
from steerco.indicators.models import DataValue, Indicator
from steerco.indicators.scorecard import build_scorecard
from steerco.lib.numbers import fmt_number, fmt_percent
from steerco.lib.periods import Period
from steerco.lib.rules import Rule
from steerco.programmes.models import Programme, TaskKind
from steerco.units.models import Unit


class DemoFactsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_demo(progress=lambda _msg: None)
        cls.programme = Programme.objects.get(code=PROGRAMME_CODE)
        cls.city = Unit.objects.get(code="TU-HN")
        cls.h1 = {r.indicator.code: r for r in build_scorecard(cls.programme, cls.city, Period.parse("2023-H1")).rows}

    def value(self, code):
        return self.h1[code].figure.value

    def parts(self, code):
        figure = self.h1[code].figure
        return figure.numerator, figure.denominator

    def test_admitted_5155_of_a_9810_target_is_53_percent(self):
        row = self.h1["DV_KN"]
        assert (row.figure.value, row.target.value, row.target.period) == (5155, 9810, "2023")
        assert fmt_number(row.figure.value) == "5.155" and fmt_number(row.target.value) == "9.810"
        assert fmt_percent(row.share_of_target) == "53 %"

    def test_posts_filled_by_competitive_selection_67_of_76_is_88_percent(self):
        assert self.parts("TT_CQ_TL") == (67, 76)
        assert fmt_percent(self.value("TT_CQ_TL")) == "88 %"

    def test_government_bloc_selection_ran_in_46_units(self):
        assert self.value("TT_CQ_DV") == 46

    def test_party_bloc_pilot_has_6_posts_in_2_units(self):
        assert (self.value("TT_KD_VT"), self.value("TT_KD_DV")) == (6, 2)

    def test_procedures_delegated_531_of_617_is_86_06_percent(self):
        assert self.parts("CCHC_PC_TL") == (531, 617)
        assert fmt_percent(self.value("CCHC_PC_TL"), 2) == "86,06 %"

    def test_52_organisations_and_121_members_inspected(self):
        assert (self.value("KT_TC_KT"), self.value("KT_DV_KT")) == (52, 121)

    def test_members_inspected_up_26_on_95_in_2022_h1(self):
        row = self.h1["KT_DV_KT"]
        assert (row.previous.value, row.change) == (95, 26)

    def test_6_organisations_in_violation_shown_against_43_concluded(self):
        assert self.parts("KT_TC_TLVP") == (6, 43)
        assert fmt_percent(self.value("KT_TC_TLVP"), 1) == "14,0 %"

    def test_55_members_in_violation_is_46_percent_of_120_concluded(self):
        assert self.parts("KT_DV_TLVP") == (55, 120)
        assert fmt_percent(self.value("KT_DV_TLVP")) == "46 %"

    def test_1_organisation_and_39_members_disciplined_71_percent(self):
        assert self.value("KT_TC_XL") == 1
        assert self.parts("KT_DV_TLXL") == (39, 55)
        assert fmt_percent(self.value("KT_DV_TLXL")) == "71 %"

    def test_deep_reviews_suggested_to_29_agencies_and_60_grassroots(self):
        assert (self.value("KTS_TP"), self.value("KTS_QH")) == (29, 60)

    def test_ung_hoa_fixed_7_of_13_limitations(self):
        unit = Unit.objects.get(code="HU-UNGHOA")
        rows = {r.indicator.code: r for r in build_scorecard(self.programme, unit, Period.parse("2023-H1")).rows}
        assert (rows["PAR_KP_TL"].figure.numerator, rows["PAR_KP_TL"].figure.denominator) == (7, 13)

    def test_hai_ba_trung_fixed_13_of_14_criteria_1_under_review(self):
        unit = Unit.objects.get(code="QU-HAIBATRUNG")
        rows = {r.indicator.code: r for r in build_scorecard(self.programme, unit, Period.parse("2023-H1")).rows}
        assert (rows["PAR_KP_TL"].figure.numerator, rows["PAR_KP_TL"].figure.denominator) == (13, 14)
        assert rows["PAR_XX"].figure.value == 1

    def test_48_weak_organisations_18_carried_over_30_new(self):
        weak, carried = self.value("TCCS_YEU"), self.value("TCCS_YEU_CU")
        assert (weak, carried, weak - carried) == (48, 18, 30)

    def test_plan_for_2023_h2(self):
        assert (self.value("KH_HC"), self.value("KH_NN")) == (11, 5)
        assert self.programme.task_groups.count() == 8
        schemes = self.programme.task_groups.filter(tasks__kind=TaskKind.SCHEME, tasks__due="2023-H2").count()
        assert schemes == 6
        assert self.programme.themes.get(period="2023-H2").name_vi.startswith("Đổi mới công tác chính trị, tư tưởng")

    def test_no_city_total_is_typed_in(self):
        # Every value sits at a unit below the city; the plan the city
        # committee sets for itself is counted from the findings register.
        at_city = set(DataValue.objects.filter(unit=self.city).values_list("indicator__code", flat=True))
        assert at_city == set()

    def test_every_record_satisfies_every_rule_unit_by_unit(self):
        rules = [Rule.parse(r.expression) for r in self.programme.rules.all()]
        by_unit: dict = {}
        for unit_id, period, code, value in DataValue.objects.values_list(
            "unit_id", "period", "indicator__code", "value"
        ):
            by_unit.setdefault((unit_id, period), {})[code] = value
        broken = [(key, str(rule)) for key, values in by_unit.items() for rule in rules if rule.check(values) is False]
        assert broken == []

    def test_spread_values_are_marked_synthetic(self):
        assert DataValue.objects.filter(indicator__code="DV_KN", synthetic=False).count() == 0
        assert DataValue.objects.filter(indicator__code="PAR_HC", synthetic=True).count() == 0

    def test_loading_again_changes_nothing(self):
        before = DataValue.objects.count()
        assert load_demo(progress=lambda _msg: None) is False
        assert DataValue.objects.count() == before

    def test_every_indicator_has_a_value_in_2023_h1(self):
        missing = [
            i.code for i in Indicator.objects.filter(programme=self.programme) if not self.h1[i.code].figure.has_data
        ]
        assert missing == []
        assert self.h1["DV_KN"].figure.value == Decimal(5155)
