#!/usr/bin/env bash
# Whole-process comparison of mtfix with the practical limits (rg -F
# detection, a raw Aho-Corasick replace) and the tools a user would pick
# instead (typos, codespell, flashtext, pyahocorasick, perl, sed).
#
#   bash benches/compare/run.sh            # full: 10 MB and 200 MB; 100, 10k, 100k entries (~30 min)
#   bash benches/compare/run.sh --quick    # 10 MB; 100 and 10k entries (a few minutes)
#
# Installs what is missing (apt: hyperfine ripgrep time; cargo: typos-cli;
# PyPI in a venv: codespell flashtext pyahocorasick), builds mtfix and
# ac-replace, generates the corpora and glossaries (gen.py, seeded), runs
# bench.py, and writes target/compare/results.md. Everything it makes lives
# in target/compare/ and is reused by the next run.
set -euo pipefail

mode=full
for arg in "$@"; do
    case "$arg" in
        --quick) mode=quick ;;
        --full) mode=full ;;
        -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
        *) echo "run.sh: unknown argument $arg (--quick or --full)" >&2; exit 2 ;;
    esac
done

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
out=$root/target/compare
data=$out/data
mkdir -p "$out" "$data"
t0=$(date +%s.%N)
started=$(date '+%Y-%m-%d %H:%M:%S')
load0=$(cut -d' ' -f1 /proc/loadavg)
step() { printf '\n== %s (%s)\n' "$*" "$(date +%H:%M:%S)"; }

if [[ $mode == quick ]]; then
    corpora=10; sizes=100,10000
    limits=(--limit-small 60 --limit-big 120 --startup-limit 30)
else
    corpora=10,200; sizes=100,10000,100000
    limits=(--limit-small 120 --limit-big 120 --startup-limit 60)
fi

# ------------------------------------------------------------------ install
step "tools"
need_apt=()
command -v hyperfine >/dev/null || need_apt+=(hyperfine)
command -v rg >/dev/null || need_apt+=(ripgrep)
[[ -x /usr/bin/time ]] || need_apt+=(time)
command -v perl >/dev/null || need_apt+=(perl)
command -v timeout >/dev/null || need_apt+=(coreutils)
if ((${#need_apt[@]})); then
    echo "apt-get install ${need_apt[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi
if [[ ! -x $out/cargo-bin/bin/typos ]]; then
    echo "cargo install typos-cli (once, into target/compare/cargo-bin)"
    cargo install typos-cli --locked --quiet --root "$out/cargo-bin"
fi
if [[ ! -x $out/venv/bin/python ]]; then
    python3 -m venv "$out/venv"
fi
if ! "$out/venv/bin/python" -c 'import flashtext, ahocorasick, codespell_lib' 2>/dev/null; then
    echo "pip install codespell flashtext pyahocorasick (venv target/compare/venv)"
    "$out/venv/bin/pip" install -q --disable-pip-version-check codespell flashtext pyahocorasick
fi

step "build mtfix and ac-replace"
(cd "$root" && cargo build --release --quiet)
# Measure a copy: other sessions may rebuild target/release/mtfix meanwhile.
mkdir -p "$out/bin"
cp "$root/target/release/mtfix" "$out/bin/mtfix.tmp" && mv "$out/bin/mtfix.tmp" "$out/bin/mtfix"
mtfix=$out/bin/mtfix
CARGO_TARGET_DIR=$out/ac-target cargo build --release --quiet \
    --manifest-path "$here/ac-replace/Cargo.toml"
if "$mtfix" --help | grep -q -- '--threads'; then
    echo "mtfix has --threads: every tool that has such an option gets one thread (mtfix --threads 1, rg -j 1, typos -j 1)"
else
    echo "mtfix has no --threads option: every tool runs on one file, single-threaded"
fi
{
    printf 'commit %s' "$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?')"
    dirty=$(git -C "$root" status --porcelain 2>/dev/null | { grep -v '^?? benches/compare/' || true; } | wc -l)
    ((dirty)) && printf ' plus %s uncommitted changes in the work tree' "$dirty"
    printf '; embedded glossary: %s\n' \
        "$("$mtfix" rules stats | tail -1 | awk '{print $2" entries, "$3" variants, "$4" patterns"}')"
} > "$out/mtfix-info.txt"
cat "$out/mtfix-info.txt"

# ----------------------------------------------------------------- generate
step "inputs"
py=$out/venv/bin/python
"$mtfix" rules list --format json > "$data/rules.jsonl"
stamp=$(cat "$here/gen.py" "$data/rules.jsonl" "$mtfix" | sha256sum | cut -c1-16)
if [[ $(cat "$data/glossaries.stamp" 2>/dev/null) != "$stamp" ]]; then
    "$py" "$here/gen.py" glossaries --rules-json "$data/rules.jsonl" --mtfix "$mtfix" \
        --out "$data" --sizes 100,10000,100000
    echo "$stamp" > "$data/glossaries.stamp"
else
    echo "glossaries up to date"
fi
cstamp=$(cat "$here/gen.py" "$data/corpus-inputs.json" | sha256sum | cut -c1-16)
for mb in ${corpora//,/ }; do
    f=$data/corpus-${mb}MB.txt
    if [[ $(cat "$f.stamp" 2>/dev/null) != "$cstamp" || ! -f $f ]]; then
        "$py" "$here/gen.py" corpus --glossaries "$data" --out "$f" --bytes $((mb * 1000000))
        echo "$cstamp" > "$f.stamp"
    else
        echo "corpus-${mb}MB.txt up to date"
    fi
done
echo "Moon Jae-in met Trump in Hanoi, officials in Seoul said." > "$data/tiny.txt"
for n in ${sizes//,/ }; do   # the loader must accept every generated glossary
    "$mtfix" --no-default-rules --rules "$data/gloss-$n/mtfix-exact.yaml" rules stats | tail -1 \
        | sed "s/^/gloss-$n exact: /"
    "$mtfix" --rules "$data/gloss-$n/mtfix-synthetic.yaml" rules stats | tail -1 \
        | sed "s/^/gloss-$n embedded + synthetic: /"
done

# -------------------------------------------------------------------- run
step "measure ($mode: corpora ${corpora} MB, glossaries ${sizes})"
"$py" "$here/bench.py" --out "$out" --mode "$mode" --corpora "$corpora" --sizes "$sizes" \
    "${limits[@]}" --started "$started" --load0 "$load0" --t0 "${t0%.*}"
rm -rf "$out/work"
echo
echo "written: $out/results.md"
