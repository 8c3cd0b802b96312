#!/usr/bin/env bash
# What the browser's wasm weighs as shipped, without building the whole site: builds the
# hydrate library alone (the profile `cargo leptos build --release` uses for it), then runs the
# same steps as cargo-leptos's release build — wasm-bindgen, wasm-opt -Oz, brotli 11 — and
# prints code before wasm-opt, raw and brotli sizes (bytes) and the per-crate code sizes
# (scripts/wasm-size.py). A measure for comparing builds, not a test.
#   scripts/wasm-shipped.sh [TARGET_DIR]     (default target/front; WASM_SKIP_BUILD=1 reuses it)
# WASM_OPT_FLAGS overrides the wasm-opt flags (default: Cargo.toml's `wasm-opt-features`).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PWD/.tools/node_modules/.bin:$PATH"
dir="${1:-target/front}"
wasm="$dir/wasm32-unknown-unknown/wasm-release/icc_initiatives.wasm"
if [ "${WASM_SKIP_BUILD:-}" != 1 ]; then
  cargo build --lib --target wasm32-unknown-unknown --profile wasm-release \
    --no-default-features --features hydrate --target-dir "$dir"
fi
out="$dir/shipped"; rm -rf "$out"; mkdir -p "$out"
wasm-bindgen --target web --no-typescript --out-dir "$out" --out-name icc-initiatives "$wasm"
# shellcheck disable=SC2086
wasm-opt ${WASM_OPT_FLAGS:--Oz --converge --enable-bulk-memory --enable-nontrapping-float-to-int} \
  -o "$out/opt.wasm" "$out/icc-initiatives_bg.wasm"
brotli -q 11 -f -k "$out/opt.wasm" -o "$out/opt.wasm.br"
brotli -q 11 -f -k "$out/icc-initiatives.js" -o "$out/glue.js.br"
size() { stat -c %s "$1"; }
printf 'before wasm-opt (wasm-bindgen out)  %8d bytes\n' "$(size "$out/icc-initiatives_bg.wasm")"
printf 'shipped wasm raw                    %8d bytes\n' "$(size "$out/opt.wasm")"
printf 'shipped wasm brotli 11              %8d bytes  (%.1f KB)\n' "$(size "$out/opt.wasm.br")" \
  "$(echo "$(size "$out/opt.wasm.br") / 1024" | bc -l)"
printf 'JS glue raw / brotli 11             %8d / %d bytes\n' "$(size "$out/icc-initiatives.js")" \
  "$(size "$out/glue.js.br")"
python3 scripts/wasm-size.py "$wasm" "${WASM_TOP:-25}"
