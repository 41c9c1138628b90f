#!/usr/bin/env bash
# The Spark job (examples/spark/mtfix_job.py) against mtfix run directly.
#
#   bash tests/spark/run.sh
#
# Self-contained: creates (or reuses) a virtual environment with PySpark under
# target/spark-venv, builds target/release/mtfix if it is missing, generates a
# deterministic JSON Lines data set, runs the job with spark-submit in
# local[2] mode, and checks that
#   1. on the sample (420 records, 4 partitions): the corrected output is
#      byte-identical, line for line, to `mtfix fix --input-format jsonl
#      --target-field text` on the same file, and the findings are the same
#      as `mtfix check --format json ...`'s;
#   2. on a folder of awkward files (CRLF, records mtfix refuses, no final
#      newline, hidden files, an extra glossary shipped with --rules): refused
#      records come out unchanged and are listed in errors/, everything else
#      is what mtfix gives.
# Spark runs offline (127.0.0.1, no UI) and quietly (log4j WARN).
# Exits non-zero with a message on any difference.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
t0=$(date +%s)

PYSPARK_VERSION=3.5.8   # Spark 3.5 LTS: runs on Java 8/11/17, Python 3.8-3.11+
venv=$root/target/spark-venv
work=$root/target/spark-test
mtfix=$root/target/release/mtfix

note() { printf 'spark test: %s (%ss)\n' "$*" "$(( $(date +%s) - t0 ))"; }

command -v java >/dev/null || { echo "spark test: no java on PATH (Spark needs Java 8/11/17)" >&2; exit 1; }

if ! "$venv/bin/python" -c "import pyspark, sys; sys.exit(pyspark.__version__ != '$PYSPARK_VERSION')" 2>/dev/null; then
  note "installing pyspark $PYSPARK_VERSION into $venv"
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "pyspark==$PYSPARK_VERSION"
fi

if [ ! -x "$mtfix" ]; then
  note "building mtfix"
  cargo build --release --quiet
fi

rm -rf "$work"
mkdir -p "$work"
# A copy, so that a rebuild during the test cannot change the binary under it.
cp "$mtfix" "$work/mtfix"
mtfix=$work/mtfix
"$venv/bin/python" tests/spark/gen_data.py "$work/data"

cat > "$work/log4j2.properties" <<'EOF'
rootLogger.level = warn
rootLogger.appenderRef.stderr.ref = console
appender.console.type = Console
appender.console.name = console
appender.console.target = SYSTEM_ERR
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = %d{HH:mm:ss} %p %c{1}: %m%n
logger.nativeio.name = org.apache.hadoop.util.NativeCodeLoader
logger.nativeio.level = error
EOF

export SPARK_LOCAL_IP=127.0.0.1
export PYSPARK_PYTHON="$venv/bin/python"
export PYSPARK_DRIVER_PYTHON="$venv/bin/python"
unset SPARK_HOME PYTHONPATH || true

submit() {
  "$venv/bin/spark-submit" \
    --master 'local[2]' \
    --conf spark.ui.enabled=false \
    --conf spark.driver.host=127.0.0.1 \
    --conf spark.driver.bindAddress=127.0.0.1 \
    --conf spark.sql.shuffle.partitions=4 \
    --conf "spark.driver.extraJavaOptions=-Dlog4j2.configurationFile=file:$work/log4j2.properties" \
    examples/spark/mtfix_job.py "$@"
}

note "job 1: the sample, 4 partitions"
submit --binary "$mtfix" --field text --min-partitions 4 \
  "$work/data/sample.jsonl" "$work/out-main" > "$work/main.log" \
  || { echo "spark test: the job failed on the sample (exit $?)" >&2; exit 1; }
"$venv/bin/python" tests/spark/compare.py main "$mtfix" "$work/out-main" \
  "$work/data/sample.jsonl" --target-field text

note "job 2: CRLF, refused records, extra glossary, several files"
submit --binary "$mtfix" --field text --min-partitions 3 --rules "$work/data/extra-rules.yaml" \
  "$work/data/robust" "$work/out-robust" > "$work/robust.log" \
  || { echo "spark test: the job failed on the robust set (exit $?)" >&2; exit 1; }
"$venv/bin/python" tests/spark/compare.py robust "$mtfix" "$work/out-robust" \
  "$work/data/robust" "$work/data/bad-lines.json" --target-field text --rules "$work/data/extra-rules.yaml"

note "passed"
echo "2 passed, 0 failed"
