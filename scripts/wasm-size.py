#!/usr/bin/env python3
"""What the browser's wasm is made of: code bytes per crate and the largest functions.

Reads the wasm that cargo builds before wasm-bindgen and wasm-opt, which keeps its name section:
    target/front/wasm32-unknown-unknown/wasm-release/icc_initiatives.wasm
(after `cargo leptos build --release`; `--frontend-only` rebuilds just it in about 1.5 min).
Sizes are before wasm-opt, so they overstate the shipped file; compare builds with each other.
    scripts/wasm-size.py [WASM] [TOP]
"""
import collections
import sys

DEFAULT = "target/front/wasm32-unknown-unknown/wasm-release/icc_initiatives.wasm"
CRATES = ["serde_json", "serde", "tachys", "reactive_graph", "icc_initiatives", "web_sys",
          "js_sys", "wasm_bindgen", "server_fn", "gloo", "futures", "hashbrown", "dlmalloc",
          "leptos", "alloc", "core", "std"]


def leb(b, i):
    result = shift = 0
    while True:
        x = b[i]
        i += 1
        result |= (x & 0x7F) << shift
        shift += 7
        if x < 0x80:
            return result, i


def read(path):
    data = open(path, "rb").read()
    i, imports, codes, names, data_size = 8, 0, [], {}, 0
    while i < len(data):
        sid = data[i]
        size, i = leb(data, i + 1)
        end = i + size
        if sid == 2:  # imports: functions among them shift the function indices
            n, j = leb(data, i)
            for _ in range(n):
                for _ in range(2):
                    ln, j = leb(data, j)
                    j += ln
                kind = data[j]
                j += 1
                if kind == 0:
                    _, j = leb(data, j)
                    imports += 1
                elif kind == 1:
                    j += 1
                    flags, j = leb(data, j)
                    _, j = leb(data, j)
                    if flags & 1:
                        _, j = leb(data, j)
                elif kind == 2:
                    flags, j = leb(data, j)
                    _, j = leb(data, j)
                    if flags & 1:
                        _, j = leb(data, j)
                elif kind == 3:
                    j += 2
        elif sid == 10:  # code
            n, j = leb(data, i)
            for _ in range(n):
                ln, k = leb(data, j)
                codes.append(ln + (k - j))
                j = k + ln
        elif sid == 11:
            data_size = size
        elif sid == 0:
            ln, j = leb(data, i)
            if data[j:j + ln] == b"name":
                j += ln
                while j < end:
                    sub = data[j]
                    ssz, j = leb(data, j + 1)
                    if sub == 1:
                        n, k = leb(data, j)
                        for _ in range(n):
                            idx, k = leb(data, k)
                            ln2, k = leb(data, k)
                            names[idx] = data[k:k + ln2].decode("utf8", "replace")
                            k += ln2
                    j += ssz
        i = end
    return [(size, names.get(n + imports, "?")) for n, size in enumerate(codes)], data_size


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else DEFAULT
    top = int(sys.argv[2]) if len(sys.argv) > 2 else 25
    funcs, data_size = read(path)
    total = sum(s for s, _ in funcs)
    print(f"{path}: {len(funcs)} functions, code {total / 1024:.0f} KB, data {data_size / 1024:.0f} KB")
    by_crate = collections.Counter()
    for size, name in funcs:
        by_crate[next((c for c in CRATES if c in name), "other")] += size
    print("\ncode by crate (KB, first match in the symbol)")
    for crate, size in by_crate.most_common():
        print(f"{size / 1024:8.1f}  {crate}")
    print(f"\nthe {top} largest functions (bytes)")
    for size, name in sorted(funcs, reverse=True)[:top]:
        print(f"{size:8}  {name[:140]}")


if __name__ == "__main__":
    main()
