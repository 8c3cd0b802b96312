#!/usr/bin/env python3
"""Fails when the crate's modules import each other in a circle, or a layer imports one it may
not (docs/architecture.md, "Layers").

Reads every `src/**/*.rs` (the library crate; `src/main.rs` is the binary and imports the library
by name) and finds each module's references to others: `crate::a::b` paths anywhere in its code
(`use` lines, groups `use crate::{a, b::c}`, and paths written inline), `super::` and `self::`.
Comments and string literals are left out. A reference names the deepest module that exists.

Edges from a module to its own descendants are not counted (a module is made of its submodules:
`mod.rs` re-exporting a child is composition, not a dependency); a child using its parent's items,
and every reference across the tree, are. A cycle among the counted edges fails the check, printed
with the lines that make each of its edges.

  scripts/check-imports.py            check src/
  scripts/check-imports.py --self-test   show that a planted cycle and a planted layer breach fail
"""
import os
import re
import sys
import tempfile

# Which top-level modules a module may not reference (the layer rules). The core (`server`)
# imports no view and nothing of the composition root (`web`); views never touch the core or
# the composition root; the shared vocabulary imports nothing of ours but itself and `wire`'s
# plain data is allowed only the domain.
FORBIDDEN = {
    "server": {"app", "routes", "components", "islands", "web", "api"},
    "domain": {"app", "routes", "components", "islands", "web", "api", "server", "wire"},
    "wire": {"app", "routes", "components", "islands", "web", "api", "server"},
    "components": {"server", "web"},
    "routes": {"server", "web"},
    "islands": {"server", "web", "routes"},
    "app": {"server", "web"},
}


def strip_comments_and_strings(text):
    """The code without comments, string and char literals (replaced by spaces)."""
    out = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith("//", i):
            j = text.find("\n", i)
            i = n if j < 0 else j
        elif text.startswith("/*", i):
            depth, i = 1, i + 2
            while i < n and depth:
                if text.startswith("/*", i):
                    depth, i = depth + 1, i + 2
                elif text.startswith("*/", i):
                    depth, i = depth - 1, i + 2
                else:
                    i += 1
        elif c == "r" and re.match(r'r#*"', text[i:i + 10]) and (i == 0 or not (text[i - 1].isalnum() or text[i - 1] == "_")):
            m = re.match(r'r(#*)"', text[i:])
            end = text.find('"' + m.group(1), i + len(m.group(0)))
            i = n if end < 0 else end + 1 + len(m.group(1))
            out.append(" ")
        elif c == '"':
            i += 1
            while i < n and text[i] != '"':
                i += 2 if text[i] == "\\" else 1
            i += 1
            out.append(" ")
        elif c == "'" and re.match(r"'(\\.|[^\\'])'", text[i:i + 4]):
            i += len(re.match(r"'(\\.|[^\\'])'", text[i:i + 4]).group(0))
            out.append(" ")
        else:
            out.append(c)
            i += 1
    return "".join(out)


def modules(src):
    """{module path tuple: file} for the library crate under `src`."""
    found = {}
    for root, _, files in os.walk(src):
        for f in files:
            if not f.endswith(".rs"):
                continue
            path = os.path.join(root, f)
            rel = os.path.relpath(path, src)[:-3].split(os.sep)
            if rel == ["main"]:
                continue
            if rel == ["lib"]:
                found[()] = path
                continue
            if rel[-1] == "mod":
                rel = rel[:-1]
            found[tuple(rel)] = path
    return found


def expand_use_groups(code):
    """`use crate::a::{b, c::{d, e}};` written out as `crate::a::b crate::a::c::d crate::a::c::e`."""
    def expand(prefix, body):
        parts, depth, cur = [], 0, ""
        for ch in body:
            if ch == "{":
                depth += 1
            elif ch == "}":
                depth -= 1
            if ch == "," and depth == 0:
                parts.append(cur)
                cur = ""
            else:
                cur += ch
        parts.append(cur)
        out = []
        for p in parts:
            p = p.strip()
            if not p:
                continue
            m = re.match(r"^([\w:]*?)::\{(.*)\}$", p, re.S)
            if m:
                out += expand(prefix + "::" + m.group(1), m.group(2))
            else:
                out.append(prefix + "::" + p.split(" as ")[0].strip())
        return out

    paths = []
    for m in re.finditer(r"\buse\s+((?:crate|super|self)(?:::\w+)*)::\{", code):
        start = m.end()
        depth, j = 1, start
        while j < len(code) and depth:
            depth += {"{": 1, "}": -1}.get(code[j], 0)
            j += 1
        paths += expand(m.group(1), code[start:j - 1])
    return paths


