"""Benchmark: the whole-city 2023-H1 steering report of the Hanoi demo, in
every format. Loads the demo into a throw-away SQLite database (unless
STEERCO_DATA_DIR points at one that has it), then times the report.

Run: make bench-report   (or .venv/bin/python bench/report_city.py)
Goals (issue 21: "city PDF / WeasyPrint alone on the same HTML <= 1,5x";
exits 1 when one is missed), judged twice, each floor paying what the
report pays and nothing more:
- (a) the worker's path: in a warm process (as the job worker,
  reports/jobs.py, builds reports), `build_report(..., "pdf")` (queries,
  text, charts, HTML, WeasyPrint) against WeasyPrint alone printing the
  same HTML (``HTML(string=...).write_pdf()``) in that process. The report
  runs with the process's older objects frozen for the garbage collector
  (steerco.lib.heap), so WeasyPrint alone is timed the same way;
- (b) the whole `report --format pdf` command in a fresh interpreter
  (Django's start-up, imports of matplotlib and WeasyPrint, build, render)
  against WeasyPrint alone in a fresh interpreter of its own (its import
  and font set-up counted, as the command's are);
- under 10 s of CPU per format for the whole city, on this 2-core machine;
- `steerco --help` and `steerco report --help` under 1 s of CPU each.
Also shown, not judged: the command against WeasyPrint warm (the harshest
pairing: the command pays its start-up, the floor does not).
Each line shows wall time and CPU time. The goals are judged on CPU time:
the work is single-threaded, so on an idle machine wall equals CPU, while
on a machine shared with other jobs (load average above the core count)
wall time measures the neighbours as much as the report. Every line is
run RUNS times (warm lines alternating with each other, so that a busy
minute of a neighbour hits all of them) and its least CPU kept.
Nothing is kept between runs: each builds its document, draws its charts
and prints its PDF anew.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BUDGET_S = 10.0
# The city PDF against WeasyPrint's own rendering of the same HTML, in CPU
# (issue 21), judged for the worker's path (a) and the whole command (b).
RATIO_GOAL = 1.5  # (a) and (b) alike
START_GOAL_S = 1.0  # `steerco --help`, `steerco report --help`
RUNS = int(os.environ.get("BENCH_RUNS", "3"))
COMMAND = "`steerco report --format pdf`, whole command"
WARM_PDF = "pdf, build + render"  # as timed below
WEASYPRINT = "WeasyPrint alone, same HTML, warm"
WEASYPRINT_FRESH = "WeasyPrint alone, same HTML, fresh interpreter"
HELP = ("`steerco --help`", "`steerco report --help`")
ROOT = Path(__file__).resolve().parents[1]
WEASYPRINT_SCRIPT = (
    "import sys; from weasyprint import HTML; HTML(string=open(sys.argv[1], encoding='utf-8').read()).write_pdf()"
)


def child_cpu(argv: list[str]) -> tuple[float, float]:
    """Wall and CPU (user + system) of one child process, the least CPU of RUNS."""
    best = (0.0, float("inf"))
    for _ in range(RUNS):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        wall = time.perf_counter()
        subprocess.run(argv, check=True, env=os.environ, capture_output=True, cwd=ROOT)  # noqa: S603 - fixed arguments
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
        if cpu < best[1]:
            best = (time.perf_counter() - wall, cpu)
    return best


def main() -> int:
    data_dir = os.environ.get("STEERCO_DATA_DIR") or tempfile.mkdtemp(prefix="steerco-bench-")
    os.environ["STEERCO_DATA_DIR"] = data_dir
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "steerco.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    from steerco.demo.loader import PROGRAMME_CODE, load_demo
    from steerco.programmes.models import Programme
    from steerco.reports.builder import build_document, build_report, render

    call_command("migrate", interactive=False, verbosity=0)
    load_demo(progress=lambda _msg: None)
    programme = Programme.objects.get(code=PROGRAMME_CODE)

    from steerco.lib.heap import heap_frozen

    results: list[tuple[str, float, float]] = []
    load_before = os.getloadavg()[0]

    def timed(name, fn):
        """Keeps the least CPU of the runs of ``name``."""
        wall, cpu = time.perf_counter(), time.process_time()
        out = fn()
        run = (name, time.perf_counter() - wall, time.process_time() - cpu)
        for i, (seen, _, seen_cpu) in enumerate(results):
            if seen == name:
                if run[2] < seen_cpu:
                    results[i] = run
                return out
        results.append(run)
        return out

    def weasyprint_alone(page):
        with heap_frozen():  # as build_report runs
            return HTML(string=page).write_pdf()

    from django.utils import translation
    from weasyprint import HTML

    from steerco.reports.render.html import html_string

    timed("pdf, first in the process (imports, font cache)", lambda: build_report(programme, "2023-H1", "pdf"))
    document = build_document(programme, "2023-H1")
    with translation.override(document.language):
        page = html_string(document, links=False)
    for _ in range(RUNS):
        for fmt in ("pdf", "docx", "xlsx", "html"):
            timed(f"{fmt}, build + render", lambda fmt=fmt: build_report(programme, "2023-H1", fmt))
            if fmt == "pdf":
                # The floor of (a), right after the report, under the same load.
                timed(WEASYPRINT, lambda: weasyprint_alone(page))
        timed("build only (queries, text; charts drawn at render)", lambda: build_document(programme, "2023-H1"))
        for fmt in ("docx", "pdf"):
            fresh = build_document(programme, "2023-H1")  # its charts not drawn yet
            timed(f"{fmt}, render only (draws the charts)", lambda fmt=fmt, fresh=fresh: render(fresh, fmt))

    html_file = Path(data_dir) / "bench-report.html"
    html_file.write_text(page, encoding="utf-8")
    wall, cpu = child_cpu([sys.executable, "-c", WEASYPRINT_SCRIPT, str(html_file)])
    results.append((WEASYPRINT_FRESH, wall, cpu))

    out = Path(data_dir) / "bench-report.pdf"
    manage = [sys.executable, str(ROOT / "manage.py")]
    wall, cpu = child_cpu(
        [*manage, "report", "--programme", PROGRAMME_CODE, "--period", "2023-H1", "--format", "pdf", "-o", str(out)]
    )
    results.append((COMMAND, wall, cpu))
    for name, argv in zip(HELP, (["--help"], ["report", "--help"]), strict=True):
        wall, cpu = child_cpu([*manage, *argv])
        results.append((name, wall, cpu))

    width = max(len(name) for name, _, _ in results)
    load = os.getloadavg()[0]
    print(
        f"City report, Programme {PROGRAMME_CODE}, 2023-H1; {os.cpu_count()} CPUs, "
        f"load average {load_before:.1f} at the start, {load:.1f} at the end; least CPU of {RUNS} runs per process"
    )
    print(f"  {'':<{width}}  {'wall':>7}  {'CPU':>7}")
    for name, wall_s, cpu_s in results:
        print(f"  {name:<{width}}  {wall_s:6.2f}s  {cpu_s:6.2f}s")
    worst = max(cpu_s for _, _, cpu_s in results)
    verdict = "within" if worst < BUDGET_S else "OVER"
    print(f"slowest {worst:.2f} s of CPU: {verdict} the {BUDGET_S:.0f} s budget")
    cpu = {name: cpu_s for name, _, cpu_s in results}
    judged = (
        ("(a) worker: pdf build + render / WeasyPrint alone, both warm", cpu[WARM_PDF] / cpu[WEASYPRINT]),
        ("(b) whole command / WeasyPrint alone, both in a fresh interpreter", cpu[COMMAND] / cpu[WEASYPRINT_FRESH]),
    )
    met = True
    for label, ratio in judged:
        within = ratio <= RATIO_GOAL
        met = met and within
        print(f"{label}: {ratio:.2f}x CPU ({'within' if within else 'GOAL MISSED:'} goal <= {RATIO_GOAL}x)")
    print(f"whole command / WeasyPrint alone warm: {cpu[COMMAND] / cpu[WEASYPRINT]:.2f}x CPU (shown, not judged)")
    started = all(cpu[name] < START_GOAL_S for name in HELP)
    slowest_start = max(cpu[name] for name in HELP)
    print(
        f"slowest start: {slowest_start:.2f} s of CPU "
        f"({'within' if started else 'GOAL MISSED:'} goal < {START_GOAL_S:.0f} s)"
    )
    return 0 if worst < BUDGET_S and met and started else 1


if __name__ == "__main__":
    sys.exit(main())
