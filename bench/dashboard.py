"""Dashboard benchmark: how long the home page, the drill-down, the heat
table and the values page take with the Hanoi demo, logged in as the
secretariat. Not a test: it prints p50/p95 per page (docs/performance.md).

    .venv/bin/python bench/dashboard.py [--runs 40]

Uses DATABASE_URL when set (PostgreSQL), else a fresh SQLite database in a
temporary data directory. Requests go through Django's test client, so
the figures are server time without the network.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "steerco.settings")
if not os.environ.get("DATABASE_URL"):
    os.environ["STEERCO_DATA_DIR"] = tempfile.mkdtemp(prefix="steerco-bench-")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from steerco.demo.loader import load_demo  # noqa: E402

H1 = {"programme": "01-CTr/TU", "period": "2023-H1"}
PAGES = [
    ("home", "/", {**H1}),
    ("scorecard: district", "/", {**H1, "unit": "QU-BADINH"}),
    ("drill: city, DV_KN", "/dashboard/drill/", {**H1, "unit": "TU-HN", "indicator": "DV_KN"}),
    ("drill: district, DV_KN", "/dashboard/drill/", {**H1, "unit": "QU-BADINH", "indicator": "DV_KN"}),
    ("heat table: city", "/dashboard/heat/", {**H1, "unit": "TU-HN"}),
    ("values: city, TCCS_YEU", "/dashboard/values/", {**H1, "unit": "TU-HN", "indicator": "TCCS_YEU"}),
    ("chart: trend", "/dashboard/charts/trend.svg", {**H1, "unit": "TU-HN", "indicator": "DV_KN"}),
]


def add_grassroots(per_district: int) -> int:
    """A larger tree until `steerco synth` (issue 3) lands: ``per_district``
    grassroots organisations under each district-level and bloc committee,
    each with a value for every entered indicator in 2022-H1 and 2023-H1.
    Returns the number of values added."""
    from decimal import Decimal

    from steerco.indicators.models import DataValue, Indicator, Source, ValueStatus
    from steerco.units.models import Unit, UnitType

    parents = list(Unit.objects.filter(type__in=[UnitType.DISTRICT, UnitType.BLOC]))
    units = [
        Unit(
            code=f"{p.code}-SYN{i:05d}",
            name_vi=f"Tổ chức cơ sở đảng {i}",
            type=UnitType.GRASSROOTS,
            parent=p,
            path=f"{p.path}{p.code}-SYN{i:05d}/",
        )
        for p in parents
        for i in range(per_district)
    ]
    Unit.objects.bulk_create(units, batch_size=2000)
    units = list(Unit.objects.filter(code__contains="-SYN"))
    entered = [i for i in Indicator.objects.filter(programme__code=H1["programme"]) if i.is_entered]
    added = 0
    for period in ("2022-H1", "2023-H1"):
        batch = [
            DataValue(
                indicator=ind,
                unit=u,
                period=period,
                value=Decimal((u.pk * 7 + ind.pk) % 5),
                status=ValueStatus.APPROVED,
                source=Source.DEMO,
                synthetic=True,
            )
            for u in units
            for ind in entered
        ]
        DataValue.objects.bulk_create(batch, batch_size=5000)
        added += len(batch)
    return added


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--grassroots", type=int, default=0, help="add N grassroots organisations per district")
    args = parser.parse_args()

    setup_test_environment()  # the test client may run in any ALLOWED_HOSTS
    call_command("migrate", interactive=False, verbosity=0)
    load_demo(progress=lambda _msg: None)
    if args.grassroots:
        print(f"added {add_grassroots(args.grassroots):,} values under {args.grassroots} new units per district")
    client = Client()
    # force_login: the login throttle (django-axes) wants a request, and the
    # password hash is not what is measured here.
    client.force_login(get_user_model().objects.get(username="demo"))
    settings.DEBUG = True  # count queries
    engine = connection.vendor
    load = os.getloadavg()[0]
    print(f"Dashboard benchmark: Hanoi demo on {engine}, {args.runs} runs per page after 3 warm-up runs")
    print(f"load average at start: {load:.1f} on {os.cpu_count()} cores")
    print("wall: elapsed time; cpu: this process's CPU time (less sensitive to a busy machine)")
    print(f"{'page':<26}{'wall p50':>9}{'wall p95':>9}{'cpu p50':>9}{'cpu p95':>9}{'queries':>9}")
    for name, path, params in PAGES:
        for _ in range(3):
            assert client.get(path, params).status_code == 200, name
        wall, cpu = [], []
        for _ in range(args.runs):
            reset_queries()
            start, start_cpu = time.perf_counter(), time.process_time()
            response = client.get(path, params)
            wall.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - start_cpu) * 1000)
            assert response.status_code == 200
        queries = len(connection.queries)
        figures = [statistics.median(wall), percentile(wall, 0.95), statistics.median(cpu), percentile(cpu, 0.95)]
        print(f"{name:<26}" + "".join(f"{f:>9.0f}" for f in figures) + f"{queries:>9}")


if __name__ == "__main__":
    main()
