#!/usr/bin/env bash
# Growth benchmark (not a test): how the import, the start, the memory and the list page on
# cache misses change from 1,000 to 100,000 published initiatives, on SQLite and (when a
# PostgreSQL answers on 127.0.0.1:5432, or BENCH_PG_URL points to one) on PostgreSQL.
# For each database and size it prints: the import's wall time, the seconds until /healthz
# answers, the list page's single-request latency on cache misses (wrk, 1 connection, a new
# address every request) and the server's resident memory (VmRSS and its peak VmHWM) after
# that load; then (issue 20) the search's single-request latency on misses for a word no
# initiative holds (`q=refugee`) and one a quarter of them hold (`q=shelter`), the search's
# req/s at 64 connections on misses, and one publication through the server timed by
# `scripts/cluster-checks.mjs publish` (acknowledged; visible on the same instance's list; on
# PostgreSQL, visible on a second instance). Figures go to docs/performance.md.
# Usage: scripts/bench-growth.sh [SIZES…]     default: 1000 100000
#   BENCH_SKIP_BUILD=1  use the release binary as it is;  GROWTH_BIN=path  another binary
#   GROWTH_LANGUAGES=3  every initiative in three languages (original + two versions)
set -euo pipefail
cd "$(dirname "$0")/.."
[ "${BENCH_NO_SETUP:-}" = 1 ] || scripts/setup.sh --bench   # BENCH_NO_SETUP=1: tools already there
export PATH="$HOME/.cargo/bin:$PWD/.tools/node_modules/.bin:$PATH"
sizes=("$@"); [ ${#sizes[@]} -gt 0 ] || sizes=(1000 100000)
PORT="${BENCH_PORT:-3022}"; SECONDS_PER_RUN="${BENCH_SECONDS:-10}"
bin="${GROWTH_BIN:-target/release/icc-initiatives}"
if [ -z "${GROWTH_BIN:-}" ] && [ "${BENCH_SKIP_BUILD:-}" != 1 ]; then
  cargo leptos build --release --precompress
fi
work="${CARGO_TARGET_DIR:-target}/bench-growth"; rm -rf "$work"; mkdir -p "$work"
export LEPTOS_OUTPUT_NAME=icc-initiatives LEPTOS_SITE_ROOT=target/site LEPTOS_SITE_PKG_DIR=pkg
export LEPTOS_SITE_ADDR="127.0.0.1:$PORT" RUST_LOG=warn
if [ -f "$(dirname "$bin")/hash.txt" ]; then export LEPTOS_HASH_FILES=true; else export LEPTOS_HASH_FILES=false; fi

pg_admin="${BENCH_PG_URL:-}"
if [ -z "$pg_admin" ] && (exec 3<>/dev/tcp/127.0.0.1/5432) 2>/dev/null; then
  pg_admin="postgres://postgres@127.0.0.1:5432/postgres"
fi
databases=(sqlite); [ -n "$pg_admin" ] && databases+=(postgres)
# GROWTH_DATABASES="sqlite": only these.
[ -n "${GROWTH_DATABASES:-}" ] && read -r -a databases <<<"$GROWTH_DATABASES"
[ -n "$pg_admin" ] || echo "!!! no PostgreSQL: only SQLite is measured" >&2

server=""
trap '[ -n "$server" ] && kill "$server" 2>/dev/null || true' EXIT
now() { date +%s.%N; }

printf '%-9s %8s %10s %8s %12s %12s %10s %10s\n' database rows import start "list p50" "list p99" "RSS MB" "peak MB"
search_lines=()
wrk_p50() { awk '$1=="50%" {print $2}' <<<"$1"; }
wrk_p99() { awk '$1=="99%" {print $2}' <<<"$1"; }
wrk_rps() { awk '/Requests\/sec/ {printf "%.0f", $2}' <<<"$1"; }
moderator=moderator@bench.example; passphrase="a long passphrase for the growth benchmark"
for n in "${sizes[@]}"; do
  node scripts/synthetic.mjs "$n" "${GROWTH_LANGUAGES:-1}" > "$work/synthetic-$n.json"
  for database in "${databases[@]}"; do
    if [ "$database" = sqlite ]; then
      export DATABASE_URL="sqlite://$work/growth-$n.db"
    else
      name="icc_bench_growth_$n"
      psql -q "$pg_admin" -c "DROP DATABASE IF EXISTS $name WITH (FORCE)" -c "CREATE DATABASE $name" >/dev/null
      export DATABASE_URL="${pg_admin%/*}/$name"
    fi
    "$bin" migrate 2>/dev/null
    t0=$(now); "$bin" import "$work/synthetic-$n.json" 2>/dev/null; t1=$(now)
    import=$(awk -v a="$t0" -v b="$t1" 'BEGIN {print b - a}')
    t0=$(now)
    printf '%s\n' "$passphrase" | "$bin" create-moderator --email "$moderator" > /dev/null 2>&1
    export ICC_MIN_FILL_SECONDS=0 ICC_PUBLIC_ORIGIN="http://127.0.0.1:$PORT"
    "$bin" serve --no-sample 2> "$work/server-$database-$n.log" & server=$!
    until curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null; do
      kill -0 "$server" 2>/dev/null || { echo "the server stopped: $work/server-$database-$n.log" >&2; exit 1; }
      sleep 0.05
    done
    start=$(awk -v a="$t0" -v b="$(now)" 'BEGIN {print b - a}')
    list="http://127.0.0.1:$PORT/initiatives?country=PL&type=housing"
    out=$(wrk -t1 -c1 -d"${SECONDS_PER_RUN}s" --latency -H 'Accept-Encoding: br' -s scripts/unique-urls.lua "$list")
    p50=$(awk '$1=="50%" {print $2}' <<<"$out"); p99=$(awk '$1=="99%" {print $2}' <<<"$out")
    rss=$(awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$server/status")
    hwm=$(awk '/VmHWM/ {printf "%.0f", $2/1024}' "/proc/$server/status")
    printf '%-9s %8s %9.1fs %7.1fs %12s %12s %10s %10s\n' "$database" "$n" "$import" "$start" "$p50" "$p99" "$rss" "$hwm"
    # The search on misses: one connection, then 64.
    base="http://127.0.0.1:$PORT/initiatives"
    none=$(wrk -t1 -c1 -d"${SECONDS_PER_RUN}s" --latency -H 'Accept-Encoding: br' -s scripts/unique-urls.lua "$base?q=refugee")
    some=$(wrk -t1 -c1 -d"${SECONDS_PER_RUN}s" --latency -H 'Accept-Encoding: br' -s scripts/unique-urls.lua "$base?q=shelter")
    many=$(wrk -t2 -c64 -d"${SECONDS_PER_RUN}s" --latency -H 'Accept-Encoding: br' -s scripts/unique-urls.lua "$base?q=refugee")
    many_some=$(wrk -t2 -c64 -d"${SECONDS_PER_RUN}s" --latency -H 'Accept-Encoding: br' -s scripts/unique-urls.lua "$base?q=shelter")
    # One publication, timed; on PostgreSQL a second instance shows when another instance sees it.
    other=""; instances="http://127.0.0.1:$PORT"
    if [ "$database" = postgres ]; then
      LEPTOS_SITE_ADDR="127.0.0.1:$((PORT + 1))" "$bin" serve --no-sample 2> "$work/server-2-$database-$n.log" & other=$!
      until curl -fs "http://127.0.0.1:$((PORT + 1))/healthz" >/dev/null; do sleep 0.05; done
      instances="$instances http://127.0.0.1:$((PORT + 1))"
    fi
    publish=$(CLUSTER_URL="http://127.0.0.1:$PORT" CLUSTER_INSTANCE_URLS="$instances" \
      node scripts/cluster-checks.mjs publish "$moderator" "$passphrase" 2>&1 || true)
    [ -n "$other" ] && { kill "$other"; wait "$other" 2>/dev/null || true; }
    ack=$(awk '/publish acknowledged/ {print $3}' <<<"$publish")
    here=$(awk '/visible here/ {print $3}' <<<"$publish")
    there=$(awk '/visible on another/ {print $5}' <<<"$publish")
    grep -q FAILED <<<"$publish" && echo "$publish" >&2
    search_lines+=("$(printf '%-9s %8s %10s %10s %10s %10s %12s %12s %8s %8s %8s' "$database" "$n" \
      "$(wrk_p50 "$none")" "$(wrk_p99 "$none")" "$(wrk_p50 "$some")" "$(wrk_p99 "$some")" \
      "$(wrk_rps "$many")" "$(wrk_rps "$many_some")" "${ack:--}" "${here:--}" "${there:--}")")
    kill "$server"; wait "$server" 2>/dev/null || true; server=""
    [ "$database" = postgres ] && psql -q "$pg_admin" -c "DROP DATABASE IF EXISTS $name WITH (FORCE)" >/dev/null
  done
done

echo
printf '%-9s %8s %10s %10s %10s %10s %12s %12s %8s %8s %8s\n' database rows "refugee" "p99" "shelter" "p99" "refugee/s" "shelter/s" "ack ms" "here ms" "other ms"
printf '%s\n' "${search_lines[@]}"
