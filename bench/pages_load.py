"""Benchmark with goals: the home page and the drill-down under 20
concurrent clients, against the login page on the same server (issue 21).
Part of `make bench`, not of `make test`.

A fresh Hanoi demo database in a temporary data directory; ``manage.py
serve`` (gunicorn, DEBUG off, 5 gthread workers x 4 threads) on 127.0.0.1;
a signed-in session of the demo secretariat made beforehand (so no password
hash is timed). For each page in turn, CLIENTS threads request it over
keep-alive connections for DURATION seconds. Per page: requests, p50 and
p95 latency, and the server's CPU per request (the gunicorn processes' user
+ system time from /proc, before and after, over the requests answered).

Goal: home and drill-down p95 <= 3x the login page's p95. Prints the
ratios and the load average; exits 1 when a goal is missed.

    .venv/bin/python bench/pages_load.py [--clients 20] [--duration 20]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
H1 = {"programme": "01-CTr/TU", "period": "2023-H1"}
PAGES = [
    ("login", "/accounts/login/", {}, False),
    ("home: city", "/", H1, True),
    ("drill: city, DV_KN", "/dashboard/drill/", {**H1, "unit": "TU-HN", "indicator": "DV_KN"}, True),
]
GOAL = 3.0


def load() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def tree_cpu(pid: int) -> float:
    """User + system seconds of ``pid`` and its live children (gunicorn's
    workers)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    pids = [pid]
    children = Path(f"/proc/{pid}/task/{pid}/children")
    if children.exists():
        pids += [int(p) for p in children.read_text().split()]
    for p in pids:
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        except FileNotFoundError:
            continue
        total += (int(fields[11]) + int(fields[12])) / tick  # utime, stime
    return total


def session_key(env: dict) -> str:
    code = (
        "import django, json; django.setup()\n"
        "from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model\n"
        "from django.contrib.sessions.backends.db import SessionStore\n"
        "u = get_user_model().objects.get(username='demo')\n"
        "s = SessionStore()\n"
        "s[SESSION_KEY] = str(u.pk)\n"
        "s[BACKEND_SESSION_KEY] = 'django.contrib.auth.backends.ModelBackend'\n"
        "s[HASH_SESSION_KEY] = u.get_session_auth_hash()\n"
        "s.create()\n"
        "print(json.dumps(s.session_key))\n"
    )
    out = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", code], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def hammer(port: int, path: str, cookie: str | None, clients: int, duration: float) -> tuple[list[float], int]:
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop = time.monotonic() + duration

    def client():
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        headers = {"Cookie": f"sessionid={cookie}"} if cookie else {}
        mine = []
        while time.monotonic() < stop:
            started = time.perf_counter()
            try:
                conn.request("GET", path, headers=headers)
                response = conn.getresponse()
                response.read()
                ok = response.status == 200
            except (OSError, http.client.HTTPException):
                ok = False
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            mine.append(time.perf_counter() - started)
            if not ok:
                with lock:
                    errors[0] += 1
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return latencies, errors[0]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--duration", type=float, default=20)
    parser.add_argument("--port", type=int, default=int(os.environ.get("BENCH_PORT", "8091")))
    parser.add_argument("--workers", type=int, default=5)
    args = parser.parse_args()

    data = tempfile.mkdtemp(prefix="steerco-pages-bench-")
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(
        STEERCO_DATA_DIR=data, STEERCO_DEBUG="0", STEERCO_LOG_LEVEL="ERROR", DJANGO_SETTINGS_MODULE="steerco.settings"
    )
    manage = [sys.executable, str(ROOT / "manage.py")]
    print(f"Building the demo database in {data} ...", flush=True)
    subprocess.run([*manage, "demo", "--no-serve"], cwd=ROOT, env=env, check=True, capture_output=True)  # noqa: S603
    cookie = session_key(env)
    bind = f"127.0.0.1:{args.port}"
    server = subprocess.Popen(  # noqa: S603 - our own manage.py
        [*manage, "serve", "--bind", bind, "--workers", str(args.workers), "--threads", "4"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    results = {}
    try:
        for _ in range(120):
            try:
                conn = http.client.HTTPConnection("127.0.0.1", args.port, timeout=5)
                conn.request("GET", "/accounts/login/")
                if conn.getresponse().status == 200:
                    break
            except OSError:
                time.sleep(1)
        print(f"{args.clients} clients, {args.duration:.0f} s per page; load average {load()}", flush=True)
        for name, path, params, signed_in in PAGES:
            url = f"{path}?{urlencode(params)}" if params else path
            hammer(args.port, url, cookie if signed_in else None, 2, 3)  # warm every worker's caches
            cpu_before = tree_cpu(server.pid)
            latencies, errors = hammer(args.port, url, cookie if signed_in else None, args.clients, args.duration)
            cpu = tree_cpu(server.pid) - cpu_before
            results[name] = {
                "count": len(latencies),
                "errors": errors,
                "p50": statistics.median(latencies) * 1000,
                "p95": percentile(latencies, 0.95) * 1000,
                "cpu": cpu * 1000 / max(len(latencies), 1),
            }
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(f"{'page':<22}{'requests':>9}{'errors':>7}{'p50 ms':>8}{'p95 ms':>8}{'x login':>8}{'CPU ms/req':>11}")
    login = results["login"]["p95"]
    missed = []
    for name, r in results.items():
        ratio = r["p95"] / login
        print(
            f"{name:<22}{r['count']:>9}{r['errors']:>7}{r['p50']:>8.0f}{r['p95']:>8.0f}{ratio:>8.2f}{r['cpu']:>11.1f}"
        )
        if r["errors"]:
            missed.append(f"{name}: {r['errors']} failed requests")
        if name != "login" and ratio > GOAL:
            missed.append(f"{name}: p95 {ratio:.2f}x the login page's (goal <= {GOAL}x)")
    print(f"load average after: {load()}")
    for line in missed:
        print(f"GOAL MISSED: {line}", file=sys.stderr)
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
