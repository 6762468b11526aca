#!/bin/sh
# Every path a comment or a document names exists: a word such as run/worker.c,
# tests/unit/check_stats.c or docs/guide/x.md (a folder, then a name ending in .c, .h, .cc, .sh,
# .py or .md) names a file of the tree, read from the top of the tree, from src/ (as an #include
# names it) or from the folder of the file that names it; a glob (src/prog/page_*.c) names at
# least one.  A file moved or renamed without its mentions sends a reader looking for something
# that is not there.  Scanned: src/, tests/ (not its data), bench/, man/, docs/, .ci/, debian/,
# README.md, Makefile.am and configure.ac.
#
# Not checked, and why (each rule small, so that a stale path cannot hide behind it):
#   - another project's files: a path whose first folder is not a folder of this tree from any
#     of the three starting points (sys/mman.h, valgrind/callgrind.h, GB's tools/compare.py),
#     an absolute path, a path under a variable other than the source folder's ($T/src/a.c,
#     $(top_builddir)/x.c: scratch and build folders);
#   - what make or configure writes (src/prog/ctimeit_paths.h): the targets of Makefile.am's
#     rules and the files of configure.ac's AC_CONFIG_FILES and AC_CONFIG_HEADERS, read from
#     those two files rather than listed here;
#   - placeholders, which stand for any file: a one-letter name (dir/x.c, base/a.h) and, but
#     for a .md (documents are named in capitals: README.md), a name or folder with an
#     upper-case word (tests/unit/check_X.c, tests/SCRIPT.sh).
. "$top_srcdir/tests/lib.sh"

# The files scanned in tree $1, relative to it: comments and documents, not data or images.
scanned() {
    (
        cd "$1" || exit 1
        for f in README.md Makefile.am configure.ac; do [ -f "$f" ] && echo "$f"; done
        [ -d .ci ] && find .ci -type f
        [ -d debian ] && find debian -maxdepth 1 -type f # not what a package build leaves
        [ -f tests/mutants/list ] && echo tests/mutants/list
        for d in src tests bench man docs; do
            [ -d "$d" ] && find "$d" -type f \( -name '*.[ch]' -o -name '*.cc' -o -name '*.sh' \
                -o -name '*.py' -o -name '*.md' -o -name '*.in' -o -name '*.awk' \)
        done | grep -v -e '^tests/data/' -e '^tests/fuzz/corpus/' | sort
    )
}

# The files make or configure writes in tree $1, one per line.
generated() {
    sed -n 's/^\([^#[:space:]=:][^=:]*\):\([^=]\|$\).*/\1/p' "$1/Makefile.am" | tr ' ' '\n'
    sed -n 's/^AC_CONFIG_\(FILES\|HEADERS\)(\[\([^]]*\)\].*/\2/p' "$1/configure.ac" | tr ' ' '\n'
}

# The paths tree $1 names that do not exist, "file:line: path" one per line.  A path is a word of
# [A-Za-z0-9_.*$/-] (the source folder's variables in front of it dropped, a full stop after it
# too) with a folder and one of the extensions.
stale() {
    (cd "$1" && find . -name .git -prune -o -print | sed 's|^\./||') >"$T/tree.list"
    generated "$1" | grep . >>"$T/tree.list"
    (cd "$1" && scanned . | xargs awk -v list="$T/tree.list" '
        # p with "." and "x/.." taken out; "" when it climbs out of the tree
        function norm(p,   n, i, k, part, out) {
            n = split(p, part, "/")
            k = 0
            for (i = 1; i <= n; i++) {
                if (part[i] == "." || part[i] == "") continue
                if (part[i] == "..") { if (k == 0) return ""; k--; continue }
                out[++k] = part[i]
            }
            p = out[1]
            for (i = 2; i <= k; i++) p = p "/" out[i]
            return p
        }
        # whether a file of the list matches glob g ("src/*/page_*.c": * within one name)
        function matches(g,   re, f) {
            re = g
            gsub(/\./, "[.]", re)
            gsub(/\*/, "[^/]*", re)
            for (f in have) if (f ~ ("^" re "$")) return 1
            return 0
        }
        function placeholder(p,   name) {
            name = p
            sub(/^.*\//, "", name)
            if (p !~ /\.md$/ && p ~ /(^|[\/_.-])[A-Z][A-Z0-9]*([\/_.-]|$)/) return 1
            return name ~ /^[a-z]\./
        }
        BEGIN { while ((getline l < list) > 0) have[l] = 1 }
        FNR == 1 { dir = FILENAME; if (!sub(/\/[^\/]*$/, "", dir)) dir = "." }
        {
            line = $0
            gsub(/\$[({]?(abs_)?(top_)?srcdir[)}]?\//, "", line)
            while (match(line, /[A-Za-z0-9_.*$\/-]+/)) {
                w = substr(line, RSTART, RLENGTH)
                line = substr(line, RSTART + RLENGTH)
                sub(/\.+$/, "", w)
                if (w !~ /^[^\/].*\/.*[^\/]\.(c|h|cc|sh|py|md)$/ || w ~ /[$]/) continue
                first = w
                sub(/\/.*/, "", first)
                ours = 0; found = 0
                split(". src " dir, base, " ")
                for (i = 1; i <= 3; i++) {
                    if (norm(base[i] "/" first) in have) ours = 1
                    p = norm(base[i] "/" w)
                    if (w ~ /\*/ ? matches(p) : (p in have)) found = 1
                }
                if (ours && !found && !placeholder(w)) print FILENAME ":" FNR ": " w
            }
        }')
}

found=$(stale "$top_srcdir")
check "every path a comment or a document names exists${found:+:
$found}" test -z "$found"

# The rule can fail: in a tree of four files, a comment names a file that is not there and a glob
# that matches none, beside a file and a glob that are there, a placeholder, another project's
# header and a file make writes.
mkdir -p "$T/tree/src/run" "$T/tree/src/prog" "$T/tree/tests/unit"
printf 'src/prog/ctimeit_paths.h: force\n' >"$T/tree/Makefile.am"
touch "$T/tree/configure.ac" "$T/tree/src/run/worker.h"
printf '/*\n * %s\n * %s\n */\n' \
    "run/worker.h, run/w*.h, tests/unit/check_X.c, sys/mman.h, prog/ctimeit_paths.h" \
    "run/serve.c, src/prog/page_*.c." >"$T/tree/tests/unit/check_runner.c"
check "a path that is not there is named with its file and line" test "$(stale "$T/tree")" = \
    "tests/unit/check_runner.c:3: run/serve.c
tests/unit/check_runner.c:3: src/prog/page_*.c"
finish
