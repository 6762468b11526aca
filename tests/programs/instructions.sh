#!/bin/sh
# --measure instructions through the binaries: the refusals (no valgrind, perf that does not
# open, sanitizers, the wrong engine or flags) without valgrind; then, under real valgrind,
# exact counts in arithmetic progression, identical runs, the results file and JSON naming
# their measure, benchcmp's exact rule and its refusal to mix measures, and --profile.
. "$top_srcdir/tests/lib.sh"
prog="$top_builddir/tests/fixtures/instr_bench"
more="$top_builddir/tests/fixtures/instr_bench_more"
san="$top_builddir/tests/fixtures/instr_bench_san"
cmp_prog="$top_builddir/benchcmp"
PY=${PYTHON3:-python3}
one_line() { test "$(lines_of "$T/$1.err")" = 1; }

# ---- refused before anything runs (no valgrind needed) -------------------------------------
run_capture counter "$prog" --counter callgrind
check "--counter without --measure instructions: exit 2" test "$(rc_of counter)" = 2
check "... one line naming the flag" grep -q '^benchrun: --counter: only with --measure instructions$' "$T/counter.err"
# a sanitizer build refuses to count before it looks for valgrind or perf (below)
if [ -z "${SAN_FLAGS:-}" ]; then
    run_capture novg env PATH=/nonexistent "$prog" --measure instructions --counter callgrind
    check "no valgrind: exit 2" test "$(rc_of novg)" = 2
    check "... one line naming the Debian package" grep -q 'apt-get install valgrind' "$T/novg.err"
    check "... and only one line" one_line novg
    run_capture perf "$prog" --quiet --measure instructions --counter perf --filter '^work_100$' --out "$T/perf.csv"
    if [ "$(rc_of perf)" = 0 ]; then
        ok "--counter perf: hardware counters opened here (the refusal is not testable)"
        check "... the file says counter: perf" grep -q '^# counter: perf$' "$T/perf.csv"
    else
        check "--counter perf where perf_event_open fails: exit 2" test "$(rc_of perf)" = 2
        check "... one line with the errno and the way out" \
            grep -q '^benchrun: --counter perf: perf_event_open: .*(--counter callgrind counts under valgrind)$' "$T/perf.err"
        check "... and only one line" one_line perf
    fi
fi
run_capture gb "$prog" --engine gbench --measure instructions
check "--engine gbench: exit 2, named" grep -q 'only with the native engine' "$T/gb.err"
check "... exit 2" test "$(rc_of gb)" = 2
run_capture san "$san" --measure instructions
check "a sanitizer build is refused: exit 2" test "$(rc_of san)" = 2
check "... saying why" grep -q 'sanitizers, which valgrind cannot run' "$T/san.err"
run_capture sanprof "$san" --profile helpers
check "... --profile too" grep -q 'sanitizers' "$T/sanprof.err"
run_capture plist "$prog" --profile work_100 --list
check "--profile with --list: exit 2" test "$(rc_of plist)" = 2

# ---- under valgrind ----------------------------------------------------------------------------
if [ -n "${SAN_FLAGS:-}" ]; then
    run_capture realsan "$prog" --measure instructions
    check "this sanitizer build refuses to count: exit 2" test "$(rc_of realsan)" = 2
    check "... saying why" grep -q 'this build has sanitizers, which valgrind cannot run' "$T/realsan.err"
    echo "SKIP: counting under callgrind (a sanitizer build: valgrind cannot run it)"
    finish
    exit
fi
if [ "${BR_VALGRIND:-0}" = 1 ]; then
    echo "SKIP: instruction counts under callgrind (the programs already run under memcheck)"
    finish
    exit
fi
if ! command -v valgrind >/dev/null 2>&1; then
    echo "SKIP: counting under callgrind (valgrind not installed: apt-get install valgrind)"
    finish
    exit
fi
if ! grep -q 'define HAVE_VALGRIND_CALLGRIND_H 1' "$top_builddir/config.h"; then
    echo "SKIP: counting under callgrind (built without <valgrind/callgrind.h>)"
    finish
    exit
