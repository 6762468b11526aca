#!/bin/sh
# benchcmp_speed.sh - how long benchcmp takes to compare two results files of 10,000 benchmarks
# with 20 samples each (issue 3 asks for under a second).  A benchmark, not a test: it reports
# the times and fails only when benchcmp itself fails.  `make bench-benchcmp` runs it.
#
#   bench/benchcmp_speed.sh [BENCHCMP [BENCHMARKS [SAMPLES [RUNS]]]]
#
# The files are generated: realistic names and times from 1 ns to 10 us with +-2% noise, every
# 20th benchmark 10% slower in the new file, so all code paths (test, interval, verdicts) run.
set -eu
CMP=${1:-./benchcmp}
N=${2:-10000}
S=${3:-20}
RUNS=${4:-5}
T=$(mktemp -d "${TMPDIR:-/tmp}/benchcmp-speed.XXXXXX")
trap 'rm -rf "$T"' EXIT

# gen SEED SLOWDOWN > FILE: a results file in benchrun's format
gen() {
    awk -v n="$N" -v s="$S" -v seed="$1" -v slow="$2" 'BEGIN {
        srand(seed)
        print "# benchrun_version: 0.1.0"
        print "# host: speed-test"
        print "# cpu_brand: Speed Test CPU"
        print "# compiler: gcc 12.2.0"
        print "name,iterations,repetitions,min_ns,median_ns,mean_ns,stddev_ns,cv,max_ns," \
              "samples_ns,q1_ns,q3_ns,outliers,bytes_per_second,items_per_second"
        for (i = 0; i < n; i++) {
            t = 10 ^ (4 * (i % 997) / 997) * (i % 20 == 0 ? slow : 1)
            line = ""
            for (k = 0; k < s; k++)
                line = line (k ? ";" : "") sprintf("%.6g", t * (1 + 0.04 * (rand() - 0.5)))
            printf "family_%d/case_%d,1000,%d,%g,%g,%g,0,0,%g,%s,%g,%g,0,,\n", i % 97, i, s,
                   t, t, t, t, line, t, t
        }
    }'
}
gen 1 1 >"$T/old.csv"
gen 2 1.10 >"$T/new.csv"
echo "benchcmp_speed: $N benchmarks x $S samples, files of $(wc -c <"$T/old.csv") and" \
     "$(wc -c <"$T/new.csv") bytes"

now_ns() { date +%s%N; }
for format in console csv json; do
    times=""
    for r in $(seq "$RUNS"); do
        t0=$(now_ns)
        "$CMP" --fail-on none --format "$format" "$T/old.csv" "$T/new.csv" >"$T/out" || {
            echo "benchcmp_speed: benchcmp failed" >&2
            exit 1
        }
        t1=$(now_ns)
        times="$times $(( (t1 - t0) / 1000000 ))"
    done
    echo "$times" | tr ' ' '\n' | sed '/^$/d' | sort -n | awk -v f="$format" -v runs="$RUNS" '
        { t[NR] = $1 } END { printf "  --format %-8s best %d ms, median %d ms of %d runs\n",
                                    f, t[1], t[int((NR + 1) / 2)], runs }'
done
"$CMP" --fail-on none "$T/old.csv" "$T/new.csv" | tail -n 1
