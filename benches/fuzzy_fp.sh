#!/usr/bin/env bash
# False-positive benchmark of the matcher on clean English prose.
#
# Builds a corpus of English documentation and literature that Debian
# ships (none of it machine-translated, none of it about the Koreas), runs
# `mtfix check --format json` over it and counts what fires. Every finding
# on this corpus is a false positive unless a person says otherwise, so the
# numbers are an upper bound of the noise the matcher adds to clean text.
#
#   benches/fuzzy_fp.sh            # install (if needed), convert, build, run
#   FP_SKIP_INSTALL=1 benches/...  # use whatever is installed
#
# Output, all under target/fp-corpus/ (never committed: target/ is ignored):
#   docs/<package>/<file>.txt   one plain-text file per document
#   corpus.txt                  all documents concatenated, sorted by path
#   manifest.tsv                package, documents, bytes
#   check-corpus.jsonl          findings on corpus.txt (one 20+ MB document)
#   check-docs.jsonl            findings on docs/ (one document per file)
#   stress-rules/, check-stress.jsonl  the same without `context: any`
#   fuzzy-findings.txt          every fuzzy finding, with context (all runs)
#   other-findings.txt          every exact/regex finding, with context
#
# The corpus is only read locally, never redistributed. Licences, from the
# packages' copyright files (all in Debian main): Python documentation (PSF
# licence), Debian Administrator's Handbook (GPL-2+ or CC-BY-SA-3.0), Debian
# Reference (GPL-2+), Developer's Reference (GPL-2), New Maintainers' Guide
# (GPL-2+/MIT), GNU Coding Standards (GFDL-1.3), doc-debian (GPL and Open
# Publication Licence), Perl documentation (GPL-1+ or Artistic), Jargon File
# (public domain), King James Bible text (copyright expired), fortunes (BSD
# program; the quotations are collected texts).
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
OUT=$ROOT/target/fp-corpus
MTFIX=$ROOT/target/release/mtfix

PACKAGES=(
    python3.11-doc
    debian-handbook
    debian-reference-en
    developers-reference
    maint-guide
    gnu-standards
    doc-debian
    perl-doc
    jargon-text
    bible-kjv-text
    bible-kjv
    fortunes
    python3-yaml  # reads rules/ for the stress glossary and the near misses
    python3-venv  # for rapidfuzz (near misses)
)

# --- 1. Packages -----------------------------------------------------------

installed() {
    [[ $(dpkg-query -W -f='${Status}' "$1" 2>/dev/null) == "install ok installed" ]]
}

