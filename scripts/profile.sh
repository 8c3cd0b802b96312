#!/usr/bin/env bash
# Profiling helper (issue 20; not a test): a CPU profile of a running server while wrk loads one
# address with page-cache misses (a new address every request), then the top symbols and the
# share of the kernel, the allocator and brotli.
# Usage: scripts/profile.sh PID URL [SECONDS]   e.g. after scripts/bench.sh's server started:
#   scripts/profile.sh "$(pgrep -n icc-initiatives)" 'http://127.0.0.1:3020/initiatives/x?a=1' 12
# PROFILE_CONNECTIONS (64 by default), PROFILE_OUT (target/profile) for perf.data and the report.
set -euo pipefail
cd "$(dirname "$0")/.."
pid="$1"; url="$2"; seconds="${3:-12}"
out="${PROFILE_OUT:-target/profile}"; mkdir -p "$out"
case "$url" in *\?*) ;; *) url="$url?profile=1" ;; esac
wrk -t2 -c"${PROFILE_CONNECTIONS:-64}" -d"$((seconds + 2))s" -H 'Accept-Encoding: br' \
  -s scripts/unique-urls.lua "$url" > "$out/wrk.txt" &
load=$!
sleep 1
perf record -F 499 -g -p "$pid" -o "$out/perf.data" -- sleep "$seconds" 2> "$out/perf-record.log"
wait "$load"
grep -E 'Requests/sec|Latency' "$out/wrk.txt"
perf report -i "$out/perf.data" --no-children --sort dso,symbol --stdio 2>/dev/null \
  | grep -E '^ +[0-9]' | head -40 | tee "$out/top.txt"
share() { awk -v p="$1" '$0 ~ p { s += $1 } END { printf "%s %.1f %%\n", name, s }' name="$2" "$out/all.txt"; }
perf report -i "$out/perf.data" --no-children --sort dso,symbol --stdio 2>/dev/null \
  | grep -E '^ +[0-9]' > "$out/all.txt"
share '\[kernel' "kernel:"
share 'mi_|malloc|free|memmove|memset|memcpy' "allocation and copying:"
share 'brotli|Brotli' "brotli:"
share 'leptos|tachys|reactive_graph' "leptos rendering:"
share 'sqlite' "sqlite:"
