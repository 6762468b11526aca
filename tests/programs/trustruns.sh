#!/bin/sh
# Issue 25 (trust, second round) through the real binaries: no run that failed may read as a
# success, and nothing a program writes may be refused by its own readers.
. "$top_srcdir/tests/lib.sh"
FAULTY="$top_builddir/tests/fixtures/faulty_bench"
CMP="$VG $top_builddir/benchcmp"
QUICK="--quiet --repetitions 5 --min-time 0.0005 --warmup 0"
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}handle_segv=0:handle_abort=0"
export ASAN_OPTIONS

# ---- a paired run where one side crashes fails the comparison (point 7) ---------------------
# A copy whose name ends in _new: there, and only there, segfaults_in_new crashes.
cp "$FAULTY" "$T/faulty_new"
# shellcheck disable=SC2086
run_capture pcrash $CMP --run "$FAULTY" "$T/faulty_new" --filter '^(ok_add|segfaults_in_new)$' \
    --out-old "$T/pc_old.csv" --out-new "$T/pc_new.csv" -- $QUICK --timeout 5
check "paired: a crash in NEW fails the comparison (exit 1)" test "$(rc_of pcrash)" = 1
check "paired: a row says it failed in new, with the signal" \
    sh -c "grep -q '^segfaults_in_new .* failed$' '$T/pcrash.out' &&
        grep -q '^    failed in new: crashed with SIGSEGV' '$T/pcrash.out'"
check "paired: the summary counts it" grep -q ', 1 failed' "$T/pcrash.out"
# --threshold 50: ok_add, unchanged, is no regression however noisy the machine (a sanitized
# build under load once made it one: failures="2")
run_capture pjunit $CMP --threshold 50 --format junit "$T/pc_old.csv" "$T/pc_new.csv"
check "the paired files compared again: a JUnit failure, exit 1" \
    sh -c "test $(rc_of pjunit) = 1 && grep -q 'failures=\"1\"' '$T/pjunit.out' &&
        grep -q '<failure type=\"failed\" message=\"segfaults_in_new: failed in new: crashed with SIGSEGV' '$T/pjunit.out'"
run_capture pjson $CMP --threshold 50 --format json "$T/pc_old.csv" "$T/pc_new.csv"
check_py "... and in JSON, which stays valid: verdict failed, the side and why" -c '
import json, sys
rows = {r["name"]: r for r in json.load(open(sys.argv[1]))["benchmarks"]}
r = rows["segfaults_in_new"]
sys.exit(not (r["verdict"] == "failed" and r["failed_in"] == "new"
              and r["failed_why"].startswith("crashed with SIGSEGV")))' "$T/pjson.out"
# ---- --no-fork: a body that calls exit(0) ends benchrun itself (point 5) -------------------
# shellcheck disable=SC2086
run_capture nfexit "$FAULTY" $QUICK --no-fork --filter '^(ok_add|exits_zero)$' --format csv \
    --out "$T/nfexit.csv"
check "--no-fork, exit(0) in a body: exit 1, not 0" test "$(rc_of nfexit)" = 1
check "... the results file is saved and names it failed, with the status" \
    grep -q '^# failed: exits_zero: called exit(0) in benchrun.s own process (--no-fork)' "$T/nfexit.csv"
check "... and standard output got the same CSV" cmp -s "$T/nfexit.out" "$T/nfexit.csv"

finish
