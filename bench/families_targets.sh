#!/bin/sh
# Issue 15's targets on real bodies, measured: a benchmark of the harness, not a test (it never
# fails on timing; it prints the numbers for docs/measurement.md).
#
#   bench/families_targets.sh BENCHRUN [ROUNDS]      (make bench-families [FAMILIES_ROUNDS=7])
#
#   1. threads: bench/families.c's fam_parallel (a chain of multiply-adds on a local: nothing
#      shared) and fam_contended (every thread adds to one atomic counter) at 1 and 2 threads.
#      A round is one benchrun run of the four instances, sampled interleaved (round-robin), so
#      a drift of the machine reaches both thread counts alike; each round gives the ratio of the
#      2-thread median to the 1-thread median (time per operation of one thread), and the
#      rounds give its median and spread (min to max).  With 2 free CPUs the parallel ratio is
#      1 within noise and the contended one is above 1 (the counter's cache line moves between
#      the CPUs).  Each round also pins the 1-thread instances to every CPU in turn and gives
#      the 2-thread median over the slower CPU's 1-thread median: the host's CPUs differ in
#      speed, and a 2-thread batch waits for its slower thread.  The load average is printed before and after: another process on the second
#      CPU makes the parallel body's second thread wait, and its ratio rise.
#   2. complexity: the classes benchrun fits to fam_copy (memcpy: N), fam_pairs (every pair:
#      N^2) and fam_sort (qsort: NlgN), one run, as the results file's complexity lines say.
set -u
benchrun=${1:?usage: families_targets.sh BENCHRUN [ROUNDS]}
rounds=${2:-7}
T=$(mktemp -d "${TMPDIR:-/tmp}/families-targets.XXXXXX")
trap 'rm -rf "$T"' EXIT

load() { cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown; }
# median_ns of row $2 of the results file $1
median_of() {
    awk -F, -v row="$2" '/^#/ { next } !h { for (i = 1; i <= NF; i++) c[$i] = i; h = 1; next }
        $1 == row { printf "%.1f\n", $c["median_ns"] }' "$1"
}
# median, min and max of the numbers on stdin, one per line
stats() {
    sort -g | awk '{ a[NR] = $1 } END { m = NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2;
        printf "median %.3f (%.3f to %.3f, %d rounds)", m, a[1], a[NR], NR }'
}

echo "== 1. threads: 2-thread / 1-thread time per operation, $rounds interleaved rounds"
echo "load average before: $(load); CPUs: $(nproc)"
: >"$T/parallel"
: >"$T/contended"
: >"$T/parallel_slow"
: >"$T/contended_slow"
i=1
while [ "$i" -le "$rounds" ]; do
    if ! "$benchrun" --quiet --filter '^fam_(parallel|contended)/threads:[12]$' --format csv \
        --out "$T/r$i.csv" >/dev/null 2>"$T/r$i.err"; then
        echo "round $i: benchrun failed: $(head -n 1 "$T/r$i.err")"
        exit 2
    fi
    # The 1-thread instances again, pinned to each CPU in turn: this host's CPUs run at
    # different speeds, each changing on its own, and a 2-thread batch lasts as long as its
    # slower thread while steering runs the 1-thread instance on the faster CPU.
    cpu=0
    while [ "$cpu" -lt "$(nproc)" ]; do
        "$benchrun" --quiet --filter '^fam_(parallel|contended)/threads:1$' --cpu "$cpu" \
            --format csv --out "$T/r${i}_cpu$cpu.csv" >/dev/null 2>&1
        cpu=$((cpu + 1))
    done
    line="round $i:"
    for body in parallel contended; do
        one=$(median_of "$T/r$i.csv" "fam_$body/threads:1")
        two=$(median_of "$T/r$i.csv" "fam_$body/threads:2")
        slow=$(for f in "$T/r${i}"_cpu*.csv; do median_of "$f" "fam_$body/threads:1"; done |
            sort -g | tail -n 1)
        ratio=$(awk -v a="$one" -v b="$two" 'BEGIN { printf "%.3f", b / a }')
        ratio_slow=$(awk -v a="$slow" -v b="$two" 'BEGIN { printf "%.3f", b / a }')
        echo "$ratio" >>"$T/$body"
        echo "$ratio_slow" >>"$T/${body}_slow"
        line="$line  $body $one -> $two ns ($ratio; slower CPU $slow ns: $ratio_slow)"
    done
    grep -q '^# contended: ' "$T/r$i.csv" && line="$line  [contended samples]"
    echo "$line"
    i=$((i + 1))
done
echo "parallel   2/1: $(stats <"$T/parallel");  2 / slower CPU's 1: $(stats <"$T/parallel_slow")"
echo "contended  2/1: $(stats <"$T/contended");  2 / slower CPU's 1: $(stats <"$T/contended_slow")"
echo "load average after: $(load)"

echo "== 2. complexity: the classes fitted to real bodies (one run)"
if "$benchrun" --quiet --filter '^fam_(copy|pairs|sort)/' --format csv --out "$T/fits.csv" \
    >/dev/null 2>"$T/fits.err"; then
    sed -n 's/^# complexity: //p' "$T/fits.csv"
else
    echo "benchrun failed: $(head -n 1 "$T/fits.err")"
    exit 2
fi
echo "load average after: $(load)"
