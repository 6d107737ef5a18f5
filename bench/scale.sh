#!/usr/bin/env bash
# Scale benchmark (not a test): synthetic piles of the given sizes, storyline end to end on
# each (release build), and the Python peer (bench/peer.py) on the sizes up to PEER_MAX.
# Prints one table. Usage: bench/scale.sh [SIZES...]   (default: 10000 100000)
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/storyline-target}"
SIZES=("${@:-10000 100000}")
read -r -a SIZES <<< "${SIZES[*]}"
PEER_MAX="${PEER_MAX:-100000}"
WORK="${WORK:-$(mktemp -d)}"
cargo build --release --quiet
BIN="$CARGO_TARGET_DIR/release/storyline"
if [ ! -x "$WORK/venv/bin/python" ]; then
  python3 -m venv "$WORK/venv"
  "$WORK/venv/bin/pip" install --quiet scikit-learn numpy
fi
printf '%-12s %9s %10s %9s %10s %8s\n' tool articles seconds "peak MB" "art/s" "B3 F1"
for n in "${SIZES[@]}"; do
  pile="$WORK/pile-$n.jsonl"
  [ -f "$pile" ] || "$BIN" synth --articles "$n" --seed 1 --out "$pile" 2>/dev/null
  /usr/bin/time -f '%e %M' -o "$WORK/time-$n" "$BIN" run "$pile" --out "$WORK/out-$n" 2>/dev/null
  read -r secs kb < "$WORK/time-$n"
  f1=$("$BIN" eval stories --input "$pile" --json 2>/dev/null | python3 -c 'import json,sys; j=json.load(sys.stdin); print(round(j["bcubed_f1"],3))' 2>/dev/null || echo "-")
  printf '%-12s %9d %10.1f %9d %10.0f %8s\n' storyline "$n" "$secs" $((kb / 1024)) "$(echo "$n / $secs" | bc -l)" "$f1"
  if [ "$n" -le "$PEER_MAX" ]; then
    /usr/bin/time -f '%e %M' -o "$WORK/ptime-$n" "$WORK/venv/bin/python" bench/peer.py "$pile" > "$WORK/peer-$n.json"
    read -r psecs pkb < "$WORK/ptime-$n"
    pf1=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["bcubed_f1"])' "$WORK/peer-$n.json")
    printf '%-12s %9d %10.1f %9d %10.0f %8s\n' "python peer" "$n" "$psecs" $((pkb / 1024)) "$(echo "$n / $psecs" | bc -l)" "$pf1"
  fi
done
