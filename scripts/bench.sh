#!/usr/bin/env bash
# Performance benchmark (not a test): seeds 10,000 synthetic published initiatives into a scratch
# SQLite database, starts the release build and loads it with wrk at 64 connections:
#   1. /initiatives with two filters (country + type)   2. a detail page
# then prints the release wasm size raw, gzip and brotli. Figures go to docs/performance.md.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --bench
export PATH="$HOME/.cargo/bin:$PWD/.tools/node_modules/.bin:$PATH"
N="${BENCH_ROWS:-10000}"; DURATION="${BENCH_SECONDS:-20}"; PORT="${BENCH_PORT:-3020}"

[ "${BENCH_SKIP_BUILD:-}" = 1 ] || cargo leptos build --release --precompress
work=target/bench; rm -rf "$work"; mkdir -p "$work"
node scripts/synthetic.mjs "$N" > "$work/synthetic.json"
export DATABASE_URL="sqlite://$work/bench.db"
export LEPTOS_OUTPUT_NAME=icc-initiatives LEPTOS_SITE_ROOT=target/site LEPTOS_SITE_PKG_DIR=pkg
export LEPTOS_SITE_ADDR="127.0.0.1:$PORT" LEPTOS_HASH_FILES=true RUST_LOG=warn
target/release/icc-initiatives import "$work/synthetic.json"
target/release/icc-initiatives serve --no-sample & server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done

list="http://127.0.0.1:$PORT/initiatives?country=PL&type=housing"
slug=$(curl -fs "$list" | grep -o 'href="/initiatives/[a-z0-9-]*"' | head -1 | sed 's/href="\/initiatives\///; s/"//')
detail="http://127.0.0.1:$PORT/initiatives/$slug"
echo "rows: $N   list: $list ($(curl -fs "$list" | grep -o '<h2 id="results-h"[^>]*>[0-9]*' | sed 's/.*>//') results)"
echo "detail: $detail"

run() { # name url [wrk options]
  local out; out=$(wrk -t2 -c64 -d"${DURATION}s" --latency -H 'Accept-Encoding: br' "${@:3}" "$2")
  local rps p50 p99 non2xx sock
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1=="50%" {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  non2xx=$(awk '/Non-2xx/ {print $NF}' <<<"$out"); non2xx=${non2xx:-0}
  sock=$(awk -F'[ ,]+' '/Socket errors/ {print $4+$6+$8+$10}' <<<"$out"); sock=${sock:-0}
  printf '%-28s %10s req/s   p50 %8s   p99 %8s   errors %s\n' "$1" "$rps" "$p50" "$p99" "$((non2xx + sock))"
}
# Warm up, then measure. "cached": the same URL again and again, served from the page cache
# after the first request; "uncached": a new URL every request (page cache misses).
wrk -t2 -c16 -d3s "$list" >/dev/null
run "list, 2 filters (cached)" "$list"
run "list, 2 filters (uncached)" "$list" -s scripts/unique-urls.lua
run "detail page (cached)" "$detail"
run "detail page (uncached)" "$detail?x=1" -s scripts/unique-urls.lua

echo
for f in target/site/pkg/*.wasm; do
  raw=$(stat -c %s "$f"); gz=$(gzip -9 -c "$f" | wc -c); br=$(brotli -q 11 -c "$f" | wc -c)
  printf 'wasm %s: raw %d KB, gzip %d KB, brotli %d KB\n' "$(basename "$f")" $((raw/1024)) $((gz/1024)) $((br/1024))
done
for f in target/site/pkg/*.js target/site/pkg/*.css; do
  printf '%s: raw %d KB, brotli %d KB\n' "$(basename "$f")" $(( $(stat -c %s "$f")/1024 )) $(( $(brotli -q 11 -c "$f" | wc -c)/1024 ))
done
