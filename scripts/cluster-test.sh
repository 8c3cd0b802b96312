#!/usr/bin/env bash
# Tests of several instances on one PostgreSQL (issue 10), against the cluster of
# scripts/cluster.sh (its own PostgreSQL, three instances, nginx in front; all on loopback):
#  a. coherence: a submission through instance 1, published by a moderator signed in through
#     instance 2, is listed with the right counts by instance 3 within 1 s; the moderator's
#     session works on every instance;
#  b. an instance killed with SIGKILL under read load through nginx: 0 failed GETs;
#  c. a rolling restart (SIGTERM, start, /healthz, next) of all three under read load: 0 errors;
#  d. PostgreSQL stopped for 10 s under read load: the public pages keep answering 200 from
#     memory, a submission answers 503 with the page that keeps what was typed, /healthz 503;
#     once the database is back, without restarting anything, /healthz is 200 and a submission
#     is stored;
#  e. backup and restore on PostgreSQL (scripts/backup.sh, scripts/restore.sh): a change made
#     after the backup is gone after the restore;
#  f. the same on SQLite, with the backup taken while a server has the file open.
# Every test runs even when an earlier one failed; the summary at the end names each failure
# ("FAILED: …") and the exit status is 1 if there is one.
# Usage: scripts/cluster-test.sh [--release | --bin PATH]   (default: the debug binary)
# Needs nginx and sqlite3 (scripts/setup.sh --test) and Debian's PostgreSQL server binaries.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${1:-}" != --inside ]; then
  # Submissions are sent at once (no 3 s wait) and the test's few per client are allowed.
  export ICC_MIN_FILL_SECONDS=0 ICC_SUBMISSIONS_PER_HOUR=1000
  exec scripts/cluster.sh "$@" -- "$0" --inside
fi

ctl="$CLUSTER_CTL"
bin="$CLUSTER_BIN"
work="$CLUSTER_DIR/test"
mkdir -p "$work"
read -r -a urls <<< "$CLUSTER_INSTANCE_URLS"
email=moderator@cluster.example
password="cluster violet harbour 2026 quill"
export CLUSTER_URL CLUSTER_INSTANCE_URLS

fail() { echo "FAILED: $*" >&2; exit 1; }
psql_value() { "$ctl" psql -A -t -v ON_ERROR_STOP=1 -c "$1"; }
code() { curl -s -o /dev/null -m "${2:-20}" -w '%{http_code}' "$1" || true; }
now_ms() { date +%s%3N; }

# The read load through nginx: 8 keep-alive connections over the public pages.
load_pid=""
start_load() { # NAME
  LOAD_NAME="$1" node scripts/read-load.mjs "$CLUSTER_URL" 8 "${load_paths[@]}" > "$work/load-$1.txt" 2>&1 &
  load_pid=$!
  sleep 0.5
}
stop_load() { # checks that every GET got a 2xx answer
  local status=0
  [ -n "$load_pid" ] || return 0
  kill -TERM "$load_pid" 2> /dev/null || true
  wait "$load_pid" || status=$?
  load_pid=""
  head -n 1 "$work"/load-*.txt >> "$work/figures.txt"
  tail -n 11 "$work"/load-*.txt >&2
  rm -f "$work"/load-*.txt
  [ "$status" = 0 ] || fail "GETs failed under the read load (above)"
}
nginx_retries() { grep -c 'upstream' "$CLUSTER_NGINX_LOG" 2> /dev/null || true; }
graceful_stops() { cat "$CLUSTER_DIR"/app-*.log | grep -c "every request under way was answered" || true; }

# Runs a test in a subshell: a failure ends that test only; the others still run.
failures=()
figure() { echo "$*" >&2; echo "$*" >> "$work/figures.txt"; }
rm -f "$work/figures.txt"
run() { # NAME FUNCTION
  local status=0 start=$SECONDS
  echo "== $1" >&2
  set +e
  (
    set -e
    trap 'if [ -n "$load_pid" ]; then kill -TERM "$load_pid" 2> /dev/null; wait "$load_pid" 2> /dev/null; fi' EXIT
    "$2"
  )
  status=$?
  set -e
  if [ "$status" = 0 ]; then echo "-- passed ($((SECONDS - start)) s)" >&2
  else failures+=("$1"); echo "-- FAILED ($((SECONDS - start)) s)" >&2; fi
}

