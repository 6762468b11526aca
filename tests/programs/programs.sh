#!/bin/sh
# benchrun through its real binaries on real files: listing, filtering, the results file
# contract (parsed with Python's csv module), the default results/ name, and every bad input
# refused with one line and exit 2 before anything runs.
. "$top_srcdir/tests/lib.sh"
tiny() { $VG "$top_builddir/tests/fixtures/tiny_bench" "$@"; }
QUICK="--quiet --repetitions 3 --min-repetitions 3 --min-time 0.0005 --warmup 0"

# ---- listing and filtering ------------------------------------------------------------
run_capture list tiny --list
printf 'add\nchain/64\nchain/128\nkib_touch\nnap_200us\n' >"$T/list.want"
check "--list prints every name, sorted, arguments in order" cmp -s "$T/list.out" "$T/list.want"
run_capture flist tiny --list --filter 'ch.*/(64|128)$'
check "--filter is a searched extended regex" test "$(cat "$T/flist.out")" = "$(printf 'chain/64\nchain/128')"

# ---- a run, CSV on stdout and in --out -------------------------------------------------
# shellcheck disable=SC2086
run_capture csv tiny $QUICK --format csv --out "$T/r.csv"
check "csv run exits 0" test "$(rc_of csv)" = 0
check "--out file equals the CSV on stdout" cmp -s "$T/csv.out" "$T/r.csv"
check "quiet run prints nothing on stderr" test ! -s "$T/csv.err"
# A body with nothing in it (bench_clobber() emits no instruction) is always no slower than the
# empty loop: one stderr line naming the causes and an empty_body line in the file (issue 29).
tiny --repetitions 10 --min-repetitions 10 --min-time 0.0005 --warmup 0 --filter '^kib_touch$' \
    --out "$T/empty.csv" >/dev/null 2>"$T/empty.err"
check "an empty body is named on stderr, with the usual causes" \
    grep -q "warning: kib_touch: .*no measurable work (a constant the compiler folded" "$T/empty.err"
check "and kept in the results file" grep -q "^# empty_body: kib_touch: " "$T/empty.csv"
cat >"$T/contract.py" <<'PY'
import csv, re, sys
text = open(sys.argv[1], newline="").read()
ctx = dict(l[2:].split(": ", 1) for l in text.splitlines() if l.startswith("# "))
need = ["benchrun_version", "date", "engine", "host", "os", "cpu_brand", "cpu_vendor",
        "cpu_cores", "cpus_online", "cpus_allowed", "cache_l1d_kib", "cache_l2_kib",
        "cache_l3_kib", "compiler", "pinned_cpu",
        "clock", "command", "status", "reference_ns", "reference_cv", "reference_sort_ns"]
missing = [k for k in need if k not in ctx]
assert not missing, "missing context: %s" % missing
assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", ctx["date"]), ctx["date"]
assert "resolution" in ctx["clock"] and "read cost" in ctx["clock"], ctx["clock"]
assert ctx["status"] == "complete", ctx["status"]
assert 0 < float(ctx["reference_ns"]) < 100, ctx["reference_ns"]
assert 100 < float(ctx["reference_sort_ns"]) < 1e7, ctx["reference_sort_ns"]  # a 256-int sort
rows = list(csv.DictReader(l for l in text.splitlines(True) if not l.startswith("#")))
cols = ["name", "iterations", "repetitions", "min_ns", "median_ns", "mean_ns", "stddev_ns",
        "cv", "max_ns", "samples_ns"]
header = next(csv.reader([l for l in text.splitlines() if not l.startswith("#")][0:1]))
assert header[:len(cols)] == cols, header
names = [r["name"] for r in rows]
assert names == sys.argv[2].split(","), names
for r in rows:
    s = [float(x) for x in r["samples_ns"].split(";")]
    assert len(s) == int(r["repetitions"]), r
    assert float(r["min_ns"]) == min(s) and float(r["max_ns"]) == max(s), r
    assert float(r["min_ns"]) <= float(r["median_ns"]) <= float(r["max_ns"]), r
    assert int(r["iterations"]) >= 1
