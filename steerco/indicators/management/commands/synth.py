"""steerco synth: generate national-scale synthetic data for the benchmark,
in a database of its own (it refuses a database with real data)."""

import time

from django.core.management.base import BaseCommand, CommandError

from steerco.indicators.synth import Size, synthesise


def add_size_arguments(parser) -> None:
    full = Size()
    parser.add_argument("--scale", type=float, default=1.0, help="scale communes and organisations (1 = national)")
    parser.add_argument("--provinces", type=int, default=full.provinces)
    parser.add_argument("--communes", type=int, default=full.communes)
    parser.add_argument("--orgs", type=int, default=full.orgs, help="grassroots organisations")
    parser.add_argument("--indicators", type=int, default=full.indicators)
    parser.add_argument("--periods", type=int, default=full.periods, help="half-years from 2021-H1")


def size_from(options) -> Size:
    size = Size(
        provinces=options["provinces"],
        communes=options["communes"],
        orgs=options["orgs"],
        indicators=options["indicators"],
        periods=options["periods"],
    )
    return size.scaled(options["scale"]) if options["scale"] != 1 else size


class Command(BaseCommand):
    help = "Generate synthetic national-scale units, indicators and values (a separate database only)."

    def add_arguments(self, parser):
        add_size_arguments(parser)

    def handle(self, *args, **options):
        size = size_from(options)
        started = time.perf_counter()
        try:
            result = synthesise(size, progress=self.stdout.write)
        except RuntimeError as err:
            raise CommandError(str(err)) from None
        seconds = time.perf_counter() - started
        self.stdout.write(f"{result['units']:,} units and {result['values']:,} values in {seconds:.1f} s.")
