#!/usr/bin/env bash
# Benchmark (not a test) of three release instances on one PostgreSQL behind nginx
# (scripts/cluster.sh): 10,000 synthetic published initiatives, then wrk at 64 connections
# through nginx on the list with two filters and on a detail page, each on cache misses (a new
# address every request) and cached. Compare with `scripts/bench.sh --postgres` (one instance,
# no proxy). Figures go to docs/performance.md.
# Usage: scripts/bench-cluster.sh     BENCH_SKIP_BUILD=1: the release binary as it is
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" != --inside ]; then
  scripts/setup.sh --test --bench
  export PATH="$HOME/.cargo/bin:$PWD/.tools/node_modules/.bin:$PATH"
  [ "${BENCH_SKIP_BUILD:-}" = 1 ] || cargo leptos build --release --precompress
  export RUST_LOG=warn
  exec scripts/cluster.sh --release -- "$0" --inside
fi
N="${BENCH_ROWS:-10000}"; DURATION="${BENCH_SECONDS:-20}"
work=target/bench-cluster; rm -rf "$work"; mkdir -p "$work"
node scripts/synthetic.mjs "$N" > "$work/synthetic.json"
DATABASE_URL="$CLUSTER_DATABASE_URL" "$CLUSTER_BIN" import "$work/synthetic.json" 2>/dev/null
list="$CLUSTER_URL/initiatives?country=PL&type=housing"
# Every instance has heard of the import (LISTEN/NOTIFY) once each shows the results.
for u in $CLUSTER_INSTANCE_URLS; do
  until curl -fs "$u/initiatives?country=PL&type=housing" | grep -q '<h2 id="results-h"[^>]*>[1-9]'; do sleep 0.2; done
done
echo "rows: $N, instances: $CLUSTER_INSTANCES behind nginx"
source scripts/bench-lib.sh
bench_pages "$list"
