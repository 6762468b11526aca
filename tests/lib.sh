# Shared by the shell tests: a scratch folder, assertions, and a pass/fail count that ends in
# the "N passed, N failed" line.
set -u
: "${top_builddir:=.}" "${top_srcdir:=.}"
top_builddir=$(cd "$top_builddir" && pwd)
top_srcdir=$(cd "$top_srcdir" && pwd)
T=$(mktemp -d "${TMPDIR:-/tmp}/benchrun-test.XXXXXX")
trap 'rm -rf "$T"' EXIT
npass=0
nfail=0
nskip=0
# A check that needs an optional tool the machine lacks prints "SKIP: <what> (<why>)", never a
# bare failure or a silent pass; a script of which nothing can run exits 77 (automake's SKIP).
skip() { nskip=$((nskip + 1)); echo "SKIP: $1 ($2)"; }
skip_all() { echo "SKIP: $1 ($2)"; exit 77; }
# BR_VALGRIND=1 (make check-valgrind): the programs run under memcheck; any error or leak makes
# them exit 99, which the assertions on exit codes then report.
VG=""
if [ "${BR_VALGRIND:-0}" = 1 ]; then
    command -v valgrind >/dev/null 2>&1 ||
        skip_all "the programs under memcheck" "no valgrind: apt-get install valgrind"
    VG="valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect"
fi
# vg_wrap PROGRAM: prints a command that runs PROGRAM under memcheck when BR_VALGRIND=1 (a
# wrapper script in $T, for tests that pass the command around), else PROGRAM itself.
vg_wrap() {
    if [ -z "$VG" ]; then echo "$1"; return; fi
    w="$T/$(basename "$1")-vg"
    printf '#!/bin/sh\nexec %s "%s" "$@"\n' "$VG" "$1" >"$w"
    chmod +x "$w"
    echo "$w"
}
# Python 3 as configure found it (PYTHON3, empty when there is none); python3 from PATH when a
# test is run by hand.  python_missing prints why it cannot be used, or nothing.
PY=${PYTHON3-python3}
python_missing() {
    if [ -z "$PY" ]; then
        echo "no python3: apt-get install python3, then ./bootstrap"
    elif ! "$PY" -c 'import csv, json, statistics' >/dev/null 2>&1; then
        echo "PYTHON3='$PY' does not run Python 3 with csv, json and statistics"
    fi
}
# check_py DESCRIPTION SCRIPT ARGS...: a check made by a Python script, skipped without Python.
check_py() {
    d=$1; shift
    why=$(python_missing)
    if [ -n "$why" ]; then skip "$d" "$why"; else check "$d" "$PY" "$@"; fi
}
ok() { npass=$((npass + 1)); echo "ok - $1"; }
not_ok() { nfail=$((nfail + 1)); echo "not ok - $1"; }
check() { # description command...
    d=$1; shift
    if "$@"; then ok "$d"; else not_ok "$d"; fi
}
# run_capture NAME cmd...: stdout to $T/NAME.out, stderr to $T/NAME.err, status to $T/NAME.rc
run_capture() {
    n=$1; shift
    "$@" >"$T/$n.out" 2>"$T/$n.err"
    echo $? >"$T/$n.rc"
}
rc_of() { cat "$T/$1.rc"; }
lines_of() { wc -l <"$1" | tr -d ' '; }
finish() {
    skipped=""
    [ "$nskip" -eq 0 ] || skipped=", $nskip skipped"
    echo "$npass passed, $nfail failed$skipped"
    [ "$nfail" -eq 0 ] || return 1
    # Everything skipped: nothing was tested, which must not read as a pass.
    [ "$npass" -gt 0 ] || [ "$nskip" -eq 0 ] || exit 77
}
