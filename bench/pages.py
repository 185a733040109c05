"""Timing Django requests through the test client, for the page benchmarks
(bench/dashboard.py, bench/findings.py): wall and CPU time per request,
p50 and p95, and the queries of one request (settings.DEBUG on)."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

from django.db import connection, reset_queries

HEADER = f"{'page':<26}{'wall p50':>9}{'wall p95':>9}{'cpu p50':>9}{'cpu p95':>9}{'queries':>9}"


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def time_request(
    name: str,
    request: Callable[[], object],
    expected: int,
    runs: int,
    warm_up: int = 3,
    before: Callable[[], object] | None = None,
) -> str:
    """Run ``request`` ``warm_up`` times, then ``runs`` times timed (each
    after ``before()``, untimed, when given); every answer must have status
    ``expected``. Returns the row to print."""
    for _ in range(warm_up):
        assert request().status_code == expected, name
    wall, cpu = [], []
    for _ in range(runs):
        if before is not None:
            before()
        reset_queries()
        start, start_cpu = time.perf_counter(), time.process_time()
        response = request()
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
        assert response.status_code == expected, name
    queries = len(connection.queries)
    figures = [statistics.median(wall), percentile(wall, 0.95), statistics.median(cpu), percentile(cpu, 0.95)]
    return f"{name:<26}" + "".join(f"{f:>9.0f}" for f in figures) + f"{queries:>9}"
