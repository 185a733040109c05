"""Built-in behaviour follows the level a unit type works as
(``UnitTypeDefinition.level``), not Hanoi's type codes: a province's own
types (Tỉnh ủy, Huyện ủy, Đảng bộ xã, a unit file's "UBKT huyện") get the
weak-organisation list, the commission's reach, the deep-review
populations and the round's owed units that the built-in types get."""

from datetime import date

from django.test import TestCase

from steerco.accounts.access import access_for
from steerco.accounts.models import Role
from steerco.accounts.policy import Do
from steerco.findings.computed import REVIEW_KEYS, WEAK_POPULATION
from steerco.findings.services.carryover import CarryOverError, add_to_list
from steerco.inspection.scope import level_served
from steerco.testing import make_user
from steerco.units.loading import load_units
from steerco.units.models import Unit, UnitType, level_of, working_as

PROVINCE = {
    "format": "steerco-units/1",
    "types": [
        {"code": "ubkt-huyen", "name_vi": "Ủy ban Kiểm tra Huyện ủy", "level": "organ"},
        {"code": "dang-bo-xa", "name_vi": "Đảng bộ xã", "level": "grassroots"},
        {"code": "ban-dan-van", "name_vi": "Ban Dân vận"},
    ],
    "units": [
        {"code": "TU-TH", "type": "tinh-uy", "name_vi": "Tỉnh ủy Thanh Hóa"},
        {"code": "HU-HH", "parent": "TU-TH", "type": "huyen-uy", "name_vi": "Huyện ủy Hoằng Hóa"},
        {"code": "UBKT-HH", "parent": "HU-HH", "type": "ubkt-huyen", "name_vi": "UBKT Huyện ủy Hoằng Hóa"},
        {"code": "DB-HD", "parent": "HU-HH", "type": "dang-bo-xa", "name_vi": "Đảng bộ xã Hoằng Đạo"},
        {"code": "CB-HH", "parent": "HU-HH", "type": "chi-bo-co-so", "name_vi": "Chi bộ cơ sở Trường THPT"},
        {"code": "BDV-HH", "parent": "HU-HH", "type": "ban-dan-van", "name_vi": "Ban Dân vận Huyện ủy"},
    ],
}


def codes(queryset) -> list[str]:
    return sorted(queryset.values_list("code", flat=True))


class TypeLevelTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_units(PROVINCE)
        cls.units = {u.code: u for u in Unit.objects.all()}
        cls.secretariat = make_user("hh-secretariat", Role.SECRETARIAT, cls.units["HU-HH"])
        cls.inspector = make_user("hh-inspector", Role.INSPECTOR, cls.units["UBKT-HH"])

    def test_a_type_works_as_the_level_its_definition_says(self):
        assert (level_of("tinh-uy"), level_of("huyen-uy"), level_of("chi-bo-co-so")) == (
            UnitType.CITY,
            UnitType.DISTRICT,
            UnitType.GRASSROOTS,
        )
        assert (level_of("ubkt-huyen"), level_of("dang-bo-xa"), level_of("ban-dan-van")) == ("organ", "grassroots", "")
        assert level_of("grassroots") == UnitType.GRASSROOTS and level_of("no-such-type") == ""
        assert codes(Unit.objects.filter(working_as(UnitType.GRASSROOTS))) == ["CB-HH", "DB-HD"]
        assert codes(Unit.objects.filter(working_as(UnitType.DISTRICT, field="parent__type"))) == [
            "BDV-HH",
            "CB-HH",
            "DB-HD",
            "UBKT-HH",
        ]

    def test_the_weak_organisation_list_takes_a_provinces_grassroots_types(self):
        assert codes(Unit.objects.filter(WEAK_POPULATION)) == ["CB-HH", "DB-HD"]
        for code in ("DB-HD", "CB-HH"):
            entry = add_to_list(self.units[code], 2025, "Yếu kém hai năm liền", acting_user=self.secretariat)
            assert entry.organisation.code == code
        with self.assertRaises(CarryOverError):
            add_to_list(self.units["BDV-HH"], 2025, acting_user=self.secretariat)
        with self.assertRaises(CarryOverError):
            add_to_list(self.units["HU-HH"], 2025, acting_user=self.secretariat)

    def test_a_commission_of_a_provinces_own_type_watches_over_its_committee(self):
        assert level_served(self.units["UBKT-HH"]) == self.units["HU-HH"]
        assert level_served(self.units["BDV-HH"]) == self.units["BDV-HH"]
        access = access_for(self.inspector)
        for code in ("HU-HH", "DB-HD", "CB-HH"):
            assert access.can(Do.SEE_CASES, self.units[code]), code
        assert not access.can(Do.SEE_CASES, self.units["TU-TH"])

    def test_the_deep_review_populations_read_the_levels(self):
        _suggested, population = REVIEW_KEYS["findings.deep_reviews_district"]
        # the grassroots organisations under a district-level committee
        assert codes(Unit.objects.filter(population)) == ["CB-HH", "DB-HD"]
        _suggested, population = REVIEW_KEYS["findings.deep_reviews_city"]
        assert codes(Unit.objects.filter(population)) == ["HU-HH", "UBKT-HH"]

    def test_a_round_for_grassroots_owes_every_type_working_as_one(self):
        from steerco.collection.models import Submission
        from steerco.collection.services import open_round
        from steerco.programmes.models import Programme

        programme = Programme.objects.create(code="05-CTr/TU", title_vi="Chương trình", owner=self.units["TU-TH"])
        admin = make_user("th-secretariat", Role.SECRETARIAT, self.units["TU-TH"])
        round_ = open_round(
            programme, "2025-Q3", deadline=date(2025, 10, 5), unit_types=["grassroots", "huyen-uy"], acting_user=admin
        )
        owed = Submission.objects.filter(round=round_).values_list("unit__code", flat=True)
        assert sorted(owed) == ["CB-HH", "DB-HD", "HU-HH"]
