#!/usr/bin/env bash
# Backs up the database of DATABASE_URL (the app's own variable, same default) into one file,
# while the server runs (docs/deployment.md, "Backups"):
#  - PostgreSQL: `pg_dump --format=custom` (one consistent snapshot; restore with scripts/restore.sh);
#  - SQLite: SQLite's online backup (`sqlite3 DB ".backup FILE"`), a consistent copy even while
#    the server writes, then `PRAGMA integrity_check` on the copy.
# Usage: scripts/backup.sh [FILE]
#   FILE  default backups/icc-initiatives-<UTC time>.dump (PostgreSQL) or .sqlite3 (SQLite)
# Prints the file's name. The file holds every private field (submitters' e-mails, moderators'
# password hashes): keep it as private as the database.
set -euo pipefail
url="${DATABASE_URL:-sqlite://data/icc-initiatives.db}"
stamp=$(date -u +%Y%m%dT%H%M%SZ)
umask 077

source "$(dirname "$0")/pg-tool.sh"

case "$url" in
  postgres://* | postgresql://*)
    file="${1:-backups/icc-initiatives-$stamp.dump}"
    mkdir -p "$(dirname "$file")"
    "$(pg_tool pg_dump)" --format=custom --no-owner --no-acl --dbname="$url" --file="$file.partial"
    mv "$file.partial" "$file"
    ;;
  sqlite:*)
    command -v sqlite3 > /dev/null || { echo "sqlite3 is missing: apt-get install sqlite3" >&2; exit 1; }
    db="${url#sqlite://}"; db="${db#sqlite:}"; db="${db%%\?*}"
    [ -f "$db" ] || { echo "no SQLite database at $db" >&2; exit 1; }
    file="${1:-backups/icc-initiatives-$stamp.sqlite3}"
    mkdir -p "$(dirname "$file")"
    rm -f "$file.partial"
    # Waits up to 10 s for a writer, like the server does.
    sqlite3 "$db" ".timeout 10000" ".backup '$file.partial'"
    check=$(sqlite3 "$file.partial" "PRAGMA integrity_check;")
    [ "$check" = ok ] || { echo "the backup fails PRAGMA integrity_check: $check" >&2; exit 1; }
    mv "$file.partial" "$file"
    ;;
  *) echo "DATABASE_URL must start with postgres://, postgresql:// or sqlite:" >&2; exit 1 ;;
esac
echo "$file"
