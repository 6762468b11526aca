#!/bin/sh
# Issue 29 point 5, measured: the complexity fit of ZSTD_decompress over 1 KiB .. 1 MiB
# (bench/reallib/zstd_fit.c), RUNS runs of benchrun.  Per run: the class and coefficient
# benchrun fits (one point per instance, its median: the `complexity` context line), and, from
# the same samples, the fit over every sample (Google Benchmark's, and benchrun's before the
# fix), so the two are compared on the same data, and the fit of each instance's median CPU time
# (GB chooses the class on CPU time).  Then the spread of each over the runs, also divided by
# the run's reference_sort_ns (the machine's own speed in the same run).  The target: the class stable and the coefficient within 10 % over 10 runs.  A benchmark
# of the harness, not a test: it prints numbers for docs/measurement.md, never fails on timing.
#
#   bench/reallib/zstd_fit.sh BUILDDIR SRCDIR [RUNS]         (make bench-fit [FIT_RUNS=10])
set -u
build=${1:?usage: zstd_fit.sh BUILDDIR SRCDIR [RUNS]}
src=${2:?usage: zstd_fit.sh BUILDDIR SRCDIR [RUNS]}
runs=${3:-10}
if ! pkg-config --exists libzstd; then
    echo "bench-fit: pkg-config finds no libzstd (libzstd-dev): nothing measured"
    exit 0
fi
T=$(mktemp -d "${TMPDIR:-/tmp}/zstd-fit.XXXXXX")
trap 'rm -rf "$T"' EXIT
${CC:-cc} -O2 -o "$T/zf" "$src/bench/reallib/zstd_fit.c" \
    $(PKG_CONFIG_PATH="$build" pkg-config --cflags --libs benchrun-uninstalled libzstd) || exit 2

# GB's least squares through the origin (complexity.cc) over "N time" lines: every class's
# coefficient and RMS (as a fraction of the mean time), the class of least RMS.
fit='
function f(c, n) {
    if (c == 1) return 1
    if (c == 2) return log(n) / log(2)
    if (c == 3) return n
    if (c == 4) return n * log(n) / log(2)
    return c == 5 ? n * n : n * n * n
}
{ n[NR] = $1; t[NR] = $2; sum += $2 }
END {
    split("(1) lgN N NlgN N^2 N^3", name, " ")
    best = 0
    for (c = 1; c <= 6; c++) {
        ft = 0; ff = 0
        for (i = 1; i <= NR; i++) { ft += f(c, n[i]) * t[i]; ff += f(c, n[i]) ^ 2 }
        k = ft / ff; r = 0
        for (i = 1; i <= NR; i++) r += (t[i] - k * f(c, n[i])) ^ 2
        r = sqrt(r / NR) / (sum / NR)
        if (!best || r < rms) { best = c; rms = r; coef = k }
    }
    printf "%s %.4f %.1f\n", name[best], coef, 100 * rms
}'

# points COLUMN [median]: "N value" lines from the results file: each sample of the `;`-joined
# COLUMN, or with `median` each row's median of them (N from the name zstd_decompress/N)
points() {
    grep -v '^#' "$T/r.csv" | awk -F, -v name="$1" -v median="${2:-}" '
        NR == 1 { for (c = 1; c <= NF; c++) if ($c == name) col = c; next }
        { split($1, p, "/"); k = split($col, s, ";")
          if (median == "") { for (j = 1; j <= k; j++) print p[2], s[j]; next }
          for (j = 2; j <= k; j++)          # insertion sort: mawk has no asort
              for (m = j; m > 1 && s[m - 1] + 0 > s[m] + 0; m--) {
                  x = s[m]; s[m] = s[m - 1]; s[m - 1] = x
              }
          print p[2], k % 2 ? s[(k + 1) / 2] : (s[k / 2] + s[k / 2 + 1]) / 2 }'
}

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
i=1
while [ "$i" -le "$runs" ]; do
    "$T/zf" --quiet --format csv --out "$T/r.csv" --force >/dev/null 2>"$T/err" ||
        { echo "run $i failed:"; cat "$T/err"; exit 2; }
    # "# complexity: zstd_decompress: N, coefficient 0.65 ns, rms 2.1%" -> "N 0.65 2.1"
    medians=$(sed -n 's/^# complexity: zstd_decompress: //p' "$T/r.csv" |
        sed 's/\([^,]*\), coefficient \([^ ]*\) ns, rms \([^%]*\)%.*/\1 \2 \3/')
    every=$(points samples_ns | awk "$fit")
    cpu=$(points cpu_samples_ns median | awk "$fit")
    contended=$(grep -c '^# contended: ' "$T/r.csv")
    # the machine's own speed in the same run: the sort reference kernel's median (ns)
    sort_ns=$(sed -n 's/^# reference_sort_ns: //p' "$T/r.csv")
    echo "$i $medians $every $cpu $contended $(cut -d' ' -f1 /proc/loadavg) $sort_ns"
    i=$((i + 1))
