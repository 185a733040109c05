"""Benchmark with goals: the Excel import against openpyxl's own read-only
read of the same file (issue 21). Part of `make bench`, not of `make test`.

A throw-away SQLite database gets 5.000 grassroots organisations (under
communes and provinces, ``indicators.synth``'s tree), a programme of 20
count indicators and an open round; a 100.000-row filled-in template is
generated for them. Each step runs in a subprocess of its own, so the
ratios compare like with like (same interpreter state, Django loaded in
both):

- floor: ``load_workbook(read_only=True)`` and every row's values read;
- first import: ``import_workbook`` of the file (100.000 new values);
- unchanged: the same file again (nothing to write).

CPU is ``time.process_time()`` around the step only; peak memory is the
subprocess's peak resident set (``resource.getrusage``'s ``ru_maxrss``),
which includes Python, Django and openpyxl loaded in both.

Each step runs ``--repeat`` times (3) and its least CPU counts.

Goals: first import <= 2,0x the floor's CPU, unchanged file <= 1,3x, peak
memory <= 2x the floor's. Prints the ratios and the load average; exits 1
when a goal is missed.

    .venv/bin/python bench/import_floor.py [--units 5000] [--indicators 20]
"""

from __future__ import annotations

import argparse
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PERIOD = "2021-H1"
GOALS = {"first import": 2.0, "unchanged file": 1.3, "peak memory": 2.0}


