#!/bin/sh
# Instructions per keypress→frame and per empty frame (the floor), counted by callgrind: exact
# and repeatable on a busy machine. Needs valgrind. Prints a markdown table.
set -eu
N=${N:-50}
BIN=$(cargo bench --no-run --bench count 2>&1 | sed -n 's/.*(\(.*count-[0-9a-f]*\)).*/\1/p' | tail -1)
count() { # case size n -> total instructions
    valgrind --tool=callgrind --callgrind-out-file=/dev/null "$BIN" "$1" "$2" "$3" 2>&1 |
        sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}
per() { # case size -> instructions per iteration
    a=$(count "$1" "$2" "$N"); b=$(count "$1" "$2" 0)
    echo $(( (a - b) / N ))
}
echo "| size | floor | replay | ×floor | ruler | ×floor | timeline | ×floor | ruler, no bands | ×floor | timeline, no bands | ×floor |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
for size in ${SIZES:-80x24 120x40 200x60}; do
    f=$(per floor "$size")
    row="| $size | $f"
    for case in replay ruler timeline ruler_no_bands timeline_no_bands; do
        c=$(per "$case" "$size")
        row="$row | $c | $(awk "BEGIN { printf \"%.2f\", $c / $f }")"
    done
    echo "$row |"
done