done >"$T/runs"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "run | benchrun's fit, medians of wall time (class, coefficient ns, rms %) | every sample's" \
    "fit (GB's, and benchrun's before) | medians of CPU time | instances marked contended | load |" \
    "reference_sort_ns"
cat "$T/runs"
# The spread over the runs, for each fit: the classes seen, and the coefficient of the runs
# that found the most frequent class (a coefficient of another class is another unit): median
# (min..max), how far the extremes are from the median, max/min.  The target: one class in
# every run, every coefficient within 10 % of the median.
median_min_max() {
    sort -g | awk '{ v[NR] = $1 }
        END { print NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2, v[1], v[NR], NR }'
}
for fitcol in 2:wall_medians 5:every_sample 8:cpu_medians; do
    c=${fitcol%%:*} what=${fitcol#*:}
    classes=$(awk -v c="$c" '{ print $c }' "$T/runs" | sort | uniq -c | sort -rn |
        awk '{ printf "%s%s in %s", (NR > 1 ? ", " : ""), $2, $1 }')
    top=$(awk -v c="$c" '{ print $c }' "$T/runs" | sort | uniq -c | sort -rn |
        awk 'NR == 1 { print $2 }')
    k=$(awk -v c="$c" -v top="$top" '$c == top { print $(c + 1) }' "$T/runs" | median_min_max)
    r=$(awk -v c="$c" '{ print $(c + 2) }' "$T/runs" | median_min_max)
    echo "$k $r" | awk -v what="$what" -v classes="$classes" -v n="$runs" -v top="$top" '
        { lo = 100 * ($2 / $1 - 1); hi = 100 * ($3 / $1 - 1)
          printf "%s over %d runs: %s; coefficient of the %d %s runs %.4f ns (%.4f .. %.4f: %+.1f %% .. %+.1f %% of the median, max/min %.3f); rms %.1f %% (%.1f .. %.1f); target %s\n",
              what, n, classes, $4, top, $1, $2, $3, lo, hi, $3 / $2, $5, $6, $7,
              ($4 == n && -lo <= 10 && hi <= 10) ? "met" : "missed" }'
done
# The coefficients over the machine's speed in the same run (the wall-time fit's and the CPU
# time's, per 1000 ns of the sort kernel): whether the drift is the machine's, not the fit's.
for fitcol in 2:wall_medians 8:cpu_medians; do
    c=${fitcol%%:*} what=${fitcol#*:}
    top=$(awk -v c="$c" '{ print $c }' "$T/runs" | sort | uniq -c | sort -rn |
        awk 'NR == 1 { print $2 }')
    awk -v c="$c" -v top="$top" '$c == top { print 1000 * $(c + 1) / $13 }' "$T/runs" |
        median_min_max | awk -v what="$what" -v top="$top" '
        { printf "%s, the %d %s runs, coefficient / reference_sort_ns x 1000: %.4f (%.4f .. %.4f: %+.1f %% .. %+.1f %%)\n",
              what, $4, top, $1, $2, $3, 100 * ($2 / $1 - 1), 100 * ($3 / $1 - 1) }'
done
