#!/usr/bin/env bash
# Crash and shutdown test on SQLite (see docs/operations.md):
#  1. kills the server with SIGKILL in the middle of the submissions load, checks the database
#     (PRAGMA integrity_check) and that every acknowledged submission is stored, and that the
#     server starts again on it;
#  2. sends SIGTERM in the middle of the load: every request under way must get its complete
#     answer, the server must exit with 0, and again every acknowledged submission is stored.
# Usage: scripts/crash-test.sh [--short] [SERVER_BINARY]
#   --short  a few seconds of load from 8 submitters (scripts/test.sh runs this one, on the
#            debug binary of `cargo leptos build`); otherwise 20 s from 32 submitters
#   SERVER_BINARY  default target/debug/icc-initiatives with --short, else target/release/…
# A machine crash (power loss) cannot be simulated here: that is what synchronous=FULL is for.
set -euo pipefail
cd "$(dirname "$0")/.."
short=false; bin=""
for a in "$@"; do
  case "$a" in --short) short=true ;; *) bin="$a" ;; esac
done
if $short; then submitters=8; seconds=4; default_bin=target/debug/icc-initiatives
else submitters=32; seconds=20; default_bin=target/release/icc-initiatives; fi
bin="${bin:-$default_bin}"
port="${CRASH_PORT:-3031}"
[ -x "$bin" ] || { echo "no server binary at $bin: build it first (cargo leptos build)" >&2; exit 1; }
command -v sqlite3 >/dev/null || { echo "sqlite3 is missing: run scripts/setup.sh --test" >&2; exit 1; }

work=target/crash-test; rm -rf "$work"; mkdir -p "$work"
db="$work/crash.db"
export DATABASE_URL="sqlite://$db"
export LEPTOS_OUTPUT_NAME=icc-initiatives LEPTOS_SITE_ROOT=target/site LEPTOS_SITE_PKG_DIR=pkg
export LEPTOS_SITE_ADDR="127.0.0.1:$port" RUST_LOG=info
# cargo leptos writes hash.txt beside the binary; a plain `cargo build` does not.
if [ -f "$(dirname "$bin")/hash.txt" ]; then export LEPTOS_HASH_FILES=true; else export LEPTOS_HASH_FILES=false; fi
# Each submitter is its own client with a budget large enough; no wait before sending.
export ICC_TRUST_PROXY=1 ICC_MIN_FILL_SECONDS=0 ICC_SUBMISSIONS_PER_HOUR=1000000
"$bin" migrate 2>/dev/null

server=""
cleanup() { if [ -n "$server" ]; then kill -KILL "$server" 2>/dev/null || true; fi; }
trap cleanup EXIT
fail() { echo "FAILED: $*" >&2; exit 1; }

start_server() {
  "$bin" serve --no-sample 2>> "$work/server.log" & server=$!
  for _ in $(seq 1 150); do
    curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && return 0
    kill -0 "$server" 2>/dev/null || fail "the server did not start (see $work/server.log)"
    sleep 0.2
  done
  fail "the server did not answer /healthz (see $work/server.log)"
}

# Waits for the server to exit; its exit status goes to $status.
wait_server() {
  status=0
  wait "$server" || status=$?
  server=""
}

check_database() {
  local result
  result=$(sqlite3 "$db" "PRAGMA integrity_check;")
  [ "$result" = ok ] || fail "PRAGMA integrity_check says: $result"
  echo "integrity_check: ok"
}

# Every token in $1 must have its hash stored, and the last ones must open their manage page.
check_acknowledged() {
  local acks="$1" missing
  [ -s "$acks" ] || fail "no submission was acknowledged: the load did not run"
  sqlite3 "$db" "SELECT manage_token_hash FROM initiatives WHERE manage_token_hash IS NOT NULL;" \
    > "$work/stored-hashes.txt"
  missing=$(node -e '
    const fs = require("fs"), crypto = require("crypto");
    const stored = new Set(fs.readFileSync(process.argv[2], "utf8").split("\n"));
    const tokens = fs.readFileSync(process.argv[1], "utf8").split("\n").filter(Boolean);
    const missing = tokens.filter((t) => !stored.has(crypto.createHash("sha256").update(t).digest("hex")));
    console.log(missing.length);
  ' "$acks" "$work/stored-hashes.txt")
  [ "$missing" = 0 ] || fail "$missing of $(wc -l < "$acks") acknowledged submissions are not stored"
  echo "acknowledged and stored: $(wc -l < "$acks") of $(wc -l < "$acks")"
  local code
  for token in $(tail -n 5 "$acks"); do
    code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/manage/$token")
    [ "$code" = 200 ] || fail "the manage page of an acknowledged submission answers $code"
  done
  echo "the last 5 acknowledged submissions open their manage page after the restart"
}

load() { # SIGNAL ACK_FILE
  SIGNAL_PID="$server" SIGNAL_NAME="$1" SIGNAL_AFTER="$(( seconds / 2 ))" ACK_FILE="$2" \
    node scripts/submissions.mjs "http://127.0.0.1:$port" "$submitters" "$seconds"
}

echo "== 1. SIGKILL under load ($submitters submitters, $bin)"
start_server
load SIGKILL "$work/acks-kill.txt" || true
wait_server
[ "$status" = 137 ] || fail "the server exited with $status, not by SIGKILL (137)"
check_database
start_server
check_acknowledged "$work/acks-kill.txt"

echo "== 2. SIGTERM under load"
load SIGTERM "$work/acks-term.txt" || fail "requests under way were not answered (see above)"
wait_server
[ "$status" = 0 ] || fail "the server exited with $status after SIGTERM, not 0"
grep -q "every request under way was answered" "$work/server.log" \
  || fail "the server did not log its graceful stop"
echo "the server exited with 0"
check_database
start_server
check_acknowledged "$work/acks-term.txt"
kill -TERM "$server"; wait_server
[ "$status" = 0 ] || fail "the idle server exited with $status after SIGTERM"
echo "crash test passed"
