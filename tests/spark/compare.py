#!/usr/bin/env python3
"""Checks the Spark job's output against mtfix run directly (tests/spark/run.sh).

    compare.py main   MTFIX JOB_OUT INPUT_FILE [MTFIX ARGS...]
    compare.py robust MTFIX JOB_OUT INPUT_DIR BAD_LINES_JSON [MTFIX ARGS...]

`main`: the job's corrected output must be byte-identical, line for line and
in order, to `mtfix fix --input-format jsonl ...` on the file, and its
findings the same as `mtfix check --format json --input-format jsonl ...`
(every field except `path`; `record` and `record_offset` must point at the
record). `robust`: a folder of files (CRLF, refused records, no final
newline, hidden files); each file is checked like `main`, except that records
mtfix refuses must come out unchanged and be listed in errors/, and the other
records must be fixed as mtfix fixes them when the refused ones are replaced
by `{}`.

Exits 1 with a message naming the first differences.
"""

import glob
import gzip
import json
import os
import subprocess
import sys

PLACEHOLDER = b"{}"
failures = []


def fail(msg):
    failures.append(msg)
    print(f"FAIL: {msg}", file=sys.stderr)


def read_parts(folder):
    """The part files of a saveAsTextFile folder, concatenated in order."""
    parts = sorted(glob.glob(os.path.join(folder, "part-*")))
    if not parts:
        fail(f"{folder}: no part files")
    data = b""
    for p in parts:
        with (gzip.open(p, "rb") if p.endswith(".gz") else open(p, "rb")) as f:
            data += f.read()
    return data, len(parts)


def lines_of(data):
    """Lines with their terminators, as mtfix and the job see records."""
    return data.splitlines(keepends=True) if data else []


def line_starts(data):
    starts, at = [], 0
    for line in data.split(b"\n"):
        starts.append(at)
        at += len(line) + 1
    return starts


def mtfix(binary, mode, data, extra):
    cmd = [binary] + (["check", "--format", "json"] if mode == "check" else ["fix"])
    cmd += ["--color", "never", "--input-format", "jsonl"] + extra + ["-"]
    p = subprocess.run(cmd, input=data, capture_output=True)
    if p.returncode not in (0, 1):
        raise SystemExit(f"mtfix {mode} failed (exit {p.returncode}): {p.stderr.decode()}")
    return p.stdout


def compare_lines(what, got, want):
    if got == want:
        return
    g, w = lines_of(got), lines_of(want)
    if len(g) != len(w):
        fail(f"{what}: {len(g)} lines, expected {len(w)}")
    shown = 0
    for i, (a, b) in enumerate(zip(g, w), 1):
        if a != b:
            fail(f"{what}: line {i} differs:\n  job:   {a!r}\n  mtfix: {b!r}")
            shown += 1
            if shown == 3:
                break
    if not shown and len(g) == len(w):
        fail(f"{what}: differs (line ends?)")


def finding_key(f, record_start):
    """What identifies a finding, with offsets relative to its record."""
    return (
        f["line"],
        f["rule"],
        f["start"] - record_start,
        f["end"] - record_start,
        f["matched"],
        f["replacement"],
        f["action"],
        f["method"],
        f["column"],
    )


def compare_findings(what, job, direct, direct_starts):
    """job: the job's findings for this file; direct: mtfix's, on `data`."""
    want = sorted(finding_key(f, direct_starts[f["line"] - 1]) for f in direct)
    got = []
    for f in job:
        got.append(finding_key(f, f["record_offset"]))
    got.sort()
    if got != want:
        missing = [k for k in want if k not in got]
        extra = [k for k in got if k not in want]
        fail(f"{what}: {len(got)} findings, mtfix direct has {len(want)}; "
             f"missing {missing[:3]}, extra {extra[:3]}")


