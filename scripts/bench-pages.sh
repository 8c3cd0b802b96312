#!/usr/bin/env bash
# Page-weight and Lighthouse benchmark (not a test), as a phone meets the site on a first visit:
# builds the release version with precompressed assets, serves it on a scratch SQLite database
# with the sample data, then
#   1. bytes on the wire per public page, empty cache, Pixel 7 profile (scripts/page-weight.mjs)
#   2. Lighthouse 12 mobile preset on /initiatives, a detail page, /statistics and /submit
#      (scripts/lighthouse.mjs)
# Figures go to docs/performance.md. BENCH_SKIP_BUILD=1 reuses the last release build;
# LH_RUNS (default 3) sets the Lighthouse runs per page; BENCH_NO_LIGHTHOUSE=1 skips step 2.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --bench
export PATH="$HOME/.cargo/bin:$PWD/.tools/node_modules/.bin:$PATH"
PORT="${BENCH_PORT:-3022}"

[ "${BENCH_SKIP_BUILD:-}" = 1 ] || cargo leptos build --release --precompress
work=target/bench-pages; rm -rf "$work"; mkdir -p "$work"
export DATABASE_URL="sqlite://$work/pages.db"
export LEPTOS_OUTPUT_NAME=icc-initiatives LEPTOS_SITE_ROOT=target/site LEPTOS_SITE_PKG_DIR=pkg
export LEPTOS_SITE_ADDR="127.0.0.1:$PORT" LEPTOS_HASH_FILES=true RUST_LOG=warn
target/release/icc-initiatives serve & server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done

base="http://127.0.0.1:$PORT"
echo "== bytes on the wire, first visit, empty cache (KB; goal: /initiatives ≤ 60, others ≤ 150)"
node scripts/page-weight.mjs "$base"
if [ "${BENCH_NO_LIGHTHOUSE:-}" != 1 ]; then
  detail=$(curl -fs "$base/initiatives" | grep -o 'href="/initiatives/[a-z0-9-]*"' | head -1 | sed 's/href="//; s/"//')
  echo
  echo "== Lighthouse 12, mobile preset"
  node scripts/lighthouse.mjs "$base/initiatives" "$base$detail" "$base/statistics" "$base/submit"
fi
