"""steerco close_year YEAR [--unit CODE]: close a year's list of weak
grassroots organisations and carry the unconsolidated ones into the next."""

from django.core.management.base import BaseCommand, CommandError

from steerco.units.models import Unit

from ...services.carryover import CarryOverError, close_year


class Command(BaseCommand):
    help = "Close YEAR's list of weak organisations for a unit's subtree and carry the rest into YEAR+1."

    def add_arguments(self, parser):
        parser.add_argument("year", type=int)
        parser.add_argument("--unit", help="code of the unit whose subtree is closed (default: the root)")

    def handle(self, *args, year, unit=None, **options):
        if unit:
            target = Unit.objects.filter(code=unit).first()
            if target is None:
                raise CommandError(f"no unit with code {unit!r}")
        else:
            roots = list(Unit.objects.filter(parent__isnull=True)[:2])
            if len(roots) != 1:
                raise CommandError("give --unit: there is not exactly one root unit")
            target = roots[0]
        try:
            # An operator's command: no user, so no role check.
            result = close_year(target, year, acting_user=None)
        except CarryOverError as err:
            raise CommandError(str(err)) from None
        self.stdout.write(
            f"{year} closed for {target.code}: {result.carried} carried over into {year + 1}, "
            f"{result.consolidated} consolidated."
        )