def references(module, code, known):
    """The modules `module`'s code refers to, each with the path written."""
    paths = expand_use_groups(code)
    paths += re.findall(r"\b(?:crate|super|self)(?:::\w+)+", code)
    found = {}
    for p in paths:
        parts = p.split("::")
        if parts[0] == "crate":
            base, rest = (), parts[1:]
        else:
            base = module
            rest = parts
            while rest and rest[0] in ("super", "self"):
                if rest[0] == "super":
                    base = base[:-1]
                rest = rest[1:]
        target = base
        for part in rest:
            if target + (part,) in known:
                target = target + (part,)
            else:
                break
        if target != module:
            found.setdefault(target, p)
    return found


def graph(src):
    known = modules(src)
    edges, where = {}, {}
    for module, path in known.items():
        code = strip_comments_and_strings(open(path, encoding="utf-8").read())
        for target, written in references(module, code, known).items():
            # A module's own descendants are part of it.
            if target[: len(module)] == module:
                continue
            edges.setdefault(module, set()).add(target)
            where[(module, target)] = (path, written)
    return known, edges, where


def cycles(known, edges):
    """Strongly connected components of more than one module (Tarjan)."""
    index, low, stack, on, out = {}, {}, [], set(), []
    counter = [0]
    sys.setrecursionlimit(10000)

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in edges.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(known):
        if v not in index:
            visit(v)
    return out


def name(m):
    return "crate::" + "::".join(m) if m else "crate"


def check(src):
    known, edges, where = graph(src)
    problems = 0
    for comp in cycles(known, edges):
        problems += 1
        members = set(comp)
        print(f"IMPORT CYCLE among {len(comp)} modules: {', '.join(name(m) for m in comp)}")
        for a in comp:
            for b in sorted(edges.get(a, ())):
                if b in members:
                    path, written = where[(a, b)]
                    print(f"  {name(a)} -> {name(b)}   ({path}: {written})")
    for module, targets in sorted(edges.items()):
        top = module[0] if module else None
        for t in sorted(targets):
            if top in FORBIDDEN and t and t[0] in FORBIDDEN[top]:
                problems += 1
                path, written = where[(module, t)]
                print(f"LAYER BREACH: {name(module)} may not import {name(t)}   ({path}: {written})")
    count = sum(len(t) for t in edges.values())
    if problems:
        print(f"import check: {problems} problem(s) in {len(known)} modules, {count} imports")
        return 1
    print(f"import check: no cycle and no layer breach in {len(known)} modules, {count} imports")
    return 0


def self_test():
    """A planted cycle and a planted breach must fail; the same tree without them must pass."""
    with tempfile.TemporaryDirectory() as d:
        def write(rel, text):
            p = os.path.join(d, rel)
            os.makedirs(os.path.dirname(p), exist_ok=True)
            open(p, "w").write(text)
        write("lib.rs", "pub mod server;\npub mod app;\npub mod domain;\n")
        write("domain/mod.rs", "pub struct Title;\n")
        write("server/mod.rs", "pub mod a;\npub mod b;\npub use a::Thing;\n")
        write("server/a.rs", "use crate::domain::Title;\npub struct Thing;\n")
        write("server/b.rs", "// use crate::app::Shell; (a comment is no import)\nuse super::a::Thing;\nconst S: &str = \"crate::app::x\";\n")
        write("app.rs", "use crate::domain::Title;\n")
        assert check(d) == 0, "a clean tree passed"
        write("server/a.rs", "use crate::server::{b::Other, x};\npub struct Thing;\n")
        write("server/b.rs", "use super::a::Thing;\npub struct Other;\n")
        assert check(d) == 1, "a cycle fails"
        write("server/a.rs", "pub struct Thing;\nfn f() { crate::app::shell(); }\n")
        write("server/b.rs", "use super::a::Thing;\n")
        assert check(d) == 1, "a layer breach fails"
    print("self-test: a planted cycle and a planted layer breach both fail the check")
    return 0


if __name__ == "__main__":
    if "--self-test" in sys.argv:
        sys.exit(self_test())
    here = os.path.dirname(os.path.abspath(__file__))
    sys.exit(check(os.path.join(here, "..", "src")))
