#!/usr/bin/env python3
"""The measuring half of benches/compare/run.sh (which installs, builds and
generates the inputs first): runs every tool on the same files, times it
with hyperfine, takes its peak RSS from /usr/bin/time, bounds it with
timeout, and writes results.md / results.json.

    bench.py --out target/compare --corpora 10,200 --sizes 100,10000,100000

Per (tool, glossary): one run on a one-line input gives the fixed cost
(startup: loading the glossary, building the matcher). Per (tool, glossary,
corpus): one probe run under /usr/bin/time (the warm-up; gives peak RSS,
exit code, and what the output still holds), then hyperfine runs
(--warmup 0, since the probe warmed up) whose median is reported; a probe
slower than the run budget is the single measurement. A tool that times out
at a glossary size is not run at larger sizes; at 200 MB a tool whose 10 MB
time projects past the limit is reported as a timeout without running.
"""

import argparse
import json
import os
import shlex
import subprocess
import sys
import shutil
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def tools(o):
    """(id, label, kind, ok exit codes, command template).

    kind: out (writes {out}), inplace (rewrites {work}, a fresh copy of the
    input), detect (prints counts to {out}), findings (JSON Lines to {out}).
    """
    m = o["mtfix"] + (" --threads 1" if o["threads1"] else "")
    j1 = " -j 1" if o["threads1"] else ""
    py = o["python"]
    return [
        ("mtfix-exact", "mtfix fix, exact glossary, `--fuzzy off`", "out", {0, 1},
         f"{m} --no-default-rules --rules {{g}}/mtfix-exact.yaml --fuzzy off --color never fix {{in}}"),
        ("mtfix-exact-cold", "mtfix fix, exact glossary, `--fuzzy off`, `--no-cache` (a big glossary parsed and validated on every run)", "out", {0, 1},
         f"{m} --no-cache --no-default-rules --rules {{g}}/mtfix-exact.yaml --fuzzy off --color never fix {{in}}"),
        ("mtfix-exact-2t", "mtfix fix, exact glossary, `--fuzzy off`, `--threads 2` (the one file in pieces on 2 cores)", "out", {0, 1},
         f"{o['mtfix']} --threads 2 --no-default-rules --rules {{g}}/mtfix-exact.yaml --fuzzy off --color never fix {{in}}"),
        ("mtfix-rules", "mtfix fix, embedded rules (regex, context) + glossary, `--fuzzy off`", "out", {0, 1},
         f"{m} --rules {{g}}/mtfix-synthetic.yaml --fuzzy off --color never fix {{in}}"),
        ("mtfix-fuzzy", "mtfix fix, embedded rules + glossary, fuzzy on (default)", "out", {0, 1},
         f"{m} --rules {{g}}/mtfix-synthetic.yaml --color never fix {{in}}"),
        ("mtfix-fuzzy-2t", "mtfix fix, embedded rules + glossary, fuzzy on, `--threads 2` (the default on this machine: all cores)", "out", {0, 1},
         f"{o['mtfix']} --threads 2 --rules {{g}}/mtfix-synthetic.yaml --color never fix {{in}}"),
        ("mtfix-check", "mtfix check --format json, embedded rules + glossary, `--fuzzy off`", "findings", {0, 1},
         f"{m} --rules {{g}}/mtfix-synthetic.yaml --fuzzy off --color never check --format json {{in}}"),
        ("rg", "rg -F -c -f patterns (detection only)", "detect", {0, 1},
         "rg" + j1 + " -F -c -f {g}/patterns.txt {in}"),
        ("ac-replace", "ac-replace: Aho-Corasick replace_all (reference)", "out", {0},
         f"{o['ac']} {{g}}/pairs.tsv {{in}}"),
        ("typos", "typos --write-changes (one-word pairs)", "inplace", {0, 2},
         f"{o['typos']}{j1} --config {{g}}/typos.toml --write-changes {{work}}"),
        ("codespell", "codespell -D -w (one-word pairs)", "inplace", {0, 65},
         f"{o['codespell']} -D {{g}}/codespell.txt -w {{work}}"),
        ("flashtext", "flashtext (Python)", "out", {0},
         f"{py} {HERE}/flashtext_replace.py {{g}}/pairs.tsv {{in}}"),
        ("pyahocorasick", "pyahocorasick (Python + C)", "out", {0},
         f"{py} {HERE}/pyac_replace.py {{g}}/pairs.tsv {{in}}"),
        ("perl", "perl, one alternation regex", "out", {0},
         f"perl {HERE}/perl_replace.pl {{g}}/pairs.tsv < {{in}}"),
        ("sed", "GNU sed, one s///g per variant", "out", {0},
         "sed -f {g}/sed.sed {in}"),
    ]


