#!/bin/sh
# The public header in every dialect its users write: C99, C11, C++11, C++17, with gcc and
# clang, -Wall -Wextra -pedantic -Werror.  Fails on the first dialect that warns.
set -u
src="$top_srcdir/tests/header_use.c"
inc="-I$top_srcdir/include"
flags="-Wall -Wextra -pedantic -Werror -O2 -c -o /dev/null"
pass=0 fail=0
try() { # compiler std lang
    command -v "$1" >/dev/null 2>&1 || { echo "SKIP: $1 not installed"; return; }
    if $1 -x "$3" -std="$2" $inc $flags "$src" 2>"${TMPDIR:-/tmp}/hdr.$$"; then
        echo "ok: $1 -std=$2"; pass=$((pass + 1))
    else
        echo "FAIL: $1 -std=$2"; cat "${TMPDIR:-/tmp}/hdr.$$"; fail=$((fail + 1))
    fi
    rm -f "${TMPDIR:-/tmp}/hdr.$$"
}
for cc in gcc clang; do
    try "$cc" c99 c
    try "$cc" c11 c
done
for cxx in g++ clang++; do
    try "$cxx" c++11 c++
    try "$cxx" c++17 c++
done
# bench_hide on a struct larger than a register: a compile error that names the mistake.
big="${TMPDIR:-/tmp}/hide_big.$$.c"
cat >"$big" <<'EOF_C'
#include <bench.h>
struct big { double x[3]; };
BENCH(hides_big) { struct big b = {{1, 2, 3}}; bench_hide(b); bench_keep(b.x[0]); }
EOF_C
for cc in gcc clang; do
    command -v "$cc" >/dev/null 2>&1 || continue
    if $cc -std=c11 $inc -O2 -c -o /dev/null "$big" 2>"$big.err"; then
        echo "FAIL: $cc accepted bench_hide on a 24-byte struct"; fail=$((fail + 1))
    elif grep -q 'bench_hide_takes_an_integer_pointer_or_double_not_a_struct_or_array' "$big.err"; then
        echo "ok: $cc: bench_hide on a big struct is refused, naming the mistake"; pass=$((pass + 1))
    else
        echo "FAIL: $cc: unreadable error"; cat "$big.err"; fail=$((fail + 1))
    fi
done
rm -f "$big" "$big.err"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
