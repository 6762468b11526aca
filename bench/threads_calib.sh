#!/bin/sh
# Issue 29 point 1, measured: a BENCH_THREADS body of ~0.1 ms at 1 and 2 threads, RUNS runs of
# benchrun each; how many rows calibrated below --min-time (median batch = iterations x median
# time per operation).  A benchmark of the harness, not a test: it prints numbers for
# docs/measurement.md and never fails on timing.
#
#   bench/threads_calib.sh BUILDDIR [RUNS]          (make bench-threads-calib [CALIB_RUNS=20])
set -u
build=${1:?usage: threads_calib.sh BUILDDIR [RUNS]}
runs=${2:-20}
T=$(mktemp -d "${TMPDIR:-/tmp}/threads-calib.XXXXXX")
trap 'rm -rf "$T"' EXIT
cat >"$T/tb.c" <<'C'
#include <bench.h>
#include <stdint.h>
/* ~0.1 ms of dependent multiply-adds per operation, on every thread */
BENCH_THREADS(calib_threaded, 1, 2)
{
    uint64_t x = bench_i;
    bench_hide(x);
    for (int k = 0; k < 90000; k++) x = x * 6364136223846793005u + 1442695040888963407u;
    bench_keep(x);
}
C
${CC:-cc} -O2 -o "$T/tb" "$T/tb.c" $(PKG_CONFIG_PATH="$build" pkg-config --cflags --libs \
    benchrun-uninstalled) || exit 2
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
i=1
while [ "$i" -le "$runs" ]; do
    "$T/tb" --quiet --repetitions 20 --format csv --out "$T/r.csv" --force >/dev/null 2>&1 ||
        { echo "run $i failed"; exit 2; }
    grep -v '^#' "$T/r.csv" | awk -F, 'NR > 1 { printf "%s %s %.3f\n", $1, $2, $2 * $5 / 1e6 }'
    i=$((i + 1))
done >"$T/rows"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
for t in 1 2; do
    grep "threads:$t " "$T/rows" | sort -k3 -g | awk -v t="$t" '
        { b[NR] = $3; it[NR] = $2; if ($3 < 5) short++ }
        END { printf "threads:%s: %d of %d runs below --min-time 5 ms; median batch %.2f ms (%.2f to %.2f), iterations %s to %s\n",
              t, short, NR, b[int((NR + 1) / 2)], b[1], b[NR], it[1], it[NR] }'
done
