#!/bin/sh
# The public header in every dialect its users write: C99, C11, C++11, C++17, with gcc and
# clang, -Wall -Wextra -pedantic -Werror.  A compiler that is not installed is skipped.
. "$top_srcdir/tests/lib.sh"
src="$top_srcdir/tests/fixtures/header_use.c"
inc="-I$top_srcdir/include"
flags="-Wall -Wextra -pedantic -Werror -O2 -c -o /dev/null"
try() { # compiler std lang
    if ! command -v "$1" >/dev/null 2>&1; then
        skip "$1 -std=$2" "$1 not installed"
    elif $1 -x "$3" -std="$2" $inc $flags "$src" 2>"$T/hdr.err"; then
        ok "$1 -std=$2"
    else
        not_ok "$1 -std=$2"
        cat "$T/hdr.err"
    fi
}
for cc in gcc clang; do
    try "$cc" c99 c
    try "$cc" c11 c
done
for cxx in g++ clang++; do
    try "$cxx" c++11 c++
    try "$cxx" c++17 c++
done
# refused FILE WHAT MARK: FILE must not compile with gcc or clang, and the error must name the
# mistake by the identifier MARK; WHAT says what the file does.
refused() {
    for cc in gcc clang; do
        if ! command -v "$cc" >/dev/null 2>&1; then
            skip "$cc: $2" "$cc not installed"
        elif $cc -std=c11 $inc -O2 -c -o /dev/null "$1" 2>"$1.err"; then
            not_ok "$cc accepted $2"
        elif grep -q "$3" "$1.err"; then
            ok "$cc: $2 is refused, naming the mistake"
        else
            not_ok "$cc: $2: unreadable error"
            cat "$1.err"
        fi
    done
}
# bench_hide on a struct larger than a register: a compile error that names the mistake.
cat >"$T/hide_big.c" <<'EOF_C'
#include <bench.h>
struct big { double x[3]; };
BENCH(hides_big) { struct big b = {{1, 2, 3}}; bench_hide(b); bench_keep(b.x[0]); }
EOF_C
refused "$T/hide_big.c" "bench_hide on a 24-byte struct" \
    bench_hide_takes_an_integer_pointer_or_double_not_a_struct_or_array
# BENCH_PRODUCT of five lists: a compile error that names the mistake.
cat >"$T/five_lists.c" <<'EOF_C'
#include <bench.h>
BENCH_PRODUCT(five, (1), (2), (3), (4), (5)) { bench_keep(bench->arg); }
EOF_C
refused "$T/five_lists.c" "BENCH_PRODUCT with five lists" bench_product_takes_at_most_four_lists
finish
