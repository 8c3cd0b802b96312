#!/usr/bin/env python3
"""Regenerates src/domain/country_names.rs from pycountry (pip install pycountry)."""
import gettext
import pycountry

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
open("src/domain/country_names.rs", "w").write("\n".join(out) + "\n")
