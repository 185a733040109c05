"""steerco export: write a programme pack (or the unit tree) as YAML, or a
data-entry template (.xlsx) for a unit and period."""

import sys
from pathlib import Path

import yaml
from django.core.management.base import BaseCommand, CommandError

from steerco.collection.cli import export_template
from steerco.indicators.packs import dump_pack
from steerco.lib.periods import Period, PeriodError
from steerco.programmes.models import Programme
from steerco.units.loading import dump_units
from steerco.units.models import Unit


class Command(BaseCommand):
    help = "Export a programme pack (--programme CODE) or the unit tree (--units) as YAML."

    def add_arguments(self, parser):
        what = parser.add_mutually_exclusive_group(required=True)
        what.add_argument("--programme", help="programme code, e.g. 01-CTr/TU")
        what.add_argument("--units", action="store_true", help="the whole unit tree")
        what.add_argument("--template", action="store_true", help="an Excel data template (needs --unit, --period)")
        parser.add_argument("--for-programme", dest="template_programme", help="template: programme code")
        parser.add_argument("--unit", help="template: unit code")
        parser.add_argument("--period", help="template: period code, e.g. 2023-H1")
        parser.add_argument("--subtree", action="store_true", help="template: include every unit below")
        parser.add_argument("--user", help="template: as this user (default: the operator)")
        parser.add_argument("-o", "--output", type=Path, help="file to write (default: standard output)")

    def handle(self, *args, programme=None, units=False, output=None, template=False, **options):
        if template:
            if not (options["unit"] and options["period"] and output):
                raise CommandError("--template needs --unit CODE --period PERIOD -o FILE.xlsx")
            message = export_template(
                unit_code=options["unit"],
                period=_period(options["period"]),
                output=output,
                programme_code=options["template_programme"],
                subtree=options["subtree"],
                username=options["user"],
            )
            self.stderr.write(message)
            return
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


def _period(code: str) -> str:
    try:
        return Period.parse(code).code
    except PeriodError as err:
        raise CommandError(str(err)) from None