setup() {
  printf '%s\n' "$password" | DATABASE_URL="$CLUSTER_DATABASE_URL" "$bin" create-moderator --email "$email" \
    > "$work/moderator.log" 2>&1 || { cat "$work/moderator.log" >&2; fail "create-moderator"; }
  # The sample initiatives, through the CLI: another writer the instances must notice.
  DATABASE_URL="$CLUSTER_DATABASE_URL" "$bin" import src/server/sample-initiatives.json --sample \
    > "$work/import.log" 2>&1 || { cat "$work/import.log" >&2; fail "importing the sample data"; }
  local published
  published=$(psql_value "SELECT count(*) FROM initiatives WHERE moderation_status = 'published'")
  [ "$published" -gt 1 ] || fail "the import published $published initiatives"
  local start=$SECONDS n total
  for n in "${!urls[@]}"; do
    while true; do
      total=$(curl -s -m 5 "${urls[n]}/api/v1/initiatives?per_page=1" | node -e \
        'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{try{console.log(JSON.parse(s).total)}catch{console.log(-1)}})')
      [ "$total" = "$published" ] && break
      [ $((SECONDS - start)) -lt 15 ] || fail "instance $((n + 1)) lists $total initiatives, not $published, 15 s after the import"
      sleep 0.2
    done
  done
  echo "$published sample initiatives imported through the CLI, listed by every instance" >&2
}

test_coherence() {
  local out
  local status=0
  out=$(node scripts/cluster-checks.mjs coherence "$email" "$password" 2>&1) || status=$?
  echo "$out" >&2
  grep '^coherence ' <<< "$out" | cut -d: -f1 >> "$work/figures.txt" || true
  [ "$status" = 0 ]
}

test_sigkill() {
  local before
  before=$(nginx_retries)
  start_load sigkill
  sleep 3
  "$ctl" kill 2 KILL
  sleep 4
  stop_load
  figure "SIGKILL: nginx logged $(( $(nginx_retries) - before )) upstream errors (requests it moved to another instance)"
  "$ctl" start 2
}

test_rolling() {
  local n before
  before=$(graceful_stops)
  start_load rolling
  sleep 1
  for n in $(seq 1 "$CLUSTER_INSTANCES"); do
    "$ctl" stop "$n"
    "$ctl" start "$n"
  done
  sleep 1
  stop_load
  [ $(( $(graceful_stops) - before )) = "$CLUSTER_INSTANCES" ] \
    || fail "not every instance logged its graceful stop"
}

test_database_down() {
  local stopped back title status health detail since n
  start_load database-down
  sleep 3 # every instance renders and keeps the pages of the load
  "$ctl" stop-db
  stopped=$(now_ms)
  title="Written while the database is down $RANDOM"
  # The three checks at once: each waits for the pool's 5 s timeout.
  node scripts/cluster-checks.mjs submit "$CLUSTER_URL" "$title" 503 > "$work/submit-down.txt" 2>&1 &
  local submit_pid=$!
  code "${urls[0]}/healthz" > "$work/health-down.txt" &
  local health_pid=$!
  code "$CLUSTER_URL/initiatives/$uncached_slug" 30 > "$work/detail-down.txt" &
  local detail_pid=$!
  status=0; wait "$submit_pid" || status=$?
  wait "$health_pid" "$detail_pid"
  health=$(cat "$work/health-down.txt"); detail=$(cat "$work/detail-down.txt")
  cat "$work/submit-down.txt" >&2
  sed 's/^/database down: /' "$work/submit-down.txt" >> "$work/figures.txt"
  echo "/healthz of instance 1 directly: $health; a detail page no instance kept, through nginx: $detail" >&2
  [ "$status" = 0 ] || fail "the submission while the database is down (above)"
  [ "$health" = 503 ] || fail "/healthz answered $health while the database is down, not 503"
  [ "$detail" = 503 ] || fail "a page that needs the database answered $detail, not 503"
  since=$(( $(now_ms) - stopped ))
  [ "$since" -ge 10000 ] || sleep "$(( (10000 - since) / 1000 )).$(printf '%03d' $(( (10000 - since) % 1000 )))"
  "$ctl" start-db
  back=$(now_ms)
  for n in $(seq 1 "$CLUSTER_INSTANCES"); do
    while [ "$(code "${urls[n - 1]}/healthz")" != 200 ]; do
      [ $(( $(now_ms) - back )) -lt 30000 ] || fail "instance $n's /healthz is not 200 30 s after the database came back"
      sleep 0.1
    done
  done
  figure "database down: every /healthz is 200 again $(( $(now_ms) - back )) ms after pg_ctl start (down $(( back - stopped )) ms)"
  title="Written after the database came back $RANDOM"
  node scripts/cluster-checks.mjs submit "$CLUSTER_URL" "$title" 200 >&2
  [ "$(psql_value "SELECT count(*) FROM initiatives WHERE title = '$title'")" = 1 ] \
    || fail "the submission made after the database came back is not stored"
  sleep 1
  stop_load
}

