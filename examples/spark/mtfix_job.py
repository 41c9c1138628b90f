#!/usr/bin/env python3
"""Run mtfix over a JSON Lines dataset with Apache Spark (PySpark, RDD.pipe).

    spark-submit --master local[2] examples/spark/mtfix_job.py \
        --binary target/release/mtfix --field text data.jsonl out/

Each partition's records are piped to one `mtfix check --format json
--input-format jsonl` and one `mtfix fix --input-format jsonl` process. The
job writes, under the output directory:

  corrected/part-NNNNN  the records with the target field fixed, every other
                        byte kept; one part file per input partition, in
                        input order (concatenated, they line up record for
                        record with the input)
  findings/part-NNNNN   mtfix's JSON findings, one per line, each with
                        `record` (0-based index in the input), `path` and
                        `line` (the input file and its 1-based line) and
                        `start`/`end` as byte offsets in that file, exactly as
                        `mtfix check --format json FILE` would report them,
                        plus `record_offset` (where the record starts in it)
  errors/part-NNNNN     records mtfix cannot parse (not a JSON object, target
                        not a string, ...): written unchanged to corrected/,
                        listed here with the reason
  summary.json          counts, partitions, rounds

Robustness: mtfix refuses a whole input (exit 2, nothing written) when one
line is not a JSON object. So records are pre-checked in Python (the same
rules mtfix applies) and a record that would be refused is sent to mtfix as
`{}` (a record without the target field, passed through untouched) and
restored afterwards. If mtfix still refuses a partition, it names the line:
that record is set aside the same way and the partition is run again (at
most --max-rounds times; a partition still refused after that is written
unchanged and listed in errors/). Exit code 1 from mtfix means "findings", not
failure. Any other failure (the binary does not run on the executors, a bad
glossary) stops the job with mtfix's own message.

Only the Python standard library and PySpark are needed.
"""

import argparse
import json
import os
import re
import shlex
import shutil
import sys
import tempfile

# What a partition's wrapper prints after mtfix's own output: the exit code,
# then mtfix's standard error. \x1e never appears in mtfix's output: a raw
# control character is not valid JSON, so such a record never reaches it.
MARK = "\x1emtfix-exit "

# Sent to mtfix in place of a record it would refuse: a JSON object without the
# target field, which mtfix passes through unchanged with no findings.
PLACEHOLDER = "{}"

# The command each partition is piped to. Its first two input lines are the
# executor's SparkFiles directory and the binary's path there (resolved on the
# executor, see _prepare); the rest is the partition's records. Standard error
# is captured so that the exit code and message come back with the output.
WRAPPER = r"""
IFS= read -r dir && IFS= read -r bin || { printf '\036mtfix-exit 97\nmtfix_job: no header line\n'; exit 0; }
cd "$dir" || { printf '\036mtfix-exit 97\nmtfix_job: cannot cd to %s\n' "$dir"; exit 0; }
exec 3>&1
err=$("$bin" "$@" 2>&1 1>&3 3>&-)
rc=$?
exec 3>&-
cat >/dev/null 2>&1 || :
printf '\036mtfix-exit %s\n' "$rc"
if [ -n "$err" ]; then printf '%s\n' "$err"; fi
exit 0
"""

PIPE_ENV = {"PATH": "/usr/local/bin:/usr/bin:/bin", "NO_COLOR": "1", "LC_ALL": "C"}

# `mtfix: error: <stdin>:LINE: MESSAGE`: the line mtfix refused.
STDIN_ERROR = re.compile(r"^mtfix: error: <stdin>:(\d+): (.*)$")

