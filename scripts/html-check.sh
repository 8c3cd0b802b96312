#!/usr/bin/env bash
# Valid markup (issue 24): starts the built server (`cargo leptos build`: target/debug/icc-initiatives
# and target/site) on a fresh SQLite database with the sample data and the browser tests' fixtures,
# saves every public page in three languages (and once without lang=), and checks them all with
# the Nu HTML checker (npm vnu-jar, on Debian's Java) in one JVM run. Every error is the project's
# own and fails the run, except leptos's own markers listed in EXCUSED below, which are counted
# apart and reported. Warnings and info messages are counted, not failed.
# Usage: scripts/html-check.sh [SERVER_BINARY]   (default target/debug/icc-initiatives)
#   HTML_CHECK_PORT  first port to try (default 3020; the next free one up to +19 is taken)
#   The pages and the checker's JSON stay in target/html-check/ for reading after a run.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s.%N)
bin="${1:-target/debug/icc-initiatives}"
vnu=.tools/node_modules/vnu-jar/build/dist/vnu.jar
[ -x "$bin" ] || { echo "no server binary at $bin: run 'cargo leptos build' first" >&2; exit 1; }
[ -d target/site/pkg ] || { echo "no target/site/pkg: run 'cargo leptos build' first" >&2; exit 1; }
[ -f "$vnu" ] || { echo "no $vnu: run scripts/setup.sh --test" >&2; exit 1; }
command -v java >/dev/null || { echo "java is missing: run scripts/setup.sh --test" >&2; exit 1; }
java_major=$(java -version 2>&1 | sed -n 's/.* version "\([0-9]*\).*/\1/p' | head -n 1)
[ "${java_major:-0}" -ge 17 ] || { echo "the checker needs Java 17 or later, java is ${java_major:-unknown}" >&2; exit 1; }

# A free port of our own (the browser tests use 3010, the crash test 3031).
port="${HTML_CHECK_PORT:-3020}"
for _ in $(seq 1 20); do
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || break
  port=$((port + 1))
done
(exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && { echo "no free port near ${HTML_CHECK_PORT:-3020}" >&2; exit 1; }

work=target/html-check
rm -rf "$work" && mkdir -p "$work/pages"
export DATABASE_URL="sqlite://$work/check.db"
export LEPTOS_OUTPUT_NAME=icc-initiatives LEPTOS_SITE_ROOT=target/site LEPTOS_SITE_PKG_DIR=pkg
export LEPTOS_SITE_ADDR="127.0.0.1:$port" RUST_LOG="${RUST_LOG:-warn}"
# cargo leptos writes hash.txt beside the binary; a plain `cargo build` does not.
if [ -f "$(dirname "$bin")/hash.txt" ]; then export LEPTOS_HASH_FILES=true; else export LEPTOS_HASH_FILES=false; fi
"$bin" import src/server/sample-initiatives.json --sample >/dev/null 2>>"$work/server.log"
"$bin" import end2end/fixtures/test-initiatives.json >/dev/null 2>>"$work/server.log"

server=""
cleanup() { if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi; }
trap cleanup EXIT
"$bin" serve --no-sample 2>>"$work/server.log" & server=$!
base="http://127.0.0.1:$port"
for _ in $(seq 1 150); do
  curl -fs "$base/healthz" >/dev/null && break
  kill -0 "$server" 2>/dev/null || { echo "the server did not start (see $work/server.log)" >&2; exit 1; }
  sleep 0.2
done
curl -fs "$base/healthz" >/dev/null || { echo "the server did not answer /healthz (see $work/server.log)" >&2; exit 1; }

# An initiative's detail page: the first card of the list.
slug=$(curl -fs "$base/initiatives" | grep -o 'href="/initiatives/[^"?#/]*' | head -n 1 | sed 's|href="/initiatives/||')
[ -n "$slug" ] || { echo "no initiative link on /initiatives" >&2; exit 1; }

# name  expected-status  path
pages="
home             200 /
list             200 /initiatives
list-filtered    200 /initiatives?country=PL&type=housing
list-page-2      200 /initiatives?page=2
list-empty       200 /initiatives?q=zzzzzz
list-problem     200 /initiatives?country=XX
detail           200 /initiatives/$slug
detail-outdated  200 /initiatives/krakow-welcome-point-at-the-main-railway-station?version=fr
detail-machine   200 /initiatives/lviv-movni-kursy-dlia-vnutrishno-peremishchenykh-osib?version=fr
statistics       200 /statistics
stats-filtered   200 /statistics?country=PL&type=housing
stats-empty      200 /statistics?q=zzzzzz
declaration      200 /declaration
submit           200 /submit
api              200 /api
embed            200 /embed/initiatives
privacy          200 /privacy
sign-in          200 /admin/sign-in
not-found        404 /no-such-page
"
fetch_failed=0; count=0
while read -r name want path; do
  [ -n "$name" ] || continue
  for lang in none en fr uk; do
    url="$path"
    if [ "$lang" != none ]; then case "$path" in *\?*) url="$path&lang=$lang" ;; *) url="$path?lang=$lang" ;; esac; fi
    file="$work/pages/$name.$lang.html"
    status=$(curl -s -o "$file" -w '%{http_code}' "$base$url") || status="no answer"
    count=$((count + 1))
    if [ "$status" != "$want" ]; then
      echo "FAILED: $url answered $status, expected $want" >&2; fetch_failed=1
    fi
  done