test_pg_backup() {
  local before after title n
  before=$(psql_value "SELECT count(*) FROM initiatives")
  DATABASE_URL="$CLUSTER_DATABASE_URL" scripts/backup.sh "$work/cluster.dump" > /dev/null
  title="Made after the backup $RANDOM"
  node scripts/cluster-checks.mjs submit "$CLUSTER_URL" "$title" 200 > /dev/null
  [ "$(psql_value "SELECT count(*) FROM initiatives")" = $((before + 1)) ] || fail "the change was not stored"
  # Restore as docs/deployment.md says: instances stopped, restore, instances started.
  if DATABASE_URL="$CLUSTER_DATABASE_URL" scripts/restore.sh "$work/cluster.dump" 2> "$work/refused.txt"; then
    fail "restore.sh did not refuse while the instances use the database"
  fi
  for n in $(seq 1 "$CLUSTER_INSTANCES"); do "$ctl" stop "$n" & done; wait
  DATABASE_URL="$CLUSTER_DATABASE_URL" scripts/restore.sh "$work/cluster.dump"
  after=$(psql_value "SELECT count(*) FROM initiatives")
  [ "$after" = "$before" ] || fail "after the restore: $after initiatives, not the backup's $before"
  [ "$(psql_value "SELECT count(*) FROM initiatives WHERE title = '$title'")" = 0 ] \
    || fail "the change made after the backup is still there after the restore"
  [ "$(psql_value "SELECT count(*) FROM moderators")" = 1 ] || fail "the moderator is not there after the restore"
  for n in $(seq 1 "$CLUSTER_INSTANCES"); do "$ctl" start "$n"; done
  echo "backup of $before initiatives, one more submitted, restored: $after, the new one gone; instances up again" >&2
}

test_sqlite_backup() {
  local dir="$work/sqlite" before after
  mkdir -p "$dir"
  export DATABASE_URL="sqlite://$dir/site.db"
  # A server on the file (with the sample data) while the backup is taken: SQLite's online backup.
  ( set -a; . "$CLUSTER_DIR/instance.env"; set +a
    export DATABASE_URL="sqlite://$dir/site.db" LEPTOS_SITE_ADDR=127.0.0.1:0
    exec "$bin" serve ) > "$dir/server.log" 2>&1 &
  sqlite_server=$!
  trap 'kill -TERM $sqlite_server 2> /dev/null || true' EXIT
  for _ in $(seq 1 100); do grep -q "listening on" "$dir/server.log" && break; sleep 0.1; done
  grep -q "listening on" "$dir/server.log" || { cat "$dir/server.log" >&2; fail "the SQLite server did not start"; }
  before=$(sqlite3 "$dir/site.db" "SELECT count(*) FROM initiatives")
  [ "$before" -gt 0 ] || fail "no sample data in the SQLite database"
  scripts/backup.sh "$dir/backup.sqlite3" > /dev/null
  kill -TERM "$sqlite_server"; wait "$sqlite_server" || true
  sqlite3 "$dir/site.db" "UPDATE initiatives SET title = 'Changed after the backup'; DELETE FROM moderation_events;"
  scripts/restore.sh "$dir/backup.sqlite3" 2> /dev/null
  after=$(sqlite3 "$dir/site.db" "SELECT count(*) FROM initiatives WHERE title <> 'Changed after the backup'")
  [ "$after" = "$before" ] || fail "after the SQLite restore: $after initiatives as backed up, not $before"
  ls "$dir"/site.db.before-restore-* > /dev/null 2>&1 || fail "restore.sh kept no safety copy"
  echo "SQLite: online backup of $before initiatives while the server ran, changed, restored: $after as before" >&2
}

run "setup: a moderator, the sample data through the CLI" setup
sample_slugs=$(curl -s -m 5 "${urls[0]}/api/v1/initiatives?per_page=3" | node -e \
  'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{try{console.log(JSON.parse(s).items.map(i=>i.slug).join(" "))}catch{}})')
read -r -a slugs <<< "$sample_slugs"
[ "${#slugs[@]}" -ge 2 ] || { echo "FAILED: no published initiatives to load; stopping" >&2; exit 1; }
load_paths=(/ /initiatives "/initiatives?country=PL" "/initiatives/${slugs[0]}")
uncached_slug="${slugs[1]}"

start=$SECONDS
run "a. coherence: written on 1, published on 2, listed on 3 within 1 s" test_coherence
run "b. SIGKILL of instance 2 under read load: 0 failed GETs" test_sigkill
run "c. rolling restart of every instance under read load: 0 errors" test_rolling
run "d. PostgreSQL stopped for 10 s under read load" test_database_down
run "e. backup and restore on PostgreSQL" test_pg_backup
run "f. backup and restore on SQLite" test_sqlite_backup

echo >&2
echo "== figures" >&2
cat "$work/figures.txt" >&2 2> /dev/null || true
if [ ${#failures[@]} -eq 0 ]; then
  echo "cluster test passed ($((SECONDS - start)) s)" >&2
else
  for f in "${failures[@]}"; do echo "FAILED: $f" >&2; done
  echo "cluster test FAILED: ${#failures[@]} of 6 (logs in $CLUSTER_DIR)" >&2
  exit 1
fi
