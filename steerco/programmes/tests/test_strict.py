"""Strict packs and unit files: the corpus of bad files in ``corpus/`` is
refused by ``steerco check`` and ``steerco import``, each problem with its
place (the ``# expect:`` lines of each file), and nothing is written."""

from io import StringIO
from pathlib import Path

import pytest
import yaml
from django.core.management import CommandError, call_command

from steerco.demo.loader import PACK_FILE, UNITS_FILE
from steerco.indicators.models import Indicator, Target, ValidationRule
from steerco.lib import schema
from steerco.programmes.models import Programme, Task, TaskGroup, Theme
from steerco.testing import PersonaTestCase
from steerco.units.models import Succession, Unit

CORPUS = sorted((Path(__file__).parent / "corpus").glob("*.yaml"))
PROJECT = Path(__file__).resolve().parents[3]


def expectations(path: Path) -> list[str]:
    lines = path.read_text("utf-8").splitlines()
    return [line.removeprefix("# expect: ") for line in lines if line.startswith("# expect: ")]


def counts() -> tuple:
    models = (Unit, Succession, Programme, Theme, TaskGroup, Task, Indicator, ValidationRule, Target)
    return tuple(m.objects.count() for m in models)


def test_the_corpus_is_there():
    assert len(CORPUS) >= 10
    assert all(expectations(path) for path in CORPUS)


def test_the_published_schemas_are_the_ones_the_loaders_use():
    for name in schema.SCHEMA_FILES.values():
        published = (PROJECT / "docs" / "schemas" / name).read_text("utf-8")
        assert published == (schema.SCHEMA_DIR / name).read_text("utf-8"), name


class CorpusTests(PersonaTestCase):
    def run_command(self, name: str, path: Path) -> str:
        out = StringIO()
        before = counts()
        with pytest.raises(CommandError) as caught:
            call_command(name, str(path), stdout=out)
        assert counts() == before, f"{path.name}: something was written"
        return out.getvalue() + str(caught.value)

    def test_every_bad_file_is_refused_with_its_places_by_check_and_by_import(self):
        for path in CORPUS:
            for command in ("check", "import"):
                with self.subTest(file=path.name, command=command):
                    text = self.run_command(command, path)
                    for expected in expectations(path):
                        assert expected in text, f"{path.name} ({command}): {expected!r} not in\n{text}"

    def test_check_reads_the_demo_files_together_and_writes_nothing(self):
        out = StringIO()
        before = counts()
        call_command("check", str(UNITS_FILE), str(PACK_FILE), stdout=out)
        assert counts() == before
        text = out.getvalue()
        assert f"{UNITS_FILE}: sound, nothing written" in text
        assert "programme 01-CTr/TU" in text

    def test_check_without_files_is_still_the_system_check(self):
        err = StringIO()
        call_command("check", stdout=StringIO(), stderr=err)  # raises on a failed system check

    def test_a_misspelt_required_key_is_said_once_as_the_misspelling(self):
        pack = yaml.safe_load(PACK_FILE.read_text("utf-8"))
        pack["indicators"][0]["nmae_vi"] = pack["indicators"][0].pop("name_vi")
        lines = schema.problems(pack, "steerco-pack/1")
        code = pack["indicators"][0]["code"]
        assert lines == [f"indicators[0] ({code}): unknown key 'nmae_vi': did you mean 'name_vi'?"]
