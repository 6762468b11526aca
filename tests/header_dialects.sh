#!/bin/sh
# The public header in every dialect its users write: C99, C11, C++11, C++17, with gcc and
# clang, -Wall -Wextra -pedantic -Werror.  A compiler that is not installed is skipped.
. "$top_srcdir/tests/lib.sh"
src="$top_srcdir/tests/header_use.c"
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
finish
