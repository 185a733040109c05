"""After the load run: nothing lost. Every write the server acknowledged to a
simulated writer, and every import job an uploader saw finish, must be in
the database (docs/performance.md, "Load").

Usage: bench/verify_load.py PLAN.json EXPECT.json  (exit 1 on any loss)
"""

import json
import os
import sys
import time
from decimal import Decimal

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "steerco.settings")

import django

django.setup()

from steerco.indicators.models import DataValue, Source  # noqa: E402
from steerco.jobs.models import Job, JobStatus  # noqa: E402


def wait_for_jobs(seconds: int = 120) -> None:
    """Let the worker finish the imports still queued when the clock stopped."""
    for _ in range(seconds):
        if not Job.objects.filter(finished_at=None).exists():
            return
        time.sleep(1)


def main(plan_path: str, expect_path: str) -> int:
    wait_for_jobs()
    plan = json.load(open(plan_path))  # noqa: SIM115
    expect = json.load(open(expect_path))  # noqa: SIM115
    values = {
        f"{v.unit.code}|{v.indicator.code}": v
        for v in DataValue.objects.filter(
            indicator__programme__code=plan["programme"], period=plan["period"]
        ).select_related("unit", "indicator")
    }
    problems = []

    writes = in_flight = 0
    for key, want in expect["writes"].items():
        writes += want["writes"]
        value = values.get(key)
        if value is None:
            if want["writes"]:
                problems.append(f"{key}: {want['writes']} acknowledged writes, no value in the database")
            continue
        expected = [(Decimal(want.get("value", 0)), want.get("version", 0), want["writes"])]
        if "pending" in want:  # in flight when the run stopped: saved or not, both are fine
            expected.append((Decimal(want["pending"]), want.get("version", 0) + 1, want["writes"] + 1))
        found = (value.value, value.version, value.history.filter(source=Source.API).count())
        if found not in expected:
            problems.append(f"{key}: expected (value, version, history rows) in {expected}, found {found}")
        elif found != expected[0]:
            in_flight += 1

    jobs = Job.objects.filter(pk__in=expect["jobs"])
    done = jobs.filter(status=JobStatus.DONE).count()
    if done != len(expect["jobs"]):
        problems.append(f"{len(expect['jobs'])} imports seen done, {done} done in the database")
    for key, want in expect["imports"].items():
        value = values.get(key)
        if value is None or value.value != Decimal(want):
            problems.append(f"{key}: imported {want}, found {value.value if value else 'nothing'}")
    failed = Job.objects.exclude(status=JobStatus.DONE).count()
    if failed:
        problems.append(f"{failed} job(s) not done at the end of the run")

    print(
        f"nothing lost: {writes} acknowledged entries by {len(expect['writes'])} writers of one subtree, "
        f"{len(expect['jobs'])} imports ({len(expect['imports'])} values) checked against the database"
        + (f" ({in_flight} write(s) in flight at the stop, saved)" if in_flight else "")
        if not problems
        else "LOST OR WRONG:\n  " + "\n  ".join(problems[:50])
    )
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
