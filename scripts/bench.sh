#!/usr/bin/env bash
# Performance benchmark (not a test): seeds 10,000 synthetic published initiatives into a scratch
# SQLite database, starts the release build and loads it with wrk at 64 connections:
#   1. /initiatives with two filters (country + type)   2. a detail page
#   3. /statistics for one country (issue 21), from the page cache and on misses
#   4. (issue 20, SQLite) the detail page on misses against a hand-written axum + rusqlite page
#      of the same row (examples/one_row_reference.rs) in the same run, as a percentage
# then prints the release wasm size raw, gzip and brotli. Figures go to docs/performance.md.
# BENCH_BIN / BENCH_REFERENCE_BIN: other binaries (with BENCH_SKIP_BUILD=1, e.g. a build in
# another CARGO_TARGET_DIR).
# BENCH_LANGUAGES=3: every synthetic initiative in three languages (original + two versions).
# Usage: scripts/bench.sh [--postgres]   (--postgres: a scratch database on the machine's
#   PostgreSQL or BENCH_PG_URL; scripts/bench-cluster.sh measures three instances behind nginx)
set -euo pipefail
cd "$(dirname "$0")/.."
[ "${BENCH_NO_SETUP:-}" = 1 ] || scripts/setup.sh --bench   # BENCH_NO_SETUP=1: tools already there
export PATH="$HOME/.cargo/bin:$PWD/.tools/node_modules/.bin:$PATH"
N="${BENCH_ROWS:-10000}"; DURATION="${BENCH_SECONDS:-20}"; PORT="${BENCH_PORT:-3020}"

bin="${BENCH_BIN:-target/release/icc-initiatives}"
reference="${BENCH_REFERENCE_BIN:-target/release/examples/one_row_reference}"
if [ "${BENCH_SKIP_BUILD:-}" != 1 ]; then
  cargo leptos build --release --precompress
  cargo build --release --features ssr --example one_row_reference
fi
work=target/bench; rm -rf "$work"; mkdir -p "$work"
node scripts/synthetic.mjs "$N" "${BENCH_LANGUAGES:-1}" > "$work/synthetic.json"
source scripts/bench-lib.sh
bench_pick_database list "$@"
export LEPTOS_OUTPUT_NAME=icc-initiatives LEPTOS_SITE_ROOT=target/site LEPTOS_SITE_PKG_DIR=pkg
export LEPTOS_SITE_ADDR="127.0.0.1:$PORT" LEPTOS_HASH_FILES=true RUST_LOG=warn
"$bin" import "$work/synthetic.json"
"$bin" serve --no-sample & server=$!
ref=""
trap 'kill $server $ref 2>/dev/null || true; bench_drop_db' EXIT
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done

echo "rows: $N, languages per initiative: ${BENCH_LANGUAGES:-1}"
bench_pages "http://127.0.0.1:$PORT/initiatives?country=PL&type=housing"
if [ "$bench_db" = sqlite ] && [ -x "$reference" ]; then
  "$reference" "$work/bench.db" "127.0.0.1:$((PORT + 3))" & ref=$!
  list="http://127.0.0.1:$PORT/initiatives?country=PL&type=housing"
  slug=$(curl -fs "$list" | grep -o 'href="/initiatives/[a-z0-9-]*"' | head -1 | sed 's/href="\/initiatives\///; s/"//')
  until curl -fs "http://127.0.0.1:$((PORT + 3))/initiatives/$slug" > /dev/null; do sleep 0.1; done
  app=$(bench_wrk "detail page (uncached)" "http://127.0.0.1:$PORT/initiatives/$slug?x=1" -s scripts/unique-urls.lua)
  one=$(bench_wrk "one-row reference (uncached)" "http://127.0.0.1:$((PORT + 3))/initiatives/$slug?x=1" -s scripts/unique-urls.lua)
  printf '%s\n%s\n' "$app" "$one"
  awk -v a="$(awk '{print $1}' <<<"${app#*)}")" -v b="$(awk '{print $1}' <<<"${one#*)}")" \
    'BEGIN { if (b > 0) printf "detail misses: %.1f %% of the one-row reference\n", 100 * a / b }'
  kill "$ref"; wait "$ref" 2>/dev/null || true; ref=""
fi
bench_wrk "statistics, 1 filter (cached)" "http://127.0.0.1:$PORT/statistics?country=PL"
bench_wrk "statistics, 1 filter (uncached)" "http://127.0.0.1:$PORT/statistics?country=PL" -s scripts/unique-urls.lua
bench_wrk "statistics, all (uncached)" "http://127.0.0.1:$PORT/statistics?q=" -s scripts/unique-urls.lua

echo
for f in target/site/pkg/*.wasm; do
  raw=$(stat -c %s "$f"); gz=$(gzip -9 -c "$f" | wc -c); br=$(brotli -q 11 -c "$f" | wc -c)
  printf 'wasm %s: raw %d KB, gzip %d KB, brotli %d KB\n' "$(basename "$f")" $((raw/1024)) $((gz/1024)) $((br/1024))
done
for f in target/site/pkg/*.js target/site/pkg/*.css; do
  printf '%s: raw %d KB, brotli %d KB\n' "$(basename "$f")" $(( $(stat -c %s "$f")/1024 )) $(( $(brotli -q 11 -c "$f" | wc -c)/1024 ))
done
