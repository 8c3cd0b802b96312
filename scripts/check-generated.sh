#!/usr/bin/env bash
# Regenerates the generated files into a scratch folder and fails if any differs from the one in
# the repository (someone edited a generated file, or changed a generator without running it):
#   locales/{en,fr,uk}.json       from tools/locales.py
#   src/domain/country_names.rs   from tools/gen_countries.py (pycountry 26.2.16, installed into
#                                 .tools/python on first use)
set -euo pipefail
cd "$(dirname "$0")/.."
scratch=$(mktemp -d); trap 'rm -rf "$scratch"' EXIT
if ! PYTHONPATH=.tools/python python3 -c "import pycountry" 2>/dev/null; then
  echo "== installing pycountry 26.2.16 into .tools/python" >&2
  python3 -m pip install --quiet --disable-pip-version-check --target .tools/python pycountry==26.2.16
fi
python3 tools/locales.py "$scratch"
PYTHONPATH=.tools/python python3 tools/gen_countries.py "$scratch"
status=0
for f in locales/en.json locales/fr.json locales/uk.json src/domain/country_names.rs; do
  if ! diff -u "$f" "$scratch/$f" > "$scratch/diff"; then
    echo "GENERATED FILE OUT OF DATE: $f differs from what its generator makes:" >&2
    head -40 "$scratch/diff" >&2
    status=1
  fi
done
[ $status -eq 0 ] && echo "generated files: up to date (locales, country names)"
exit $status
