#!/bin/sh
# A machine without the optional tools (issue 10: on a fresh Debian root configure once set
# PYTHON3=false and two tests failed with bare "not ok" lines).  The shell tests that use an
# optional tool run here without it, as a fresh machine lacks it: PYTHON3 empty (configure found
# none) or `false` (what an older configure wrote), or a PATH without the tool.  Each must print
# "SKIP: <what> (<why>)" for what it cannot check, fail nothing, and exit 77 when nothing at all
# could run.
. "$top_srcdir/tests/lib.sh"

# path_without TOOL...: a PATH of one folder linking every command on $PATH except the TOOLs
# (the first of a name wins, as on $PATH).
path_without() {
    d=$(mktemp -d "$T/path.XXXXXX")
    ifs=$IFS
    IFS=:
    for dir in $PATH; do
        [ -d "$dir" ] && ln -s "$dir"/* "$d/" 2>/dev/null
    done
    IFS=$ifs
    for tool; do rm -f "$d/$tool"; done
    echo "$d"
}
# run_test NAME SCRIPT VAR=VALUE...: tests/SCRIPT.sh with its environment changed (SCRIPT: its
# room and name, e.g. programs/benchcmp)
run_test() {
    rn=$1 rs=$2
    shift 2
    run_capture "$rn" env "$@" sh "$top_srcdir/tests/$rs.sh"
}
# skipped NAME STATUS PATTERN...: the run exited STATUS, failed nothing, and for each PATTERN (an
# extended regex, the reason in parentheses included) printed a line "SKIP: PATTERN".
skipped() {
    sn=$1 ss=$2
    shift 2
    check "$sn: exits $ss and nothing fails" sh -c \
        'test "$(cat "$1")" = "$2" && ! grep -q "^not ok" "$3"' _ "$T/$sn.rc" "$ss" "$T/$sn.out"
    for pat; do check "$sn: prints SKIP: $pat" grep -Eq "^SKIP: $pat\$" "$T/$sn.out"; done
}

run_test cmp_nopy programs/benchcmp PYTHON3= PATH="$(path_without script)"
skipped cmp_nopy 0 "--format json parses .*\(no python3: apt-get install python3, then ./bootstrap\)" \
    "colour on a terminal \(no script\(1\) .*\)"
check "cmp_nopy: the rest still ran, and the count says what was skipped" \
    grep -Eq '^[1-9][0-9]* passed, 0 failed, 2 skipped$' "$T/cmp_nopy.out"

run_test prog_false programs/programs PYTHON3=false PATH="$(path_without taskset)"
skipped prog_false 0 "results file matches the contract .*\(PYTHON3='false' does not run Python 3.*\)" \
    "CPU steering checks \(no taskset: .*\)"

run_test json_nopy programs/json_schema PYTHON3=
skipped json_nopy 77 "JSON output .*\(no python3: .*\)"
check "json_nopy: nothing was checked" sh -c '! grep -q "^ok" "$1"' _ "$T/json_nopy.out"

run_test hdr_noclang tree/header_dialects PATH="$(path_without clang clang++)"
skipped hdr_noclang 0 "clang -std=c99 \(clang not installed\)" \
    "clang\+\+ -std=c\+\+17 \(clang\+\+ not installed\)"
check "hdr_noclang: gcc and g++ still compile the header" \
    test "$(grep -c '^ok - g[^:]* -std=' "$T/hdr_noclang.out")" = 4

run_test hdr_none tree/header_dialects PATH="$(path_without gcc g++ clang clang++)"
skipped hdr_none 77 "gcc -std=c11 \(gcc not installed\)"

run_test arch_nonm tree/architecture PATH="$(path_without nm)"
skipped arch_nonm 0 "the static library's exported names \(no nm: .*\)"

# CI=true turns the lint's skips into failures (CI must lint): here their absence is the point.
run_test man_nolint tree/manpages CI= PATH="$(path_without groff mandoc)"
skipped man_nolint 0 "benchrun.1: groff -man -ww \(no groff: apt-get install groff-base\)" \
    "bench.h.3: mandoc -Tlint \(no mandoc: apt-get install mandoc\)"
check "man_nolint: the pages are still checked against --help" \
    grep -q '^ok - benchmerge.1 lists the options of benchmerge --help' "$T/man_nolint.out"

run_test vg_none programs/benchcmp BR_VALGRIND=1 PATH="$(path_without valgrind)"
skipped vg_none 77 "the programs under memcheck \(no valgrind: .*\)"
finish
