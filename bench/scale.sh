#!/bin/sh
# bench/scale.sh BUILDDIR SRCDIR N... - a suite of N trivial BENCH() blocks under the default
# descriptor limit (ulimit -n 1024): every block gets its row, none fails, the processes alive
# at once stay bounded (benchrun's window of workers) and the wall time grows linearly with N.
# Prints one line per N; exits 1 when a run loses a benchmark.  Run by `make bench-scale`
# (CI runs it with N = 10000).
set -u
build=$1 src=$2
shift 2
T=$(mktemp -d "${TMPDIR:-/tmp}/benchrun-scale.XXXXXX")
trap 'rm -rf "$T"' EXIT
status=0
libs="$build/.libs/libbenchrun-internal.a $(pkg-config --libs libcpuid) -lm"
grep -q 'HAVE_GBENCH 1' "$build/config.h" 2>/dev/null && libs="$libs -lbenchmark -lpthread -lstdc++"

# The most processes of the run (its process group, setsid's) alive at once, sampled every
# 20 ms from /proc while it runs.
watch_processes() { # pgid
    max=0
    # until it ends (a zombie, not yet waited for, has ended too)
    while [ -r "/proc/$1/stat" ] && ! sed 's/.*) //' "/proc/$1/stat" | grep -q '^Z'; do
        n=$(cat /proc/[0-9]*/stat 2>/dev/null | awk -v g="$1" '{ sub(/.*\) /, ""); if ($3 == g) n++ } END { print n + 0 }')
        [ "$n" -gt "$max" ] && max=$n
        sleep 0.02
    done
    echo "$max"
}

for n in "$@"; do
    {
        echo '#include <bench.h>'
        i=1
        while [ $i -le "$n" ]; do
            echo "BENCH(b$i) { bench_keep(bench_i + $i); }"
            i=$((i + 1))
        done
    } >"$T/blocks.c"
    cc -O1 -I"$src/include" "$T/blocks.c" $libs -o "$T/blocks" || exit 2
    start=$(date +%s.%N)
    (
        ulimit -n 1024
        exec setsid "$T/blocks" --quiet --repetitions 3 --min-time 0.0002 --warmup 0 \
            --format csv --out "$T/r$n.csv" >/dev/null 2>"$T/err$n"
    ) &
    pid=$!
    sleep 0.2
    procs=$(watch_processes "$pid")
    wait "$pid"
    rc=$?
    end=$(date +%s.%N)
    rows=$(grep -c '^b[0-9]' "$T/r$n.csv" 2>/dev/null)
    failed=$(grep -c '^# failed' "$T/r$n.csv" 2>/dev/null)
    rows=${rows:-0} failed=${failed:-0}
    awk -v n="$n" -v s="$start" -v e="$end" -v rc="$rc" -v rows="$rows" -v f="$failed" \
        -v p="$procs" 'BEGIN { printf "%6d blocks: %6.1f s (%.2f ms per block), exit %d, " \
        "%d rows, %d failed, at most %d processes\n", n, e - s, (e - s) * 1000 / n, rc, rows, f, p }'
    if [ "$rc" != 0 ] || [ "$rows" != "$n" ] || [ "$failed" != 0 ]; then
        status=1
        head -3 "$T/err$n"
    fi
done
exit $status
