"""Same-period comparison through restructuring: last year's values are
restated onto the tree in force now, along succession links."""

from datetime import date
from decimal import Decimal

from django.test import TestCase

from steerco.demo.loader import PROGRAMME_CODE, load_demo
from steerco.indicators.history import restated_sums, successions_in_force
from steerco.indicators.models import Indicator
from steerco.indicators.rollup import subtree_sums
from steerco.indicators.scorecard import build_scorecard
from steerco.lib.periods import Period
from steerco.programmes.models import Programme
from steerco.testing import PersonaTestCase, make_unit
from steerco.units.models import Succession, Unit

JULY = date(2025, 7, 1)
END_2025 = date(2025, 12, 31)


class RestructuringTests(PersonaTestCase):
    """District A is abolished on 1 July 2025: it is split into wards W1
    (60 %) and W2 (40 %); its organisations a1 and a2 merge into N1 under
    W1. District B carries on."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        for unit in (cls.district_a, cls.org_a1, cls.org_a2):
            unit.valid_to = date(2025, 6, 30)
            unit.save()
        cls.w1 = make_unit("W1", cls.city, "ward", valid_from=JULY)
        cls.w2 = make_unit("W2", cls.city, "ward", valid_from=JULY)
        cls.n1 = make_unit("W1-CS01", cls.w1, valid_from=JULY)
        link = Succession.objects.create
        link(predecessor=cls.district_a, successor=cls.w1, kind="split", effective=JULY, share=Decimal("0.6"))
        link(predecessor=cls.district_a, successor=cls.w2, kind="split", effective=JULY, share=Decimal("0.4"))
        link(predecessor=cls.org_a1, successor=cls.n1, kind="merge", effective=JULY)
        link(predecessor=cls.org_a2, successor=cls.n1, kind="merge", effective=JULY)
        for unit, value in ((cls.district_a, 10), (cls.org_a1, 5), (cls.org_a2, 7), (cls.org_b1, 3)):
            cls.enter(cls.admitted, unit, "2024-H2", value)
        for unit, done, total in ((cls.org_a1, 1, 4), (cls.org_a2, 3, 4), (cls.org_b1, 1, 2)):
            cls.enter(cls.done, unit, "2024-H2", done)
            cls.enter(cls.total, unit, "2024-H2", total)
        for unit, value in ((cls.n1, 20), (cls.w2, 4), (cls.org_b1, 2)):
            cls.enter(cls.admitted, unit, "2025-H2", value)

    def restated(self, unit, indicator=None):
        indicator = indicator or self.admitted
        return restated_sums([indicator], unit, "2024-H2", END_2025).get((indicator.pk, "2024-H2"))

    def test_city_totals_are_equal_on_both_sides_of_the_change(self):
        before = subtree_sums([self.admitted], self.city, ["2024-H2"])[(self.admitted.pk, "2024-H2")]
        assert before.total == 25
        assert self.restated(self.city).total == 25

    def test_the_new_units_together_carry_everything_the_old_tree_had(self):
        new_tree = [u for u in Unit.objects.filter(parent=self.city) if u.is_valid_on(END_2025)]
        total = sum((self.restated(u).total for u in new_tree if self.restated(u)), Decimal(0))
        assert total == 25

    def test_a_districts_history_continues_in_its_successor_units(self):
        district = subtree_sums([self.admitted], self.district_a, ["2024-H2"])[(self.admitted.pk, "2024-H2")]
        w1, w2 = self.restated(self.w1), self.restated(self.w2)
        assert (w1.total, w2.total) == (Decimal(6) + 12, 4)  # 60 % of the district's own 10, plus a1 and a2
        assert w1.total + w2.total == district.total == 22

    def test_a_merge_sums_the_predecessors(self):
        assert self.restated(self.n1).total == 12
        assert self.restated(self.n1).reporting == 2

    def test_a_split_without_shares_goes_whole_to_the_primary(self):
        Succession.objects.filter(predecessor=self.district_a).update(share=None)
        Succession.objects.filter(predecessor=self.district_a, successor=self.w2).update(primary=True)
        assert self.restated(self.w2).total == 10
        assert self.restated(self.w1).total == 12
        assert self.restated(self.city).total == 25

    def test_a_ratio_compares_through_the_change_as_a_ratio_of_sums(self):
        share = Indicator.objects.select_related("numerator", "denominator").get(pk=self.share.pk)
        card = build_scorecard(self.programme, self.w1, Period.parse("2025-H2"))
        row = next(r for r in card.rows if r.indicator.pk == share.pk)
        assert (row.previous.numerator, row.previous.denominator, row.previous.value) == (4, 8, 50)

    def test_a_unit_created_in_2025_is_compared_with_its_predecessors(self):
        card = build_scorecard(self.programme, self.w1, Period.parse("2025-H2"))
        row = next(r for r in card.rows if r.indicator.pk == self.admitted.pk)
        assert (row.figure.value, row.previous.value, row.change) == (20, 18, 2)

    def test_an_unchanged_district_compares_as_before(self):
        card = build_scorecard(self.programme, self.district_b, Period.parse("2025-H2"))
        row = next(r for r in card.rows if r.indicator.pk == self.admitted.pk)
        assert (row.figure.value, row.previous.value) == (2, 3)

    def test_comparisons_before_the_change_ignore_links_not_yet_in_force(self):
        restated = restated_sums([self.admitted], self.district_a, "2024-H2", date(2024, 12, 31))
        assert restated[(self.admitted.pk, "2024-H2")].total == 22
        assert restated_sums([self.admitted], self.w1, "2024-H2", date(2024, 12, 31)) == {}


class DemoRestructuringTests(TestCase):
    """The demo's Hanoi of 1 July 2025."""

    @classmethod
    def setUpTestData(cls):
        load_demo(progress=lambda _msg: None)
        cls.programme = Programme.objects.get(code=PROGRAMME_CODE)
        cls.hanoi = Unit.objects.get(code="TU-HN")
        cls.admitted = Indicator.objects.get(programme=cls.programme, code="DV_KN")

    def test_the_district_level_ends_on_30_june_2025(self):
        districts = Unit.objects.filter(type="district")
        assert districts.count() == 30
        assert not [d for d in districts if d.is_valid_on(JULY)]

    def test_new_wards_carry_official_codes_and_names(self):
        ward = Unit.objects.get(code="DU-00004")
        assert (ward.admin_code, ward.name_vi, ward.valid_from) == ("00004", "Đảng ủy phường Ba Đình", JULY)

    def test_hanoi_totals_are_equal_on_both_sides_of_the_change(self):
        # 2023-H1 as entered on the old tree, and restated onto the tree in
        # force at the end of 2025.
        key = (self.admitted.pk, "2023-H1")
        old_tree = subtree_sums([self.admitted], self.hanoi, ["2023-H1"])[key].total
        new_tree = restated_sums([self.admitted], self.hanoi, "2023-H1", END_2025)[key].total
        assert old_tree == new_tree == 5155

    def test_the_units_in_force_after_the_change_carry_the_whole_city(self):
        key = (self.admitted.pk, "2023-H1")
        in_force = [u for u in Unit.objects.filter(parent=self.hanoi) if u.is_valid_on(END_2025)]
        parts = [restated_sums([self.admitted], u, "2023-H1", END_2025).get(key) for u in in_force]
        assert sum(p.total for p in parts if p) == 5155
        assert not any(u.type == "district" for u in in_force)

    def test_ba_dinh_continues_in_its_three_wards_by_their_shares(self):
        key = (self.admitted.pk, "2023-H1")
        ba_dinh = subtree_sums([self.admitted], Unit.objects.get(code="QU-BADINH"), ["2023-H1"])[key].total
        wards = [Unit.objects.get(code=c) for c in ("DU-00004", "DU-00008", "DU-00025")]
        parts = [restated_sums([self.admitted], w, "2023-H1", END_2025)[key].total for w in wards]
        assert parts == [ba_dinh * Decimal(s) for s in ("0.5", "0.3", "0.2")]
        assert sum(parts) == ba_dinh

    def test_ung_hoa_goes_whole_to_its_primary_commune(self):
        key = (self.admitted.pk, "2023-H1")
        ung_hoa = subtree_sums([self.admitted], Unit.objects.get(code="HU-UNGHOA"), ["2023-H1"])[key].total
        primary = restated_sums([self.admitted], Unit.objects.get(code="DU-10402"), "2023-H1", END_2025)[key]
        assert primary.total == ung_hoa
        assert restated_sums([self.admitted], Unit.objects.get(code="DU-10354"), "2023-H1", END_2025) == {}

    def test_every_replaced_unit_hands_on_all_of_its_history(self):
        assert successions_in_force(END_2025).leaks() == {}
