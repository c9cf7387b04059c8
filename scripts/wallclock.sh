#!/bin/sh
# Wall-clock per frame (µs) of each case of benches/count.rs, floor first: a quick check between
# changes; the medians for BENCHMARKS.md come from `cargo bench --bench frame`.
set -eu
N=${N:-5000}
BIN=$(cargo bench --no-run --bench count 2>&1 | sed -n 's/.*(\(.*count-[0-9a-f]*\)).*/\1/p' | tail -1)
for size in ${SIZES:-80x24 120x40 200x60}; do
    row="$size"
    for case in floor replay ruler timeline; do
        t0=$(date +%s%N); "$BIN" "$case" "$size" "$N"; t1=$(date +%s%N)
        row="$row $case $(( (t1 - t0) / N / 1000 )) µs"
    done
    echo "$row"
done
