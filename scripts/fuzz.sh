#!/usr/bin/env bash
# The long property-test run of the domain parsers (src/domain/proptests.rs): every property with
# PROPTEST_CASES cases (default 100,000), built optimised as the small fuzz/ crate, which compiles
# src/domain alone (about a minute from nothing, instead of ~10 for a release build of the app).
# Prints one line per property (cases, accepted inputs, 0 failures, time) and a total.
# A failure is shrunk, saved in proptest-regressions/domain.txt (commit it) and fails the script.
# Usage: scripts/fuzz.sh [cases]        e.g. scripts/fuzz.sh 1000000
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
export PROPTEST_CASES="${1:-${PROPTEST_CASES:-100000}}"

log="$(mktemp)"
trap 'rm -f "$log"' EXIT
started=$(date +%s)
echo "== building the domain alone, optimised (cargo test --release -p domain-fuzz)" >&2
cargo test --release -p domain-fuzz --lib --no-run
built=$(date +%s)
echo "== ${PROPTEST_CASES} cases per property" >&2
status=0
cargo test --release -p domain-fuzz --lib proptest -- --nocapture 2>&1 | tee "$log" || status=$?
finished=$(date +%s)

echo
echo "== summary"
grep '^property ' "$log" | sed 's/^property /  /' | sort || true
properties=$(grep -c '^property .*0 failures' "$log" || true)
cases=$(grep -o '^property .*: [0-9]* cases' "$log" | grep -o '[0-9]* cases$' | awk '{s += $1} END {print s + 0}')
failed=$(grep -c 'property .* failed' "$log" || true)
echo "properties passed: $properties, failed: $failed, cases run: $cases"
echo "build: $((built - started)) s, run: $((finished - built)) s"
exit "$status"
