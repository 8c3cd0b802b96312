#!/usr/bin/env bash
# Starts the built server on a fresh SQLite database holding the sample data and the fixtures.
set -euo pipefail
cd "$(dirname "$0")/.."
port="${E2E_PORT:-3010}"
profile_dir="${E2E_PROFILE_DIR:-target/debug}"
bin="$profile_dir/icc-initiatives"
[ -x "$bin" ] || { echo "no server binary at $bin: run 'cargo leptos build' first" >&2; exit 1; }
work="target/e2e-$port"
rm -rf "$work" && mkdir -p "$work"
export DATABASE_URL="sqlite://$work/e2e.db"
export LEPTOS_OUTPUT_NAME=icc-initiatives LEPTOS_SITE_ROOT=target/site LEPTOS_SITE_PKG_DIR=pkg
export LEPTOS_SITE_ADDR="127.0.0.1:$port" LEPTOS_HASH_FILES=true RUST_LOG="${RUST_LOG:-warn}"
"$bin" import src/server/sample-initiatives.json --sample
"$bin" import end2end/fixtures/test-initiatives.json
# Two moderators (the password comes from standard input, never the command line).
echo "lilac tram at dusk 1947" | "$bin" create-moderator --email moderator@icc.example
echo "amber ferry past noon 1958" | "$bin" create-moderator --email second@icc.example
# One account per browser project for the second-factor test (it turns the factor on).
for project in desktop phone no-js; do
  echo "violet tram harbour dusk" | "$bin" create-moderator --email "twofa-$project@icc.example"
done
# Each test sends its own X-Forwarded-For, so rate limits are per test; a person needs 2 s.
export ICC_TRUST_PROXY=1 ICC_MIN_FILL_SECONDS=2 ICC_SUBMISSIONS_PER_HOUR=4
exec "$bin" serve --no-sample
