#!/usr/bin/env bash
# Controls the cluster that scripts/cluster.sh started (its PostgreSQL, app instances and nginx,
# all described by target/cluster/env): the fault tests of scripts/cluster-test.sh use it to
# kill, stop and start instances and the database. cluster.sh itself starts and stops everything
# through it, so an instance started again here runs exactly as the first time.
# Usage: scripts/cluster-ctl.sh COMMAND [ARGS]   (or target/cluster/ctl COMMAND, or $CLUSTER_CTL)
#   status               each part: running or not, pid, port, /healthz
#   url N | pid N        instance N's own address | its process id (empty when stopped)
#   start N              start instance N, wait until its /healthz answers 200 (at most 90 s)
#   stop N               SIGTERM (graceful: requests under way are answered), wait until it exits
#   kill N [SIGNAL]      send SIGNAL (default KILL) and wait until the process is gone
#   restart N            stop N, then start N
#   wait N [SECONDS]     wait until instance N's /healthz answers 200 (default 90 s)
#   stop-db | start-db   pg_ctl stop -m fast | pg_ctl start (waits until it accepts connections)
#   psql [ARGS]          psql on the app's database
#   start-nginx | stop-nginx
#   stop-all             nginx, then every instance (SIGTERM), then PostgreSQL
# The folder is CLUSTER_DIR (default target/cluster of this checkout).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
dir="${CLUSTER_DIR:-$root/target/cluster}"
[ -f "$dir/env" ] || { echo "no cluster described in $dir/env: start one with scripts/cluster.sh" >&2; exit 1; }
# shellcheck source=/dev/null
. "$dir/env"

say() { echo "cluster: $*" >&2; }
die() { echo "cluster: $*" >&2; exit 1; }

# PostgreSQL refuses to run as root: then it runs as CLUSTER_PG_OS_USER (postgres).
pg_run() {
  if [ "$(id -u)" = 0 ]; then (cd / && runuser -u "$CLUSTER_PG_OS_USER" -- "$@"); else "$@"; fi
}

# Whether a pid is a live process whose command line contains $2 (so a reused pid of some other
# program is never signalled); zombies count as gone.
alive() {
  local pid="$1" what="$2"
  running "$pid" || return 1
  tr '\0' ' ' < "/proc/$pid/cmdline" | grep -qF -- "$what"
}
running() { # pid: a live process, whatever it runs
  local state
  [ -n "$1" ] && [ -r "/proc/$1/status" ] || return 1
  state=$(awk '/^State:/ {print $2}' "/proc/$1/status" 2> /dev/null || true)
  [ -n "$state" ] && [ "$state" != Z ]
}

check_n() {
  [[ "${1:-}" =~ ^[0-9]+$ ]] && [ "$1" -ge 1 ] && [ "$1" -le "$CLUSTER_INSTANCES" ] \
    || die "no instance '${1:-}': give a number from 1 to $CLUSTER_INSTANCES"
}
port_of() { local v="CLUSTER_PORT_$1"; echo "${!v}"; }
pid_of() {
  local pid=""
  [ -f "$dir/app-$1.pid" ] && pid=$(cat "$dir/app-$1.pid")
  if alive "$pid" "$CLUSTER_BIN"; then echo "$pid"; fi
}
health() { # N -> the HTTP status of /healthz, 000 when nothing answers
  curl -s -o /dev/null -m 10 -w '%{http_code}' "http://127.0.0.1:$(port_of "$1")/healthz" || true
}

wait_healthy() { # N SECONDS
  local n="$1" limit="${2:-90}" pid start=$SECONDS
  pid=$(cat "$dir/app-$n.pid" 2> /dev/null || true)
  while [ $((SECONDS - start)) -lt "$limit" ]; do
    [ "$(health "$n")" = 200 ] && return 0
    running "$pid" || die "instance $n is not running (see $dir/app-$n.log)"
    sleep 0.2
  done
  die "instance $n did not answer /healthz with 200 within ${limit} s (see $dir/app-$n.log)"
}

start_instance() {
  local n="$1" port
  port=$(port_of "$n")
  [ -z "$(pid_of "$n")" ] || die "instance $n already runs (pid $(pid_of "$n"))"
  # Its own session: a Ctrl-C in the terminal reaches cluster.sh, which stops everything in order.
  (
    # Exactly the cluster's settings, whatever the caller's environment holds.
    for name in $(compgen -e | grep -E '^(ICC_|LEPTOS_|DATABASE_URL$)' || true); do unset "$name"; done
    set -a
    # shellcheck source=/dev/null
    . "$dir/instance.env"
    set +a
    export LEPTOS_SITE_ADDR="127.0.0.1:$port"
    cd "$CLUSTER_ROOT"
    exec setsid "$CLUSTER_BIN" serve --no-sample < /dev/null >> "$dir/app-$n.log" 2>&1
  ) &
  echo $! > "$dir/app-$n.pid"
  wait_healthy "$n" 90
  say "instance $n runs on http://127.0.0.1:$port (pid $(cat "$dir/app-$n.pid"))"
}

# Waits at most $3 seconds for process $1 to be gone; 1 if it is still there.
wait_gone() {
  local pid="$1" what="$2" limit="$3" i
  for ((i = 0; i < limit * 10; i++)); do
    alive "$pid" "$what" || return 0
    sleep 0.1
  done
  return 1
}