fi
CG="--quiet --measure instructions --counter callgrind"

run_capture nofork "$prog" $CG --no-fork
check "--no-fork with callgrind: exit 2" test "$(rc_of nofork)" = 2
# valgrind alone takes longer than 0.2 s to start (0.3 s idle, seconds under load): only a
# timeout scaled for callgrind (x100: 20 s) lets the benchmark run
# shellcheck disable=SC2086
run_capture slow "$prog" $CG --filter '^work_100$' --timeout 0.2 --out "$T/slow.csv"
check "--timeout is scaled under callgrind: --timeout 0.2 runs, exit 0" test "$(rc_of slow)" = 0

# shellcheck disable=SC2086
run_capture a "$prog" $CG --filter '^work_' --out "$T/a.csv"
check "a run under callgrind: exit 0" test "$(rc_of a)" = 0
check "the file says measure: instructions" grep -q '^# measure: instructions$' "$T/a.csv"
check "... counter: callgrind" grep -q '^# counter: callgrind$' "$T/a.csv"
check "... and valgrind's version" grep -q '^# counter_version: valgrind-' "$T/a.csv"
check "... the simulated caches" grep -q '^# simulated_caches: I1 32768,8,64 D1 32768,8,64 LL 8388608,16,64' "$T/a.csv"
check "columns carry the unit: samples_instructions, no _ns" \
    sh -c "grep '^name,' '$T/a.csv' | grep -q ',samples_instructions,' && ! grep '^name,' '$T/a.csv' | grep -q '_ns'"
cat >"$T/counts.py" <<'PY'
import csv, sys
def rows(path):
    lines = [l for l in open(path) if not l.startswith("#")]
    return {r["name"]: r for r in csv.DictReader(lines)}
a = rows(sys.argv[1])
s = {n: [float(x) for x in r["samples_instructions"].split(";")] for n, r in a.items()}
for n, v in s.items():
    assert len(v) == 5, (n, v)                  # 5 samples by default when counting
    assert len(set(v)) == 1, (n, v)             # exact: every sample the same
    assert v[0] == int(v[0]), (n, v)            # a whole number of instructions
c = [s["work_%d" % k][0] for k in (100, 200, 300)]
assert c[2] - c[1] == c[1] - c[0] > 0, c        # the loop's cost, exactly, per 100 iterations
for n, r in a.items():
    assert r["est_cycles_samples"] and r["l1_misses_samples"] and r["ll_misses_samples"], n
    assert r["bytes_per_second"] == "", n       # no rate without a time
print(c)
PY
if command -v "$PY" >/dev/null 2>&1; then
    check "counts are exact, repeated, and in arithmetic progression" "$PY" "$T/counts.py" "$T/a.csv"
else
    echo "SKIP: the file's numbers (no python3)"
fi

# shellcheck disable=SC2086
run_capture b "$prog" $CG --filter '^work_' --out "$T/b.csv"
col() { grep -v '^#' "$1" | cut -d, -f1,10; }
check "A/A: a second run counts the same, sample for sample" test "$(col "$T/a.csv")" = "$(col "$T/b.csv")"
run_capture aa "$cmp_prog" "$T/a.csv" "$T/b.csv"
check "benchcmp A/A: exit 0" test "$(rc_of aa)" = 0
check "... no change anywhere, threshold 0.5 % for counts" \
    sh -c "test \"\$(grep -c ' ~\$' '$T/aa.out')\" = 3 && grep -q '3 no-change' '$T/aa.out'"
# shellcheck disable=SC2086
run_capture m "$more" $CG --filter '^work_' --out "$T/more.csv"
run_capture ab "$cmp_prog" --format csv "$T/a.csv" "$T/more.csv"
check "10 % more work: benchcmp exits 1" test "$(rc_of ab)" = 1
check "... work_100 is the regression" grep -q '^work_100,.*,regression,' "$T/ab.out"
check "... the others did not change" test "$(grep -c ',no-change,' "$T/ab.out")" = 2
check "... the CSV names its unit" grep -q '^name,old_median_instructions,new_median_instructions,' "$T/ab.out"
run_capture ba "$cmp_prog" --threshold 12 "$T/a.csv" "$T/more.csv"
check "--threshold 12: the 10 % is no change" test "$(rc_of ba)" = 0

