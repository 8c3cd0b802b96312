#!/usr/bin/env bash
# Valid markup (issue 24): starts the built server (`cargo leptos build`: target/debug/icc-initiatives
# and target/site) on a fresh SQLite database with the sample data and the browser tests' fixtures,
# saves every public page in three languages (and once without lang=), and checks them all with
# the Nu HTML checker (npm vnu-jar, on Debian's Java) in one JVM run. Every error is the project's
# own and fails the run, except leptos's own markers listed in EXCUSED below, which are counted
# apart and reported. Warnings and info messages are counted, not failed.
# Usage: scripts/html-check.sh [SERVER_BINARY]   (default target/debug/icc-initiatives)
#   HTML_CHECK_PORT  first port to try (default 3020; the next free one up to +19 is taken)
#   The pages and the checker's JSON stay in target/html-check/ for reading after a run.
set -euo pipefail
cd "$(dirname "$0")/.."
bin="${1:-target/debug/icc-initiatives}"
vnu=.tools/node_modules/vnu-jar/build/dist/vnu.jar
[ -x "$bin" ] || { echo "no server binary at $bin: run 'cargo leptos build' first" >&2; exit 1; }
[ -d target/site/pkg ] || { echo "no target/site/pkg: run 'cargo leptos build' first" >&2; exit 1; }
[ -f "$vnu" ] || { echo "no $vnu: run scripts/setup.sh --test" >&2; exit 1; }
command -v java >/dev/null || { echo "java is missing: run scripts/setup.sh --test" >&2; exit 1; }

# A free port of our own (the browser tests use 3010, the crash test 3031).
port="${HTML_CHECK_PORT:-3020}"
for _ in $(seq 1 20); do
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || break
  port=$((port + 1))
done
(exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && { echo "no free port near ${HTML_CHECK_PORT:-3020}" >&2; exit 1; }

work=target/html-check
rm -rf "$work" && mkdir -p "$work/pages"
export DATABASE_URL="sqlite://$work/check.db"
export LEPTOS_OUTPUT_NAME=icc-initiatives LEPTOS_SITE_ROOT=target/site LEPTOS_SITE_PKG_DIR=pkg
export LEPTOS_SITE_ADDR="127.0.0.1:$port" RUST_LOG="${RUST_LOG:-warn}"
# cargo leptos writes hash.txt beside the binary; a plain `cargo build` does not.
if [ -f "$(dirname "$bin")/hash.txt" ]; then export LEPTOS_HASH_FILES=true; else export LEPTOS_HASH_FILES=false; fi
"$bin" import src/server/sample-initiatives.json --sample >/dev/null 2>>"$work/server.log"
"$bin" import end2end/fixtures/test-initiatives.json >/dev/null 2>>"$work/server.log"

server=""
cleanup() { if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi; }
trap cleanup EXIT
"$bin" serve --no-sample 2>>"$work/server.log" & server=$!
base="http://127.0.0.1:$port"
for _ in $(seq 1 150); do
  curl -fs "$base/healthz" >/dev/null && break
  kill -0 "$server" 2>/dev/null || { echo "the server did not start (see $work/server.log)" >&2; exit 1; }
  sleep 0.2
done
curl -fs "$base/healthz" >/dev/null || { echo "the server did not answer /healthz (see $work/server.log)" >&2; exit 1; }

started=$(date +%s)
# An initiative's detail page: the first card of the list.
slug=$(curl -fs "$base/initiatives" | grep -o 'href="/initiatives/[^"?#/]*' | head -n 1 | sed 's|href="/initiatives/||')
[ -n "$slug" ] || { echo "no initiative link on /initiatives" >&2; exit 1; }

# name  expected-status  path
pages="
home             200 /
list             200 /initiatives
list-filtered    200 /initiatives?country=PL&type=housing
list-page-2      200 /initiatives?page=2
list-empty       200 /initiatives?q=zzzzzz
list-problem     200 /initiatives?country=XX
detail           200 /initiatives/$slug
declaration      200 /declaration
submit           200 /submit
api              200 /api
embed            200 /embed/initiatives
sign-in          200 /admin/sign-in
not-found        404 /no-such-page
"
fetch_failed=0; count=0
while read -r name want path; do
  [ -n "$name" ] || continue
  for lang in none en fr uk; do
    url="$path"
    if [ "$lang" != none ]; then case "$path" in *\?*) url="$path&lang=$lang" ;; *) url="$path?lang=$lang" ;; esac; fi
    file="$work/pages/$name.$lang.html"
    status=$(curl -s -o "$file" -w '%{http_code}' "$base$url") || status="no answer"
    count=$((count + 1))
    if [ "$status" != "$want" ]; then
      echo "FAILED: $url answered $status, expected $want" >&2; fetch_failed=1
    fi
  done
done <<< "$pages"
[ "$fetch_failed" = 0 ] || exit 1

# One JVM for all pages (its start takes seconds). The messages go to a file; the exit status
# is always 0, the classification below decides.
java -jar "$vnu" --format json --stdout --exit-zero-always "$work"/pages/*.html > "$work/vnu.json"