EMBEDDED = ("mtfix-rules", "mtfix-fuzzy", "mtfix-fuzzy-2t", "mtfix-check")


def sh(cmd, **kw):
    return subprocess.run(cmd, shell=True, text=True, **kw)


class Bench:
    def __init__(self, a):
        self.a = a
        self.out = os.path.abspath(a.out)
        self.data = os.path.join(self.out, "data")
        self.work = os.path.join(self.out, "work")
        self.runs = os.path.join(self.out, "runs")
        for d in (self.work, self.runs):
            os.makedirs(d, exist_ok=True)
        # mtfix keeps the validated entries of a glossary of 1 MiB or more
        # in a cache: a folder of this run's own, emptied first, so that the
        # first (warm-up) run of each big glossary parses it and the timed
        # runs read the cache. mtfix-exact-cold shows the run without it.
        cache = os.path.join(self.out, "mtfix-cache")
        shutil.rmtree(cache, ignore_errors=True)
        os.environ["MTFIX_CACHE_DIR"] = cache
        self.opts = {
            "mtfix": os.path.join(self.out, "bin/mtfix"),  # a copy: others may rebuild target/release
            "ac": os.path.join(self.out, "ac-target/release/ac-replace"),
            "typos": os.path.join(self.out, "cargo-bin/bin/typos"),
            "codespell": os.path.join(self.out, "venv/bin/codespell"),
            "python": os.path.join(self.out, "venv/bin/python"),
        }
        mtfix_help = sh(f"{self.opts['mtfix']} --help", capture_output=True).stdout
        self.opts["threads1"] = "--threads" in mtfix_help
        self.tools = tools(self.opts)
        if a.only:
            keep = set(a.only.split(","))
            self.tools = [t for t in self.tools if t[0] in keep]
        self.rows = []
        self.startup = {}  # (tool, size) -> dict
        info = os.path.join(self.out, "mtfix-info.txt")
        self.info = open(info).read().strip() if os.path.exists(info) else ""
        p = sh(f"{self.opts['mtfix']} rules list --format json", capture_output=True)
        self.embedded = len(p.stdout.splitlines())

    def counts(self, size):
        return json.load(open(os.path.join(self.data, f"gloss-{size}", "counts.json")))

    # ------------------------------------------------------------ one command

    def command(self, tpl, gdir, inp, tag):
        out = os.path.join(self.work, f"{tag}.out")
        work = os.path.join(self.work, f"{tag}.work")
        err = os.path.join(self.runs, f"{tag}.stderr")
        body = tpl.format(g=gdir, work=work, **{"in": inp})
        if "{work}" in tpl:
            body += f" > /dev/null 2> {err}"
        else:
            body += f" > {out} 2> {err}"
        return body, out, work, err

    def probe(self, body, limit, prepare, tag):
        """One run under /usr/bin/time and timeout: (seconds, rss_mb, exit)."""
        if prepare:
            sh(prepare, check=True)
        tf = os.path.join(self.runs, f"{tag}.time")
        wrapped = (f"/usr/bin/time -f '%M %e %x' -o {tf} timeout -k 5 {limit} "
                   f"sh -c {shlex.quote('exec ' + body)}")
        t0 = time.monotonic()
        sh(wrapped)
        wall = time.monotonic() - t0
        try:
            last = open(tf).read().strip().splitlines()[-1].split()
            rss_kb, code = int(last[0]), int(last[2])
        except (OSError, IndexError, ValueError):
            rss_kb, code = 0, -1
        return wall, rss_kb / 1024, code

    def hyperfine(self, body, limit, prepare, runs, tag):
        js = os.path.join(self.runs, f"{tag}.json")
        cmd = f"timeout -k 5 {limit} sh -c {shlex.quote('exec ' + body)}"
        args = ["hyperfine", "--style", "none", "-i", "--warmup", "0", "--runs", str(runs),
                "--export-json", js]
        if prepare:
            args += ["--prepare", prepare]
        args.append(cmd)
        subprocess.run(args, stdout=subprocess.DEVNULL, check=True)
        r = json.load(open(js))["results"][0]
        codes = set(r.get("exit_codes") or [0])
        return r["median"], codes

    def measure(self, tpl, gdir, inp, limit, tag, kind, budget):
        """Probe, then hyperfine if the probe is fast enough."""
        body, out, work, err = self.command(tpl, gdir, inp, tag)
        prepare = f"cp {inp} {work}" if kind == "inplace" else None
        wall, rss, code = self.probe(body, limit, prepare, tag)
        res = {"probe_s": round(wall, 3), "rss_mb": round(rss, 1), "exit": code,
               "out": work if kind == "inplace" else out, "err": err}
        if code in (124, 137) or wall >= limit:
            res["status"] = "timeout"
            res["rss_mb"] = None
            return res
        res["status"] = "ok"
        runs = 0
        for bound, n in budget:
            if wall < bound:
                runs = n
                break
        if runs:
            median, codes = self.hyperfine(body, limit, prepare, runs, tag)
            if codes & {124, 137}:
                res["status"] = "timeout"
                return res
            res["seconds"], res["runs"] = median, runs + 1
        else:
            res["seconds"], res["runs"] = wall, 1
        return res

    # -------------------------------------------------------------- the matrix

    def residual(self, path, injected):
        """(literal variants, pattern artifacts) still in the output."""
        pats = ("Data map:", "of'wait")
        lit = os.path.join(self.work, "literal.txt")
        with open(injected) as f, open(lit, "w") as o:
            o.writelines(v for v in f if v.rstrip("\n") not in pats)
        counts = []
        for args in (f"-f {lit}", " ".join(f"-e {shlex.quote(x)}" for x in pats)):
            p = sh(f"rg -w -F --count-matches {args} {path}", capture_output=True)
            counts.append(int(p.stdout.strip() or 0))
        return counts

    def run_startup(self, size):
        gdir = os.path.join(self.data, f"gloss-{size}")
        tiny = os.path.join(self.data, "tiny.txt")
        for tid, _, kind, ok, tpl in self.tools:
            if tid == "sed" and size > self.a.sed_max:
                self.startup[(tid, size)] = {"status": "skipped"}
                continue
            r = self.measure(tpl, gdir, tiny, self.a.startup_limit, f"startup-{tid}-{size}", kind,
                             [(2.0, 3)])
            if r["status"] == "ok" and r["exit"] not in ok:
                r["status"] = f"error (exit {r['exit']})"
            self.startup[(tid, size)] = r
            print(f"  startup {tid:14} gloss {size:>6}: {fmt_s(r)}", flush=True)

    def run_cell(self, mb, size):
        gdir = os.path.join(self.data, f"gloss-{size}")
        corpus = os.path.join(self.data, f"corpus-{mb}MB.txt")
        injected = corpus + ".injected.txt"
        meta = json.load(open(corpus + ".meta.json"))
        nbytes = meta["bytes"]
        limit = self.a.limit_big if mb > 10 else self.a.limit_small
        budget = self.a.budget_big if mb > 10 else self.a.budget_small
        for tid, label, kind, ok, tpl in self.tools:
            row = {"tool": tid, "label": label, "gloss": size, "corpus_mb": mb, "bytes": nbytes,
                   "artifacts": meta["artifacts"], "pattern_artifacts": meta["kinds"]["pattern"],
                   "startup": self.startup.get((tid, size), {})}
            skip = self.skip_reason(tid, mb, size, limit)
            if skip:
                row.update(status="timeout", note=skip)
                self.rows.append(row)
                print(f"  {tid:14} gloss {size:>6} {mb:>4} MB: timeout ({skip})", flush=True)
                continue
            r = self.measure(tpl, gdir, corpus, limit, f"{tid}-{size}-{mb}", kind, budget)
            row.update({k: v for k, v in r.items() if k not in ("out", "err")})
            if r["status"] == "ok" and r["exit"] not in ok:
                row["status"] = f"error (exit {r['exit']})"
                tail = open(r["err"], errors="replace").read()[-300:]
                row["note"] = tail.strip().replace("\n", " ")
            if row["status"] == "ok":
                if kind in ("out", "inplace"):
                    row["left"], row["left_pattern"] = self.residual(r["out"], injected)
                elif kind == "findings":
                    row["found"] = sum(1 for _ in open(r["out"]))
                elif kind == "detect":
                    row["found"] = int(open(r["out"]).read().strip() or 0)
            for f in (r.get("out"),):
                if f and os.path.exists(f):
                    os.remove(f)
            self.rows.append(row)
            print(f"  {tid:14} gloss {size:>6} {mb:>4} MB: {fmt_row(row)}", flush=True)

    def skip_reason(self, tid, mb, size, limit):
        st = self.startup.get((tid, size), {})
        if st.get("status") == "skipped":
            return f"not run above {self.a.sed_max} entries"
        if st.get("status") == "timeout":
            return f"startup alone > {self.a.startup_limit} s"
        if mb > 10:
            small = [r for r in self.rows if r["tool"] == tid and r["gloss"] == size
                     and r["corpus_mb"] == 10 and r["status"] == "ok"]
            if small:
                s0 = st.get("seconds", 0) if st.get("status") == "ok" else 0
                proj = s0 + (small[0]["seconds"] - s0) * mb / 10
                if proj > limit:
                    return f"not run: projected {proj:.0f} s from 10 MB > {limit} s limit"
        for r in self.rows:
            if r["tool"] != tid or r["status"] != "timeout" or "projected" in r.get("note", ""):
                continue
            if r["corpus_mb"] == mb and r["gloss"] < size:
                return f"not run: timed out with {r['gloss']:,} entries"
            if r["corpus_mb"] < mb and r["gloss"] <= size:
                return f"not run: timed out on {r['corpus_mb']} MB"
        return None

    # ------------------------------------------------------------------ report

    def report(self, started, finished, load0, load1, wall):
        ref = {(r["gloss"], r["corpus_mb"]): r["seconds"] for r in self.rows
               if r["tool"] == "ac-replace" and r["status"] == "ok"}
        lines = []
        lines.append(f"# mtfix side by side: {self.a.mode} mode\n")
        lines.append(f"Measured {started} to {finished} ({wall / 60:.1f} min for the whole "
                     f"run.sh), `nproc` = {os.cpu_count()}, load average {load0} at the start "
                     f"and {load1} at the end. Other sessions compile on this 2-core machine "
                     f"at the same time, so throughputs are as measured, with that noise "
                     f"(±20% or more between runs).\n")
        lines.append("MB/s is decimal megabytes of input per second of the whole process "
                     "(start, glossary load, read, match, write), median of the hyperfine "
                     "runs; `vs ref` is that throughput divided by ac-replace's on the same "
                     "glossary and corpus; peak RSS is from `/usr/bin/time`; startup is the "
                     "same command on a one-line input (glossary load and matcher build); "
                     "mtfix reads a glossary of 1 MiB or more (the 100,000-entry ones) from "
                     "its cache, filled by the probe run before the timed ones, except in "
                     "the `--no-cache` row; "
                     "`left` counts the injected artifacts still in the output: literal "
                     "variants, and the pattern artifacts `Data map:` and `of'wait` that only "
                     "mtfix's embedded regex rules fix; "
                     "`found` what a detector reported. mtfix has no `--threads` option; all "
                     "of these tools use one thread for one file.\n")
        if self.opts["threads1"]:
            lines[-1] = lines[-1].replace(
                "mtfix has no `--threads` option; all of these tools use one thread for one file.",
                "mtfix has a `--threads` option (parallel over documents), so every tool that has "
                "one gets one thread: `mtfix --threads 1`, `rg -j 1`, `typos -j 1`; the others "
                "are single-threaded.")
        sizes = sorted({r["gloss"] for r in self.rows})
        lines.append("Glossaries (the same pairs for every tool): " + "; ".join(
            f"{n:,} entries = {self.counts(n)['shipped']:,} shipped (context dropped) + "
            f"{self.counts(n)['synthetic']:,} synthetic, {self.counts(n)['variants']:,} variants, "
            f"{self.counts(n)['one_word_variants']:,} of one word (all that typos and codespell "
            f"can take)" for n in sizes) + f". mtfix-rules, -fuzzy and -check load the whole "
            f"embedded glossary ({self.embedded:,} entries with their context, regex patterns "
            f"and vetoes) plus the synthetic part: the glossary column shows both.\n")
        lines.append(f"mtfix: {self.info}\n")
        lines.append("| tool | glossary | corpus | MB/s | vs ref | peak RSS (MB) | startup (s) | runs | result |")
        lines.append("|---|---:|---:|---:|---:|---:|---:|---:|---|")
        for r in self.rows:
            st = r.get("startup") or {}
            startup = f"{st['seconds']:.2f}" if st.get("status") == "ok" else (st.get("status") or "–")
            if r["status"] == "ok":
                mbs = r["bytes"] / 1e6 / r["seconds"]
                rs = ref.get((r["gloss"], r["corpus_mb"]))
                vs = f"{rs / r['seconds']:.2f}" if rs else "–"
                speed = f"{mbs:,.1f}"
                rss = f"{r['rss_mb']:,.0f}"
                runs = str(r.get("runs", 1))
                if "left" in r:
                    lit = r["artifacts"] - r["pattern_artifacts"]
                    result = (f"left {r['left']:,} of {lit:,} literal, "
                              f"{r['left_pattern']:,} of {r['pattern_artifacts']:,} pattern")
                else:
                    result = f"found {r['found']:,}" + (" lines" if r["tool"] == "rg" else "")
            else:
                speed, vs, rss, runs = r["status"].split(" (")[0], "–", "–", "–"
                if r["status"] == "timeout" and r.get("probe_s"):
                    speed = f"timeout (> {r['probe_s']:.0f} s)"
                    result = "timed out"
                else:
                    result = r.get("note", r["status"])
            gl = f"{r['gloss']:,}"
            if r["tool"] in EMBEDDED:
                gl = f"{self.embedded:,} + {self.counts(r['gloss'])['synthetic']:,}"
            lines.append(f"| {r['tool']} | {gl} | {r['corpus_mb']} MB | {speed} | {vs} | "
                         f"{rss} | {startup} | {runs} | {result} |")
        lines.append("")
        lines.append("Tools: " + "; ".join(f"`{t[0]}`: {t[1]}" for t in self.tools) + ".\n")
        lines.append("Versions: " + "; ".join(self.versions()) + ".\n")
        lines.append(self.typos_builtin())
        return "\n".join(lines)

    def versions(self):
        o = self.opts
        cmds = {
            "mtfix": f"{o['mtfix']} --version",
            "hyperfine": "hyperfine --version",
            "ripgrep": "rg --version | head -1",
            "typos": f"{o['typos']} --version",
            "codespell": f"{o['codespell']} --version",
            "flashtext": f"{o['python']} -c 'import importlib.metadata as m; print(m.version(\"flashtext\"))'",
            "pyahocorasick": f"{o['python']} -c 'import importlib.metadata as m; print(m.version(\"pyahocorasick\"))'",
            "python": f"{o['python']} --version",
            "perl": "perl -e 'print substr($^V, 1)'",
            "sed": "sed --version | head -1",
        }
        out = []
        for name, c in cmds.items():
            v = sh(c, capture_output=True).stdout.strip().splitlines()
            out.append(f"{name} {v[0].split()[-1] if v else '?'}")
        return out

    def typos_builtin(self):
        """What typos' own dictionary would change in the clean text."""
        corpus = os.path.join(self.data, "corpus-10MB.txt")
        if not os.path.exists(corpus) or not os.path.exists(self.opts["typos"]):
            return ""
        empty = os.path.join(self.work, "empty-typos.toml")
        open(empty, "w").close()
        p = sh(f"{self.opts['typos']} --config {empty} --format brief {corpus}",
               capture_output=True)
        counts = {}
        for line in p.stdout.splitlines():
            msg = line.split(": ", 1)[-1]
            counts[msg] = counts.get(msg, 0) + 1
        top = sorted(counts.items(), key=lambda kv: -kv[1])[:4]
        n = sum(counts.values())
        return (f"typos' own dictionary, with no glossary, flags {n:,} words in the 10 MB "
                f"corpus (" + "; ".join(f"{k.replace('error: ', '')} ×{v:,}" for k, v in top)
                + "): the ones with a single suggestion are rewritten by `--write-changes` "
                "too: changes that no glossary asked for.\n")