if [[ -z ${FP_SKIP_INSTALL:-} ]]; then
    missing=()
    for p in "${PACKAGES[@]}"; do
        installed "$p" || missing+=("$p")
    done
    if ((${#missing[@]})); then
        echo "installing: ${missing[*]}" >&2
        if [[ $EUID -ne 0 ]]; then
            echo "error: need root to apt-get install ${missing[*]}" >&2
            exit 2
        fi
        export DEBIAN_FRONTEND=noninteractive
        apt-get install -y -q --no-install-recommends "${missing[@]}" >&2 \
            || { apt-get update -q >&2 && apt-get install -y -q --no-install-recommends "${missing[@]}" >&2; }
    fi
fi

# --- 2. Plain-text corpus --------------------------------------------------

rm -rf "$OUT/docs"
mkdir -p "$OUT/docs"

python3 - "$OUT" <<'PY'
"""Converts the installed documentation to plain UTF-8 prose.

One paragraph per line, paragraphs separated by a blank line (so a name is
never cut by a line wrap); code blocks (<pre>, Sphinx signatures, POD
verbatim paragraphs) are dropped; navigation is dropped.
"""
import glob
import gzip
import html.parser
import os
import re
import subprocess
import sys

OUT = sys.argv[1]
DOCS = os.path.join(OUT, "docs")

# Elements whose whole content is dropped.
SKIP_TAGS = {"head", "script", "style", "pre", "nav", "svg", "math", "noscript", "template"}
# Elements dropped by class (Sphinx and DocBook/Publican navigation and code).
SKIP_CLASSES = {
    "related", "sphinxsidebar", "sphinxsidebarwrapper", "footer", "headerlink",
    "highlight", "sig", "mobile-nav", "menu-wrapper", "navheader", "navfooter",
    "docnav", "toc", "programlisting", "screen", "synopsis", "cmdsynopsis",
    "indexterm", "breadcrumbs",
}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link",
        "meta", "param", "source", "track", "wbr"}
BLOCK = {"p", "div", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4",
         "h5", "h6", "table", "tr", "td", "th", "thead", "tbody", "blockquote",
         "section", "article", "aside", "header", "footer", "figure",
         "figcaption", "caption", "body", "html", "form", "fieldset", "address",
         "main", "hr", "br"}


class Prose(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack = []  # (tag, skipping)
        self.skip = 0
        self.paragraphs = []
        self.current = []

    def _break(self):
        text = re.sub(r"\s+", " ", "".join(self.current)).strip()
        if text:
            self.paragraphs.append(text)
        self.current = []

    def handle_starttag(self, tag, attrs):
        if tag in BLOCK:
            self._break()
        if tag in VOID:
            return
        classes = set()
        for k, v in attrs:
            if k == "class" and v:
                classes.update(v.split())
        skipping = tag in SKIP_TAGS or bool(classes & SKIP_CLASSES) or any(
            c.startswith("highlight") for c in classes)
        self.stack.append((tag, skipping))
        if skipping:
            self.skip += 1

    def handle_startendtag(self, tag, attrs):
        if tag in BLOCK:
            self._break()

    def handle_endtag(self, tag):
        if tag in BLOCK:
            self._break()
        if not any(t == tag for t, _ in self.stack):
            return  # stray end tag
        while self.stack:
            t, skipping = self.stack.pop()
            if skipping:
                self.skip -= 1
            if t == tag:
                break

    def handle_data(self, data):
        if not self.skip:
            self.current.append(data)

    def text(self):
        self._break()
        return "\n\n".join(self.paragraphs) + "\n"


def html_to_text(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        p = Prose()
        p.feed(f.read())
        p.close()
        return p.text()


def read_text(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8", errors="replace") as f:
        return f.read()


def unwrap(text):
    """Joins the lines of each blank-line-separated paragraph."""
    paras = (re.sub(r"\s+", " ", p).strip() for p in re.split(r"\n\s*\n", text))
    return "\n\n".join(p for p in paras if p) + "\n"


def write(rel, text):
    if not text.strip():
        return
    path = os.path.join(DOCS, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def html_tree(pkg, root, pattern, exclude=()):
    for path in sorted(glob.glob(os.path.join(root, pattern), recursive=True)):
        rel = os.path.relpath(path, root)
        if any(re.search(x, rel) for x in exclude):
            continue
        write(os.path.join(pkg, re.sub(r"\.html$", ".txt", rel)), html_to_text(path))


# Python 3.11 documentation (Sphinx HTML; _sources holds the same text as reST).
html_tree("python3.11-doc", "/usr/share/doc/python3.11/html", "**/*.html",
          exclude=[r"^_", r"^genindex", r"^search\.html$", r"^py-modindex",
                   r"^contents\.html$"])
# Debian Administrator's Handbook, English only.
html_tree("debian-handbook", "/usr/share/doc/debian-handbook/html/en-US", "*.html",
          exclude=[r"^index\.html$"])
# Debian Reference, chapters (index.en.html is the table of contents).
html_tree("debian-reference-en", "/usr/share/debian-reference", "*.en.html",
          exclude=[r"^index\."])
# Developer's Reference, one page per chapter (not the all-in-one copy).
html_tree("developers-reference", "/usr/share/developers-reference", "*.html",
          exclude=[r"^developers-reference\.html$", r"^search\.html$", r"^genindex",
                   r"^index\.html$"])
html_tree("maint-guide", "/usr/share/doc/maint-guide/html", "*.en.html",
          exclude=[r"^index\."])
html_tree("gnu-standards", "/usr/share/doc/gnu-standards", "*.html")

# doc-debian: plain-text policy documents (constitution versions are near
# duplicates: keep the current one).
for path in sorted(glob.glob("/usr/share/doc/debian/*")):
    name = os.path.basename(path)
    if re.match(r"constitution\.\d|social-contract\.\d", name):
        continue
    write(os.path.join("doc-debian", re.sub(r"(\.txt)?(\.gz)?$", "", name) + ".txt"),
          unwrap(read_text(path)))

# The Jargon File.
write("jargon-text/jargon.txt", unwrap(read_text("/usr/share/doc/jargon-text/jargon.txt.gz")))

# Perl documentation: POD without verbatim (code) paragraphs.
POD = r'''
package P; use parent "Pod::Text";
sub cmd_verbatim { "" }
package main;
my $p = P->new(indent => 0, margin => 0, width => 1_000_000, sentence => 0, utf8 => 1);
$p->output_fh(*STDOUT);
$p->parse_file($ARGV[0]);
'''
for path in sorted(glob.glob("/usr/share/perl/5.*/pod/*.pod")):
    out = subprocess.run(["perl", "-e", POD, path], capture_output=True, check=True).stdout
    # Paragraphs are single lines already (huge width); headings stay apart.
    text = re.sub(r"[ \t]+\n", "\n", out.decode("utf-8", errors="replace"))
    write(os.path.join("perl-doc", os.path.basename(path)[:-4] + ".txt"),
          re.sub(r"\n{3,}", "\n\n", text).strip("\n") + "\n")

# King James Bible: one document per book, one verse per line, chapters
# separated by blank lines; verse references dropped.
bible = subprocess.run(["bible", "-f", "Gen1:1-Rev22:21"], stdin=subprocess.DEVNULL,
                       capture_output=True, check=True, env={**os.environ, "COLUMNS": "100000"}
                       ).stdout.decode("utf-8", errors="replace")
books, order = {}, []
last = None
for line in bible.splitlines():
    m = re.match(r"^(\d?[A-Za-z]+)(\d+):\d+ (.*)$", line)
    if not m:
        continue
    book, chapter, verse = m.groups()
    if book not in books:
        books[book] = []
        order.append(book)
    lines = books[book]
    if lines and last != (book, chapter):
        lines.append("")
    lines.append(verse.strip())
    last = (book, chapter)
for i, book in enumerate(order, 1):
    write(f"bible-kjv-text/{i:02d}-{book}.txt", "\n".join(books[book]) + "\n")

# Fortunes: quotations and anecdotes, one per paragraph (ASCII art dropped).
for path in sorted(glob.glob("/usr/share/games/fortunes/*")):
    name = os.path.basename(path)
    if "." in name or os.path.islink(path) or "art" in name:
        continue
    items = re.split(r"(?m)^%\s*$", read_text(path))
    write(f"fortunes/{name}.txt", "\n\n".join(
        re.sub(r"\s+", " ", s).strip() for s in items if s.strip()) + "\n")

# The corpus: every document, sorted by path, separated by a blank line.
paths = sorted(os.path.relpath(os.path.join(d, f), DOCS)
               for d, _, fs in os.walk(DOCS) for f in fs)
sizes = {}
with open(os.path.join(OUT, "corpus.txt"), "w", encoding="utf-8") as corpus:
    for rel in paths:
        with open(os.path.join(DOCS, rel), encoding="utf-8") as f:
            text = f.read()
        corpus.write(text.rstrip("\n") + "\n\n")
        pkg = rel.split(os.sep)[0]
        n, b = sizes.get(pkg, (0, 0))
        sizes[pkg] = (n + 1, b + len(text.encode("utf-8")))
with open(os.path.join(OUT, "manifest.tsv"), "w") as m:
    m.write("package\tdocuments\tbytes\n")
    for pkg in sorted(sizes):
        m.write(f"{pkg}\t{sizes[pkg][0]}\t{sizes[pkg][1]}\n")
PY

# --- 3. Build and run -------------------------------------------------------

cargo build --release --quiet --bin mtfix

run_check() { # run_check OUTPUT [OPTION...] PATH...: findings exit 1, errors exit 2
    local out=$1 rc=0 t0 t1
    shift
    t0=$(date +%s.%N)
    "$MTFIX" --color never "${@:1:$#-1}" check --format json "${@: -1}" >"$out" || rc=$?
    t1=$(date +%s.%N)
    if ((rc > 1)); then
        echo "error: mtfix check exited with $rc" >&2
        exit "$rc"
    fi
    echo "$t0 $t1" >"$out.time"
}

# Sanity: the fuzzy matcher is on and reaches the JSON output.
probe=$("$MTFIX" --color never check --format json - <<<"In Seoul, Moon Jae In met Stephen Bigun about Pyongyang." || true)
if [[ $(grep -c '"method":"fuzzy"' <<<"$probe") != 2 ]]; then
    echo "error: the fuzzy probe did not give 2 fuzzy findings:" >&2
    echo "$probe" >&2
    exit 2
fi

# Stress glossary: the shipped one without the `context: any:` conditions,
# as if every document were about the Koreas and Trump (`none` and the
# neighbour vetoes stay). Shows what the topic condition alone keeps out.
rm -rf "$OUT/stress-rules"
mkdir -p "$OUT/stress-rules"
python3 - "$ROOT/rules" "$OUT/stress-rules" <<'PY'
import glob, os, sys, yaml
for path in sorted(glob.glob(os.path.join(sys.argv[1], "*.yaml"))):
    with open(path) as f:
        entries = yaml.safe_load(f) or []
    for e in entries:
        ctx = e.get("context")
        if ctx:
            ctx.pop("any", None)
            if not ctx:
                del e["context"]
        e.pop("tests", None)  # their `unchanged` examples rely on the context
    with open(os.path.join(sys.argv[2], os.path.basename(path)), "w") as f:
        yaml.safe_dump(entries, f, allow_unicode=True, sort_keys=False)
PY

run_check "$OUT/check-corpus.jsonl" "$OUT/corpus.txt"
run_check "$OUT/check-docs.jsonl" "$OUT/docs"
run_check "$OUT/check-stress.jsonl" --no-default-rules --rules "$OUT/stress-rules" "$OUT/docs"

python3 - "$OUT" <<'PY'
import json
import os
import re
import sys
from collections import Counter

OUT = sys.argv[1]
MB = 1_000_000
size = os.path.getsize(os.path.join(OUT, "corpus.txt"))
mb = size / MB

print("== corpus")
with open(os.path.join(OUT, "manifest.tsv")) as m:
    next(m)
    rows = [line.rstrip("\n").split("\t") for line in m]
for pkg, docs, b in rows:
    print(f"  {pkg:<22} {int(docs):5d} docs {int(b) / MB:8.2f} MB")
print(f"  {'total':<22} {sum(int(r[1]) for r in rows):5d} docs {mb:8.2f} MB "
      f"({size} bytes in corpus.txt)")

texts = {}


def context(path, start, end, width=60):
    if path not in texts:
        with open(path, "rb") as f:
            texts[path] = f.read()
    b = texts[path]
    flat = lambda s: re.sub(r"\s+", " ", s)
    before = b[max(0, start - width):start].decode("utf-8", errors="ignore")
    after = b[end:end + width].decode("utf-8", errors="ignore")
    return f"{flat(before)}[[{b[start:end].decode('utf-8')}]]{flat(after)}"


def describe(f):
    return (f"{f['matched']!r} -> {f['replacement']!r}  rule={f['rule']} "
            f"method={f['method']} action={f['action']} confidence={f['confidence']:.3f}\n"
            f"    {os.path.relpath(f['path'], OUT)}:{f['line']}:{f['column']}  "
            f"{context(f['path'], f['start'], f['end'])}\n")


runs = [
    ("shipped glossary, corpus.txt as one document", "check-corpus.jsonl"),
    ("shipped glossary, docs/ (one document per file)", "check-docs.jsonl"),
    ("STRESS: glossary without `context: any`, docs/", "check-stress.jsonl"),
]
with open(os.path.join(OUT, "fuzzy-findings.txt"), "w") as fz, \
     open(os.path.join(OUT, "other-findings.txt"), "w") as other:
    for title, name in runs:
        with open(os.path.join(OUT, name)) as f:
            findings = [json.loads(line) for line in f if line.strip()]
        with open(os.path.join(OUT, name + ".time")) as f:
            t0, t1 = map(float, f.read().split())
        count = Counter((f["method"], f["action"]) for f in findings)
        fuzzy = [f for f in findings if f["method"] == "fuzzy"]
        fix, sug = count[("fuzzy", "fix")], count[("fuzzy", "suggest")]
        exact = sum(v for (m, _), v in count.items() if m == "exact")
        regex = sum(v for (m, _), v in count.items() if m == "regex")
        print(f"== {title}  [{t1 - t0:.1f} s, {mb / (t1 - t0):.1f} MB/s]")
        print(f"  fuzzy fix      {fix:6d}")
        print(f"  fuzzy suggest  {sug:6d}")
        print(f"  fuzzy total    {len(fuzzy):6d}  {len(fuzzy) / mb:.3f} per MB, "
              f"{10 * len(fuzzy) / mb:.2f} per 10 MB "
              f"(fix {fix / mb:.3f}/MB, suggest {sug / mb:.3f}/MB)")
        print(f"  exact          {exact:6d}  {exact / mb:.3f} per MB")
        print(f"  regex          {regex:6d}  {regex / mb:.3f} per MB")
        print(f"  all findings   {len(findings):6d}  {len(findings) / mb:.3f} per MB")
        groups = Counter((f["method"], f["action"], f["rule"], f["matched"], f["replacement"])
                         for f in findings)
        for (m, a, rule, matched, repl), n in sorted(groups.items(),
                                                      key=lambda kv: (-kv[1], kv[0])):
            print(f"    {n:4d} x {m:<5} {a:<7} {matched!r} -> {repl!r} ({rule})")
        fz.write(f"# {title}: {len(fuzzy)} fuzzy findings\n")
        fz.writelines(describe(f) for f in fuzzy)
        fz.write("\n")
        rest = [f for f in findings if f["method"] != "fuzzy"]
        other.write(f"# {title}: {len(rest)} exact/regex findings\n")
        other.writelines(describe(f) for f in rest)
        other.write("\n")
print(f"== written: {OUT}/fuzzy-findings.txt, {OUT}/other-findings.txt")
PY

# --- 4. Near misses ----------------------------------------------------------
# With few or no fuzzy findings, the margin matters: the candidates closest to
# a glossary term, scored as the engine scores them (compact keys, normalised
# Damerau-Levenshtein, Jaro-Winkler, same initial, the English-word guard) but
# before the index, context and blocking. A superset of what could fire.
# Needs rapidfuzz (PyPI), installed into target/fp-corpus/venv. FP_NEAR_MISS=0
# skips this step.
if [[ ${FP_NEAR_MISS:-1} != 0 ]]; then
    VENV=$OUT/venv
    if ! "$VENV/bin/python" -c 'import rapidfuzz, yaml' 2>/dev/null; then
        python3 -m venv --system-site-packages "$VENV" >&2
        "$VENV/bin/pip" install -q rapidfuzz >&2
    fi
    "$VENV/bin/python" - "$ROOT" "$OUT/docs" <<'PY' >"$OUT/near-misses.txt"
import glob, os, re, sys
from collections import Counter, defaultdict

import yaml
from rapidfuzz.distance import DamerauLevenshtein, JaroWinkler

root, docs = sys.argv[1], sys.argv[2]
paths = sorted(os.path.join(d, f) for d, _, fs in os.walk(docs) for f in fs)
with open(os.path.join(root, "data/english-words.txt")) as f:
    english = set(f.read().split("\n"))


def compact(s):
    return "".join(c for c in s if c.isalnum()).lower()


def words(s):
    return len([w for w in re.split(r"[\s\-\u2010]", s) if w])


terms = defaultdict(list)  # initial -> (entry, term, key, words)
for path in sorted(glob.glob(os.path.join(root, "rules/*.yaml"))):
    with open(path) as f:
        for e in yaml.safe_load(f) or []:
            if "correct" not in e or "replace" in e or e.get("fuzzy", True) is False:
                continue
            for t in [e["correct"], *e.get("alternatives", []), *e.get("variants", [])]:
                k = compact(t)
                if len(k) >= 6:
                    terms[k[0]].append((e["id"], t, k, words(t)))
every = [t for ts in terms.values() for t in ts]
max_words = max(t[3] for t in every)
max_key = max(len(t[2]) for t in every)
token = re.compile(r"\w+(?:(?:[-\u2010]|['\u2019](?![sS]\b))\w+)*")
seen = Counter()
for path in paths:
    with open(path, encoding="utf-8") as f:
        for line in f:
            toks = [(m.start(), m.end(), m.group()) for m in token.finditer(line)]
            i = 0
            while i < len(toks):
                if not toks[i][2][0].isupper():
                    i += 1
                    continue
                j = i + 1
                while (j < len(toks) and line[toks[j - 1][1]:toks[j][0]] == " "
                       and toks[j][2][0].isupper()):
                    j += 1
                run, i = toks[i:j], j
                for a in range(len(run)):
                    for n in range(1, min(max_words, len(run) - a) + 1):
                        ws = run[a:a + n]
                        if all(w[2].lower() in english for w in ws):
                            continue
                        span = line[ws[0][0]:ws[-1][1]]
                        key = compact(span)
                        if not 6 <= len(key) <= max_key + 1:
                            continue
                        best = None
                        for entry, term, tkey, twords in terms.get(key[0], []):
                            if abs(twords - words(span)) > 1:
                                continue
                            sim = DamerauLevenshtein.normalized_similarity(key, tkey)
                            if sim >= 0.7 and (best is None or sim > best[0]):
                                best = (sim, JaroWinkler.similarity(key, tkey), entry, term)
                        if best:
                            sim, jw, entry, term = best
                            seen[(span, term, entry, round(sim, 3), round(jw, 3))] += 1
print("# candidates with similarity >= 0.7 to a glossary term (fuzzy reports from 0.8 with JW >= 0.85)")
for (span, term, entry, sim, jw), n in sorted(seen.items(), key=lambda kv: (-kv[0][3], -kv[1], kv[0])):
    mark = "  <-- passes the similarity guards" if sim >= 0.8 and jw >= 0.85 else ""
    print(f"{n:6d} x {sim:.3f} jw={jw:.3f} {span!r} ~ {term!r} ({entry}){mark}")
PY
    echo "== near misses (similarity >= 0.7, before context; all in $OUT/near-misses.txt)"
    head -16 "$OUT/near-misses.txt" | tail -n +2 | sed 's/^/  /'
fi
