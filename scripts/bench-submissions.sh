#!/usr/bin/env bash
# Benchmark (not a test) of concurrent submissions on SQLite or PostgreSQL: the release server on a fresh
# database, 32 submitters posting complete forms to the submission server function for 30 s.
# Prints submissions/s, errors by kind, the server's "database is locked" count, and a count
# check that every acknowledged submission is stored. Figures go to docs/performance.md.
# Usage: scripts/bench-submissions.sh [--postgres]   (a scratch database on the machine's
#   PostgreSQL or BENCH_PG_URL)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export PATH="$HOME/.cargo/bin:$PWD/.tools/node_modules/.bin:$PATH"
CONCURRENCY="${BENCH_SUBMITTERS:-32}"; DURATION="${BENCH_SECONDS:-30}"; PORT="${BENCH_PORT:-3021}"

[ "${BENCH_SKIP_BUILD:-}" = 1 ] || cargo leptos build --release --precompress
work=target/bench-submissions; rm -rf "$work"; mkdir -p "$work"
source scripts/bench-lib.sh
bench_pick_database submissions "$@"
export LEPTOS_OUTPUT_NAME=icc-initiatives LEPTOS_SITE_ROOT=target/site LEPTOS_SITE_PKG_DIR=pkg
export LEPTOS_SITE_ADDR="127.0.0.1:$PORT" LEPTOS_HASH_FILES=true RUST_LOG=warn
# Spam checks stay on (ticket, honeypot); each submitter is its own client with a budget
# large enough for the run, and no wait is required before sending.
export ICC_TRUST_PROXY=1 ICC_MIN_FILL_SECONDS=0 ICC_SUBMISSIONS_PER_HOUR=1000000
target/release/icc-initiatives migrate
echo "bench lilac ferry 2026 dusk" | target/release/icc-initiatives create-moderator --email bench@icc.example
target/release/icc-initiatives serve --no-sample 2> "$work/server.log" & server=$!
trap 'kill $server 2>/dev/null || true; bench_drop_db' EXIT
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done

node scripts/submissions.mjs "http://127.0.0.1:$PORT" "$CONCURRENCY" "$DURATION" bench@icc.example "bench lilac ferry 2026 dusk"
echo "server log lines with \"database is locked\": $(grep -ci 'database is locked' "$work/server.log" || true)"
