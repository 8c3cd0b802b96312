#!/usr/bin/env python3
"""Regenerates src/domain/country_names.rs from pycountry 26.2.16 (pip install pycountry==26.2.16).
Run: python3 tools/gen_countries.py [OUTPUT_ROOT]   (default: the repository; scripts/check-generated.sh
writes into a scratch folder and compares)"""
import gettext
import os
import sys

import pycountry

ROOT = sys.argv[1] if len(sys.argv) > 1 else "."

fr = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["fr"])
uk = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["uk"])
rows = []
for c in sorted(pycountry.countries, key=lambda c: c.alpha_2):
    en = getattr(c, "common_name", None) or c.name
    f = fr.gettext(en)
    if f == en:
        f = fr.gettext(c.name)
    u = uk.gettext(en)
    if u == en:
        u = uk.gettext(c.name)
    rows.append((c.alpha_2, en, f, u))
esc = lambda s: s.replace("\\", "\\\\").replace('"', '\\"')
out = [
    "//! ISO 3166-1 alpha-2 countries with their names in the UI languages.",
    "//!",
    "//! Generated once from the `pycountry` package (iso-codes translations) by",
    "//! `tools/gen_countries.py`; edit that script, not this file.",
    "",
    "/// `(code, English, French, Ukrainian)`, sorted by code.",
    "pub const COUNTRIES: &[(&str, &str, &str, &str)] = &[",
]
for r in rows:
    out.append('    ("%s", "%s", "%s", "%s"),' % tuple(esc(x) for x in r))
out.append("];")
os.makedirs(f"{ROOT}/src/domain", exist_ok=True)
path = f"{ROOT}/src/domain/country_names.rs"
open(path, "w").write("\n".join(out) + "\n")
# Formatted as `cargo fmt` would, so the repository's copy and a fresh one compare equal.
import subprocess
subprocess.run(["rustfmt", "--edition", "2021", path], check=True)
