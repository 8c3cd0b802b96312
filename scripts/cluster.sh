#!/usr/bin/env bash
# A cluster on this machine, all on loopback, started with one command and stopped again on exit:
#  - its own PostgreSQL: Debian's initdb/pg_ctl (the newest /usr/lib/postgresql/*/bin) into
#    target/cluster/pg, on a free port (never 5432: the machine's own server is left alone), trust
#    authentication from 127.0.0.1 only, a role and database `icc` for the app;
#  - the migrations, run once (`icc-initiatives migrate`);
#  - three instances of the server (`serve --no-sample`), each on its own free port, sharing that
#    database, one random ICC_SECRET (form tickets work across instances), ICC_TRUST_PROXY=1 and
#    ICC_PUBLIC_ORIGIN=http://127.0.0.1:<nginx port>;
#  - nginx (Debian's package, `scripts/setup.sh --test`) with its own generated configuration
#    (target/cluster/nginx/nginx.conf) in front of them on one free port.
# Used by scripts/cluster-test.sh; how to run the same in production: docs/deployment.md.
#
# Usage:
#   scripts/cluster.sh [--release | --bin PATH] [--instances N]
#       starts it, prints the addresses, waits until Ctrl-C, then stops everything
#   scripts/cluster.sh [--release | --bin PATH] [--instances N] -- CMD [ARGS...]
#       starts it, runs CMD with the variables below, stops everything, exits with CMD's status
# The server binary: --bin PATH or CLUSTER_BIN (default target/debug/icc-initiatives, as built by
# `cargo leptos build`; --release: target/release/icc-initiatives). The site's files are served
# from target/site. ICC_* variables in the environment (ICC_MIN_FILL_SECONDS=0 …) reach the
# instances as they are (also when started again by the control script), except
# ICC_PUBLIC_ORIGIN and ICC_TRUST_PROXY, which the cluster sets; ICC_SECRET is random unless set.
#
# CMD gets these variables (target/cluster/env holds them too, for `source`):
#   CLUSTER_URL            http://127.0.0.1:PORT, nginx: the site's public address
#   CLUSTER_INSTANCE_URLS  the instances' own addresses, in order, separated by spaces
#   CLUSTER_INSTANCES      how many instances (3)
#   CLUSTER_DATABASE_URL   postgres://icc@127.0.0.1:PORT/icc, the app's database
#   CLUSTER_CTL            the control script: `$CLUSTER_CTL kill 2`, `restart 2`, `stop-db`,
#                          `start-db`, `status` … (`$CLUSTER_CTL help`; scripts/cluster-ctl.sh)
#   CLUSTER_BIN, CLUSTER_DIR, CLUSTER_PG_DATA, CLUSTER_PG_CTL, CLUSTER_PG_BIN, CLUSTER_NGINX_LOG
# Logs: target/cluster/app-N.log, target/cluster/nginx/{access,error}.log, target/cluster/pg/log.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"

bin="${CLUSTER_BIN:-}"; instances=3; cmd=()
while [ $# -gt 0 ]; do
  case "$1" in
    --release) bin=target/release/icc-initiatives ;;
    --bin) bin="$2"; shift ;;
    --instances) instances="$2"; shift ;;
    --) shift; cmd=("$@"); break ;;
    -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown argument '$1' (see: $0 --help)" >&2; exit 2 ;;
  esac
  shift
done
bin="${bin:-target/debug/icc-initiatives}"
[ -x "$bin" ] || { echo "no server binary at $bin: build it first (cargo leptos build)" >&2; exit 1; }
bin="$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")"
[ -d target/site/pkg ] || { echo "no target/site/pkg: build the site first (cargo leptos build)" >&2; exit 1; }
[[ "$instances" =~ ^[1-9]$ ]] || { echo "--instances takes 1 to 9" >&2; exit 2; }
command -v nginx > /dev/null || { echo "nginx is missing: run scripts/setup.sh --test" >&2; exit 1; }
pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2> /dev/null | sort -V | tail -n 1)
[ -n "$pg_bin" ] && [ -x "$pg_bin/initdb" ] \
  || { echo "no PostgreSQL server binaries in /usr/lib/postgresql/*/bin (apt-get install postgresql)" >&2; exit 1; }

