"""Findings benchmark: how long the roll-up page, the exception list and
the PAR-index pages and endpoints take with the Hanoi demo, logged in as
the demo secretariat. Not a test: it prints p50/p95 per request
(docs/performance.md, section "Findings").

    .venv/bin/python bench/findings.py [--runs 40] [--findings 0]

``--findings N`` adds N findings spread over the grassroots organisations
(mixed statuses, deadlines and PAR criteria) to see how the pages scale.
Uses DATABASE_URL when set (PostgreSQL), else a fresh SQLite database in a
temporary data directory. Requests go through Django's test client
(server time, no network).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "steerco.settings")
if not os.environ.get("DATABASE_URL"):
    os.environ["STEERCO_DATA_DIR"] = tempfile.mkdtemp(prefix="steerco-bench-findings-")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from bench.pages import HEADER, time_request  # noqa: E402
from steerco.demo.loader import load_demo  # noqa: E402

INDEX = "CSCCHC-HUYEN"
HBT = {"unit": "QU-HAIBATRUNG", "year": 2022}


def requests() -> list[tuple[str, str, str, dict]]:
    """(name, method, path, data); the POST re-saves Hai Bà Trưng's 2022
    scores unchanged (validates all, writes nothing, follows up)."""
    from steerco.findings.models import ParScore

    scores = ParScore.objects.filter(unit__code=HBT["unit"], year=HBT["year"])
    resave = {**HBT, **{f"s-{s.sub_criterion_id}": f"{s.score}" for s in scores}}
    scores_path = f"/findings/par/index/{INDEX}/scores/"
    return [
        ("roll-up: city, 2023-H1", "get", "/findings/summary/", {"unit": "TU-HN", "period": "2023-H1"}),
        ("roll-up: Hai Bà Trưng", "get", "/findings/summary/", {"unit": "QU-HAIBATRUNG", "period": "2023-H1"}),
        ("exception list", "get", "/findings/exceptions/", {}),
        ("findings list", "get", "/findings/", {}),
        ("PAR indexes", "get", "/findings/par/", {}),
        ("PAR structure", "get", f"/findings/par/index/{INDEX}/", {}),
        ("PAR scores page", "get", scores_path, HBT),
        ("PAR scores save (same)", "post", scores_path, resave),
        ("API par-indexes", "get", "/api/par-indexes/", {}),
        ("API par-scores (HBT)", "get", "/api/par-scores/", {**HBT, "index": INDEX}),
    ]


def add_findings(count: int) -> None:
    """``count`` findings over the grassroots organisations: a quarter
    still open, a quarter in progress, a quarter remediated, a quarter
    verified; deadlines spread over 2023 so that some are overdue."""
    from datetime import date, timedelta

    from steerco.findings.models import DONE, Finding, FindingSource, Status
    from steerco.units.models import Unit, UnitType

    units = list(Unit.objects.filter(type=UnitType.GRASSROOTS))
    start = date(2023, 1, 10)
    rows = []
    for i in range(count):
        status = [Status.OPEN, Status.IN_PROGRESS, Status.REMEDIATED, Status.VERIFIED][i % 4]
        identified = start + timedelta(days=i % 150)
        rows.append(
            Finding(
                owner=units[i % len(units)],
                title=f"Hạn chế tổng hợp {i}",
                source=FindingSource.SELF_ASSESSMENT,
                identified_on=identified,
                deadline=identified + timedelta(days=30 + i % 200),
                status=status,
                started_on=identified + timedelta(days=5) if status != Status.OPEN else None,
                remediated_on=identified + timedelta(days=20) if status in DONE else None,
                verified_on=identified + timedelta(days=25) if status == Status.VERIFIED else None,
            )
        )
    Finding.objects.bulk_create(rows, batch_size=2000)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--findings", type=int, default=0, help="add N findings over the grassroots organisations")
    args = parser.parse_args()

    setup_test_environment()  # the test client may run in any ALLOWED_HOSTS
    call_command("migrate", interactive=False, verbosity=0)
    load_demo(progress=lambda _msg: None)
    if args.findings:
        add_findings(args.findings)
    from steerco.findings.models import Finding

    client = Client()
    client.force_login(get_user_model().objects.get(username="demo"))  # the login page has lock-out (axes)
    settings.DEBUG = True  # count queries
    print(f"Findings benchmark: Hanoi demo on {connection.vendor}, {Finding.objects.count():,} findings,")
    print(f"{args.runs} runs per request after 3 warm-up runs")
    print(f"load average at start: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print("wall: elapsed time; cpu: this process's CPU time (less sensitive to a busy machine)")
    print(HEADER.replace("page   ", "request"))
    for name, method, path, data in requests():
        call = getattr(client, method)
        expected = 302 if method == "post" else 200
        print(time_request(name, partial(call, path, data), expected, args.runs))
    print(f"load average at end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
