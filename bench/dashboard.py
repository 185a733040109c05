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
from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from steerco.demo.loader import DEMO_PASSWORD, load_demo  # noqa: E402

H1 = {"programme": "01-CTr/TU", "period": "2023-H1"}
PAGES = [
    ("home", "/", {**H1}),
    ("drill: city, DV_KN", "/dashboard/drill/", {**H1, "unit": "TU-HN", "indicator": "DV_KN"}),
    ("drill: district, DV_KN", "/dashboard/drill/", {**H1, "unit": "QU-BADINH", "indicator": "DV_KN"}),
    ("heat table: city", "/dashboard/heat/", {**H1, "unit": "TU-HN"}),
    ("values: city, TCCS_YEU", "/dashboard/values/", {**H1, "unit": "TU-HN", "indicator": "TCCS_YEU"}),
    ("chart: trend", "/dashboard/charts/trend.svg", {**H1, "unit": "TU-HN", "indicator": "DV_KN"}),
]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=40)
    args = parser.parse_args()

    setup_test_environment()  # the test client may run in any ALLOWED_HOSTS
    call_command("migrate", interactive=False, verbosity=0)
    load_demo(progress=lambda _msg: None)
    client = Client()
    assert client.login(username="demo", password=DEMO_PASSWORD), "the demo login failed"
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
