#!/usr/bin/env bash
# Scale benchmark (not a test). For each size: a synthetic pile (`storyline synth`, seed 1),
# storyline end to end on it (release build: ingest -> stories -> dates -> timeline ->
# comparison -> Parquet + PNG), wall time, peak RSS, articles/s and BCubed F1 of its stories
# against the gold labels; the Python peer (benches/peer.py: scikit-learn TF-IDF + single-pass
# centroid clustering with a time window, in a venv this script creates) on sizes up to
# PEER_MAX, with storyline's own run of the peer's job alone beside it (`eval stories`: ingest,
# entities, features, stories; no dates, timeline, comparison or files) for a like-for-like
# ratio. Prints one table, then storyline's time ratio per doubling of the pile.
#
# Usage: benches/scale.sh [SIZES...]      default: 10000 100000 200000 400000 1000000
#        PEER_MAX=100000 WORK=/tmp/bench benches/scale.sh 10000 100000
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/storyline-target}"
if [ "$#" -gt 0 ]; then SIZES=("$@"); else SIZES=(10000 100000 200000 400000 1000000); fi
PEER_MAX="${PEER_MAX:-100000}"
WORK="${WORK:-$(mktemp -d)}"
mkdir -p "$WORK"
cargo build --release --quiet
BIN="$CARGO_TARGET_DIR/release/storyline"
if [ ! -x "$WORK/venv/bin/python" ]; then
  python3 -m venv "$WORK/venv"
  "$WORK/venv/bin/pip" install --quiet scikit-learn numpy
fi

# BCubed F1 of a run's stories (articles.jsonl exported from its Parquet) against gold_story.
bcubed() {
  python3 - "$1" <<'EOF'
import json, sys
from collections import Counter
rows = [json.loads(l) for l in open(sys.argv[1])]
pred = [r["story_id"] for r in rows]
gold = [r["gold_story"] for r in rows]
pair, pc, gc = Counter(zip(pred, gold)), Counter(pred), Counter(gold)
p = sum(pair[(a, b)] / pc[a] for a, b in zip(pred, gold)) / len(rows)
r = sum(pair[(a, b)] / gc[b] for a, b in zip(pred, gold)) / len(rows)
print(round(2 * p * r / (p + r), 3))
EOF
}

table="$WORK/table.txt"
printf '%-12s %9s %10s %9s %10s %8s\n' tool articles seconds "peak MB" "art/s" "B3 F1" | tee "$table"
declare -A SECS
for n in "${SIZES[@]}"; do
  pile="$WORK/pile-$n.jsonl"
  [ -f "$pile" ] || "$BIN" synth --articles "$n" --seed 1 --out "$pile" 2>/dev/null
  rm -rf "$WORK/out-$n"
  /usr/bin/time -f '%e %M' -o "$WORK/time-$n" "$BIN" run "$pile" --out "$WORK/out-$n" 2> "$WORK/log-$n"
  read -r secs kb < "$WORK/time-$n"
  SECS[$n]=$secs
  "$BIN" export --state "$WORK/out-$n" --to "$WORK/json-$n" > /dev/null 2>&1
  f1=$(bcubed "$WORK/json-$n/articles.jsonl")
  rm -rf "$WORK/json-$n"
  printf '%-12s %9d %10.1f %9d %10.0f %8s\n' storyline "$n" "$secs" $((kb / 1024)) "$(echo "$n / $secs" | bc -l)" "$f1" | tee -a "$table"
  if [ "$n" -le "$PEER_MAX" ]; then
    # The peer's job alone (ingest, entities, features, stories, scored against the gold
    # labels; no dates, timeline, comparison or files), for a like-for-like ratio.
    /usr/bin/time -f '%e %M' -o "$WORK/stime-$n" "$BIN" eval stories --input "$pile" --json > "$WORK/stories-$n.json" 2> /dev/null
    read -r ssecs skb < "$WORK/stime-$n"
    sf1=$(python3 -c 'import json,sys; print(round(json.load(open(sys.argv[1]))["bcubed_f1"], 3))' "$WORK/stories-$n.json")
    printf '%-12s %9d %10.1f %9d %10.0f %8s\n' "  stories" "$n" "$ssecs" $((skb / 1024)) "$(echo "$n / $ssecs" | bc -l)" "$sf1" | tee -a "$table"
    /usr/bin/time -f '%e %M' -o "$WORK/ptime-$n" "$WORK/venv/bin/python" benches/peer.py "$pile" > "$WORK/peer-$n.json"
    read -r psecs pkb < "$WORK/ptime-$n"
    pf1=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["bcubed_f1"])' "$WORK/peer-$n.json")
    printf '%-12s %9d %10.1f %9d %10.0f %8s   (storyline %.1fx faster)\n' "python peer" "$n" "$psecs" $((pkb / 1024)) "$(echo "$n / $psecs" | bc -l)" "$pf1" "$(echo "$psecs / $secs" | bc -l)" | tee -a "$table"
    printf '%-12s %9s %10s %9s %10s %8s   (stories only: %.1fx faster)\n' "" "" "" "" "" "" "$(echo "$psecs / $ssecs" | bc -l)" | tee -a "$table"
  fi
done
echo
echo "storyline time per doubling (seconds ratio normalised to a factor of 2 in size):"
prev=""
for n in "${SIZES[@]}"; do
  if [ -n "$prev" ]; then
    python3 -c "import math,sys; a,b,na,nb=map(float,sys.argv[1:]); print(f'  {int(na)} -> {int(nb)}: {(b/a)**(math.log(2)/math.log(nb/na)):.2f}x per doubling')" "${SECS[$prev]}" "${SECS[$n]}" "$prev" "$n"
  fi
  prev=$n
done
echo "(table also in $table; logs with stage timings in $WORK/log-N)"
