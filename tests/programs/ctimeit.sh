#!/bin/sh
# ctimeit through its real binary: one statement, two compared, a statement that does not
# compile (the message points at it; exit 2; nothing runs), one that crashes, --pkg, the
# cache, timeit's flag spellings, results files only when asked, bad input.  Runs in an empty
# folder with a scratch cache, and checks that the folder stays empty.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/programs/ctimeit_lib.sh"

# ---- one statement -------------------------------------------------------------------------
# shellcheck disable=SC2086
run_capture one ct $FAST 'strlen("hello, world")'
check "one statement: exit 0" test "$(rc_of one)" = 0
check "benchrun's table, the statement as the name" grep -q '^strlen("hello, world") ' "$T/one.out"
check "timeit's line: loops, best of 3, time per loop and the median" \
    grep -Eq '^[0-9]+ loops?, best of 3: [0-9.e+-]+ [num]?sec per loop \(median [0-9.e+-]+ [num]?sec\)$' \
    "$T/one.out"
check "compiled into the cache" grep -q "^ctimeit: compiled $T/cache/ctimeit/[0-9a-f]\{16\} in" \
    "$T/one.err"
check "no results file named on stderr" sh -c '! grep -q "results saved" "$1"' _ "$T/one.err"
check "nothing written in the current folder" empty_here

# ---- the cache -------------------------------------------------------------------------------
# shellcheck disable=SC2086
run_capture again ct $FAST 'strlen("hello, world")'
check "the same statement again: from the cache" sh -c '! grep -q "compiled" "$1"' _ "$T/again.err"
check "and still measured" grep -q 'loops, best of 3' "$T/again.out"
# shellcheck disable=SC2086
run_capture flags ct $FAST --cflags -O1 'strlen("hello, world")'
check "other flags: compiled anew" grep -q "^ctimeit: compiled" "$T/flags.err"
check "two binaries and their sources in the cache" \
    test "$(ls "$T/cache/ctimeit" | grep -c '^[0-9a-f]\{16\}$')" = 2

# ---- two statements --------------------------------------------------------------------------
run_capture two ct --quiet --repetitions 8 --min-repetitions 8 --min-time 0.0005 --warmup 0 \
    -d 'double x;' -s 'x = 0.5;' 'sqrt(x)' 'sin(x)'
check "two statements: exit 0" test "$(rc_of two)" = 0
check "table rows in the statements' order" \
    test "$(sed -n '2s/ .*//p;3s/ .*//p' "$T/two.out" | tr '\n' ' ')" = "sqrt(x) sin(x) "
check "a timeit line per statement" \
    sh -c 'grep -q "^sqrt(x): .* loops, best of 8" "$1" && grep -q "^sin(x):  .* loops, best of 8" "$1"' \
    _ "$T/two.out"
check "the second against the first, with its interval" \
    grep -Eq '^sin\(x\) +is [0-9.]+x (slower|faster) than sqrt\(x\) \(95% interval [0-9.]+x to [0-9.]+x' \
    "$T/two.out"

# ---- statements that do not compile ----------------------------------------------------------
# shellcheck disable=SC2086
run_capture bad ct $QUICK 'strlen("a")' 'strlen("a", 2)'
check "compile error: exit 2" test "$(rc_of bad)" = 2
check "the message points at the statement" grep -q '^statement 2:1:[0-9]*: error' "$T/bad.err"
check "and says so once (not once per copy of the statement)" \
    test "$(grep -c '^statement 2:1:[0-9]*: error' "$T/bad.err")" = 1
check "the generated program is named" grep -q "did not compile (the program: $T/cache/" "$T/bad.err"
check "nothing ran" test ! -s "$T/bad.out"
# shellcheck disable=SC2086
run_capture badsetup ct $QUICK -d 'int y;' -s 'y = 1;
nosuch = 2' 'y'
check "a set-up error points at the set-up's line 2" grep -q '^setup:2:1: error' "$T/badsetup.err"
# shellcheck disable=SC2086
run_capture badcol ct $QUICK -d 'int x;' 'x = 1; strlen(3.5)'
check "an expression after a statement: the column of its argument" \
    grep -q '^statement 1:1:15: error' "$T/badcol.err"