stop_instance() { # N [SIGNAL]
  local n="$1" signal="${2:-TERM}" pid
  pid=$(pid_of "$n")
  [ -n "$pid" ] || { say "instance $n is not running"; return 0; }
  kill "-$signal" "$pid"
  if ! wait_gone "$pid" "$CLUSTER_BIN" 30; then
    say "instance $n (pid $pid) still runs 30 s after SIG$signal: SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    wait_gone "$pid" "$CLUSTER_BIN" 5 || die "instance $n (pid $pid) does not go away"
  fi
  rm -f "$dir/app-$n.pid"
  say "instance $n (pid $pid) is gone after SIG$signal"
}

nginx_pid() {
  local pid=""
  [ -f "$dir/nginx/nginx.pid" ] && pid=$(cat "$dir/nginx/nginx.pid")
  if alive "$pid" "$dir/nginx/nginx.conf"; then echo "$pid"; fi
}

start_nginx() {
  [ -z "$(nginx_pid)" ] || die "nginx already runs (pid $(nginx_pid))"
  # `daemon off`: the master stays this process (its pid is recorded by nginx itself too).
  setsid nginx -p "$dir/nginx" -c "$dir/nginx/nginx.conf" -e "$dir/nginx/error.log" \
    < /dev/null >> "$dir/nginx/stderr.log" 2>&1 &
  local i
  for i in $(seq 1 50); do
    if [ -n "$(nginx_pid)" ] && (exec 3<> "/dev/tcp/127.0.0.1/$CLUSTER_NGINX_PORT") 2> /dev/null; then
      say "nginx runs on $CLUSTER_URL (pid $(nginx_pid))"
      return 0
    fi
    sleep 0.1
  done
  die "nginx did not start (see $dir/nginx/error.log and $dir/nginx/stderr.log)"
}

stop_nginx() {
  local pid
  pid=$(nginx_pid)
  [ -n "$pid" ] || return 0
  kill -QUIT "$pid" # graceful: requests under way are answered
  wait_gone "$pid" "$dir/nginx/nginx.conf" 10 || kill -TERM "$pid" 2> /dev/null || true
  wait_gone "$pid" "$dir/nginx/nginx.conf" 5 || kill -KILL "$pid" 2> /dev/null || true
  say "nginx stopped"
}

db_running() { pg_run "$CLUSTER_PG_CTL" -D "$CLUSTER_PG_DATA" status > /dev/null 2>&1; }

start_db() {
  if db_running; then say "PostgreSQL already runs"; return 0; fi
  pg_run "$CLUSTER_PG_CTL" -D "$CLUSTER_PG_DATA" -l "$CLUSTER_PG_LOG" -w -t 60 start > /dev/null \
    || die "PostgreSQL did not start (see $CLUSTER_PG_LOG)"
  say "PostgreSQL runs on 127.0.0.1:$CLUSTER_PG_PORT"
}

stop_db() {
  if ! db_running; then say "PostgreSQL is not running"; return 0; fi
  pg_run "$CLUSTER_PG_CTL" -D "$CLUSTER_PG_DATA" -m fast -w -t 60 stop > /dev/null
  say "PostgreSQL stopped"
}

status() {
  local n pid
  if db_running; then echo "postgresql  running  127.0.0.1:$CLUSTER_PG_PORT  $CLUSTER_PG_DATA"
  else echo "postgresql  stopped  127.0.0.1:$CLUSTER_PG_PORT  $CLUSTER_PG_DATA"; fi
  pid=$(nginx_pid)
  if [ -n "$pid" ]; then echo "nginx       running  pid $pid  $CLUSTER_URL"
  else echo "nginx       stopped  $CLUSTER_URL"; fi
  for ((n = 1; n <= CLUSTER_INSTANCES; n++)); do
    pid=$(pid_of "$n")
    if [ -n "$pid" ]; then
      echo "instance $n  running  pid $pid  http://127.0.0.1:$(port_of "$n")  /healthz $(health "$n")"
    else
      echo "instance $n  stopped  http://127.0.0.1:$(port_of "$n")"
    fi
  done
}

cmd="${1:-help}"
shift || true
case "$cmd" in
  status) status ;;
  url) check_n "${1:-}"; echo "http://127.0.0.1:$(port_of "$1")" ;;
  pid) check_n "${1:-}"; pid_of "$1" ;;
  start) check_n "${1:-}"; start_instance "$1" ;;
  stop) check_n "${1:-}"; stop_instance "$1" TERM ;;
  kill) check_n "${1:-}"; stop_instance "$1" "${2:-KILL}" ;;
  restart) check_n "${1:-}"; stop_instance "$1" TERM; start_instance "$1" ;;
  wait) check_n "${1:-}"; wait_healthy "$1" "${2:-90}" ;;
  start-db) start_db ;;
  stop-db) stop_db ;;
  psql) exec "$CLUSTER_PG_BIN/psql" -X -q -h 127.0.0.1 -p "$CLUSTER_PG_PORT" -U icc -d icc "$@" ;;
  start-nginx) start_nginx ;;
  stop-nginx) stop_nginx ;;
  stop-all)
    stop_nginx || true
    for ((n = 1; n <= CLUSTER_INSTANCES; n++)); do stop_instance "$n" TERM & done
    wait
    stop_db || true
    ;;
  help | -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' ;;
  *) die "unknown command '$cmd' (see: $0 help)" ;;
esac
