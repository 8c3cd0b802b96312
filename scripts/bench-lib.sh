# Sourced by the benchmarks (scripts/bench.sh, bench-submissions.sh, bench-cluster.sh).

# bench_pick_database NAME [ARGS…]: the benchmark's database. `BENCH_DATABASE=postgres` (or the
# argument --postgres among ARGS) uses a scratch database icc_bench_NAME on the PostgreSQL of
# BENCH_PG_URL (default: the machine's server on 127.0.0.1:5432), created now; `bench_drop_db`
# drops it. Otherwise a SQLite file in $work. Sets DATABASE_URL and bench_db (sqlite|postgres).
bench_pick_database() {
  local name="$1"; shift
  bench_db="${BENCH_DATABASE:-sqlite}"
  for a in "$@"; do [ "$a" = --postgres ] && bench_db=postgres; done
  if [ "$bench_db" = postgres ]; then
    bench_pg_admin="${BENCH_PG_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
    bench_pg_name="icc_bench_$name"
    psql -q "$bench_pg_admin" -c "DROP DATABASE IF EXISTS $bench_pg_name WITH (FORCE)" \
      -c "CREATE DATABASE $bench_pg_name" > /dev/null
    export DATABASE_URL="${bench_pg_admin%/*}/$bench_pg_name"
  else
    export DATABASE_URL="sqlite://$work/bench.db"
  fi
  echo "database: $bench_db" >&2
}
bench_drop_db() {
  if [ "${bench_db:-}" = postgres ]; then
    psql -q "$bench_pg_admin" -c "DROP DATABASE IF EXISTS $bench_pg_name WITH (FORCE)" > /dev/null 2>&1 || true
  fi
}

# bench_wrk NAME URL [wrk options]: 64 connections for $DURATION seconds; one line of figures.
bench_wrk() {
  local out; out=$(wrk -t2 -c64 -d"${DURATION}s" --latency -H 'Accept-Encoding: br' "${@:3}" "$2")
  local rps p50 p99 non2xx sock
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1=="50%" {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  non2xx=$(awk '/Non-2xx/ {print $NF}' <<<"$out"); non2xx=${non2xx:-0}
  sock=$(awk -F'[ ,]+' '/Socket errors/ {print $4+$6+$8+$10}' <<<"$out"); sock=${sock:-0}
  printf '%-28s %10s req/s   p50 %8s   p99 %8s   errors %s\n' "$1" "$rps" "$p50" "$p99" "$((non2xx + sock))"
}

# bench_pages LIST_URL: the list (two filters) and its first detail page, each cached (the same
# address again and again, from the page cache after the first request) and uncached (a new
# address every request: page cache misses), after a warm-up.
bench_pages() {
  local list="$1" base slug detail
  base="${list%%/initiatives*}"
  slug=$(curl -fs "$list" | grep -o 'href="/initiatives/[a-z0-9-]*"' | head -1 | sed 's/href="\/initiatives\///; s/"//')
  detail="$base/initiatives/$slug"
  echo "list: $list ($(curl -fs "$list" | grep -o '<h2 id="results-h"[^>]*>[0-9]*' | sed 's/.*>//') results)"
  echo "detail: $detail"
  wrk -t2 -c16 -d3s "$list" > /dev/null
  bench_wrk "list, 2 filters (cached)" "$list"
  bench_wrk "list, 2 filters (uncached)" "$list" -s scripts/unique-urls.lua
  bench_wrk "detail page (cached)" "$detail"
  bench_wrk "detail page (uncached)" "$detail?x=1" -s scripts/unique-urls.lua
}
