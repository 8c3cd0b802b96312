#!/usr/bin/env bash
# Sets up what is missing and runs the app on embedded SQLite at http://127.0.0.1:3000.
# The database is data/icc-initiatives.db; on first start it is filled with the sample data.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export PATH="$HOME/.cargo/bin:$PWD/.tools/node_modules/.bin:$PATH"
exec cargo leptos serve --release --precompress
