#!/usr/bin/env bash
# Property-based tests of the public API against its own OpenAPI document: schemathesis (PyPI)
# reads /api/v1/openapi.json from a running server and checks every operation with every check
# it has (no server errors, documented status codes, content types, headers and schemas,
# invalid input refused, valid input accepted, …), on the sample data.
# Usage: scripts/api-test.sh [SERVER_BINARY]   (default: target/debug/icc-initiatives)
#   API_TEST_EXAMPLES  examples per operation and phase (default 60)
set -euo pipefail
cd "$(dirname "$0")/.."
bin="${1:-target/debug/icc-initiatives}"
port="${API_TEST_PORT:-3032}"
st=.tools/venv/bin/st
[ -x "$bin" ] || { echo "no server binary at $bin: build it first (cargo leptos build)" >&2; exit 1; }
[ -x "$st" ] || { echo "schemathesis is missing: run scripts/setup.sh --test" >&2; exit 1; }

work=target/api-test; rm -rf "$work"; mkdir -p "$work"
export DATABASE_URL="sqlite://$work/api.db"
export LEPTOS_OUTPUT_NAME=icc-initiatives LEPTOS_SITE_ROOT=target/site LEPTOS_SITE_PKG_DIR=pkg
export LEPTOS_SITE_ADDR="127.0.0.1:$port" RUST_LOG=warn
if [ -f "$(dirname "$bin")/hash.txt" ]; then export LEPTOS_HASH_FILES=true; else export LEPTOS_HASH_FILES=false; fi
# schemathesis sends thousands of requests from one address: the per-client budget is tested
# on its own (tests/http.rs), not here.
export ICC_API_REQUESTS_PER_MINUTE=100000000

server=""
cleanup() { if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; fi; }
trap cleanup EXIT
"$bin" migrate 2>/dev/null
"$bin" serve 2>> "$work/server.log" & server=$!
for _ in $(seq 1 150); do
  curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break
  kill -0 "$server" 2>/dev/null || { echo "the server did not start (see $work/server.log)" >&2; exit 1; }
  sleep 0.2
done

"$st" --no-color run "http://127.0.0.1:$port/api/v1/openapi.json" \
  --url "http://127.0.0.1:$port" \
  --checks all \
  --max-examples "${API_TEST_EXAMPLES:-60}" \
  --seed 1 \
  --request-timeout 10 \
  --report junit --report-dir "$work"
if grep -q "panicked" "$work/server.log"; then
  echo "FAILED: the server panicked during the API tests (see $work/server.log)" >&2
  exit 1
fi
echo "== schemathesis: every check passed"
