"""Seasonal profiles are configuration in the programme pack."""

import copy

import pytest
import yaml

from steerco.demo.loader import PACK_FILE, UNITS_FILE
from steerco.indicators.packs import PackError, dump_pack, load_pack
from steerco.testing import PersonaTestCase
from steerco.units.loading import load_units


def read(path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


class SeasonalProfilePackTests(PersonaTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        load_units(read(UNITS_FILE))
        cls.pack = read(PACK_FILE)

    def with_profile(self, profile, profiles=None):
        pack = copy.deepcopy(self.pack)
        admitted = next(i for i in pack["indicators"] if i["code"] == "DV_KN")
        admitted["profile"] = profile
        if profiles is not None:
            pack["profiles"] = profiles
        return pack

    def test_an_indicator_names_a_profile_of_the_pack(self):
        programme = load_pack(self.with_profile("admissions", {"admissions": {"H1": 0.35, "Q1": 0.1}}))
        assert programme.indicators.get(code="DV_KN").seasonal_profile == {"H1": 0.35, "Q1": 0.1}

    def test_a_profile_may_be_written_inline_and_round_trips(self):
        programme = load_pack(self.with_profile({"H1": 0.4}))
        exported = dump_pack(programme)
        assert next(i for i in exported["indicators"] if i["code"] == "DV_KN")["profile"] == {"H1": 0.4}
        load_pack(yaml.safe_load(yaml.safe_dump(exported, allow_unicode=True)))
        assert dump_pack(programme) == exported

    def test_an_unknown_or_bad_profile_is_refused_with_the_reason(self):
        with pytest.raises(PackError, match="unknown seasonal profile 'nope'"):
            load_pack(self.with_profile("nope", {}))
        with pytest.raises(PackError, match="share 2 for 'H1' must be between 0 and 1"):
            load_pack(self.with_profile({"H1": 2}))
        with pytest.raises(PackError, match="'H5' is not a position in the year"):
            load_pack(self.with_profile({"H5": 0.5}))