"$prog" --quiet --filter '^work_100$' --repetitions 5 --min-time 0.0005 --warmup 0 \
    --out "$T/time.csv" >/dev/null 2>&1
run_capture mix "$cmp_prog" "$T/time.csv" "$T/a.csv"
check "benchcmp time vs instructions: exit 2" test "$(rc_of mix)" = 2
check "... one line naming both files and measures" \
    grep -q "time.csv measures time, .*a.csv instructions (callgrind): compare runs of one measure and counter" "$T/mix.err"
check "... and only one line" one_line mix

run_capture html "$cmp_prog" --format html "$T/a.csv" "$T/b.csv"
check "benchcmp --format html on counts: exit 2 (the report draws times)" test "$(rc_of html)" = 2
run_capture rep "$top_builddir/benchreport" "$T/a.csv" -o "$T/r.html"
check "benchreport on counts: exit 2, saying why" grep -q 'a file of instruction counts' "$T/rep.err"

# shellcheck disable=SC2086
run_capture json "$prog" $CG --filter '^work_200$' --iterations 2000 --out "$T/c.json"
check "JSON: the count as a counter" grep -q '"instructions": ' "$T/c.json"
check "... and no time" sh -c "! grep -q 'real_time' '$T/c.json'"
check "... --iterations fixes the count" grep -q '"iterations": 2000,' "$T/c.json"
run_capture jcmp "$cmp_prog" "$T/c.json" "$T/a.csv"
check "benchcmp reads it back: exit 0" test "$(rc_of jcmp)" = 0
check "... work_200 counted the same in both" grep -q '^work_200 .*+0.00%.* ~$' "$T/jcmp.out"

# a rate per second has no time to divide when counting: left out, said on one line; a plain
# counter travels with the counts
run_capture rated "$prog" $CG --filter '^rated$' --out "$T/rated.csv"
check "a rate counter when counting: exit 0" test "$(rc_of rated)" = 0
check "... the plain counter reads 2" awk -F, '/^#/ { next } !h { for (i = 1; i <= NF; i++) at[$i] = i; h = 1; next }
    { v = $(at["counter_calls"]) } END { exit !(v == 2) }' "$T/rated.csv"
check "... the rate has no column" sh -c "! grep '^name,' '$T/rated.csv' | grep -q counter_calls_per_s"
check "... one omitted line names it" \
    test "$(grep -c "^# omitted: rated: counter 'calls_per_s': a rate per second" "$T/rated.csv")" = 1
check "... as the console does" grep -q "OMITTED: rated: counter 'calls_per_s'" "$T/rated.out"

# ---- --profile ----------------------------------------------------------------------------
run_capture prof "$prog" --profile helpers --out "$T/helpers.callgrind"
check "--profile: exit 0" test "$(rc_of prof)" = 0
check "... the callgrind file kept" grep -q '^# callgrind format' "$T/helpers.callgrind"
check "... names the two helpers" sh -c "grep -q ' helper_one ' '$T/prof.out' && grep -q ' helper_three ' '$T/prof.out'"
incl() { awk -v f="$1" '$4 == f && !seen[f]++ {print $1}' "$T/prof.out"; }
check "... helper_three costs 3x helper_one (within 1 %: $(incl helper_three) / $(incl helper_one))" \
    awk -v a="$(incl helper_one)" -v b="$(incl helper_three)" 'BEGIN {r = b / a; exit !(r > 2.97 && r < 3.03)}'
check "... the hottest lines, with -g" grep -q 'instr_bench.c:[0-9]*  for (unsigned long i = 0' "$T/prof.out"
run_capture nope "$prog" --profile nope
check "--profile of an unknown name: exit 2" test "$(rc_of nope)" = 2
check "... naming it" grep -q "no benchmark named 'nope'" "$T/nope.err"

finish