done <<< "$pages"
[ "$fetch_failed" = 0 ] || exit 1

# One JVM for all pages (its start takes seconds). The messages go to a file; the exit status
# is always 0, the classification below decides.
checking=$(date +%s.%N)
java -jar "$vnu" --format json --stdout --exit-zero-always "$work"/pages/*.html > "$work/vnu.json"
checked=$(date +%s.%N)

python3 - "$work" "$count" "$started" "$checking" "$checked" <<'PY'
import json, os, re, sys
from collections import Counter, defaultdict

work, count = sys.argv[1], int(sys.argv[2])
started, checking, checked = map(float, sys.argv[3:6])
pages = {}  # file name -> its text
for name in sorted(os.listdir(f"{work}/pages")):
    pages[name] = open(f"{work}/pages/{name}", encoding="utf-8").read()

def hilite(m):
    x, s, n = m.get("extract", ""), m.get("hiliteStart"), m.get("hiliteLength")
    return x[s:s + n] if s is not None and n is not None else ""

def utf16_position(text, i):
    """(line, column) of text[i] as the checker counts them (1-based, columns in UTF-16 units)."""
    line_start = text.rfind("\n", 0, i) + 1
    return text.count("\n", 0, i) + 1, len(text[line_start:i].encode("utf-16-le")) // 2 + 1

lines = {}  # file name -> (index of each line's first character, whether all is in the BMP)

def index_of(name, text, line, column):
    """The inverse: the index in text of the checker's (line, column)."""
    if name not in lines:
        lines[name] = ([0] + [i + 1 for i, c in enumerate(text) if c == "\n"],
                       not text or max(text) <= "\uffff")
    starts, bmp_only = lines[name]
    i = starts[line - 1]
    if bmp_only:
        return i + column - 1
    units = 1
    while units < column and i < len(text):  # UTF-16: a character beyond U+FFFF counts twice
        units += 2 if ord(text[i]) > 0xFFFF else 1
        i += 1
    return i

def ends_at_hydration_marker(m, name, text):
    """The message's range ends with a <!> of the page."""
    end = index_of(name, text, m.get("lastLine", 1), m.get("lastColumn", 1))
    return text[end - 2:end + 1] == "<!>"

def after_html_end(m, name, text):
    """The message points at a <script nonce=…> start tag placed after the page's </html>."""
    end = text.find("</html>")
    if end < 0 or not re.fullmatch(r'<script nonce="[A-Za-z0-9_-]+">', hilite(m)):
        return False
    return (m.get("lastLine", 0), m.get("firstColumn", 0)) > utf16_position(text, end)

# THE EXCUSED ERRORS: leptos's own markup, not the project's. An error is excused only when its
# message matches exactly AND the test on where it points holds; every other error fails the run.
EXCUSED = [
    # leptos's hydration markers: the empty comment <!> that leptos writes between a component's
    # pieces is a "bogus comment" to an HTML parser (harmless; browsers make it a comment node).
    ("leptos: <!> hydration markers",
     r"Bogus comment\.", ends_at_hydration_marker),
    # leptos writes its resource scripts (__RESOLVED_RESOURCES=…, __INCOMPLETE_CHUNKS=…) after
    # the document's </html>. The checker reports the first of them as a stray start tag and then
    # stops reading the file ("cannot recover") — after the whole document, so nothing of the page
    # goes unchecked; what follows </html> is checked by TAIL below instead.
    ("leptos: resource scripts after </html>",
     r"Stray start tag “script”\.", after_html_end),
    ("leptos: resource scripts after </html>",
     r"Cannot recover after last error\. Any further errors will be ignored\.", after_html_end),
]
# What may follow </html>: leptos's hydration markers and its resource scripts with the page's
# nonce, whose contents are JavaScript assignments to its __NAMES (serialised data has its < escaped).
TAIL = re.compile(r'(?:<!>)*(?:<script nonce="[A-Za-z0-9_-]+">__[A-Z_]+=[^<]*</script>)*\s*')

def page_label(name):
    page, _, lang = name[:-len(".html")].rpartition(".")
    return f"{page} ({'no lang=' if lang == 'none' else 'lang=' + lang})"

messages = json.load(open(f"{work}/vnu.json", encoding="utf-8"))["messages"]
own = []                         # (file, line, message, extract)
leptos = defaultdict(Counter)    # rule -> file -> count
notes = defaultdict(Counter)     # (kind, message) -> file -> count
for m in messages:
    name = os.path.basename(m.get("url", ""))
    text = pages.get(name, "")
    if m.get("type") in ("error", "non-document-error"):
        why = next((why for why, message, where in EXCUSED
                    if re.fullmatch(message, m.get("message", "")) and where(m, name, text)), None)
        if why:
            leptos[why][name] += 1
        else:
            own.append((name, m.get("lastLine", "?"), m.get("message", ""), m.get("extract", "")))
    else:
        notes[(m.get("subType") or m.get("type"), m.get("message", ""))][name] += 1
for name, text in pages.items():
    end = text.find("</html>")
    tail = text[end + len("</html>"):] if end >= 0 else ""
    if end >= 0 and not TAIL.fullmatch(tail):
        line, _ = utf16_position(text, end)
        own.append((name, line, "after </html>: something other than leptos's resource scripts "
                    "(the checker stops at the first tag there, so this script checks it)", tail[:200]))

out = lambda *a: print(*a, file=sys.stderr)
out(f"HTML check (Nu HTML checker): {count} pages, {len(messages)} messages; the checker took "
    f"{checked - checking:.1f} s, the whole check {checked - started:.1f} s")
if leptos:
    out(f"leptos's own (not failed): {sum(sum(c.values()) for c in leptos.values())} errors")
    for why, files in leptos.items():
        out(f"  {sum(files.values()):6}  {why}, on {len(files)} pages")
        per_page = defaultdict(dict)
        for name, n in files.items():
            page, _, lang = name[:-len(".html")].rpartition(".")
            per_page[page][lang] = n
        for page, langs in sorted(per_page.items()):
            out(f"          {page:14} " + "  ".join(f"{lang}={langs.get(lang, 0)}" for lang in ("none", "en", "fr", "uk")))
if notes:
    out(f"warnings and info (not failed): {sum(sum(c.values()) for c in notes.values())}")
    for (kind, message), files in sorted(notes.items()):
        out(f"  {sum(files.values()):6}  {kind}: {message}")
        out(f"          on {', '.join(page_label(n) for n in sorted(files))}")
if own:
    out(f"FAILED: {len(own)} errors of the project's own (pages in {work}/pages):")
    for name, line, message, extract in own:
        out(f"  {page_label(name)} line {line}: {message}")
        if extract:
            out(f"      {extract.strip()}")
    sys.exit(1)
out("no errors of the project's own")
PY
