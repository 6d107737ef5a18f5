#!/usr/bin/env bash
# storyline on Apache Spark: the stages of `storyline run`, run by Spark, writing the same tables.
#
#   spark/run.sh INPUT... --out DIR [--master URL] [--window-days N] [--skip-invalid]
#
# INPUT: JSONL or Parquet files or folders, any path Spark reads (local, hdfs://, s3a://).
# --master defaults to local[2]. On first use this sets up, under ~/.cache (or
# $STORYLINE_SPARK_VENV), a Python virtual environment with pyspark and pyarrow, and builds the
# storyline_native module (the Rust library's bindings) into it with maturin.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(dirname "$here")"
master="local[2]"
args=()
while [ $# -gt 0 ]; do
    case "$1" in
        --master) master="${2:?--master needs a URL}"; shift 2 ;;
        --master=*) master="${1#--master=}"; shift ;;
        -h|--help) args+=("--help"); shift ;;
        *) args+=("$1"); shift ;;
    esac
done

# Spark 4 runs on Java 17 or later. This machine has OpenJDK 17 (`java -version`); elsewhere,
# install a JDK 17 (Debian: openjdk-17-jre-headless) or set JAVA_HOME.
java_bin="${JAVA_HOME:+$JAVA_HOME/bin/}java"
if ! command -v "$java_bin" >/dev/null 2>&1; then
    echo "spark/run.sh: no Java found: Spark 4 needs Java 17 or later (set JAVA_HOME or install openjdk-17)" >&2
    exit 3
fi
java_major="$("$java_bin" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -1)"
if [ -z "$java_major" ] || [ "$java_major" -lt 17 ]; then
    echo "spark/run.sh: Java ${java_major:-?} found, Spark 4 needs Java 17 or later" >&2
    exit 3
fi

venv="${STORYLINE_SPARK_VENV:-$HOME/.cache/storyline-spark-venv}"
# pyspark's Arrow functions (mapInArrow, applyInArrow) need pandas and pyarrow beside it.
requirements="pyspark==4.0.5 pandas>=2.2,<3 pyarrow>=15,<27 maturin>=1.5,<2"
if [ "$(cat "$venv/.storyline-requirements" 2>/dev/null)" != "$requirements" ]; then
    echo "spark/run.sh: setting up $venv ($requirements; once)" >&2
    # Exit 4: what the job needs cannot be had here (the tests skip on it, saying why).
    if ! python3 -m venv "$venv" >&2; then
        echo "spark/run.sh: cannot make a Python virtual environment at $venv (python3 -m venv)" >&2
        exit 4
    fi
    # shellcheck disable=SC2086
    if ! "$venv/bin/pip" install --quiet --disable-pip-version-check $requirements >&2; then
        echo "spark/run.sh: cannot install $requirements from PyPI into $venv" >&2
        exit 4
    fi
    echo "$requirements" > "$venv/.storyline-requirements"
    rm -f "$venv/.storyline-native-stamp"
fi

# The module is rebuilt when the Rust sources change.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/storyline-target}"
stamp="$(cd "$repo" && find Cargo.toml Cargo.lock src spark/native -type f -not -path '*/target/*' -print0 \
    | sort -z | xargs -0 sha256sum | sha256sum | cut -c1-16)"
if [ "$(cat "$venv/.storyline-native-stamp" 2>/dev/null)" != "$stamp" ]; then
    echo "spark/run.sh: building the storyline_native module (release)" >&2
    (cd "$repo" && VIRTUAL_ENV="$venv" PATH="$venv/bin:$PATH" \
        "$venv/bin/maturin" develop --release --quiet -m spark/native/Cargo.toml >&2)
    echo "$stamp" > "$venv/.storyline-native-stamp"
fi

export PYSPARK_PYTHON="$venv/bin/python"
export PYSPARK_DRIVER_PYTHON="$venv/bin/python"
exec "$venv/bin/spark-submit" \
    --master "$master" \
    --driver-memory "${SPARK_DRIVER_MEMORY:-4g}" \
    --conf spark.sql.session.timeZone=UTC \
    --conf spark.ui.showConsoleProgress=false \
    --driver-java-options "-Dlog4j2.configurationFile=file:$here/log4j2.properties" \
    "$here/job.py" "${args[@]}"
