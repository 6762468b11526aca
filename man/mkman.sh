#!/bin/sh
# mkman.sh SRCDIR VERSION PAGE OUT: writes the man page PAGE (benchcmp.1, ..., bench.h.3) to OUT,
# from the built program's --help (run from the current folder, the build tree) or from
# include/bench.h.  The date is SOURCE_DATE_EPOCH's when set (reproducible packages), else today.
set -e
srcdir=$1 version=$2 page=$3 out=$4
date=$(date -u -d "@${SOURCE_DATE_EPOCH:-$(date +%s)}" +%Y-%m-%d 2>/dev/null || date -u +%Y-%m-%d)
AWK=${AWK:-awk}
mkdir -p "$(dirname "$out")"
case $page in
bench.h.3)
    $AWK -f "$srcdir/man/mkman3.awk" -v version="$version" -v date="$date" \
        -v template="$srcdir/man/$page.in" "$srcdir/include/bench.h" >"$out.tmp" ;;
*.1)
    prog=${page%.1}
    "./$prog" --help | $AWK -f "$srcdir/man/mkman.awk" -v name="$prog" -v section=1 \
        -v version="$version" -v date="$date" -v template="$srcdir/man/$page.in" >"$out.tmp" ;;
*) echo "mkman.sh: $page: not a page of this project" >&2; exit 2 ;;
esac
mv "$out.tmp" "$out"