def fmt_s(r):
    if r["status"] != "ok":
        return r["status"]
    return f"{r['seconds']:.3f} s, {r['rss_mb']:.0f} MB"


def fmt_row(r):
    if r["status"] != "ok":
        return r["status"] + (f" ({r['note'][:120]})" if r.get("note") else "")
    mbs = r["bytes"] / 1e6 / r["seconds"]
    extra = (f"left {r['left']} + {r['left_pattern']} pattern" if "left" in r
             else f"found {r.get('found')}")
    return f"{r['seconds']:.3f} s = {mbs:.1f} MB/s, {r['rss_mb']:.0f} MB, {r['runs']} runs, {extra}"


def parse_budget(s):
    # "2:5,20:3" -> [(2.0, 5), (20.0, 3)]: a probe under 2 s gets 5 hyperfine runs, ...
    return [(float(b), int(n)) for b, n in (x.split(":") for x in s.split(",") if x)]


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--out", required=True)
    p.add_argument("--mode", default="full")
    p.add_argument("--corpora", default="10,200")
    p.add_argument("--sizes", default="100,10000,100000")
    p.add_argument("--only", help="comma-separated tool ids")
    p.add_argument("--limit-small", type=int, default=120, help="timeout (s) on the 10 MB corpus")
    p.add_argument("--limit-big", type=int, default=120, help="timeout (s) on the 200 MB corpus")
    p.add_argument("--startup-limit", type=int, default=60)
    p.add_argument("--budget-small", type=parse_budget, default=parse_budget("2:5,8:3"))
    p.add_argument("--budget-big", type=parse_budget, default=parse_budget("5:3,25:2"))
    p.add_argument("--sed-max", type=int, default=100000,
                   help="largest glossary given to sed")
    p.add_argument("--started", default="")
    p.add_argument("--load0", default="")
    p.add_argument("--t0", type=float, default=0)
    a = p.parse_args()
    b = Bench(a)
    corpora = [int(x) for x in a.corpora.split(",")]
    sizes = [int(x) for x in a.sizes.split(",")]
    for size in sizes:
        b.run_startup(size)
    for mb in corpora:
        for size in sizes:
            b.run_cell(mb, size)
    finished = time.strftime("%Y-%m-%d %H:%M:%S")
    load1 = open("/proc/loadavg").read().split()[0]
    wall = time.time() - a.t0 if a.t0 else 0
    md = b.report(a.started, finished, a.load0, load1, wall)
    with open(os.path.join(b.out, "results.json"), "w") as f:
        json.dump({"rows": b.rows, "startup": {f"{k[0]}/{k[1]}": v for k, v in b.startup.items()}},
                  f, indent=1)
    for name in ("results.md", f"results-{a.mode}.md"):
        with open(os.path.join(b.out, name), "w") as f:
            f.write(md)
    print()
    print(md)


if __name__ == "__main__":
    sys.exit(main())
