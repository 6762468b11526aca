#!/bin/sh
# benchcmp_inputs_speed.sh - how long benchcmp takes to read large JSON inputs (issue 19: a
# 100 MB Google Benchmark file should read in about 2 s or less), in the layout Google Benchmark
# writes (pretty, one key per line) and compact (one line, as `jq -c` or Python's json.dump
# write it).  A benchmark, not a test: it reports times and peak memory, and fails only when
# benchcmp itself fails.  `make bench-inputs` runs it.
#
#   bench/benchcmp_inputs_speed.sh [BENCHCMP [BENCHMARKS [SAMPLES [RUNS]]]]
#
# The files are generated: BENCHMARKS benchmarks x SAMPLES iteration rows plus the four
# aggregates Google Benchmark 1.7 adds (mean, median, stddev, cv), every key it writes, times
# from 1 ns to 10 us with +-2% noise, every 20th benchmark 10% slower in the new file.  The
# defaults (10,000 x 20) make files of about 100 MB.  Each timing is one run of benchcmp, on
# one large file (against a small one) or on two; the median and the spread (min..max) of RUNS
# runs are reported.
# Needs GNU time (/usr/bin/time, Debian package `time`) for the CPU time and memory.
set -eu
if ! /usr/bin/time -f %M true >/dev/null 2>&1; then
    echo "benchcmp_inputs_speed: needs GNU time as /usr/bin/time (apt-get install time)" >&2
    exit 1
fi
CMP=${1:-./benchcmp}
N=${2:-10000}
S=${3:-20}
RUNS=${4:-5}
T=$(mktemp -d "${TMPDIR:-/tmp}/benchcmp-inputs.XXXXXX")
trap 'rm -rf "$T"' EXIT

# gen SEED SLOWDOWN > FILE: Google Benchmark JSON, pretty, as GB 1.7.1 writes it
gen() {
    awk -v n="$N" -v s="$S" -v seed="$1" -v slow="$2" '
    function row(name, type, agg, rep, t,    unit) {
        printf "%s    {\n", first ? "" : ",\n"
        first = 0
        printf "      \"name\": \"%s%s\",\n", name, agg == "" ? "" : "_" agg
        printf "      \"family_index\": %d,\n      \"per_family_instance_index\": %d,\n", i % 97, i
        printf "      \"run_name\": \"%s\",\n      \"run_type\": \"%s\",\n", name, type
        printf "      \"repetitions\": %d,\n", s
        if (agg == "") printf "      \"repetition_index\": %d,\n", rep
        printf "      \"threads\": 1,\n"
        unit = agg == "cv" ? "percentage" : "time"
        if (agg != "") printf "      \"aggregate_name\": \"%s\",\n      \"aggregate_unit\": \"%s\",\n", agg, unit
        printf "      \"iterations\": %d,\n", agg == "" ? 1000 : s
        printf "      \"real_time\": %.16e,\n      \"cpu_time\": %.16e,\n", t, t
        printf "      \"time_unit\": \"ns\"\n    }"
    }
    BEGIN {
        srand(seed)
        print "{\n  \"context\": {\n    \"date\": \"2026-11-20T10:00:00+00:00\","
        print "    \"host_name\": \"speed-test\",\n    \"executable\": \"./bm\","
        print "    \"num_cpus\": 2,\n    \"mhz_per_cpu\": 3000,\n    \"cpu_scaling_enabled\": false,"
        print "    \"library_build_type\": \"release\"\n  },\n  \"benchmarks\": ["
        first = 1
        for (i = 0; i < n; i++) {
            name = sprintf("family_%d/case_%d", i % 97, i)
            t = 10 ^ (4 * (i % 997) / 997) * (i % 20 == 0 ? slow : 1)
            for (k = 0; k < s; k++) row(name, "iteration", "", k, t * (1 + 0.04 * (rand() - 0.5)))
            row(name, "aggregate", "mean", 0, t)
            row(name, "aggregate", "median", 0, t)
            row(name, "aggregate", "stddev", 0, t * 0.01)
            row(name, "aggregate", "cv", 0, 0.01)
        }
        print "\n  ]\n}"
    }'
}
gen 1 1 >"$T/old.json"
gen 2 1.10 >"$T/new.json"
# Compact: the same documents on one line (no name or value holds a blank).
tr -d ' \n' <"$T/old.json" >"$T/old_compact.json"
tr -d ' \n' <"$T/new.json" >"$T/new_compact.json"
echo "benchcmp_inputs_speed: $N benchmarks x $S samples (+4 aggregates each);" \
     "pretty files of $(wc -c <"$T/old.json") bytes, compact of $(wc -c <"$T/old_compact.json")"

status=0
# measure LABEL OLD NEW: RUNS comparisons; the median and range of the wall times and of the CPU
# times (user + system: less sensitive to other work on a shared machine), and peak memory.
# A refused input is reported (an older benchcmp refuses the compact file) and fails the script.
measure() {
    : >"$T/times"
    for r in $(seq "$RUNS"); do
        rc=0
        /usr/bin/time -f '%e %U %S %M' -o "$T/time" "$CMP" --fail-on none --format csv "$2" "$3" \
            >"$T/out" 2>"$T/err" || rc=$?
        if [ $rc != 0 ]; then
            echo "  $1: benchcmp failed: $(head -n 1 "$T/err")"
            status=1
            return
        fi
        tail -n 1 "$T/time" >>"$T/times"
    done
    awk -v l="$1" -v size="$(wc -c <"$2")" '
        { wall[NR] = $1 * 1000; cpu[NR] = ($2 + $3) * 1000; if ($4 > rss) rss = $4 }
        function sort(a, n,    i, j, t) {
            for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j - 1] > a[j]; j--) {
                t = a[j]; a[j] = a[j - 1]; a[j - 1] = t } }
        END {
            sort(wall, NR); sort(cpu, NR); m = int((NR + 1) / 2)
            printf "  %-8s wall median %d ms (%d..%d), CPU median %d ms (%d..%d) of %d runs;",
                   l, wall[m], wall[1], wall[NR], cpu[m], cpu[1], cpu[NR], NR
            printf " peak memory %.0f MB (%.2f x one file)\n", rss / 1024, rss * 1024 / size }' \
        "$T/times"
}
# One file alone: OLD against a file of one benchmark (no benchmark in common, so next to no
# comparison work): the time to read one file.
printf '{"benchmarks": [{"name": "other", "real_time": 1, "time_unit": "ns"}]}\n' >"$T/one.json"
echo "  one file (OLD against a one-benchmark file):"
measure pretty "$T/old.json" "$T/one.json"
measure compact "$T/old_compact.json" "$T/one.json"
echo "  two files (OLD against NEW, every benchmark compared):"
measure pretty "$T/old.json" "$T/new.json"
measure compact "$T/old_compact.json" "$T/new_compact.json"
exit $status