# ---- a statement that crashes ----------------------------------------------------------------
# shellcheck disable=SC2086
run_capture crash ct $QUICK 'strlen("a")' '*(volatile int *)0 = 1;'
check "crash: exit 1, as benchrun" test "$(rc_of crash)" = 1
check "reported as benchrun reports it" \
    grep -q 'FAILED: \*(volatile int \*)0 = 1;: crashed with SIGSEGV' "$T/crash.out"
check "the summary says so" grep -q '^\*(volatile int \*)0 = 1;: *failed: crashed with SIGSEGV' \
    "$T/crash.out"
check "the other statement was measured" grep -q '^strlen("a"): .* loops' "$T/crash.out"

# ---- results files only when asked; timeit's spellings ---------------------------------------
# shellcheck disable=SC2086
run_capture csv ct $FAST --format csv --out "$T/r.csv" -n 7 --repeat 4 'strlen("a")'
check "--out file equals the CSV on stdout" cmp -s "$T/csv.out" "$T/r.csv"
check "--number 7 --repeat 4: 7 loops per sample, 4 samples" grep -q '^"strlen(""a"")",7,4,' "$T/r.csv"
check "the compiler and the flags recorded" \
    sh -c 'grep -q "^# ctimeit_compiler: ." "$1" && grep -q "^# ctimeit_compile: .* -O2 " "$1"' \
    _ "$T/r.csv"
check "with CSV on stdout the summary goes to stderr" grep -q '^7 loops, best of 4' "$T/csv.err"
check "the results file is announced" grep -q "^ctimeit: results saved to $T/r.csv" "$T/csv.err"
# shellcheck disable=SC2086
run_capture save ct $QUICK --save 'strlen("a")'
check "--save: results/DATE[-COMMIT].csv here" \
    sh -c 'ls results/ | grep -Eq "^[0-9]{8}T[0-9]{6}Z(-[0-9a-f]+)?\.csv$"'
rm -rf results

# ---- --pkg -----------------------------------------------------------------------------------
if pkg-config --exists zlib 2>/dev/null; then
    # shellcheck disable=SC2086
    run_capture zlib ct $QUICK --pkg zlib -i zlib.h -d 'static unsigned char buf[4096];' \
        'crc32(0, buf, sizeof buf)'
    check "--pkg zlib: exit 0" test "$(rc_of zlib)" = 0
    check "--pkg zlib: crc32 measured" grep -q '^crc32(0, buf, sizeof buf) ' "$T/zlib.out"
else
    echo "SKIP: --pkg zlib: zlib's pkg-config file (zlib.pc) is missing (Debian: zlib1g-dev)"
fi
# shellcheck disable=SC2086
run_capture nopkg ct $QUICK --pkg no-such-package-xyz 'strlen("a")'
check "an unknown --pkg: exit 2 naming it" \
    sh -c 'test "$(cat "$1.rc")" = 2 && grep -q "^ctimeit: --pkg no-such-package-xyz:" "$1.err"' \
    _ "$T/nopkg"

# ---- bad input: one line, exit 2, before any compile -----------------------------------------
bad() { # description expected-substring args...
    d=$1 want=$2
    shift 2
    before=$(ls "$T/cache/ctimeit" | wc -l)
    run_capture badin ct "$@"
    if [ "$(rc_of badin)" = 2 ] && [ "$(lines_of "$T/badin.err")" = 1 ] &&
        grep -qF -- "$want" "$T/badin.err" && [ ! -s "$T/badin.out" ] &&
        [ "$(ls "$T/cache/ctimeit" | wc -l)" = "$before" ]; then
        ok "$d"
    else
        not_ok "$d (rc $(rc_of badin)): $(cat "$T/badin.err")"
    fi
}
bad "no statement" "no statement to time" --quiet
bad "unknown flag" "--frobnicate: unknown option" --frobnicate 'strlen("a")'
bad "benchrun's flags checked first" "--repetitions: 0 is out of range" --repetitions 0 'x'
bad "--save with --out" "--save" --save --out "$T/x.csv" 'x'
bad "a missing -s value" "-s: missing value" 'x' -s

check "nothing written in the current folder by any of it" empty_here
finish
