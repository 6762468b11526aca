#!/bin/sh
# bench/memory/run.sh BUILDDIR SRCDIR [ROUNDS] - does counting allocations change the timed
# medians of the example suite?  Three programs, run in rotated order in each round:
#   counted    ./benchrun as built (counting batches in each worker after its samples)
#   no-memory  the same program with --no-memory (no counting batches)
#   plain      the example suite linked with alloc.c built -DBR_ALLOC_OFF (no counting code)
# plus plain a second time, the run-to-run noise the other ratios are read against.
# bench/memory/report.py prints the ratios of the medians (median over rounds and range) and
# the load average seen at the start of each round.  FILTER=REGEX: only those benchmarks.
set -eu
build=$(cd "$1" && pwd)
src=$(cd "$2" && pwd)
rounds=${3:-5}
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT

# plain: the internal library without the counting code (its alloc.o rebuilt with BR_ALLOC_OFF)
cp "$build/.libs/libbenchrun-internal.a" "$t/lib.a"
ar d "$t/lib.a" "$(ar t "$t/lib.a" | grep -E '(^|-)alloc\.o$')"
${CC:-cc} -O2 -std=c11 -D_GNU_SOURCE -DBR_ALLOC_OFF -I"$src/include" -I"$src/src" -I"$build" \
    -c "$src/src/measure/alloc.c" -o "$t/alloc_off.o"
ar r "$t/lib.a" "$t/alloc_off.o" 2>/dev/null
libs=$(sed -n 's/^LIBS = //p; s/^CPUID_LIBS = //p; s/^GBENCH_LIBS = //p' "$build/Makefile" | tr '\n' ' ')
# shellcheck disable=SC2086
${CXX:-c++} "$build"/bench/benchrun-*.o "$t/lib.a" $libs -lm -o "$t/plain"
if nm "$t/plain" | grep -q 'br_got_patch'; then echo "plain still has the GOT patch" >&2; exit 1; fi

run() { # NAME PROGRAM [FLAGS]
    name=$1 prog=$2
    shift 2
    "$prog" --quiet --repetitions 20 ${FILTER:+--filter "$FILTER"} --out "$t/$name.$r.csv" "$@" \
        >/dev/null
}
r=1
while [ "$r" -le "$rounds" ]; do
    cut -d' ' -f1 /proc/loadavg >>"$t/load"
    case $((r % 4)) in
    0) order="counted nomem plain plain2" ;;
    1) order="nomem plain plain2 counted" ;;
    2) order="plain plain2 counted nomem" ;;
    *) order="plain2 counted nomem plain" ;;
    esac
    for o in $order; do
        case $o in
        counted) run counted "$build/benchrun" ;;
        nomem) run nomem "$build/benchrun" --no-memory ;;
        plain) run plain "$t/plain" ;;
        plain2) run plain2 "$t/plain" ;;
        esac
    done
    echo "round $r of $rounds done" >&2
    r=$((r + 1))
done
python3 "$src/bench/memory/report.py" "$t" "$rounds"
