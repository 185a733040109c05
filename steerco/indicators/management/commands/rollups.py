"""steerco rollups --rebuild / --verify: the materialised roll-up table.

``--rebuild`` recomputes ``SubtreeSum`` from the values in SQL (after a
writer that bypassed the ORM, e.g. a raw load). ``--verify`` compares the
table with a from-scratch recomputation, then the screen reads and the
whole-tree fold with every value added to every ancestor one by one.
"""

import time

from django.core.management.base import BaseCommand, CommandError

from steerco.indicators.fullrollup import verify as verify_rollups
from steerco.indicators.models import Indicator
from steerco.indicators.models.subtree import differences, rebuild
from steerco.lib.periods import Period, PeriodError


class Command(BaseCommand):
    help = "Rebuild the roll-up table (SubtreeSum) or verify it and the reads against a from-scratch computation."

    def add_arguments(self, parser):
        parser.add_argument("--verify", action="store_true", help="compare the roll-ups with a naive computation")
        parser.add_argument("--rebuild", action="store_true", help="recompute the roll-up table from the values")
        parser.add_argument("--programme", help="only this programme's indicators (--verify)")
        parser.add_argument("--period", action="append", help="only these periods (repeatable, --verify)")
        parser.add_argument("--sample", type=int, default=50, help="units whose screen reads are checked")

    def handle(self, *args, verify: bool = False, rebuild: bool = False, programme=None, period=None, sample=50, **o):
        if not (verify or rebuild):
            raise CommandError("say --rebuild or --verify (and optionally --programme, --period, --sample)")
        if rebuild:
            self.rebuild()
        if verify:
            self.verify(programme, period, sample)

    def rebuild(self) -> None:
        self.stdout.write("Rebuilding the roll-up table from the values …")
        started = time.perf_counter()
        rows = rebuild(progress=self.stdout.write)
        self.stdout.write(f"  {rows} rows in {time.perf_counter() - started:.1f} s.")

    def verify(self, programme, period, sample) -> None:
        try:
            periods = [Period.parse(p).code for p in period] if period else None
        except PeriodError as err:
            raise CommandError(str(err)) from None
        indicator_ids = None
        if programme:
            indicator_ids = list(Indicator.objects.filter(programme__code=programme).values_list("pk", flat=True))
            if not indicator_ids:
                raise CommandError(f"unknown programme {programme!r} or it has no indicators")
        self.stdout.write("Comparing the roll-up table with the values added up one by one …")
        problems = differences(indicator_ids=indicator_ids, periods=periods)
        problems += verify_rollups(indicator_ids, periods, sample=sample, progress=self.stdout.write)
        for problem in problems[:50]:
            self.stderr.write(problem)
        if problems:
            raise CommandError(f"{len(problems)} roll-up(s) differ from the from-scratch computation")
        self.stdout.write(self.style.SUCCESS("Every roll-up checked equals the from-scratch computation."))
