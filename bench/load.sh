#!/usr/bin/env bash
# Load test on loopback: a fresh demo database, `steerco serve` (gunicorn,
# DEBUG off), then locust with USERS users for DURATION. Fails on any error.
# Usage: bench/load.sh            (SQLite)
#        DATABASE_URL=postgres://... bench/load.sh
set -euo pipefail
cd "$(dirname "$0")/.."
USERS=${USERS:-100}
DURATION=${DURATION:-2m}
PORT=${BENCH_PORT:-8090}
WORKERS=${WORKERS:-5}
BIN=.venv/bin
DATA=$(mktemp -d /tmp/steerco-bench-XXXXXX)
export STEERCO_DATA_DIR=$DATA STEERCO_DEBUG=0 STEERCO_LOG_LEVEL=ERROR

if [[ "${DATABASE_URL:-}" == postgres* ]]; then
  $BIN/steerco flush --no-input >/dev/null 2>&1 || true
fi
$BIN/steerco demo --no-serve >/dev/null
$BIN/python bench/sessions.py "$USERS" >"$DATA/sessions.txt"
export STEERCO_BENCH_SESSIONS=$DATA/sessions.txt
$BIN/steerco serve --bind "127.0.0.1:$PORT" --workers "$WORKERS" --threads 4 >"$DATA/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null' EXIT
for _ in $(seq 60); do curl -fs -o /dev/null "http://127.0.0.1:$PORT/accounts/login/" && break; sleep 1; done

$BIN/locust -f bench/locustfile.py --headless -u "$USERS" -r "${SPAWN_RATE:-10}" -t "$DURATION" \
  --host "http://127.0.0.1:$PORT" --csv "$DATA/load" --only-summary --stop-timeout 10 >"$DATA/locust.log" 2>&1 || true

$BIN/python - "$DATA/load_stats.csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
print(f"{'request':28} {'count':>7} {'fail':>5} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'req/s':>7}")
for r in rows:
    print(f"{r['Name']:28} {r['Request Count']:>7} {r['Failure Count']:>5} {r['50%']:>7} {r['95%']:>7} {r['99%']:>7} {float(r['Requests/s']):7.1f}")
total = next(r for r in rows if r["Name"] == "Aggregated")
sys.exit(1 if int(total["Failure Count"]) else 0)
PY
