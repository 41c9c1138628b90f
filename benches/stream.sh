#!/usr/bin/env bash
# Streaming and start-up, measured: peak RSS and throughput of
# stdin -> stdout for plain text and JSON Lines at 10 MB and 1 GB, the
# engine's build time for the embedded glossary and for 100,000 entries,
# and the cost of a one-line input.
#
#   bash benches/stream.sh            # about 10 minutes on 2 cores
#
# Inputs are generated (deterministic, under target/stream/): the 10 MB
# news-like corpus of benches/compare/gen.py, repeated 100 times for 1 GB,
# and the same paragraphs as JSON Lines records {"id":N,"target":...}.
# The 100,000-entry glossary is gen.py's. Results: target/stream/results.md.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=$root/target/stream
mkdir -p "$out"
cd "$root"
cargo build --release --quiet
mtfix=$root/target/release/mtfix
gen=$root/benches/compare/gen.py
data=$out/data
mkdir -p "$data"

if [[ ! -f $data/gloss-100000/mtfix-exact.yaml ]]; then
    "$mtfix" rules list --format json > "$data/rules.jsonl"
    python3 "$gen" glossaries --rules-json "$data/rules.jsonl" --mtfix "$mtfix" \
        --out "$data" --sizes 100,100000
fi
[[ -f $data/10MB.txt ]] || python3 "$gen" corpus --glossaries "$data" --out "$data/10MB.txt" --bytes 10000000
if [[ ! -f $data/1GB.txt ]]; then
    for _ in $(seq 100); do cat "$data/10MB.txt"; done > "$data/1GB.txt"
fi
to_jsonl() {
    python3 -c '
import json, sys
for i, line in enumerate(sys.stdin):
    line = line.rstrip("\n")
    if line:
        sys.stdout.write(json.dumps({"id": i, "target": line, "meta": "kept"}, ensure_ascii=False) + "\n")
' < "$1" > "$2"
}
[[ -f $data/10MB.jsonl ]] || to_jsonl "$data/10MB.txt" "$data/10MB.jsonl"
if [[ ! -f $data/1GB.jsonl ]]; then
    for _ in $(seq 100); do cat "$data/10MB.jsonl"; done > "$data/1GB.jsonl"
fi

# seconds and peak RSS (KB) of one run: measure FILE ARGS...
measure() {
    local file=$1; shift
    /usr/bin/time -f '%e %M' -o "$out/time.txt" "$mtfix" "$@" < "$file" > /dev/null || [[ $? == 1 ]]
    tail -1 "$out/time.txt"
}

{
echo "# mtfix streaming and start-up"
echo
echo "commit $(git rev-parse --short HEAD), $(nproc) cores, $(date -u +%F)"
echo
echo "| input | threads | size | time | MB/s | peak RSS |"
echo "|---|---|---|---|---|---|"
for kind in txt jsonl; do
    fmt=(); [[ $kind == jsonl ]] && fmt=(--input-format jsonl)
    for size in 10MB 1GB; do
        f=$data/$size.$kind
        bytes=$(stat -c %s "$f")
        for threads in 1 2; do
            [[ $size == 1GB && $threads == 1 ]] && continue
            read -r secs kb < <(measure "$f" --threads "$threads" "${fmt[@]}" fix)
            printf '| %s stdin → stdout (`fix`) | %s | %s | %.1f s | %.1f | %d MB |\n' \
                "$kind" "$threads" "$size" "$secs" "$(echo "$bytes / 1000000 / $secs" | bc -l)" $((kb / 1024))
        done
    done
done
echo
echo "| start-up | time | peak RSS |"
echo "|---|---|---|"
echo > "$out/empty.txt"
echo "South Korean President Wen Zai met Stephen Bacon." > "$out/one.txt"
read -r secs kb < <(measure "$out/empty.txt" check)
printf '| embedded glossary (%s entries), empty input | %.2f s | %d MB |\n' \
    "$("$mtfix" rules stats | tail -1 | awk '{print $2}')" "$secs" $((kb / 1024))
read -r secs kb < <(measure "$out/one.txt" fix)
printf '| embedded glossary, one line | %.2f s | %d MB |\n' "$secs" $((kb / 1024))
read -r secs kb < <(measure "$out/empty.txt" --no-default-rules --rules "$data/gloss-100000/mtfix-exact.yaml" check)
printf '| 100,000-entry glossary (YAML load + build), empty input | %.2f s | %d MB |\n' "$secs" $((kb / 1024))
} | tee "$out/results.md"
