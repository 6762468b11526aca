#!/bin/sh
# Families, counters, threads and complexity (issue 15) through benchrun's real binary: --list
# and --filter on the expanded names, a counter of 2 per operation reads 2 in CSV, GB JSON and
# on the console, threads sum their counters, a fitted family gets its context line and GB's
# NAME_BigO/NAME_RMS entries, a bad counter name fails its benchmark naming why, and benchcmp
# compares counters.
. "$top_srcdir/tests/lib.sh"
fam() { $VG "$top_builddir/tests/fixtures/family_bench" "$@"; }
QUICK="--quiet --repetitions 3 --min-repetitions 3 --min-time 0.0005 --warmup 0"

run_capture list fam --list
printf 'bad_counter\ncounted\nnan_counter\nsized/16\nsized/64\nsized/256\nthreaded/threads:1\n%s\n' \
    threaded/threads:2 >"$T/list.want"
check "--list prints the expanded names, each block's in Google Benchmark's order" \
    cmp -s "$T/list.out" "$T/list.want"
run_capture flist fam --list --filter 'threads:2$'
check "--filter matches an expanded name" test "$(cat "$T/flist.out")" = "threaded/threads:2"

# shellcheck disable=SC2086
run_capture csv fam $QUICK --filter '^(counted|threaded|sized)' --format csv --out "$T/r.csv"
check "the run exits 0" test "$(rc_of csv)" = 0
field() { # FILE ROW COLUMN: the value of COLUMN in the row named ROW
    awk -F, -v row="$2" -v col="$3" '/^#/ { next } !h { for (i = 1; i <= NF; i++) at[$i] = i; h = 1; next }
        $1 == row { print $(at[col]) }' "$1"
}
check "counter 2 per operation reads 2 in CSV" test "$(field "$T/r.csv" counted counter_hits)" = 2
check "an inverted counter reads 1/value" test "$(field "$T/r.csv" counted counter_slots)" = 0.125
check "2 threads add their counters up" \
    test "$(field "$T/r.csv" threaded/threads:2 counter_work)" = 2
check "1 thread: the counter itself" test "$(field "$T/r.csv" threaded/threads:1 counter_work)" = 1
check "AVG_THREADS averages over the threads (indices 0 and 1)" \
    test "$(field "$T/r.csv" threaded/threads:2 counter_mean_index)" = 0.5
check "a row without the counter leaves its column empty" \
    test "$(field "$T/r.csv" sized/16 counter_hits)" = ""
check "complexity_n is a column" test "$(field "$T/r.csv" sized/64 complexity_n)" = 64
check "the fitted family has its complexity context line" \
    grep -Eq '^# complexity: sized: (\(1\)|lgN|N|NlgN|N\^2|N\^3), coefficient [0-9.e+-]+ ns, rms [0-9.]+%$' \
    "$T/r.csv"

# The same results as GB JSON, converted by benchreport-free means: benchrun writes it directly.
# shellcheck disable=SC2086
run_capture json fam $QUICK --filter '^(counted|threaded|sized)' --format json --out "$T/r.json"
check "the JSON run exits 0" test "$(rc_of json)" = 0
if [ -n "$(python_missing)" ]; then
    skip "JSON checks" "$(python_missing)"
else
    cat >"$T/check_gbjson.py" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
b = {e["name"]: e for e in d["benchmarks"]}
assert b["counted"]["hits"] == 2, b["counted"]
assert b["counted"]["slots"] == 0.125, b["counted"]
assert b["threaded/threads:2"]["threads"] == 2 and b["threaded/threads:2"]["work"] == 2
assert b["threaded/threads:1"]["threads"] == 1
assert b["sized_BigO"]["big_o"] in ("(1)", "lgN", "N", "NlgN", "N^2", "N^3"), b["sized_BigO"]
assert b["sized_BigO"]["run_name"] == "sized" and "real_coefficient" in b["sized_BigO"]
assert 0 <= b["sized_RMS"]["rms"], b["sized_RMS"]
assert "complexity_n" not in b["sized/16"]
PY
    check "GB JSON: counters as keys, threads, NAME_BigO and NAME_RMS" "$PY" "$T/check_gbjson.py" "$T/r.json"
fi

# shellcheck disable=SC2086
run_capture con fam $QUICK --filter '^(counted|sized)' --out "$T/con.csv"
check "the console shows the counters" grep -q 'hits=2 slots=0.125' "$T/con.out"
check "the console shows GB's BigO and RMS lines" grep -Eq '^sized_BigO +[0-9.]+ ' "$T/con.out"

# shellcheck disable=SC2086
bad_counters() { # NAME [FLAGS]: both bad counters fail only their benchmarks, the run goes on
    # shellcheck disable=SC2086
    run_capture "$1" fam $QUICK ${2:-} --filter '^(bad_counter|nan_counter|counted)$' --format csv \
        --out "$T/$1.csv"
    check "$1: a bad counter name fails its benchmark, naming why" \
        grep -q "failed: bad_counter: .*the counter name 'no spaces' holds a character" "$T/$1.csv"
    check "$1: a counter that is not a number fails its benchmark" \
        grep -q "failed: nan_counter: counter 'ratio' is not a finite number" "$T/$1.csv"
    check "$1: the other benchmark keeps its row, exit 1" \
        test "$(rc_of "$1"):$(field "$T/$1.csv" counted counter_hits)" = 1:2
}
bad_counters bad

# The Google Benchmark engine: the same instances, counters and sizes (each benchmark in a worker
# of its own, its results read back from CSV).
if [ "${HAVE_GBENCH:-no}" != yes ]; then
    skip "the gbench engine's counters" "built without Google Benchmark: apt-get install libbenchmark-dev"
else
    # shellcheck disable=SC2086
    run_capture gb fam $QUICK --engine gbench --filter '^(counted|threaded|sized)' --format csv \
        --out "$T/gb.csv"
    check "gbench engine: the run exits 0" test "$(rc_of gb)" = 0
    check "gbench engine: counter 2 reads 2" test "$(field "$T/gb.csv" counted counter_hits)" = 2
    check "gbench engine: 2 threads add their counters up" \
        test "$(field "$T/gb.csv" threaded/threads:2 counter_work)" = 2
    check "gbench engine: the family is fitted" grep -q '^# complexity: sized: ' "$T/gb.csv"
    bad_counters gbbad "--engine gbench"
    bad_counters gbbadin "--engine gbench --no-fork"
fi

# benchcmp: counters of both files compared under --metrics (CSV and JSON output).
run_capture cmp "$top_builddir/benchcmp" --metrics "$T/r.csv" "$T/r.csv"
check "benchcmp --metrics compares counters" grep -Eq '^ +hits +2 -> 2 1 \(\+0\.00%\)' "$T/cmp.out"
run_capture cmpj "$top_builddir/benchcmp" --format json "$T/r.csv" "$T/r.csv"
check "benchcmp JSON carries counters" grep -q '"work": {"old": 2, "new": 2' "$T/cmpj.out"
finish
