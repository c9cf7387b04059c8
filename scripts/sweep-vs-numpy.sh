#!/bin/sh
# One measurement of the sweep against its NumPy + csv peer (benches/peer/sweep.py): the same
# grid (1000 GPU counts, log, x 1000 MFUs = 1,000,000 rows, every output) written as CSV to a
# file, end to end (start-up included), best of $RUNS alternating runs. Then both files are
# compared number by number. BENCHMARKS.md quotes its output.
set -eu
RUNS=${RUNS:-3}
cargo build --release --quiet
BIN=target/release/agi-compute
DIR=$(mktemp -d)
trap 'rm -rf "$DIR"' EXIT
"$BIN" eval --format json > "$DIR/base.json"
now() { date +%s%N; }
best_rust=; best_py=
i=0
while [ "$i" -lt "$RUNS" ]; do
    t0=$(now)
    "$BIN" sweep --vary gpus=10k..1M:log:1000 --vary mfu=30%..50%:1000 --out "$DIR/rust.csv"
    t1=$(now)
    python3 benches/peer/sweep.py "$DIR/base.json" "$DIR/numpy.csv"
    t2=$(now)
    r=$(( (t1 - t0) / 1000000 )); p=$(( (t2 - t1) / 1000000 ))
    echo "run $i: agi-compute sweep $r ms, numpy + csv $p ms"
    if [ -z "$best_rust" ] || [ "$r" -lt "$best_rust" ]; then best_rust=$r; fi
    if [ -z "$best_py" ] || [ "$p" -lt "$best_py" ]; then best_py=$p; fi
    i=$((i + 1))
done
echo "best: agi-compute sweep $best_rust ms ($(( 1000000000 / best_rust )) rows/s), numpy + csv $best_py ms; numpy / sweep = $(awk "BEGIN { printf \"%.1f\", $best_py / $best_rust }")x"
python3 - "$DIR/rust.csv" "$DIR/numpy.csv" <<'PY'
import csv, sys, math
a, b = (csv.reader(open(p)) for p in sys.argv[1:3])
ha, hb = next(a), next(b)
assert ha == hb, (ha, hb)
worst, n = 0.0, 0
for ra, rb in zip(a, b):
    n += 1
    for x, y in zip(ra, rb):
        if x != y:
            worst = max(worst, abs(float(x) - float(y)) / abs(float(y)))
print(f"same grid: {n} rows, {len(ha)} columns, largest relative difference {worst:.1e}")
PY
