#!/usr/bin/env bash
# Sets up what is missing and runs every test: Rust unit and integration tests (SQLite, and
# PostgreSQL when a server answers on 127.0.0.1:5432), the short crash and shutdown test, the
# HTML check (scripts/html-check.sh: the Nu HTML checker over every public page), the cluster
# test (scripts/cluster-test.sh: three instances on a PostgreSQL of its own behind nginx), then
# the property-based API tests (schemathesis), then the browser tests in Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --test
export PATH="$HOME/.cargo/bin:$PWD/.tools/node_modules/.bin:$PATH"

if [ -z "${TEST_DATABASE_URL:-}" ]; then
  if (exec 3<>/dev/tcp/127.0.0.1/5432) 2>/dev/null; then
    export TEST_DATABASE_URL="postgres://postgres@127.0.0.1:5432/postgres"
  else
    echo "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!" >&2
    echo "!!! No PostgreSQL answers on 127.0.0.1:5432 and TEST_DATABASE_URL is not set:        !!!" >&2
    echo "!!! the PostgreSQL variants of the integration tests are SKIPPED; SQLite runs only.   !!!" >&2
    echo "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!" >&2
  fi
fi

echo "== generated files (locales, country names) match their generators" >&2
scripts/check-generated.sh

echo "== module imports: no cycle, no layer breach (docs/architecture.md, Layers)" >&2
python3 scripts/check-imports.py --self-test
python3 scripts/check-imports.py

echo "== the service worker's rules (node:test: what is stored, under which key)" >&2
node --test src/web/sw.test.mjs

echo "== Rust tests (domain, services on the real migrations)" >&2
# cargo-leptos's debug build compiles the server with `--cfg erase_components`; the tests use the
# same flags, so the two builds share every compiled dependency instead of rebuilding them all.
RUSTFLAGS="--cfg erase_components" cargo test --features ssr

echo "== building the app (server + hydrate bundle)" >&2
cargo leptos build

echo "== crash and shutdown test (SIGKILL and SIGTERM under load, short)" >&2
scripts/crash-test.sh --short

echo "== valid markup (Nu HTML checker over every public page in three languages; leptos's own markers counted apart)" >&2
scripts/html-check.sh

echo "== cluster test (own PostgreSQL, three instances, nginx: coherence, SIGKILL, rolling restart, database down, backups)" >&2
if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  scripts/cluster-test.sh
else
  echo "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!" >&2
  echo "!!! No PostgreSQL server binaries (/usr/lib/postgresql/*/bin/initdb, Debian package  !!!" >&2
  echo "!!! postgresql): the cluster test is SKIPPED.                                       !!!" >&2
  echo "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!" >&2
fi

echo "== the public API against its own OpenAPI document (schemathesis, every check)" >&2
scripts/api-test.sh

echo "== browser tests (desktop, phone, no JavaScript)" >&2
cd end2end
E2E_PROFILE_DIR=target/debug npx playwright test "$@"
