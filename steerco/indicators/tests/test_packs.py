import copy
from io import StringIO
from pathlib import Path

import pytest
import yaml
from django.core.management import CommandError, call_command

from steerco.demo.loader import PACK_FILE, UNITS_FILE
from steerco.indicators.models import Indicator, Target, ValidationRule
from steerco.indicators.packs import PackError, dump_pack, load_pack
from steerco.programmes.models import Programme, Task, TaskGroup
from steerco.testing import PersonaTestCase
from steerco.units.loading import load_units


def read(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def counts() -> tuple:
    return (
        Programme.objects.count(),
        TaskGroup.objects.count(),
        Task.objects.count(),
        Indicator.objects.count(),
        ValidationRule.objects.count(),
        Target.objects.count(),
    )


class DemoPackTests(PersonaTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        load_units(read(UNITS_FILE))
        cls.pack = read(PACK_FILE)

    def test_the_demo_pack_loads_with_eight_task_groups(self):
        programme = load_pack(self.pack)
        assert programme.code == "01-CTr/TU"
        assert programme.task_groups.count() == 8
        ratio = programme.indicators.get(code="CCHC_PC_TL")
        assert (ratio.numerator.code, ratio.denominator.code, ratio.aggregation) == (
            "CCHC_PC",
            "CCHC_TTHC",
            "ratio_of_sums",
        )

    def test_loading_twice_changes_nothing(self):
        load_pack(self.pack)
        before = counts()
        load_pack(self.pack)
        assert counts() == before

    def test_export_then_import_is_a_round_trip(self):
        programme = load_pack(self.pack)
        exported = dump_pack(programme)
        before = counts()
        load_pack(yaml.safe_load(yaml.safe_dump(exported, allow_unicode=True)))
        assert counts() == before
        assert dump_pack(Programme.objects.get(code="01-CTr/TU")) == exported

    def test_a_bad_pack_is_refused_whole_with_every_problem_listed(self):
        bad = copy.deepcopy(self.pack)
        bad["indicators"][0]["kind"] = "average"
        bad["indicators"].append(
            {"code": "X_TL", "kind": "ratio", "name_vi": "x", "numerator": "NOPE", "denominator": "DV_KN"}
        )
        bad["rules"].append({"code": "R", "rule": "DV_KN =< 3"})
        bad["targets"][0]["values"]["NO-SUCH-UNIT"] = 5
        before = counts()
        with pytest.raises(PackError) as err:
            load_pack(bad)
        text = str(err.value)
        assert "kind must be one of" in text
        assert "numerator 'NOPE'" in text
        assert "'LEFT OP RIGHT'" in text
        assert "unknown unit 'NO-SUCH-UNIT'" in text
        assert counts() == before

    def test_duplicate_codes_are_refused(self):
        bad = copy.deepcopy(self.pack)
        bad["indicators"].append(copy.deepcopy(bad["indicators"][0]))
        with pytest.raises(PackError, match="appears twice"):
            load_pack(bad)


class ImportCommandTests(PersonaTestCase):
    def test_import_command_loads_units_then_pack(self):
        out = StringIO()
        call_command("import", str(UNITS_FILE), stdout=out)
        call_command("import", str(PACK_FILE), stdout=out)
        assert "Imported programme 01-CTr/TU: 8 task groups" in out.getvalue()

    def test_import_of_a_broken_file_says_why_and_writes_nothing(self):
        path = Path(self.id().replace(".", "_") + ".yaml")
        try:
            path.write_text("format: steerco-pack/1\nprogramme: {code: X}\n", encoding="utf-8")
            with pytest.raises(CommandError, match="nothing imported"):
                call_command("import", str(path))
            path.write_text("::: not yaml :::\n  - [", encoding="utf-8")
            with pytest.raises(CommandError, match="not valid YAML"):
                call_command("import", str(path))
        finally:
            path.unlink()
        assert not Programme.objects.filter(code="X").exists()

    def test_import_of_a_missing_file(self):
        with pytest.raises(CommandError, match="no such file"):
            call_command("import", "nowhere.yaml")

    def test_export_writes_a_pack(self):
        call_command("import", str(UNITS_FILE), stdout=StringIO())
        call_command("import", str(PACK_FILE), stdout=StringIO())
        out = StringIO()
        import sys

        real, sys.stdout = sys.stdout, out
        try:
            call_command("export", "--programme", "01-CTr/TU")
        finally:
            sys.stdout = real
        assert yaml.safe_load(out.getvalue())["programme"]["code"] == "01-CTr/TU"

    def test_export_of_an_unknown_programme(self):
        with pytest.raises(CommandError, match="no programme"):
            call_command("export", "--programme", "nope")
