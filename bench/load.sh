#!/usr/bin/env bash
# Load test on loopback (docs/performance.md, "Load"): a fresh demo database,
# `steerco serve` (gunicorn, DEBUG off) and `steerco worker`, then locust with
# USERS users for DURATION: WRITERS entering values through the API in one
# subtree, UPLOADERS importing Excel workbooks as background jobs, the rest
# reading the dashboard. Then bench/verify_load.py checks that nothing the
# server acknowledged was lost. Fails on any request error or any loss.
# Prints a summary and writes it (Markdown, ready to paste) to LOAD_REPORT.
# Usage: bench/load.sh            (SQLite)
#        DATABASE_URL=postgres://... bench/load.sh
set -euo pipefail
cd "$(dirname "$0")/.."
USERS=${USERS:-100}
DURATION=${DURATION:-2m}
export WRITERS=${WRITERS:-20} UPLOADERS=${UPLOADERS:-5}
PORT=${BENCH_PORT:-8090}
WORKERS=${WORKERS:-5}
REPORT=${LOAD_REPORT:-data/load-summary.md}
BIN=.venv/bin
DATA=$(mktemp -d /tmp/steerco-bench-XXXXXX)
export STEERCO_DATA_DIR=$DATA STEERCO_DEBUG=0 STEERCO_LOG_LEVEL=ERROR

if [[ "${DATABASE_URL:-}" == postgres* ]]; then
  $BIN/steerco flush --no-input >/dev/null 2>&1 || true
  DB="PostgreSQL $(psql "$DATABASE_URL" -Atc 'show server_version' 2>/dev/null || echo '?')"
else
  DB="SQLite (WAL)"
fi
echo "Building the demo database ($DB) in $DATA ..."
$BIN/steerco demo --no-serve >/dev/null
$BIN/python bench/sessions.py "$USERS" "$WRITERS" "$UPLOADERS" >"$DATA/plan.json"
export STEERCO_BENCH_PLAN=$DATA/plan.json STEERCO_BENCH_EXPECT=$DATA/expect.json
$BIN/steerco serve --bind "127.0.0.1:$PORT" --workers "$WORKERS" --threads 4 >"$DATA/server.log" 2>&1 &
SERVER=$!
$BIN/steerco worker >"$DATA/worker.log" 2>&1 &
WORKER=$!
trap 'kill $SERVER $WORKER 2>/dev/null; wait $SERVER $WORKER 2>/dev/null' EXIT
for _ in $(seq 60); do curl -fs -o /dev/null "http://127.0.0.1:$PORT/accounts/login/" && break; sleep 1; done

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
STARTED=$(date -u '+%Y-%m-%d %H:%M UTC')
echo "Running $USERS users ($WRITERS writers, $UPLOADERS uploaders, the rest readers) for $DURATION ..."
$BIN/locust -f bench/locustfile.py --headless -u "$USERS" -r "${SPAWN_RATE:-10}" -t "$DURATION" \
  --host "http://127.0.0.1:$PORT" --csv "$DATA/load" --only-summary --stop-timeout 30 >"$DATA/locust.log" 2>&1 || true
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

set +e
VERIFY=$($BIN/python bench/verify_load.py "$DATA/plan.json" "$DATA/expect.json")
VERIFIED=$?

mkdir -p "$(dirname "$REPORT")"
$BIN/python - "$DATA/load_stats.csv" "$REPORT" <<PY
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
def ms(v):
    v = float(v)
    return f"{v / 1000:.1f} s" if v >= 1000 else f"{v:.0f} ms"
lines = [
    "Load run $STARTED: $DB; $USERS users ($WRITERS writers, $UPLOADERS uploaders, the rest readers) for $DURATION;",
    "steerco serve $WORKERS gthread workers x 4 threads + 1 job worker on 127.0.0.1; $(nproc) cores;",
    "load average $LOAD_BEFORE before, $LOAD_AFTER after; commit $(git rev-parse --short HEAD 2>/dev/null || echo '?').",
    "",
    "| request | count | errors | p50 | p95 | p99 | req/s |",
    "|---|---:|---:|---:|---:|---:|---:|",
]
for r in rows:
    name = "**all requests**" if r["Name"] == "Aggregated" else f"{r['Type']} {r['Name']}"
    lines.append(
        f"| {name} | {int(r['Request Count']):,} | {r['Failure Count']} | {ms(r['50%'])} | {ms(r['95%'])} "
        f"| {ms(r['99%'])} | {float(r['Requests/s']):.1f} |"
    )
lines += ["", """$VERIFY"""]
text = "\n".join(lines) + "\n"
open(sys.argv[2], "w").write(text)
print(text)
total = next(r for r in rows if r["Name"] == "Aggregated")
sys.exit(1 if int(total["Failure Count"]) or int(total["Request Count"]) == 0 else 0)
PY
STATUS=$?
set -e
echo "Summary written to $REPORT (logs in $DATA)"
if [[ -s "$DATA/load_failures.csv" ]] && [[ $(wc -l <"$DATA/load_failures.csv") -gt 1 ]]; then
  echo "Failures:"; cat "$DATA/load_failures.csv"
fi
exit $(( STATUS || VERIFIED ))
