"""steerco export: write a programme pack (or the unit tree) as YAML."""

import sys
from pathlib import Path

import yaml
from django.core.management.base import BaseCommand, CommandError

from steerco.programmes.models import Programme
from steerco.programmes.packs import dump_pack
from steerco.units.loading import dump_units
from steerco.units.models import Unit


class Command(BaseCommand):
    help = "Export a programme pack (--programme CODE) or the unit tree (--units) as YAML."

    def add_arguments(self, parser):
        what = parser.add_mutually_exclusive_group(required=True)
        what.add_argument("--programme", help="programme code, e.g. 01-CTr/TU")
        what.add_argument("--units", action="store_true", help="the whole unit tree")
        parser.add_argument("-o", "--output", type=Path, help="file to write (default: standard output)")

    def handle(self, *args, programme=None, units=False, output=None, **options):
        if units:
            data = dump_units(Unit.objects.all())
        else:
            found = Programme.objects.filter(code=programme).select_related("owner").first()
            if found is None:
                known = ", ".join(Programme.objects.values_list("code", flat=True)) or "none"
                raise CommandError(f"no programme {programme!r} (known: {known})")
            data = dump_pack(found)
        text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
        if output:
            output.write_text(text, encoding="utf-8")
            self.stderr.write(f"Wrote {output}")
        else:
            sys.stdout.write(text)