dir="$root/target/cluster"
# One cluster per checkout: a running one keeps its folder.
if [ -f "$dir/env" ] && CLUSTER_DIR="$dir" scripts/cluster-ctl.sh status 2> /dev/null | grep -q ' running '; then
  echo "a cluster already runs from $dir (scripts/cluster-ctl.sh status); stop it first" >&2
  exit 1
fi
# A previous run's PostgreSQL folder may be elsewhere (below): removed with the rest.
if [ -L "$dir/pg" ] && [[ "$(readlink "$dir/pg")" == /tmp/icc-cluster-pg.* ]]; then rm -rf "$(readlink "$dir/pg")"; fi
rm -rf "$dir"
mkdir -p "$dir/pg" "$dir/nginx"

# PostgreSQL refuses to run as root: then it runs as the `postgres` system user. When that user
# cannot reach this checkout (under /root, say), its folder is made in /tmp and target/cluster/pg
# points to it.
pg_os_user="$(id -un)"
if [ "$(id -u)" = 0 ]; then
  pg_os_user="${CLUSTER_PG_OS_USER:-postgres}"
  id "$pg_os_user" > /dev/null 2>&1 || { echo "running as root needs the system user $pg_os_user for PostgreSQL" >&2; exit 1; }
  chown "$pg_os_user" "$dir/pg"
  if ! (cd / && runuser -u "$pg_os_user" -- test -w "$dir/pg"); then
    rmdir "$dir/pg"
    ln -s "$(mktemp -d /tmp/icc-cluster-pg.XXXXXX)" "$dir/pg"
    chown "$pg_os_user" "$(readlink "$dir/pg")"
  fi
fi
pg_dir="$(readlink -f "$dir/pg")"

# Free loopback ports below the kernel's range for outgoing connections (so no client socket
# takes one meanwhile), never 5432.
read -r -a ports <<< "$(python3 - "$((instances + 2))" << 'EOF'
import random, socket, sys
low = int(open("/proc/sys/net/ipv4/ip_local_port_range").read().split()[0])
candidates = [p for p in range(20000, min(low, 32768)) if p != 5432] or list(range(40000, 41000))
random.shuffle(candidates)
held, found = [], []
for p in candidates:
    s = socket.socket()
    try:
        s.bind(("127.0.0.1", p))
    except OSError:
        s.close(); continue
    held.append(s); found.append(p)
    if len(found) == int(sys.argv[1]):
        break
print(" ".join(map(str, found)))
EOF
)"
[ "${#ports[@]}" = $((instances + 2)) ] || { echo "could not find $((instances + 2)) free ports" >&2; exit 1; }
pg_port="${ports[0]}"; nginx_port="${ports[1]}"
url="http://127.0.0.1:$nginx_port"
database_url="postgres://icc@127.0.0.1:$pg_port/icc"
instance_urls=""
for ((n = 1; n <= instances; n++)); do instance_urls+="${instance_urls:+ }http://127.0.0.1:${ports[n + 1]}"; done

# What the control script and CMD read (sourced by bash: values quoted with %q).
kv() { printf '%s=%q\n' "$1" "$2"; }
{
  kv CLUSTER_ROOT "$root"
  kv CLUSTER_DIR "$dir"
  kv CLUSTER_BIN "$bin"
  kv CLUSTER_INSTANCES "$instances"
  for ((n = 1; n <= instances; n++)); do kv "CLUSTER_PORT_$n" "${ports[n + 1]}"; done
  kv CLUSTER_INSTANCE_URLS "$instance_urls"
  kv CLUSTER_NGINX_PORT "$nginx_port"
  kv CLUSTER_URL "$url"
  kv CLUSTER_NGINX_LOG "$dir/nginx/error.log"
  kv CLUSTER_DATABASE_URL "$database_url"
  kv CLUSTER_PG_PORT "$pg_port"
  kv CLUSTER_PG_BIN "$pg_bin"
  kv CLUSTER_PG_CTL "$pg_bin/pg_ctl"
  kv CLUSTER_PG_DATA "$pg_dir/data"
  kv CLUSTER_PG_LOG "$pg_dir/log"
  kv CLUSTER_PG_OS_USER "$pg_os_user"
  kv CLUSTER_CTL "$dir/ctl"
} > "$dir/env"
printf '#!/usr/bin/env bash\nCLUSTER_DIR=%q exec %q "$@"\n' "$dir" "$root/scripts/cluster-ctl.sh" > "$dir/ctl"
chmod +x "$dir/ctl"

