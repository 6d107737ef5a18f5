#!/usr/bin/env bash
# Packs what a cluster's executors need into one archive: a relocatable Python environment
# with the storyline_native module (built here as a wheel), pyarrow and pandas.
#
#   spark/pack.sh [OUT.tar.gz]     (default: spark/dist/storyline-env.tar.gz)
#
# Ship it with spark-submit --archives OUT.tar.gz#environment and
# --conf spark.pyspark.python=./environment/bin/python (docs/spark.md: "On a real
# cluster"). Build it on the same OS and CPU architecture as the executors (the module is
# native code; abi3, so any CPython >= 3.9).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(dirname "$here")"
out="${1:-$here/dist/storyline-env.tar.gz}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/storyline-target}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
python3 -m venv "$work/build"
"$work/build/bin/pip" install --quiet --disable-pip-version-check "maturin>=1.5,<2" venv-pack
(cd "$repo" && "$work/build/bin/maturin" build --release --quiet -m spark/native/Cargo.toml --out "$work/wheels" >&2)
python3 -m venv --copies "$work/env"
"$work/env/bin/pip" install --quiet --disable-pip-version-check \
    "$work"/wheels/storyline_native-*.whl "pandas>=2.2,<3" "pyarrow>=15,<27"
mkdir -p "$(dirname "$out")"
"$work/build/bin/venv-pack" -q -p "$work/env" -o "$work/env.tar.gz"
mv "$work/env.tar.gz" "$out"
echo "wrote $out ($(du -h "$out" | cut -f1))" >&2
