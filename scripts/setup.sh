#!/usr/bin/env bash
# Installs whatever is missing to build, run and test the app on a fresh Debian machine that has
# only Rust (rustup), Node.js/npm and apt. Safe to run again: it skips what is already there.
#   scripts/setup.sh          build tools only (run the app)
#   scripts/setup.sh --test   also Chromium, the Playwright packages, sqlite3 (crash test),
#                             nginx (cluster test) and the Nu HTML checker with Java (HTML check)
#   scripts/setup.sh --bench  also wrk, brotli and wasm-opt (release builds)
set -euo pipefail
cd "$(dirname "$0")/.."
want_test=false; want_bench=false
for a in "$@"; do
  case "$a" in --test) want_test=true ;; --bench) want_bench=true ;; esac
done

say() { printf '\n== %s\n' "$*" >&2; }
export PATH="$HOME/.cargo/bin:$PWD/.tools/node_modules/.bin:$PATH"

apt_install() {
  local missing=()
  for pkg in "$@"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  say "installing ${missing[*]} from Debian's packages"
  local sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get install -y "${missing[@]}" || { $sudo apt-get update && $sudo apt-get install -y "${missing[@]}"; }
}

# The Rust of rust-toolchain.toml (rustup may be told not to fetch one on its own).
toolchain=$(sed -n 's/^channel *= *"\(.*\)"/\1/p' rust-toolchain.toml)
if ! rustup toolchain list | grep -q "^$toolchain"; then
  say "installing Rust $toolchain (rust-toolchain.toml)"
  rustup toolchain install "$toolchain" --profile minimal --component rustfmt,clippy \
    --target wasm32-unknown-unknown
fi
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi
# The two build tools are compiled without their own release profile's fat LTO and single
# codegen unit (they spend their time in the compiler and wasm-bindgen, not in themselves): a
# fraction of the install time on 2 cores.
quick_install() {
  CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
    CARGO_PROFILE_RELEASE_OPT_LEVEL=1 CARGO_PROFILE_RELEASE_DEBUG=false \
    cargo install "$@"
}
# cargo-leptos 0.3.11 needs rustc 1.96; 0.3.10 builds here (once per machine).
if ! cargo leptos --version 2>/dev/null | grep -q "0.3.10"; then
  say "installing cargo-leptos 0.3.10 (takes a while, once per machine)"
  quick_install cargo-leptos --locked --version 0.3.10
fi
# Must match the wasm-bindgen pinned in Cargo.toml. Without --locked: its lock file wants a
# crate version the registry lacks.
if ! wasm-bindgen --version 2>/dev/null | grep -q "0.2.130"; then
  say "installing wasm-bindgen-cli 0.2.130"
  quick_install wasm-bindgen-cli --version 0.2.130
fi
# wasm-opt for release builds: binaryen 132 from npm (Debian's v108 output breaks hydration).
if [ ! -x .tools/node_modules/.bin/wasm-opt ]; then
  say "installing wasm-opt (npm binaryen@132) into .tools/"
  mkdir -p .tools
  (cd .tools && [ -f package.json ] || echo '{"private":true}' > package.json
   npm install --no-audit --no-fund --silent binaryen@132)
fi

if $want_test; then
  apt_install chromium sqlite3 nginx
  # The Nu HTML checker (scripts/html-check.sh): vnu.jar from npm, run on Debian's Java (17+).
  # Java first, and npm without install scripts: vnu-jar's postinstall would otherwise download
  # a Java runtime from GitHub when it finds none.
  java -version 2>&1 | grep -qE ' version "(1[7-9]|[2-9][0-9])' || apt_install default-jre-headless
  if [ ! -f .tools/node_modules/vnu-jar/build/dist/vnu.jar ] || [ "$(node -p \
       'require("./.tools/node_modules/vnu-jar/package.json").version' 2>/dev/null)" != 26.9.27 ]; then
    say "installing the Nu HTML checker (npm vnu-jar@26.9.27) into .tools/"
    mkdir -p .tools
    (cd .tools && [ -f package.json ] || echo '{"private":true}' > package.json
     npm install --no-audit --no-fund --silent --ignore-scripts --save-exact vnu-jar@26.9.27)
  fi
  # schemathesis (PyPI) for scripts/api-test.sh, in a virtual environment of its own.
  if ! .tools/venv/bin/st --version 2>/dev/null | grep -q "4\.32\.5"; then
    say "installing schemathesis 4.32.5 into .tools/venv"
    mkdir -p .tools
    python3 -m venv .tools/venv
    .tools/venv/bin/pip install --quiet --disable-pip-version-check schemathesis==4.32.5
  fi
  if [ ! -d end2end/node_modules/@playwright/test ] || [ ! -d end2end/node_modules/@axe-core/playwright ]; then
    say "installing the Playwright packages (no browser download)"
    (cd end2end && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund)
  fi
fi
if $want_bench; then
  apt_install wrk brotli chromium
  # Lighthouse 12 (the version the performance goals name) for scripts/bench-pages.sh.
  if ! .tools/node_modules/.bin/lighthouse --version 2>/dev/null | grep -q "^12\."; then
    say "installing lighthouse@12 into .tools/"
    mkdir -p .tools
    (cd .tools && [ -f package.json ] || echo '{"private":true}' > package.json
     npm install --no-audit --no-fund --silent lighthouse@12)
  fi
  if [ ! -d end2end/node_modules/@playwright/test ]; then
    say "installing the Playwright packages (no browser download)"
    (cd end2end && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund)
  fi
fi
