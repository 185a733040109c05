"""steerco bench: the indicator engine's benchmark (not a test).

Generates synthetic data (``steerco synth``) in the configured database,
which must be a database of its own, then prints: load time; the full
roll-up next to the same aggregation as one raw SQL GROUP BY, with the
ratio; after a single changed value, the latency of reading one indicator's
national roll-up and a province's children (p50, p95); peak memory.
"""

from __future__ import annotations

import platform
import random
import resource
import statistics
import time
from decimal import Decimal

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from steerco.indicators.fullrollup import full_rollup
from steerco.indicators.management.commands.synth import add_size_arguments, size_from
from steerco.indicators.models import DataValue, Indicator
from steerco.indicators.rollup import children_sums, subtree_sums
from steerco.indicators.synth import PROGRAMME_CODE, ROOT_CODE, period_codes, synthesise
from steerco.units.models import Unit

FLOOR_SQL = """
SELECT u.parent_id, v.indicator_id, v.period, SUM(v.value), COUNT(*)
FROM indicators_datavalue v JOIN units_unit u ON u.id = v.unit_id
WHERE v.status = 'approved'
GROUP BY u.parent_id, v.indicator_id, v.period
"""


def _percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


class Command(BaseCommand):
    help = "Benchmark the indicator engine on synthetic data (a separate database only)."

    def add_arguments(self, parser):
        add_size_arguments(parser)
        parser.add_argument("--reads", type=int, default=50, help="changed values, each followed by the two reads")
        parser.add_argument("--reuse", action="store_true", help="keep the synthetic data already loaded")
        parser.add_argument(
            "--repeat", type=int, default=3, help="runs of the floor and the full roll-up (median); 0 skips them"
        )

    def say(self, label: str, value: str) -> None:
        self.stdout.write(f"  {label:<44} {value}")

    def handle(self, *args, reads=50, reuse=False, repeat=3, **options):
        size = size_from(options)
        vendor = connection.vendor
        self.stdout.write(f"steerco bench on {vendor} ({connection.settings_dict['NAME']})")
        call_command("migrate", interactive=False, verbosity=0)
        if reuse and Indicator.objects.filter(programme__code=PROGRAMME_CODE).exists():
            self.stdout.write("Reusing the synthetic data already loaded.")
            load = None
        else:
            started = time.perf_counter()
            try:
                synthesise(size, progress=self.stdout.write)
            except RuntimeError as err:
                raise CommandError(str(err)) from None
            load = time.perf_counter() - started
        values = DataValue.objects.count()
        indicator_ids = list(Indicator.objects.filter(programme__code=PROGRAMME_CODE).values_list("pk", flat=True))

        if repeat:
            floor, floor_rows, rollup, figures = self._full(repeat)

        latencies_national, latencies_children = self._reads(indicator_ids, reads)

        self.stdout.write("")
        self.stdout.write(f"Results ({vendor}, {platform.machine()}, Python {platform.python_version()})")
        self.say("values", f"{values:,} ({Unit.objects.count():,} units)")
        self.say("load (synth: units, programme, values, ANALYZE)", f"{load:.1f} s" if load is not None else "reused")
        if repeat:
            self.say(f"raw SQL GROUP BY floor (median of {repeat})", f"{floor:.2f} s ({floor_rows:,} groups)")
            self.say(f"full roll-up, every level (median of {repeat})", f"{rollup:.2f} s ({figures:,} figures)")
            self.say("ratio full roll-up / floor", f"{rollup / floor:.2f}x (goal <= 1.5x)")
        for label, samples in (
            ("read national roll-up of one indicator", latencies_national),
            ("read a province's children (one indicator)", latencies_children),
        ):
            p50, p95 = _percentile(samples, 0.5), _percentile(samples, 0.95)
            self.say(label, f"p50 {p50:.1f} ms, p95 {p95:.1f} ms (goal p95 <= 50 ms)")
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        self.say("peak memory of this process", f"{peak:.0f} MB")

    def _full(self, repeat: int):
        """The raw SQL floor and the full roll-up, alternated so neither
        profits alone from a warm cache; the median of each."""
        floors, rollups = [], []
        for _ in range(repeat):
            started = time.perf_counter()
            with connection.cursor() as cursor:
                cursor.execute(FLOOR_SQL)
                floor_rows = len(cursor.fetchall())
            floors.append(time.perf_counter() - started)
            started = time.perf_counter()
            figures = full_rollup()
            rollups.append(time.perf_counter() - started)
        return statistics.median(floors), floor_rows, statistics.median(rollups), len(figures)

    def _reads(self, indicator_ids: list[int], reads: int) -> tuple[list[float], list[float]]:
        """Change one value, commit, then read; check the change shows."""
        rng = random.Random(7)  # noqa: S311 - a benchmark, not a secret
        root = Unit.objects.get(code=ROOT_CODE)
        provinces = list(Unit.objects.filter(parent=root))
        leaves: dict[int, list[int]] = {}
        for province in provinces:
            units = Unit.objects.filter(path__startswith=province.path, children__isnull=True)
            leaves[province.pk] = list(units.values_list("pk", flat=True))
        indicators = {i.pk: i for i in Indicator.objects.filter(pk__in=indicator_ids)}
        periods = period_codes(len(DataValue.objects.values("period").distinct()))
        national, children = [], []
        for _ in range(reads):
            indicator = indicators[rng.choice(indicator_ids)]
            period = rng.choice(periods)
            province = rng.choice(provinces)
            leaf = rng.choice(leaves[province.pk])
            value = DataValue.objects.get(indicator=indicator, unit_id=leaf, period=period)
            before = subtree_sums([indicator], root, [period])[(indicator.pk, period)].total
            with transaction.atomic():
                DataValue.objects.filter(pk=value.pk).update(value=value.value + 1, version=value.version + 1)
            started = time.perf_counter()
            after = subtree_sums([indicator], root, [period])[(indicator.pk, period)].total
            national.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            by_child = children_sums([indicator], province, [period])
            children.append((time.perf_counter() - started) * 1000)
            if Decimal(after) != Decimal(before) + 1 or not by_child:
                raise CommandError(f"the changed value did not show at once: {before} -> {after}")
        return national, children
