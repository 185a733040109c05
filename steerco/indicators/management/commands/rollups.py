"""steerco rollups --verify: prove that the roll-up fast paths equal a
from-scratch computation.

steerco keeps no materialised roll-ups (docs/architecture.md), so there is
nothing to rebuild: screens read sums straight from the values. What can
still go wrong is the arithmetic of the fast paths, and that is what
``--verify`` checks: the whole-tree fold, and the screen reads on a sample
of units, against every value added to every ancestor one by one.
"""

from django.core.management.base import BaseCommand, CommandError

from steerco.indicators.fullrollup import verify as verify_rollups
from steerco.indicators.models import Indicator
from steerco.lib.periods import Period, PeriodError


class Command(BaseCommand):
    help = "Verify the roll-ups against a from-scratch computation (there are no materialised roll-ups to rebuild)."

    def add_arguments(self, parser):
        parser.add_argument("--verify", action="store_true", help="compare fast roll-ups with a naive computation")
        parser.add_argument(
            "--rebuild",
            action="store_true",
            help="accepted for symmetry; roll-ups are not materialised, so there is nothing to rebuild",
        )
        parser.add_argument("--programme", help="only this programme's indicators")
        parser.add_argument("--period", action="append", help="only these periods (repeatable)")
        parser.add_argument("--sample", type=int, default=50, help="units whose screen reads are checked")

    def handle(self, *args, verify: bool = False, rebuild: bool = False, programme=None, period=None, sample=50, **o):
        if rebuild:
            self.stdout.write("Roll-ups are read straight from the values; there is nothing to rebuild.")
        if not verify:
            if not rebuild:
                raise CommandError("say --verify (and optionally --programme, --period, --sample)")
            return
        try:
            periods = [Period.parse(p).code for p in period] if period else None
        except PeriodError as err:
            raise CommandError(str(err)) from None
        indicator_ids = None
        if programme:
            indicator_ids = list(Indicator.objects.filter(programme__code=programme).values_list("pk", flat=True))
            if not indicator_ids:
                raise CommandError(f"unknown programme {programme!r} or it has no indicators")
        problems = verify_rollups(indicator_ids, periods, sample=sample, progress=self.stdout.write)
        for problem in problems[:50]:
            self.stderr.write(problem)
        if problems:
            raise CommandError(f"{len(problems)} roll-up(s) differ from the from-scratch computation")
        self.stdout.write(self.style.SUCCESS("Every roll-up checked equals the from-scratch computation."))