# The instances' environment (it holds the secret: readable by this user only).
secret="${ICC_SECRET:-$(head -c 32 /dev/urandom | base64)}"
hash_files=false
[ -f "$(dirname "$bin")/hash.txt" ] && hash_files=true
(
  umask 077
  {
    kv DATABASE_URL "$database_url"
    kv ICC_SECRET "$secret"
    kv ICC_TRUST_PROXY "1"
    kv ICC_PUBLIC_ORIGIN "$url"
    kv LEPTOS_OUTPUT_NAME "icc-initiatives"
    kv LEPTOS_SITE_ROOT "target/site"
    kv LEPTOS_SITE_PKG_DIR "pkg"
    kv LEPTOS_HASH_FILES "$hash_files"
    kv RUST_LOG "${RUST_LOG:-info}"
    kv NO_COLOR "1"
    # Other ICC_* settings of this environment, kept for every start (ctl restart too).
    for name in $(compgen -e | grep '^ICC_' || true); do
      case "$name" in ICC_SECRET | ICC_TRUST_PROXY | ICC_PUBLIC_ORIGIN) ;; *) kv "$name" "${!name}" ;; esac
    done
  } > "$dir/instance.env"
)

ctl="$dir/ctl"
stopping=false
cleanup() {
  $stopping && return
  stopping=true
  echo "cluster: stopping" >&2
  "$ctl" stop-all || true
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

echo "cluster: PostgreSQL ($pg_bin) into $pg_dir/data" >&2
pg_run() { if [ "$(id -u)" = 0 ]; then (cd / && runuser -u "$pg_os_user" -- "$@"); else "$@"; fi; }
pg_run "$pg_bin/initdb" -D "$pg_dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 \
  --no-sync > "$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
pg_run mkdir -p "$pg_dir/run"
cat >> "$pg_dir/data/postgresql.conf" << EOF

# scripts/cluster.sh
listen_addresses = '127.0.0.1'
port = $pg_port
unix_socket_directories = '$pg_dir/run'
max_connections = 100
shared_buffers = 64MB
EOF
# Trust, from this machine only: the local socket and 127.0.0.1.
cat > "$pg_dir/data/pg_hba.conf" << 'EOF'
local all all              trust
host  all all 127.0.0.1/32 trust
EOF
"$ctl" start-db
"$pg_bin/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$pg_port" -U postgres -d postgres \
  -c "CREATE ROLE icc LOGIN" -c "CREATE DATABASE icc OWNER icc" > /dev/null

echo "cluster: migrations" >&2
DATABASE_URL="$database_url" "$bin" migrate > "$dir/migrate.log" 2>&1 \
  || { cat "$dir/migrate.log" >&2; exit 1; }

# The instances start one after another (each waits for its /healthz): on 2 cores, three
# debug binaries reading the directory at once only take longer each.
for ((n = 1; n <= instances; n++)); do "$ctl" start "$n"; done

# nginx. Workers run as www-data when started by root.
user_line=""
if [ "$(id -u)" = 0 ]; then
  if id www-data > /dev/null 2>&1; then user_line="user www-data;"; else user_line="user nobody nogroup;"; fi
fi
{
  cat << EOF
# Generated by scripts/cluster.sh: nginx in front of the cluster's instances (docs/deployment.md
# has the production version, with TLS).
$user_line
daemon off;
worker_processes 1;
pid $dir/nginx/nginx.pid;
error_log $dir/nginx/error.log warn;
events { worker_connections 1024; }
http {
  # Logs as docs/deployment.md's example does (issue 19, docs/privacy.md): no full client
  # address (the last octet of IPv4, all but the first three groups of IPv6 zeroed) and the
  # token of a private manage link cut out of the logged path; which instance answered is
  # kept for failover checks.
  map \$remote_addr \$remote_addr_anon {
    ~(?P<ip>\d+\.\d+\.\d+)\.\d+    \$ip.0;
    ~(?P<ip>[^:]+:[^:]+:[^:]+):       \$ip::;
    default                          0.0.0.0;
  }
  map \$request_uri \$request_uri_safe {
    ~^/manage/[^/?]+(?P<rest>.*)\$    /manage/TOKEN\$rest;
    default                          \$request_uri;
  }
  log_format icc_anon '\$remote_addr_anon - [\$time_local] "\$request_method \$request_uri_safe '
                      '\$server_protocol" \$status \$body_bytes_sent \$request_time '
                      'upstream=\$upstream_addr upstream_status=\$upstream_status';
  access_log $dir/nginx/access.log icc_anon;
  client_body_temp_path $dir/nginx/body;
  proxy_temp_path $dir/nginx/proxy;
  fastcgi_temp_path $dir/nginx/fastcgi;
  uwsgi_temp_path $dir/nginx/uwsgi;
  scgi_temp_path $dir/nginx/scgi;
  keepalive_requests 100000;

  upstream icc {
EOF
  # An instance that fails (refused or reset connection, 502/503) is left out for 2 s. When
  # every instance has failed within those 2 s (a rolling restart going fast, or 503s from all
  # of them while the database is down), nginx alone would answer 502 "no live upstreams"
  # for the rest of the 2 s, even for the pages the instances still serve from memory: the
  # same instances listed again as backups, never left out, are tried instead.
  for ((n = 1; n <= instances; n++)); do
    echo "    server 127.0.0.1:${ports[n + 1]} max_fails=1 fail_timeout=2s;"
  done
  for ((n = 1; n <= instances; n++)); do
    echo "    server 127.0.0.1:${ports[n + 1]} backup max_fails=0;"
  done
  cat << EOF
    keepalive 32;
    # Under the instances' header timeout (ICC_HEADER_TIMEOUT_SECONDS, 10 s), after which they
    # close an idle connection: nginx never sends a request on a connection being closed.
    keepalive_timeout 5s;
  }
  server {
    listen 127.0.0.1:$nginx_port;
    server_name _;
    # Bodies and answers stay in memory (the app refuses bodies over 64 KB itself): the
    # workers never write temporary files, wherever this folder is.
    client_max_body_size 128k;
    client_body_buffer_size 128k;
    proxy_max_temp_file_size 0;
    location / {
      proxy_pass http://icc;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host \$http_host;
      # The app takes the first X-Forwarded-For address as the client: this proxy, the edge,
      # replaces whatever the client sent rather than appending to it.
      proxy_set_header X-Forwarded-For \$remote_addr;
      proxy_set_header X-Forwarded-Proto \$scheme;
      # An instance that is down (refused or reset connection) or answers 502/503: the request
      # goes to the next one. nginx never sends a POST twice (only idempotent requests move on).
      proxy_next_upstream error timeout http_502 http_503;
      proxy_next_upstream_tries 3;
      # Only within 4 s of the first try: a dead instance fails at once and its requests move
      # on, but a 503 that came after the database pool's 5 s wait (the database is down for
      # every instance) is passed on as it is rather than waited for again on each instance.
      proxy_next_upstream_timeout 4s;
      proxy_connect_timeout 1s;
      proxy_send_timeout 30s;
      proxy_read_timeout 30s;
    }
  }
}
EOF
} > "$dir/nginx/nginx.conf"
nginx -t -q -p "$dir/nginx" -c "$dir/nginx/nginx.conf" -e "$dir/nginx/error.log" \
  || { echo "the generated nginx configuration is refused (see above)" >&2; exit 1; }
"$ctl" start-nginx

export CLUSTER_URL="$url" CLUSTER_INSTANCE_URLS="$instance_urls" CLUSTER_INSTANCES="$instances" \
  CLUSTER_DATABASE_URL="$database_url" CLUSTER_CTL="$ctl" CLUSTER_BIN="$bin" CLUSTER_DIR="$dir" \
  CLUSTER_PG_DATA="$pg_dir/data" CLUSTER_PG_CTL="$pg_bin/pg_ctl" CLUSTER_PG_BIN="$pg_bin" \
  CLUSTER_NGINX_LOG="$dir/nginx/error.log"

if [ ${#cmd[@]} -eq 0 ]; then
  cat << EOF

The cluster runs:
  the site (nginx)   $url
  instances          $instance_urls
  database           $database_url   (\`$ctl psql\`)
  control            $ctl status | kill N | stop N | start N | restart N | stop-db | start-db
  logs               $dir/app-N.log, $dir/nginx/, $pg_dir/log
A first moderator:   echo 'a long unguessable passphrase' | DATABASE_URL=$database_url $bin create-moderator --email you@example.org
Ctrl-C stops everything.
EOF
  # Ctrl-C ends the sleep and runs the traps.
  while true; do sleep 1; done
fi

status=0
"${cmd[@]}" || status=$?
exit "$status"