def _django(db: Path) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{db}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "steerco.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def setup(db: Path, xlsx: Path, units: int, indicators: int) -> None:
    _django(db)
    from datetime import date

    from django.core.management import call_command
    from openpyxl import Workbook

    from steerco.collection import services
    from steerco.collection.scope import Operator
    from steerco.collection.workbook import COLUMNS, HEADER_ROW, PERIOD_LABEL, PROGRAMME_LABEL, SHEET_TITLE
    from steerco.indicators import synth
    from steerco.indicators.models import Indicator
    from steerco.programmes.models import Programme
    from steerco.units.models import Unit, UnitType

    call_command("migrate", interactive=False, verbosity=0)
    size = synth.Size(provinces=34, communes=max(34, units // 10), orgs=units, indicators=indicators, periods=1)
    # the synthetic tree and programme, without their values
    synth._create_units(size)
    synth._create_programme(size)
    programme = Programme.objects.get(code=synth.PROGRAMME_CODE)
    services.open_round(programme, PERIOD, acting_user=Operator(), deadline=date(2021, 7, 20))

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(SHEET_TITLE)
    ws.append(["BIỂU NHẬP SỐ LIỆU CHỈ TIÊU"])
    ws.append([PROGRAMME_LABEL, programme.code, programme.title_vi])
    ws.append([PERIOD_LABEL, PERIOD])
    ws.append(["Nhập số vào cột «Giá trị»."])
    ws.append([])
    assert HEADER_ROW == 6
    ws.append([title for _key, title in COLUMNS])
    inds = list(Indicator.objects.filter(programme=programme).order_by("sort_order"))
    orgs = Unit.objects.filter(type=UnitType.GRASSROOTS).order_by("sort_order").values_list("code", "name_vi")
    for n, (code, name) in enumerate(orgs):
        for i, ind in enumerate(inds):
            value = synth.value_of(n, i, 0)
            ws.append([code, name, PERIOD, ind.code, ind.name_vi, "", value, None, None, None, "", 0])
    wb.save(xlsx)


def step(name: str, db: Path, xlsx: Path) -> dict:
    _django(db)
    import resource

    from django.core.management import call_command
    from openpyxl import load_workbook

    from steerco.collection.scope import Operator
    from steerco.collection.workbook import import_workbook

    call_command("migrate", interactive=False, verbosity=0)  # a kept database made before a new migration
    data = xlsx.read_bytes()
    started = time.process_time()
    if name == "floor":
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=False, keep_links=False)
        rows = sum(1 for _row in wb.worksheets[0].iter_rows(values_only=True))
        wb.close()
        detail = f"{rows:,} rows read"
    else:
        result = import_workbook(data, acting_user=Operator(), filename="bench.xlsx")
        detail = f"{result.created:,} new, {result.updated:,} changed, {result.unchanged:,} unchanged"
    cpu = time.process_time() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # KB on Linux
    return {"cpu": cpu, "peak": peak, "detail": detail}


def run_step(name: str, db: Path, xlsx: Path) -> dict:
    out = subprocess.run(  # noqa: S603 - this script, with paths it made
        [sys.executable, __file__, "--step", name, "--db", str(db), "--xlsx", str(xlsx)],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def load() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--units", type=int, default=5000)
    parser.add_argument("--indicators", type=int, default=20)
    parser.add_argument("--step")
    parser.add_argument("--db")
    parser.add_argument("--xlsx")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keep", help="a folder to set up once and reuse (the database is restored each run)")
    parser.add_argument("--setup", action="store_true")
    args = parser.parse_args()
    if args.setup:
        setup(Path(args.db), Path(args.xlsx), args.units, args.indicators)
        return 0
    if args.step:
        print(json.dumps(step(args.step, Path(args.db), Path(args.xlsx))))
        return 0

    folder = Path(args.keep or tempfile.mkdtemp(prefix="steerco-import-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    try:
        db, fresh, xlsx = folder / "bench.sqlite3", folder / "fresh.sqlite3", folder / "file.xlsx"
        started = time.perf_counter()
        if not fresh.exists():
            size = ["--units", str(args.units), "--indicators", str(args.indicators)]
            subprocess.run(  # noqa: S603 - this script, with paths it made
                [sys.executable, __file__, "--setup", "--db", str(fresh), "--xlsx", str(xlsx), *size],
                check=True,
            )
        shutil.copy(fresh, db)
        print(
            f"{args.units:,} units x {args.indicators} indicators: {xlsx.stat().st_size / 1e6:.1f} MB workbook, "
            f"set up in {time.perf_counter() - started:.0f} s; load average {load()}"
        )
        # Each step --repeat times, its least CPU kept (other work on the
        # machine only ever adds); every first import on a fresh copy.
        runs: dict[str, list[dict]] = {"floor": [], "first import": [], "unchanged file": []}
        for _n in range(args.repeat):
            shutil.copy(fresh, db)
            runs["floor"].append(run_step("floor", db, xlsx))
            runs["first import"].append(run_step("first", db, xlsx))
            runs["unchanged file"].append(run_step("again", db, xlsx))
        cpu = {name: min(found, key=lambda r: r["cpu"]) for name, found in runs.items()}
        for name, found in runs.items():
            print(f"  {name}: CPU " + ", ".join(f"{r['cpu']:.2f}" for r in found) + " s")
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)

    floor_cpu, floor_peak = cpu["floor"]["cpu"], cpu["floor"]["peak"]
    print(f"{'step':<16} {'CPU s':>7} {'x floor':>8} {'peak MB':>8} {'x floor':>8}  detail")
    for name in ("floor", "first import", "unchanged file"):
        c = m = cpu[name]
        print(
            f"{name:<16} {c['cpu']:>7.2f} {c['cpu'] / floor_cpu:>8.2f} {m['peak'] / 1e6:>8.1f} "
            f"{m['peak'] / floor_peak:>8.2f}  {c['detail']}"
        )
    missed = []
    for name in ("first import", "unchanged file"):
        ratio = cpu[name]["cpu"] / floor_cpu
        if ratio > GOALS[name]:
            missed.append(f"{name}: CPU {ratio:.2f}x the floor (goal <= {GOALS[name]}x)")
    peak = max(cpu[name]["peak"] for name in ("first import", "unchanged file")) / floor_peak
    if peak > GOALS["peak memory"]:
        missed.append(f"peak memory {peak:.2f}x the floor's (goal <= {GOALS['peak memory']}x)")
    print(f"load average after: {load()}")
    for line in missed:
        print(f"GOAL MISSED: {line}", file=sys.stderr)
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
