#!/usr/bin/env bash
# Confirmations benchmark (issue 23; not a test), on a release build and a SQLite database (or
# PostgreSQL with --postgres, see bench-lib.sh). It prints:
#   - the reminder scan at N initiatives (default 100,000) whose confirmations are spread over
#     the last three years: `remind --dry-run` (the scan) and `remind` (every claim and queued
#     e-mail; mail is "on" towards a relay nobody runs, so messages stay queued), wall time;
#   - whether the scan holds up requests: the list page's misses while `remind` runs beside the
#     server, against the same without it;
#   - the list page on cache misses with and without the new `freshness` facet, in the same
#     run (and BEFORE_BIN's, a build of the previous release, when given);
#   - /hsds/services at 10,000 initiatives (64 connections; the API keeps no page cache).
# Usage: scripts/bench-confirmations.sh [--postgres]   env: BENCH_N (100000), DURATION (10),
#   BENCH_SKIP_BUILD=1, BEFORE_BIN=path/to/an/older/icc-initiatives
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --bench
export PATH="$HOME/.cargo/bin:$PWD/.tools/node_modules/.bin:$PATH"
source scripts/bench-lib.sh
N="${BENCH_N:-100000}"; DURATION="${DURATION:-10}"; PORT="${BENCH_PORT:-3024}"
bin=target/release/icc-initiatives
[ "${BENCH_SKIP_BUILD:-}" = 1 ] || cargo leptos build --release --precompress
work=target/bench-confirmations; rm -rf "$work"; mkdir -p "$work"
export LEPTOS_OUTPUT_NAME=icc-initiatives LEPTOS_SITE_ROOT=target/site LEPTOS_SITE_PKG_DIR=pkg
export LEPTOS_SITE_ADDR="127.0.0.1:$PORT" LEPTOS_HASH_FILES=true RUST_LOG=warn
# The API's per-client budget would answer most of a load test with 429.
export ICC_API_REQUESTS_PER_MINUTE=100000000
server=""
trap '[ -n "$server" ] && kill "$server" 2>/dev/null || true; bench_drop_db' EXIT
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN {printf "%.2f", b - a}'; }

# N synthetic initiatives, each confirmed on a day of the last three years (deterministic).
with_dates() {
  node -e '
    const f = JSON.parse(require("fs").readFileSync(0, "utf8"));
    const day = 86400000, today = Date.now();
    f.initiatives.forEach((r, i) => {
      r.confirmed_on = new Date(today - ((i * 7919) % 1095) * day).toISOString().slice(0, 10);
      if (r.status === "completed") r.status = "ongoing";
    });
    process.stdout.write(JSON.stringify(f));'
}

serve() {
  "$1" serve --no-sample 2> "$work/server.log" & server=$!
  until curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null; do
    kill -0 "$server" 2>/dev/null || { echo "the server stopped: $work/server.log" >&2; exit 1; }
    sleep 0.05
  done
}
stop() { kill "$server"; wait "$server" 2>/dev/null || true; server=""; }
list_misses() {
  local out; out=$(wrk -t1 -c1 -d"${DURATION}s" --latency -H 'Accept-Encoding: br' -s scripts/unique-urls.lua "$2")
  printf '%-44s p50 %8s   p99 %8s\n' "$1" "$(awk '$1=="50%" {print $2}' <<<"$out")" "$(awk '$1=="99%" {print $2}' <<<"$out")"
}

bench_pick_database confirmations "$@"
node scripts/synthetic.mjs "$N" | with_dates > "$work/synthetic.json"
"$bin" migrate 2>/dev/null
"$bin" import "$work/synthetic.json" 2>/dev/null
echo "== reminder scan at $N initiatives ($bench_db)"
t0=$(now); owed=$("$bin" remind --dry-run 2>/dev/null | grep -c $'\t' || true)
echo "remind --dry-run: $(since "$t0") s, $owed reminders owed"
export ICC_SMTP_URL="smtp://127.0.0.1:2" ICC_MAIL_FROM="ICC <noreply@bench.example>"
export ICC_PUBLIC_ORIGIN="http://127.0.0.1:$PORT"
t0=$(now); "$bin" remind 2>/dev/null | tail -1; echo "remind (claims and queues): $(since "$t0") s"
unset ICC_SMTP_URL ICC_MAIL_FROM ICC_PUBLIC_ORIGIN

echo "== the list on cache misses, the same run"
serve "$bin"
list="http://127.0.0.1:$PORT/initiatives?country=PL&type=housing"
list_misses "list, 2 filters" "$list"
list_misses "list, 2 filters + freshness=confirmed" "$list&freshness=confirmed"
list_misses "list, 2 filters + freshness=due,unconfirmed" "$list&freshness=due&freshness=unconfirmed"
# A second scan beside the server: requests go on (the scan reads row by row).
"$bin" remind --dry-run > /dev/null 2>&1 & scan=$!
list_misses "list, 2 filters, during a scan" "$list"
wait "$scan" || true
stop
if [ -n "${BEFORE_BIN:-}" ]; then
  serve "$BEFORE_BIN"; list_misses "list, 2 filters (BEFORE_BIN)" "$list"; stop
fi

echo "== /hsds/services at 10,000 initiatives"
bench_drop_db; bench_pick_database confirmations "$@"
node scripts/synthetic.mjs 10000 | with_dates > "$work/synthetic-10k.json"
"$bin" migrate 2>/dev/null; "$bin" import "$work/synthetic-10k.json" 2>/dev/null
serve "$bin"
bench_wrk "/hsds/services" "http://127.0.0.1:$PORT/hsds/services?per_page=20"
bench_wrk "/hsds/services?search=" "http://127.0.0.1:$PORT/hsds/services?search=school"
bench_wrk "/api/v1/initiatives (same)" "http://127.0.0.1:$PORT/api/v1/initiatives?per_page=20"
stop
