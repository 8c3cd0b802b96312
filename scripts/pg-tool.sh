# Sourced by scripts/backup.sh and scripts/restore.sh.
# pg_tool NAME: the path of a PostgreSQL program from the newest /usr/lib/postgresql/*/bin
# (pg_dump must not be older than the server), else from PATH; stops with how to install it.
pg_tool() {
  local newest
  newest=$(ls -d /usr/lib/postgresql/*/bin 2> /dev/null | sort -V | tail -n 1)
  if [ -n "$newest" ] && [ -x "$newest/$1" ]; then echo "$newest/$1"
  elif command -v "$1" > /dev/null; then command -v "$1"
  else echo "$1 is missing: apt-get install postgresql-client" >&2; exit 1; fi
}
