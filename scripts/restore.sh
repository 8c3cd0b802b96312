#!/usr/bin/env bash
# Restores a backup made by scripts/backup.sh into the database of DATABASE_URL (the app's own
# variable, same default), replacing what is there (docs/deployment.md, "Restore"):
#  - PostgreSQL: `pg_restore --clean --if-exists` in one transaction (all or nothing), after
#    which every table holds exactly the backup's rows;
#  - SQLite: SQLite's `.restore` into the database file (the write-ahead log handled by SQLite),
#    after a safety copy of the current file beside it (<db>.before-restore-<UTC time>).
# Stop every server instance first (they keep the old data in memory, and a write under way
# would be lost): the script refuses while other sessions use the PostgreSQL database, or while
# the SQLite file is in use, unless --force. Start the instances again afterwards.
# Usage: scripts/restore.sh [--force] FILE
set -euo pipefail
force=false; file=""
for a in "$@"; do
  case "$a" in --force) force=true ;; -*) echo "unknown option $a" >&2; exit 2 ;; *) file="$a" ;; esac
done
[ -n "$file" ] || { echo "usage: scripts/restore.sh [--force] FILE" >&2; exit 2; }
[ -f "$file" ] || { echo "no backup file $file" >&2; exit 1; }
url="${DATABASE_URL:-sqlite://data/icc-initiatives.db}"

source "$(dirname "$0")/pg-tool.sh"

case "$url" in
  postgres://* | postgresql://*)
    psql=$(pg_tool psql)
    others=$("$psql" -X -A -t -v ON_ERROR_STOP=1 --dbname="$url" -c \
      "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()")
    if [ "$others" != 0 ] && ! $force; then
      echo "$others other sessions use the database: stop the server instances first (or --force)" >&2
      exit 1
    fi
    "$(pg_tool pg_restore)" --clean --if-exists --no-owner --no-acl --single-transaction \
      --exit-on-error --dbname="$url" "$file"
    ;;
  sqlite:*)
    command -v sqlite3 > /dev/null || { echo "sqlite3 is missing: apt-get install sqlite3" >&2; exit 1; }
    db="${url#sqlite://}"; db="${db#sqlite:}"; db="${db%%\?*}"
    check=$(sqlite3 "$file" "PRAGMA integrity_check;")
    [ "$check" = ok ] || { echo "the backup fails PRAGMA integrity_check: $check" >&2; exit 1; }
    if [ -f "$db" ]; then
      if ! $force && command -v fuser > /dev/null && fuser "$db" > /dev/null 2>&1; then
        echo "$db is in use: stop the server first (or --force)" >&2
        exit 1
      fi
      safety="$db.before-restore-$(date -u +%Y%m%dT%H%M%SZ)"
      sqlite3 "$db" ".timeout 10000" ".backup '$safety'"
      echo "the current database was copied to $safety" >&2
    else
      mkdir -p "$(dirname "$db")"
    fi
    sqlite3 "$db" ".timeout 10000" ".restore '$file'"
    check=$(sqlite3 "$db" "PRAGMA integrity_check;")
    [ "$check" = ok ] || { echo "the restored database fails PRAGMA integrity_check: $check" >&2; exit 1; }
    ;;
  *) echo "DATABASE_URL must start with postgres://, postgresql:// or sqlite:" >&2; exit 1 ;;
esac
echo "restored $file into the database of DATABASE_URL" >&2