def main_mode(binary, out, path, extra):
    with open(path, "rb") as f:
        data = f.read()
    corrected, nparts = read_parts(os.path.join(out, "corrected"))
    want = mtfix(binary, "fix", data, extra)
    compare_lines("corrected output", corrected, want)

    direct = [json.loads(l) for l in mtfix(binary, "check", data, extra).splitlines()]
    job_raw, _ = read_parts(os.path.join(out, "findings"))
    job = [json.loads(l) for l in job_raw.splitlines()]
    compare_findings("findings", job, direct, line_starts(data))
    # Beyond the key: every field mtfix writes is the same, offsets included,
    # except `occurrence`, which counts repeats of a fingerprint within the
    # document mtfix saw: for the job, its partition.
    strip = lambda f: {k: v for k, v in f.items()
                       if k not in ("path", "record", "record_offset", "occurrence")}
    a = sorted(json.dumps(strip(f), sort_keys=True) for f in job)
    b = sorted(json.dumps(strip(f), sort_keys=True) for f in direct)
    if a != b:
        diff = [x for x in a if x not in b][:2]
        fail(f"findings: fields differ from mtfix check's, e.g. {diff}")
    starts = line_starts(data)
    for f in job:
        if f["record"] != f["line"] - 1 or f["record_offset"] != starts[f["line"] - 1]:
            fail(f"finding does not point at its record: {f}")
            break
        if not f["path"].endswith(os.path.basename(path)):
            fail(f"finding path {f['path']!r} is not the input file")
            break

    errors, _ = read_parts(os.path.join(out, "errors"))
    if errors:
        fail(f"errors/ is not empty: {errors[:300]!r}")
    with open(os.path.join(out, "summary.json")) as f:
        summary = json.load(f)
    if summary["partitions"] < 3 or nparts < 3:
        fail(f"{summary['partitions']} partitions, {nparts} part files: expected at least 3")
    if sum(1 for c in summary["records_per_partition"] if c) < 3:
        fail(f"records not spread over 3 partitions: {summary['records_per_partition']}")
    if summary["records"] != len(lines_of(data)):
        fail(f"summary: {summary['records']} records, the file has {len(lines_of(data))}")
    if summary["findings"] != len(direct):
        fail(f"summary: {summary['findings']} findings, mtfix direct has {len(direct)}")
    changed = sum(1 for a, b in zip(lines_of(data), lines_of(want)) if a != b)
    if changed < 50 or len(direct) < 100:
        fail(f"the sample is too clean to test anything: {changed} records changed, "
             f"{len(direct)} findings")
    return (f"{summary['records']} records in {summary['partitions']} partitions, "
            f"{changed} changed, {len(direct)} findings: identical to mtfix")


def robust_mode(binary, out, folder, bad_json, extra):
    with open(bad_json) as f:
        bad = json.load(f)
    names = sorted(n for n in os.listdir(folder) if not n.startswith((".", "_")))
    corrected, _ = read_parts(os.path.join(out, "corrected"))
    job_findings = [json.loads(l) for l in read_parts(os.path.join(out, "findings"))[0].splitlines()]
    job_errors = [json.loads(l) for l in read_parts(os.path.join(out, "errors"))[0].splitlines()]
    got_lines = lines_of(corrected)
    at, record = 0, 0
    report = []
    for name in names:
        with open(os.path.join(folder, name), "rb") as f:
            data = f.read()
        n = len(lines_of(data))
        bad_lines = set(bad.get(name, []))
        # What mtfix gives with the refused records set aside.
        src = lines_of(data)
        piped = b"".join(
            (PLACEHOLDER + (b"\r\n" if l.endswith(b"\r\n") else b"\n")) if i in bad_lines else l
            for i, l in enumerate(src, 1)
        )
        fixed = lines_of(mtfix(binary, "fix", piped, extra))
        want = [src[i - 1] if i in bad_lines else fixed[i - 1] for i in range(1, n + 1)]
        if want and not want[-1].endswith(b"\n"):
            want[-1] += b"\n"  # the job ends every record with a newline
        got = got_lines[at:at + n]
        compare_lines(f"{name}: corrected", b"".join(got), b"".join(want))
        at += n

        direct = [json.loads(l) for l in mtfix(binary, "check", piped, extra).splitlines()]
        mine = [f for f in job_findings if f["path"].endswith("/" + name)]
        compare_findings(f"{name}: findings", mine, direct, line_starts(piped))
        for f in mine:
            if f["record"] != record + f["line"] - 1:
                fail(f"{name}: finding record {f['record']} for line {f['line']}")
                break

        errs = sorted(e["line"] for e in job_errors if e["path"].endswith("/" + name))
        if errs != sorted(bad_lines):
            fail(f"{name}: errors/ lists lines {errs}, expected {sorted(bad_lines)}")
        for e in job_errors:
            if e["path"].endswith("/" + name) and e["record"] != record + e["line"] - 1:
                fail(f"{name}: error record {e['record']} for line {e['line']}")
                break
        record += n
        report.append(f"{name}: {n} records, {len(bad_lines)} refused, {len(direct)} findings")
    if at != len(got_lines):
        fail(f"corrected has {len(got_lines)} lines, the input files {at} "
             "(hidden files read?)")
    with open(os.path.join(out, "summary.json")) as f:
        summary = json.load(f)
    total_bad = sum(len(v) for v in bad.values())
    if summary["refused_records"] != total_bad:
        fail(f"summary: {summary['refused_records']} refused, expected {total_bad}")
    if summary["check_rounds"] < 2 or summary["refused_by_mtfix_after_precheck"] < 1:
        fail("no record was left for mtfix to refuse: the retry path went untested "
             f"(rounds {summary['check_rounds']})")
    return "; ".join(report) + f"; {summary['check_rounds']} check rounds"


def main():
    mode, binary, out = sys.argv[1:4]
    if mode == "main":
        msg = main_mode(binary, out, sys.argv[4], sys.argv[5:])
    elif mode == "robust":
        msg = robust_mode(binary, out, sys.argv[4], sys.argv[5], sys.argv[6:])
    else:
        raise SystemExit(f"unknown mode {mode}")
    if failures:
        print(f"spark test ({mode}): {len(failures)} difference(s) from mtfix run directly",
              file=sys.stderr)
        sys.exit(1)
    print(f"spark test ({mode}): {msg}")


if __name__ == "__main__":
    main()
