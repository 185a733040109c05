"""steerco import FILE: load a programme pack or a unit file (YAML), or a
data workbook (.xlsx, see steerco.collection.workbook).

The file's ``format`` key says what it is. Nothing is written unless the
whole file is sound; every problem is listed.
"""

from pathlib import Path

import yaml
from django.core.management.base import BaseCommand, CommandError

from steerco.collection.cli import import_file, is_workbook
from steerco.indicators.packs import PACK_FORMAT, PackError, load_pack
from steerco.units.loading import UNITS_FORMAT, UnitFileError, load_units

MAX_BYTES = 5 * 1024 * 1024


def read_yaml(path: Path) -> dict:
    if not path.is_file():
        raise CommandError(f"{path}: no such file")
    if path.stat().st_size > MAX_BYTES:
        raise CommandError(f"{path}: larger than {MAX_BYTES // (1024 * 1024)} MB; is it the right file?")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise CommandError(f"{path}: not UTF-8 text; a pack is a YAML file") from None
    except yaml.YAMLError as err:
        raise CommandError(f"{path}: not valid YAML: {err}") from None
    if not isinstance(data, dict):
        raise CommandError(f"{path}: expected a YAML mapping with a 'format' key")
    return data


class Command(BaseCommand):
    help = "Import a programme pack or a unit file (YAML), or a data workbook (.xlsx)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--user", help="data workbook: import as this user (default: the operator, all rights)")

    def handle(self, *args, file: Path, user=None, **options):
        if file.is_file() and is_workbook(file):
            import_file(file, username=user, write=self.stdout.write)
            return
        data = read_yaml(file)
        fmt = data.get("format")
        try:
            if fmt == PACK_FORMAT:
                programme = load_pack(data)
                self.stdout.write(
                    f"Imported programme {programme.code}: {programme.task_groups.count()} task groups, "
                    f"{programme.indicators.count()} indicators, {programme.rules.count()} rules."
                )
            elif fmt == UNITS_FORMAT:
                warnings: list[str] = []
                count = load_units(data, warnings)
                self.stdout.write(f"Imported {count} units.")
                for warning in warnings:
                    self.stdout.write(f"Warning: {warning}")
            else:
                raise CommandError(f"{file}: unknown format {fmt!r}; expected '{PACK_FORMAT}' or '{UNITS_FORMAT}'")
        except (PackError, UnitFileError) as err:
            raise CommandError(f"{file}: nothing imported.\n" + "\n".join(err.problems)) from None
