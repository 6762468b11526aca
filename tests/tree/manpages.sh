#!/bin/sh
# The man pages against --help: every option --help lists is in the page's OPTIONS and every
# option the page lists is in --help (so a page cannot drift from the option tables), bench.h(3)
# documents every public macro and function of the header, and the pages lint clean: groff
# -ww and mandoc -Tlint at warning level, each when installed (else SKIP with the reason).
. "$top_srcdir/tests/lib.sh"
man="$top_builddir/man"
# help_options PROGRAM: the option column of --help, one per line ("--alpha A")
help_options() { "$top_builddir/$1" --help | sed -n 's/^  \(-[^ ].*\)$/\1/p' | sed 's/   *.*//'; }
# page_options PAGE: the .TP tags of the page as text
page_options() {
    awk 'p { print; p = 0 } /^\.TP$/ { p = 1 }' "$1" | sed 's/\\f[BIR]//g; s/\\-/-/g; s/\\e/\\/g' |
        grep '^-'
}
# same_options HELP PAGE: the two lists equal, in order; differences on stdout
same_options() { diff "$1" "$2" >"$T/diff" || { cat "$T/diff"; return 1; }; }

for p in benchrun benchcmp benchreport benchmerge ctimeit; do
    page="$man/$p.1"
    if [ ! -f "$page" ]; then not_ok "$p.1 was built"; continue; fi
    help_options "$p" >"$T/$p.help"
    page_options "$page" >"$T/$p.page"
    check "$p.1 lists the options of $p --help ($(lines_of "$T/$p.help")), in order" \
        same_options "$T/$p.help" "$T/$p.page"
    check "$p.1 has more than a handful of options" test "$(lines_of "$T/$p.page")" -ge 4
done

# The comparison can fail: a --help with an option the page lacks.
{ cat "$T/benchmerge.help"; echo "--new-flag X"; } >"$T/mutated.help"
check "an option missing from a page is found" sh -c "! diff -q '$T/mutated.help' '$T/benchmerge.page' >/dev/null"

# bench.h(3): the public macros and functions of the header.
page="$man/bench.h.3"
sed 's/\\f[BIR]//g; s/\\-/-/g' "$page" >"$T/bench.h.3.txt"
{
    sed -n 's/^#define \(BENCH[A-Z_]*\|bench_[a-z_]*\)(.*/\1/p' "$top_srcdir/include/bench.h"
    sed -n 's/^BENCH_API [^(]* \**\([a-z_]*\)(.*/\1/p' "$top_srcdir/include/bench.h"
} | grep -v '^BENCH__' | sort -u >"$T/public"
missing=""
for name in $(cat "$T/public"); do grep -q "^$name(" "$T/bench.h.3.txt" || grep -q " $name(" "$T/bench.h.3.txt" || missing="$missing $name"; done
check "bench.h.3 documents every public macro and function ($(lines_of "$T/public"))${missing:+: missing$missing}" \
    test -z "$missing"
check "bench.h.3 documents bench_t's fields" grep -q 'items_per_op' "$T/bench.h.3.txt"

# Lint: groff and mandoc (./bootstrap installs groff-base, which man needs too, and mandoc);
# without either the lint is skipped with the reason, the checks above still run - except in CI
# (CI=true), where a lint that did not run is a failure, not a skip that reads as a pass.
lint_missing() { # LINT TOOL PACKAGE
    if [ "${CI:-}" = true ]; then
        not_ok "$(basename "$page"): $1: $2 is not installed in CI (./bootstrap installs $3)"
    else
        skip "$(basename "$page"): $1" "no $2: apt-get install $3"
    fi
}
for page in "$man"/*.1 "$man"/bench.h.3; do
    if command -v groff >/dev/null 2>&1; then
        LC_ALL=C.UTF-8 groff -man -Tutf8 -ww -z "$page" 2>"$T/groff.err"
        check "$(basename "$page"): groff -man -ww: no warnings$(head -c 300 "$T/groff.err")" \
            test ! -s "$T/groff.err"
    else
        lint_missing "groff -man -ww" groff groff-base
    fi
    if command -v mandoc >/dev/null 2>&1; then
        mandoc -Tlint -W warning "$page" >"$T/mandoc.out" 2>&1
        check "$(basename "$page"): mandoc -Tlint: no warnings$(head -c 300 "$T/mandoc.out")" \
            test ! -s "$T/mandoc.out"
    else
        lint_missing "mandoc -Tlint" mandoc mandoc
    fi
done
finish
