"""Benchmark: the draft check on the test corpus (steerco/drafts/tests/corpus),
against the Hanoi demo. Loads the demo into a throw-away SQLite database
(unless STEERCO_DATA_DIR points at one that has it), checks each draft
(TXT, DOCX, PDF) and prints, over the whole corpus:

- extraction: the figures found against the figures the corpus lists;
- matching: the share of figures linked to the indicator the corpus names;
- verdicts: the share of figures with the verdict the corpus expects;
- problems (differs, inconsistent, stale): precision and recall against the
  planted errors;
- the time per draft (wall and CPU, with the load average: the machine may
  be shared).

Run: make bench-drafts   (part of make bench; docs/performance.md)
Fails (exit 1) when a planted error is missed or a correct figure flagged.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    data_dir = os.environ.get("STEERCO_DATA_DIR") or tempfile.mkdtemp(prefix="steerco-bench-")
    os.environ["STEERCO_DATA_DIR"] = data_dir
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "steerco.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    from steerco.demo.loader import PROGRAMME_CODE, load_demo
    from steerco.drafts.core.check import PROBLEMS
    from steerco.drafts.services import run
    from steerco.drafts.tests.corpus import build
    from steerco.lib.periods import Period
    from steerco.programmes.models import Programme
    from steerco.units.models import Unit

    call_command("migrate", interactive=False, verbosity=0)
    load_demo(progress=lambda _msg: None)
    programme = Programme.objects.get(code=PROGRAMME_CODE)
    from django.urls import reverse

    reverse("home")  # load the URLconf once, as a running site has (the figures link to the dashboard)

    totals = {"expected": 0, "found": 0, "aligned": 0, "indicator_named": 0, "indicator_right": 0, "verdict_right": 0}
    tp = fp = fn = 0
    print(f"Draft check on the test corpus, Programme {PROGRAMME_CODE}; {os.cpu_count()} CPUs")
    print(f"  {'draft':<28} {'figures':>7} {'found':>5} {'planted':>7} {'flagged':>7} {'wall':>7} {'CPU':>7}")
    for case in build.cases():
        name, content = build.content(case)
        unit = Unit.objects.get(code=case["unit"])
        wall, cpu = time.perf_counter(), time.process_time()
        checked = run(programme, unit, Period.parse(case["period"]), name, content)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        result = build.evaluate(case, checked.report)
        tp, fp, fn = tp + result["tp"], fp + result["fp"], fn + result["fn"]
        totals["expected"] += len(case["figures"])
        totals["found"] += len(checked.report.results)
        for want, got in result["rows"]:
            if want is None or got is None or want["text"] != got.figure.text:
                continue
            totals["aligned"] += 1
            totals["verdict_right"] += want["verdict"] == got.verdict.value
            if "indicator" in want:
                totals["indicator_named"] += 1
                totals["indicator_right"] += bool(got.record and got.record.indicator == want["indicator"])
        planted = sum("planted" in f for f in case["figures"])
        flagged = sum(r.verdict in PROBLEMS for r in checked.report.results)
        print(
            f"  {name:<28} {len(case['figures']):>7} {len(checked.report.results):>5} {planted:>7} {flagged:>7}"
            f" {wall:6.2f}s {cpu:6.2f}s"
        )

    def share(a: int, b: int) -> str:
        return f"{100 * a / b:.1f} % ({a}/{b})" if b else "–"

    print(f"extraction: recall {share(totals['aligned'], totals['expected'])}, "
          f"precision {share(totals['aligned'], totals['found'])}")  # fmt: skip
    print(f"matching: right indicator {share(totals['indicator_right'], totals['indicator_named'])}")
    print(f"verdicts: as expected {share(totals['verdict_right'], totals['aligned'])}")
    print(f"problems: precision {share(tp, tp + fp)}, recall {share(tp, tp + fn)}")
    print(f"load average {os.getloadavg()[0]:.1f}")
    return 0 if fp == 0 and fn == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