by = {r["name"]: r for r in rows}
if "nap_200us" in by:  # wall time: a 200 us sleep can never report less
    assert float(by["nap_200us"]["min_ns"]) >= 200000, by["nap_200us"]
if "kib_touch" in by:
    assert float(by["kib_touch"]["bytes_per_second"]) > 0
print("contract ok")
PY
check_py "results file matches the contract (Python csv)" \
    "$T/contract.py" "$T/r.csv" "add,chain/64,chain/128,kib_touch,nap_200us"

# ---- CPU steering: only without --cpu, only with two CPUs to choose from -----------------
# shellcheck disable=SC2086
tiny $QUICK --filter '^add$' --out "$T/fixed.csv" --cpu 0 >/dev/null 2>&1
check "--cpu: pinned where asked, no steering" \
    sh -c 'grep -q "^# pinned_cpu: 0$" "$1" && ! grep -q "^# cpu_steering:" "$1"' _ "$T/fixed.csv"
if ! command -v taskset >/dev/null 2>&1; then
    skip "CPU steering checks" "no taskset: apt-get install util-linux"
elif ! taskset -c 0,1 true 2>/dev/null; then
    skip "CPU steering checks" "CPUs 0 and 1 are not both available to this process"
else
    # shellcheck disable=SC2086
    taskset -c 0,1 "$top_builddir/tests/fixtures/tiny_bench" $QUICK --filter '^add$' \
        --out "$T/steer.csv" >/dev/null 2>&1
    check "two CPUs allowed: steering between them is recorded" \
        grep -q "^# cpu_steering: started on CPU [01] of 0,1; [0-9]* checks, [0-9]* moves; ended on CPU [01]$" "$T/steer.csv"
    check "steering: pinned_cpu is the CPU chosen at the start" \
        sh -c 'c=$(sed -n "s/^# pinned_cpu: //p" "$1"); grep -q "started on CPU $c of" "$1"' _ "$T/steer.csv"
    # shellcheck disable=SC2086
    taskset -c 1 "$top_builddir/tests/fixtures/tiny_bench" $QUICK --filter '^add$' \
        --out "$T/one.csv" >/dev/null 2>&1
    check "one CPU allowed: pinned to it, nothing to steer" \
        sh -c 'grep -q "^# pinned_cpu: 1$" "$1" && ! grep -q "^# cpu_steering:" "$1"' _ "$T/one.csv"
fi

# ---- --iterations: a fixed count per sample, calibration skipped ------------------------
# shellcheck disable=SC2086
run_capture iters tiny $QUICK --filter '^add$' --iterations 7 --out "$T/iters.csv"
check "--iterations 7: every sample is 7 operations" grep -q '^add,7,3,' "$T/iters.csv"

# ---- default output: console table, results/DATE[-COMMIT].csv -------------------------
mkdir "$T/work"
(cd "$T/work" && tiny --filter '^add$' --repetitions 3 --min-time 0.0005 --warmup 0 \
    >"$T/def.out" 2>"$T/def.err"; echo $? >"$T/def.rc")
check "default run exits 0" test "$(rc_of def)" = 0
saved=$(cd "$T/work" && ls results/)
check "results file named results/DATE[-COMMIT].csv" \
    sh -c "echo '$saved' | grep -Eq '^[0-9]{8}T[0-9]{6}Z(-[0-9a-f]+)?\.csv$'"
check "its path is printed at the end" grep -q "results saved to results/$saved" "$T/def.err"
check "console table on stdout" grep -Eq '^add +[0-9]+ +3 ' "$T/def.out"
check "no temporary left in results/" test "$(ls -A "$T/work/results" | wc -l)" -eq 1

