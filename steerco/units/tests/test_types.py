"""Unit types are data: the defaults name Vietnam's Party and State
levels, a unit file may add its own, and reports name units by type."""

from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError

from steerco.reports.sections import _by_level
from steerco.testing import PersonaTestCase
from steerco.units.loading import UnitFileError, dump_units, load_units
from steerco.units.models import Unit, UnitTypeDefinition, type_names

PROVINCE = {
    "format": "steerco-units/1",
    "types": [
        {"code": "chi-bo-quan-su", "name_vi": "Chi bộ quân sự", "name_en": "Military Party cell", "level": "cell"}
    ],
    "units": [
        {"code": "TU-TH", "type": "tinh-uy", "name_vi": "Tỉnh ủy Thanh Hóa"},
        {"code": "HU-HH", "parent": "TU-TH", "type": "huyen-uy", "name_vi": "Huyện ủy Hoằng Hóa"},
        {"code": "TXU-BS", "parent": "TU-TH", "type": "thi-uy", "name_vi": "Thị ủy Bỉm Sơn"},
        {"code": "CB-QS", "parent": "HU-HH", "type": "chi-bo-quan-su", "name_vi": "Chi bộ Quân sự huyện"},
    ],
}


class UnitTypeTests(PersonaTestCase):
    def test_the_defaults_cover_the_party_and_state_levels(self):
        names = type_names("vi")
        for code, name in {
            "tinh-uy": "Tỉnh ủy",
            "thanh-uy-tw": "Thành ủy trực thuộc Trung ương",
            "thanh-uy-tinh": "Thành ủy trực thuộc tỉnh",
            "huyen-uy": "Huyện ủy",
            "quan-uy": "Quận ủy",
            "thi-uy": "Thị ủy",
            "dang-uy-xa": "Đảng ủy xã",
            "dang-uy-phuong": "Đảng ủy phường",
            "dang-uy-dac-khu": "Đảng ủy đặc khu",
            "dang-bo": "Đảng bộ",
            "chi-bo-co-so": "Chi bộ cơ sở",
            "chi-bo-truc-thuoc": "Chi bộ trực thuộc",
            "tinh": "Tỉnh, thành phố",
            "xa": "Xã, phường, đặc khu",
        }.items():
            assert names[code] == name
        assert type_names("en")["huyen-uy"] == "Rural District Party Committee"

    def test_a_unit_file_adds_its_own_types_and_round_trips_them(self):
        load_units(PROVINCE)
        unit = Unit.objects.get(code="CB-QS")
        assert unit.type_name("vi") == "Chi bộ quân sự" and unit.type_name("en") == "Military Party cell"
        exported = dump_units(Unit.objects.filter(code__in=["TU-TH", "HU-HH", "TXU-BS", "CB-QS"]))
        assert {"code": "chi-bo-quan-su", "name_vi": "Chi bộ quân sự", "name_en": "Military Party cell",
                "level": "cell"} in exported["types"]  # fmt: skip
        assert {t["code"] for t in exported["types"]} == {"tinh-uy", "huyen-uy", "thi-uy", "chi-bo-quan-su"}
        UnitTypeDefinition.objects.filter(code="chi-bo-quan-su").update(name_vi="x")
        load_units(exported)
        assert UnitTypeDefinition.objects.get(code="chi-bo-quan-su").name_vi == "Chi bộ quân sự"

    def test_an_unknown_type_is_refused_in_a_file_and_in_the_admin(self):
        bad = {**PROVINCE, "types": []}
        with pytest.raises(UnitFileError, match=r"units\[3\] \(CB-QS\): unknown unit type 'chi-bo-quan-su'"):
            load_units(bad)
        assert not Unit.objects.filter(code="TU-TH").exists()
        with pytest.raises(ValidationError):
            Unit(code="X", name_vi="X", type="nope").full_clean()

    def test_reports_group_units_under_their_type_names(self):
        load_units(PROVINCE)
        cards = [SimpleNamespace(unit=u) for u in Unit.objects.filter(code__in=["HU-HH", "TXU-BS"])]
        assert [label for label, _cards in _by_level(cards, "vi")] == ["Huyện ủy", "Thị ủy"]
        assert [label for label, _cards in _by_level(cards, "en")] == ["Rural District Party Committee",
                                                                       "Town Party Committee"]  # fmt: skip