# Rust's char::is_whitespace (Unicode White_Space): mtfix skips a line made
# only of these (`str::trim().is_empty()`).
RUST_WHITESPACE = frozenset(
    "\t\n\x0b\x0c\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
    "\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)


class _Refuse(ValueError):
    pass


def _refuse_constant(name):
    raise _Refuse(f"{name} is not JSON")


def _has_surrogate(s):
    return any("\ud800" <= c <= "\udfff" for c in s)


def reject_reason(line, field):
    """Why mtfix (jsonl mode) would refuse this record, or None.

    Mirrors src/input/bilingual.rs::jsonl: one trailing CR is dropped, a
    whitespace-only line is skipped, anything else must be a JSON object
    (serde_json: no NaN, no raw control characters, no lone surrogate in a
    top-level key) whose target field, if present, is a string (without a lone
    surrogate). A NUL byte makes mtfix treat the whole input as binary.
    Nesting too deep for Python is left to mtfix to judge.
    """
    if "\x00" in line:
        return "NUL byte in the record (mtfix would treat the whole input as binary)"
    body = line[:-1] if line.endswith("\r") else line
    if all(c in RUST_WHITESPACE for c in body):
        return None
    try:
        value = json.loads(
            body,
            parse_constant=_refuse_constant,
            parse_int=lambda s: 0,  # no int conversion (and no digit limit)
            parse_float=lambda s: 0.0,
        )
    except RecursionError:
        return None
    except _Refuse as e:
        return f"not a JSON object: {e}"
    except ValueError as e:
        return f"not a JSON object: {e}"
    if not isinstance(value, dict):
        kind = {list: "an array", str: "a string", bool: "a boolean"}.get(type(value), "a number")
        return f"not a JSON object: {'null' if value is None else kind}"
    for key in value:
        if _has_surrogate(key):
            return "not a JSON object: lone surrogate in a key"
    if field in value:
        target = value[field]
        if not isinstance(target, str):
            return f"field {field!r} is not a string"
        if _has_surrogate(target):
            return f"field {field!r} has a lone surrogate escape"
    return None


# ---------------------------------------------------------------------------
# Executor side: plain functions of the partition index and its records, made
# into closures by the driver (cloudpickle ships them by value).


def _executable(path):
    """The binary, made executable (or copied to where it can be)."""
    if os.access(path, os.X_OK):
        return path
    try:
        os.chmod(path, os.stat(path).st_mode | 0o755)
        if os.access(path, os.X_OK):
            return path
    except OSError:
        pass
    copy = os.path.join(tempfile.mkdtemp(prefix="mtfix-"), os.path.basename(path))
    shutil.copyfile(path, copy)
    os.chmod(copy, 0o755)
    return copy


def _prepare(binary_name, active, bad):
    """Header (SparkFiles dir, binary), then the records to pipe."""

    def prepare(i, records):
        from pyspark import SparkFiles

        root = os.path.abspath(SparkFiles.getRootDirectory())
        yield root
        yield _executable(os.path.join(root, binary_name))
        if i not in active:
            return
        skip = bad.get(i, {})
        for n, (_key, line, reason) in enumerate(records, 1):
            yield line if reason is None and n not in skip else PLACEHOLDER

    return prepare


def _status(i, lines):
    """(partition, exit code or None, stderr, lines of output before the mark)."""
    n, rc, err = 0, None, []
    for line in lines:
        if rc is not None:
            err.append(line)
            continue
        k = line.find(MARK)
        if k < 0:
            n += 1
            continue
        if k > 0:  # output that did not end with a newline
            n += 1
        try:
            rc = int(line[k + len(MARK):])
        except ValueError:
            rc = -1
    yield (i, rc, "\n".join(err), n)


def _fixed_lines(expected, processed):
    """mtfix fix's output of a partition: exactly one line per record."""

    def fixed(i, lines):
        want = expected[i] if i in processed else 0
        n, rc, err = 0, None, []
        for line in lines:
            if rc is not None:
                err.append(line)
                continue
            if line.startswith(MARK):
                rc = int(line[len(MARK):])
                continue
            n += 1
            if n > want:
                break
            yield line
        if n != want or rc not in (0, 1):
            raise RuntimeError(
                f"mtfix fix on partition {i}: exit {rc}, {n} output lines for "
                f"{want} records; stderr: {' | '.join(err)[:2000]}"
            )
        if i not in processed:
            for _ in range(expected[i]):
                yield None

    return fixed


def _restore(bad, changed):
    """Corrected records: mtfix's line, or the original for a refused record."""

    def restore(i, pairs):
        skip = bad.get(i, {})
        for n, ((_key, line, reason), out) in enumerate(pairs, 1):
            if out is None or reason is not None or n in skip:
                yield line
            else:
                if out != line:
                    changed.add(1)
                yield out

    return restore


def _findings_per_line(expected):
    """Check output of a partition, grouped by line: one list per record."""

    def per_line(i, lines):
        want = expected[i]
        cur, bucket = 1, []
        for line in lines:
            if MARK in line:
                break
            f = json.loads(line)
            ln = f["line"]
            if ln < cur or ln > want:
                raise RuntimeError(f"partition {i}: finding on line {ln} of {want}: {line}")
            while cur < ln:
                yield bucket
                bucket, cur = [], cur + 1
            bucket.append(f)
        while cur <= want:
            yield bucket
            bucket, cur = [], cur + 1

    return per_line


def _findings(bad, where):
    """Findings with file offsets, file line, record index."""

    def findings(i, pairs):
        skip = bad.get(i, {})
        path, line_base, record_base = where[i]
        at = 0  # where the record started in what was piped
        for n, ((key, line, reason), found) in enumerate(pairs, 1):
            piped = line if reason is None and n not in skip else PLACEHOLDER
            start_in_pipe = at
            at += len(piped.encode("utf-8")) + 1
            for f in found:
                f["path"] = path
                f["line"] = line_base + n
                if "segment" in f:
                    f["segment"] = line_base + n
                f["start"] = key + f["start"] - start_in_pipe
                f["end"] = key + f["end"] - start_in_pipe
                f["record"] = record_base + n - 1
                f["record_offset"] = key
                yield json.dumps(f, ensure_ascii=False, separators=(",", ":"))

    return findings


def _errors(bad, given_up, where):
    def errors(i, records):
        skip = bad.get(i, {})
        path, line_base, record_base = where[i]
        for n, (_key, _line, reason) in enumerate(records, 1):
            if i in given_up:
                why, by = given_up[i], "partition"
            elif reason is not None:
                why, by = reason, "precheck"
            elif n in skip:
                why, by = skip[n], "mtfix"
            else:
                continue
            yield json.dumps(
                {
                    "record": record_base + n - 1,
                    "path": path,
                    "line": line_base + n,
                    "error": why,
                    "by": by,
                },
                ensure_ascii=False,
                separators=(",", ":"),
            )

    return errors


def _partition_stats(records):
    count, first_key, rejected = 0, None, 0
    for key, _line, reason in records:
        if first_key is None:
            first_key = key
        count += 1
        rejected += reason is not None
    yield (count, first_key, rejected)


# ---------------------------------------------------------------------------
# Driver side.


class JobError(Exception):
    pass


def parse_args(argv):
    p = argparse.ArgumentParser(
        prog="mtfix_job.py",
        description="Fix MT artifacts in a JSON Lines dataset with mtfix on Spark.",
    )
    p.add_argument("input", help="a .jsonl file, a folder of them (walked, sorted, "
                   "skipping _* and .* names) or a glob; any Hadoop file system")
    p.add_argument("output", help="output folder (must not exist, see --overwrite)")
    p.add_argument("--field", default="text", help="the JSON field to check and fix (default: text)")
    p.add_argument("--source-field", help="the field with the Chinese source "
                   "(default: mtfix's own default, `source`)")
    p.add_argument("--no-source", action="store_true",
                   help="use no source field at all (a `source` field that is not "
                   "Chinese, e.g. a news agency's name, would otherwise count as "
                   "the source and turn fixes into suggestions)")
    p.add_argument("--rules", action="append", default=[], metavar="PATH",
                   help="an extra glossary file or folder, shipped to the executors "
                   "(repeatable)")
    p.add_argument("--no-default-rules", action="store_true")
    p.add_argument("--fuzzy", choices=["off", "suggest", "fix"])
    p.add_argument("--min-confidence")
    p.add_argument("--suggestions", action="store_true",
                   help="fix: also apply findings whose action is `suggest`")
    p.add_argument("--binary", default=shutil.which("mtfix"),
                   help="the mtfix binary, built for the executors' platform; "
                   "shipped with SparkContext.addFile unless a file of that name "
                   "was already shipped with spark-submit --files "
                   "(default: mtfix on PATH)")
    p.add_argument("--min-partitions", type=int, default=0,
                   help="split the input into at least this many partitions "
                   "(sets the maximum split size; gzip files are never split)")
    p.add_argument("--max-split-mb", type=float, default=32,
                   help="largest input split, in MiB (default 32): mtfix reads a "
                   "partition whole and needs about 9 times its size in memory, "
                   "outside the JVM heap")
    p.add_argument("--max-rounds", type=int, default=10,
                   help="how often a partition is re-run after mtfix refused a "
                   "record the pre-check let through (default 10)")
    p.add_argument("--compress", choices=["none", "gzip"], default="none")
    p.add_argument("--overwrite", action="store_true", help="replace the output folder")
    p.add_argument("--strict", action="store_true",
                   help="exit 3 if any record was refused (they are still written)")
    a = p.parse_args(argv)
    if not a.field:
        p.error("--field must not be empty")
    if a.no_source and a.source_field:
        p.error("--no-source and --source-field exclude each other")
    if not a.binary:
        p.error("no mtfix on PATH: give --binary")
    return a


def mtfix_args(a):
    common = ["--color", "never", "--input-format", "jsonl", "--target-field", a.field]
    if a.no_source:
        common += ["--source-field", ""]
    elif a.source_field:
        common += ["--source-field", a.source_field]
    for r in a.rules:
        common += ["--rules", os.path.basename(r)]  # relative to the SparkFiles dir
    if a.no_default_rules:
        common += ["--no-default-rules"]
    if a.fuzzy:
        common += ["--fuzzy", a.fuzzy]
    if a.min_confidence:
        common += ["--min-confidence", a.min_confidence]
    check = ["check", "--format", "json"] + common + ["-"]
    fix = ["fix"] + common + (["--suggestions"] if a.suggestions else []) + ["-"]

    def command(args):
        return shlex.join(["sh", "-c", WRAPPER, "mtfix-pipe"] + args)

    return command(check), command(fix)


def ship(sc, paths):
    """addFile each path, unless spark-submit --files already shipped that name."""
    conf = sc.getConf()
    shipped = set()
    for key in ("spark.files", "spark.yarn.dist.files"):
        for f in (conf.get(key, "") or "").split(","):
            if f:
                shipped.add(os.path.basename(f.split("#")[-1] if "#" in f else f))
    names = {}
    for p in paths:
        name = os.path.basename(p)
        if name in names and names[name] != p:
            raise JobError(f"two files named {name!r} to ship: {names[name]} and {p}")
        names[name] = p
        if name in shipped:
            continue
        if os.path.isdir(p):
            sc.addFile(os.path.abspath(p), recursive=True)  # a folder of glossaries
        elif os.path.isfile(p):
            sc.addFile(os.path.abspath(p))
        else:
            raise JobError(f"{p}: no such file (and not shipped with --files)")


def _glob_escape(s):
    return re.sub(r"([\\*?\[\]{}])", r"\\\1", s)


def list_input_files(sc, pattern):
    """[(path, size)] sorted by path; folders walked; _* and .* names skipped."""
    jvm = sc._jvm
    conf = sc._jsc.hadoopConfiguration()
    p = jvm.org.apache.hadoop.fs.Path(pattern)
    fs = p.getFileSystem(conf)
    statuses = fs.globStatus(p)
    if statuses is None or len(statuses) == 0:
        raise JobError(f"{pattern}: no such file or folder")

    def hidden(name):
        return name.startswith("_") or name.startswith(".")

    files = []
    for st in statuses:
        if hidden(st.getPath().getName()) and len(statuses) > 1:
            continue
        if st.isDirectory():
            root = st.getPath()
            it = fs.listFiles(root, True)
            root_s = root.toString().rstrip("/") + "/"
            while it.hasNext():
                f = it.next()
                rel = f.getPath().toString()[len(root_s):]
                if any(hidden(part) for part in rel.split("/")):
                    continue
                files.append((f.getPath().toString(), f.getLen()))
        else:
            files.append((st.getPath().toString(), st.getLen()))
    files.sort()
    if not files:
        raise JobError(f"{pattern}: no input files")
    return files


def run(a, spark):
    from pyspark import StorageLevel

    sc = spark.sparkContext
    jvm = sc._jvm
    hconf = sc._jsc.hadoopConfiguration()

    out = jvm.org.apache.hadoop.fs.Path(a.output)
    out_fs = out.getFileSystem(hconf)
    if out_fs.exists(out):
        if not a.overwrite:
            raise JobError(f"{a.output} exists (use --overwrite)")
        out_fs.delete(out, True)

    ship(sc, [a.binary] + a.rules)
    binary_name = os.path.basename(a.binary)
    check_cmd, fix_cmd = mtfix_args(a)

    files = list_input_files(sc, a.input)
    total = sum(size for _, size in files)
    input_conf = {
        # Escaped: a file name is not a glob, and a comma does not split it.
        "mapreduce.input.fileinputformat.inputdir": ",".join(
            _glob_escape(path).replace("\\", "\\\\").replace(",", "\\,") for path, _ in files
        ),
        # Only \n ends a record: a CR before it stays in the record, as mtfix
        # sees it, and goes back out with it.
        "textinputformat.record.delimiter": "\n",
        "mapreduce.input.fileinputformat.list-status.num-threads": "1",
    }
    split = int(a.max_split_mb * 1024 * 1024)
    if a.min_partitions > 0:
        split = min(split, -(-total // a.min_partitions))
    input_conf["mapreduce.input.fileinputformat.split.maxsize"] = str(max(1, split))
    raw = sc.newAPIHadoopRDD(
        "org.apache.hadoop.mapreduce.lib.input.TextInputFormat",
        "org.apache.hadoop.io.LongWritable",
        "org.apache.hadoop.io.Text",
        conf=input_conf,
    )
    field = a.field
    validated = raw.map(lambda kv: (kv[0], kv[1], reject_reason(kv[1], field)))
    validated.persist(StorageLevel.MEMORY_AND_DISK)

    # Per partition: records, first key (0 = a file starts here), pre-check rejects.
    stats = validated.mapPartitions(_partition_stats).collect()
    nparts = len(stats)
    counts = [c for c, _, _ in stats]
    records = sum(counts)

    # Which file each partition reads, and where its lines start in it.
    nonempty = [path for path, size in files if size > 0]
    where, fi, line_in_file, record_base = [], -1, 0, 0
    for c, first_key, _ in stats:
        if c and first_key == 0:
            fi, line_in_file = fi + 1, 0
        if fi >= len(nonempty):
            raise JobError("could not map partitions to input files")
        where.append((nonempty[fi] if fi >= 0 else None, line_in_file, record_base))
        line_in_file += c
        record_base += c

    # Check: rounds until mtfix accepts every partition.
    bad = {}  # partition -> {line: mtfix's message}
    given_up = {}  # partition -> why
    active = set(range(nparts))
    rounds, outs, final_check = 0, [], None

    def check_round(parts):
        out_rdd = validated.mapPartitionsWithIndex(
            _prepare(binary_name, frozenset(parts), {i: dict(v) for i, v in bad.items()})
        ).pipe(check_cmd, env=PIPE_ENV)
        out_rdd.persist(StorageLevel.MEMORY_AND_DISK)
        return out_rdd, out_rdd.mapPartitionsWithIndex(_status).collect()

    def fatal(i, rc, err):
        hint = ""
        if rc in (126, 127) or "GLIBC_" in err or "required by" in err:
            hint = (" (is the binary built for the executors' platform? e.g. a "
                    "static x86_64-unknown-linux-musl build)")
        raise JobError(f"mtfix failed on partition {i} with exit {rc}{hint}: {err.strip()}")

    while active:
        rounds += 1
        out_rdd, statuses = check_round(active)
        outs.append(out_rdd)
        found_bad = False
        for i, rc, err, n in statuses:
            if i not in active:
                continue
            if rc in (0, 1):
                if (rc == 1) != (n > 0):
                    fatal(i, rc, f"exit {rc} with {n} findings: {err}")
                active.discard(i)
                continue
            first = err.splitlines()[0] if err else ""
            m = STDIN_ERROR.match(first)
            if rc != 2 or not m:
                fatal(i, rc, err)
            line = int(m.group(1))
            if line > counts[i] or line in bad.get(i, {}):
                fatal(i, rc, err)
            bad.setdefault(i, {})[line] = m.group(2).replace("; the file was left untouched", "")
            found_bad = True
        if rounds == 1 and not found_bad:
            final_check = out_rdd
        if active and rounds >= a.max_rounds:
            for i in active:
                given_up[i] = (f"partition not processed: mtfix still refused a record "
                               f"after {a.max_rounds} rounds")
            active = set()
    processed = frozenset(set(range(nparts)) - set(given_up))
    if final_check is None:
        # Some record needed a second round: one clean pass over everything.
        out_rdd, statuses = check_round(processed)
        for i, rc, err, n in statuses:
            if i in processed and (rc not in (0, 1) or (rc == 1) != (n > 0)):
                fatal(i, rc, err)
        outs.append(out_rdd)
        final_check = out_rdd
        statuses_final = statuses
    else:
        statuses_final = statuses
    summary_findings = sum(n for i, rc, err, n in statuses_final if i in processed)

    bad_frozen = {i: dict(v) for i, v in bad.items()}
    codec = "org.apache.hadoop.io.compress.GzipCodec" if a.compress == "gzip" else None

    # Fix, and put refused records back as they were.
    changed = sc.accumulator(0)
    fixed = validated.mapPartitionsWithIndex(
        _prepare(binary_name, processed, bad_frozen)
    ).pipe(fix_cmd, env=PIPE_ENV).mapPartitionsWithIndex(_fixed_lines(counts, processed))
    corrected = validated.zip(fixed).mapPartitionsWithIndex(_restore(bad_frozen, changed))
    corrected.saveAsTextFile(a.output.rstrip("/") + "/corrected", codec)

    per_line = final_check.mapPartitionsWithIndex(_findings_per_line(counts))
    findings = validated.zip(per_line).mapPartitionsWithIndex(_findings(bad_frozen, where))
    findings.saveAsTextFile(a.output.rstrip("/") + "/findings", codec)

    errors = validated.mapPartitionsWithIndex(_errors(bad_frozen, given_up, where))
    errors.saveAsTextFile(a.output.rstrip("/") + "/errors", codec)

    rejected = (
        sum(r for _, _, r in stats)
        + sum(len(v) for v in bad_frozen.values())
        + sum(counts[i] - stats[i][2] - len(bad_frozen.get(i, {})) for i in given_up)
    )
    summary = {
        "input": a.input,
        "files": len(files),
        "bytes": total,
        "partitions": nparts,
        "records_per_partition": counts,
        "records": records,
        "records_changed": changed.value,
        "findings": summary_findings,
        "refused_records": rejected,
        "refused_by_mtfix_after_precheck": sum(len(v) for v in bad_frozen.values()),
        "partitions_not_processed": sorted(given_up),
        "check_rounds": rounds,
        "field": a.field,
        "output": a.output,
    }
    text = json.dumps(summary, indent=2) + "\n"
    stream = out_fs.create(jvm.org.apache.hadoop.fs.Path(out, "summary.json"), True)
    stream.write(bytearray(text.encode("utf-8")))
    stream.close()
    for rdd in outs:
        rdd.unpersist()
    validated.unpersist()
    return summary


def main(argv=None):
    a = parse_args(sys.argv[1:] if argv is None else argv)
    from pyspark.sql import SparkSession

    spark = SparkSession.builder.appName("mtfix").getOrCreate()
    spark.sparkContext.setLogLevel(os.environ.get("MTFIX_SPARK_LOG_LEVEL", "WARN"))
    try:
        summary = run(a, spark)
    except JobError as e:
        print(f"mtfix_job: error: {e}", file=sys.stderr)
        spark.stop()
        return 2
    spark.stop()
    print(json.dumps(summary, indent=2))
    if a.strict and summary["refused_records"]:
        print(f"mtfix_job: {summary['refused_records']} records refused (see errors/)",
              file=sys.stderr)
        return 3
    return 0


if __name__ == "__main__":
    sys.exit(main())