# ---- bad input: one line, exit 2, nothing written --------------------------------------
bad() { # description expected-substring args...
    d=$1 want=$2; shift 2
    (cd "$T/work" && tiny "$@" >"$T/bad.out" 2>"$T/bad.err"; echo $? >"$T/bad.rc")
    if [ "$(rc_of bad)" = 2 ] && [ "$(lines_of "$T/bad.err")" = 1 ] &&
        grep -qF -- "$want" "$T/bad.err" && [ ! -s "$T/bad.out" ] &&
        [ "$(ls "$T/work/results" | wc -l)" -eq 1 ]; then
        ok "$d"
    else
        not_ok "$d (rc $(rc_of bad)): $(cat "$T/bad.err")"
    fi
}
bad "--repetitions 0 refused" "--repetitions" --repetitions 0
bad "--repetitions abc refused" "--repetitions" --repetitions abc
bad "--min-time -1 refused" "--min-time" --min-time -1
bad "--iterations 0 refused" "--iterations" --iterations 0
bad "--iterations with the gbench engine refused" "--iterations" --iterations 5 --engine gbench
bad "--filter '(' refused" "--filter" --filter '('
bad "unknown flag refused" "--frobnicate" --frobnicate
bad "--format xml refused" "--format" --format xml
bad "--cpu 999 refused" "--cpu" --cpu 999
bad "unwritable --out refused" "/nonexistent/dir/r.csv" --out /nonexistent/dir/r.csv
bad "filter matching nothing refused" "matches no benchmark" --filter zzz

# ---- registration problems ---------------------------------------------------------------
run_capture dup $VG "$top_builddir/tests/fixtures/dup_prog" --list
check "duplicate names: exit 2" test "$(rc_of dup)" = 2
check "duplicate names: both places named" grep -q "dup_a.c:4 and at .*dup_b.c:4" "$T/dup.err"
run_capture empty $VG "$top_builddir/tests/fixtures/empty_prog"
check "empty registry: exit 2" test "$(rc_of empty)" = 2
check "empty registry: names the cause and the fix" grep -q "whole-archive" "$T/empty.err"
run_capture own $VG "$top_builddir/tests/fixtures/own_main_prog" --list
check "own main() calls bench_main" test "$(cat "$T/own.out")" = own
check "own main() ran, not the library's" grep -q "own main ran" "$T/own.err"

# ---- help, version, sysinfo --------------------------------------------------------------
run_capture help tiny --help
check "--help lists the flags" grep -q -- "--repetitions N" "$T/help.out"
run_capture version tiny --version
check "--version" grep -Eq '^benchrun [0-9]+\.[0-9]+' "$T/version.out"
run_capture sysinfo tiny --sysinfo
check "--sysinfo describes the CPU and clock" grep -q "^clock: .*resolution" "$T/sysinfo.out"
# CPUID's counts describe the package (on a VM often the host's: cpu_logical 254 on 2 vCPUs);
# beside them the OS's: the CPUs online, and those this process may use before it pins itself.
check "--sysinfo: the CPUs online as the OS counts them" \
    grep -q "^cpus_online: $(getconf _NPROCESSORS_ONLN)$" "$T/sysinfo.out"
check "--sysinfo: the CPUs this process may use" grep -q "^cpus_allowed: $(nproc)$" "$T/sysinfo.out"
check "a results file says the CPUs allowed before benchrun pinned itself to one" \
    grep -q "^# cpus_allowed: $(nproc)$" "$T/r.csv"
if command -v taskset >/dev/null 2>&1 && taskset -c 0 true 2>/dev/null; then
    # shellcheck disable=SC2086
    run_capture one_cpu taskset -c 0 $VG "$top_builddir/tests/fixtures/tiny_bench" --sysinfo
    check "--sysinfo under taskset -c 0: cpus_allowed 1" \
        grep -q "^cpus_allowed: 1$" "$T/one_cpu.out"
else
    skip "--sysinfo under taskset -c 0" "no taskset, or CPU 0 not available to this process"
fi

# ---- the real example suite, briefly -------------------------------------------------------
# shellcheck disable=SC2086
run_capture suite $VG "$top_builddir/benchrun" $QUICK --filter '^(strlen_61|memcpy/64|sleep_1ms)$' \
    --format csv --out "$T/suite.csv"
check "example suite runs" test "$(rc_of suite)" = 0
check "example suite: three rows" test "$(grep -c '^[a-z]' "$T/suite.csv")" = 4
finish
