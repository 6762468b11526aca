#!/bin/sh
# bench/shard_balance.sh BUILDDIR SRCDIR [ROUNDS] - how evenly --shard splits a suite's time over
# a CI matrix, by name (the hash) and by a previous run's times (--shard-by).  A matrix takes as
# long as its longest job, so the measure is, for N jobs, against the unsharded run of the round:
#     wall:    longest job's wall time / (unsharded wall time / N)          (1.00: a perfect split)
#     sampled: largest job's sampled time / (unsharded sampled time / N)    (what the split decides)
# where sampled time is iterations x the sum of the samples over the job's rows (its results
# file), and wall time also holds what every job pays whatever its part (start, settling the
# machine, the reference kernel): printed too, as the wall time of a job with one 4 ms block.
# The suite: 24 blocks that sleep 4-64 ms (uneven on purpose; sleeps keep their length on a
# loaded machine), 3 samples each.  The unsharded run of a round is also the --shard-by file of
# that round's time split.  Prints one line per N and split: medians and ranges over the rounds.
# Run by `make bench-shard`.
set -u
build=$1 src=$2 rounds=${3:-3}
T=$(mktemp -d "${TMPDIR:-/tmp}/benchrun-shard.XXXXXX")
trap 'rm -rf "$T"' EXIT
libs="$build/.libs/libbenchrun-internal.a $(pkg-config --libs libcpuid) -lm"
grep -q 'HAVE_GBENCH 1' "$build/config.h" 2>/dev/null && libs="$libs -lbenchmark -lpthread -lstdc++"

{
    echo '#include <time.h>'
    echo '#include <bench.h>'
    echo 'static void nap_ms(long ms) { struct timespec t = {0, ms * 1000000L}; nanosleep(&t, 0); }'
    i=1
    while [ $i -le 24 ]; do
        echo "BENCH(nap$i) { nap_ms($((((i * 7) % 16 + 1) * 4))); }"
        i=$((i + 1))
    done
} >"$T/suite.c"
cc -O1 -I"$src/include" "$T/suite.c" $libs -o "$T/suite" || exit 2
FLAGS="--quiet --repetitions 3 --min-repetitions 3 --min-time 0.0005 --warmup 0"

now() { date +%s.%N; }
# sampled CSV: iterations x the sum of the samples over its rows, in seconds
sampled() {
    awk -F, '/^#/ { next } !h { for (i = 1; i <= NF; i++) c[$i] = i; h = 1; next }
        { n = split($c["samples_ns"], v, ";"); for (i = 1; i <= n; i++) t += $c["iterations"] * v[i] }
        END { printf "%.4f", t / 1e9 }' "$1"
}
# run FILE ARGS...: runs the suite with ARGS into $T/r.csv, appends "WALL SAMPLED" to FILE
run() {
    f=$1
    shift
    s=$(now)
    # shellcheck disable=SC2086
    "$T/suite" $FLAGS "$@" --out "$T/r.csv" --force >/dev/null || exit 2
    e=$(now)
    echo "$(awk -v s="$s" -v e="$e" 'BEGIN { printf "%.4f", e - s }') $(sampled "$T/r.csv")" >>"$f"
}
# ratio N JOBS WHOLE COLUMN: the largest of JOBS' COLUMN against WHOLE's / N
ratio() { sort -n -k"$4" "$2" | tail -1 | awk -v n="$1" -v c="$4" -v w="$(cut -d' ' -f"$4" "$3")" \
    '{ printf "%.4f\n", $c / (w / n) }'; }
# summary LABEL FILE: "LABEL median (min .. max)"
summary() { sort -n "$2" | awk -v l="$1" '{ v[NR] = $1 }
    END { printf "%s %.2f (%.2f .. %.2f)", l, v[int((NR + 1) / 2)], v[1], v[NR] }'; }

r=1
while [ "$r" -le "$rounds" ]; do
    : >"$T/whole"
    run "$T/whole"
    cp "$T/r.csv" "$T/times.csv"
    run "$T/fixed" --filter '^nap16$'
    for n in 2 3 4; do
        for split in name times; do
            : >"$T/jobs"
            k=1
            while [ $k -le $n ]; do
                by=""
                [ $split = times ] && by="--shard-by $T/times.csv"
                # shellcheck disable=SC2086
                run "$T/jobs" --shard $k/$n $by
                k=$((k + 1))
            done
            ratio $n "$T/jobs" "$T/whole" 1 >>"$T/wall-$n-$split"
            ratio $n "$T/jobs" "$T/whole" 2 >>"$T/sampled-$n-$split"
        done
    done
    cut -d' ' -f1 "$T/whole" >>"$T/whole-wall"
    r=$((r + 1))
done
echo "$rounds rounds; $(summary "unsharded wall time, s:" "$T/whole-wall");" \
    "$(cut -d' ' -f1 "$T/fixed" >"$T/fixed-wall" && summary "a job of one 4 ms block, s:" "$T/fixed-wall")"
for n in 2 3 4; do
    for split in name times; do
        printf 'N = %d by %-5s  %s  %s\n' $n $split "$(summary "sampled:" "$T/sampled-$n-$split")" \
            "$(summary "wall:" "$T/wall-$n-$split")"
    done
done
