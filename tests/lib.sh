# Shared by the shell tests: a scratch folder, assertions, and a pass/fail count that ends in
# the "N passed, N failed" line.
set -u
: "${top_builddir:=.}" "${top_srcdir:=.}"
top_builddir=$(cd "$top_builddir" && pwd)
top_srcdir=$(cd "$top_srcdir" && pwd)
T=$(mktemp -d "${TMPDIR:-/tmp}/benchrun-test.XXXXXX")
trap 'rm -rf "$T"' EXIT
# BR_VALGRIND=1 (make check-valgrind): the programs run under memcheck; any error or leak makes
# them exit 99, which the assertions on exit codes then report.
VG=""
if [ "${BR_VALGRIND:-0}" = 1 ]; then
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
npass=0
nfail=0
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
    echo "$npass passed, $nfail failed"
    [ "$nfail" -eq 0 ]
}
