#!/bin/sh
# The architecture as rules a change cannot break unnoticed (docs/ARCHITECTURE.md):
#   1. src/ is layered: a file includes only from its own folder and the folders below it
#      (base < model < format < measure < run < analyze < prog), so no two folders include
#      each other and a reader can learn the tree bottom-up;
#   2. within a folder no two modules include each other, directly or around a loop (a module
#      is a file's stem: x.c, x.h and x.cc are one), so each can be read, and tested, after
#      the ones it includes: a helper both sides need gets a file of its own;
#   3. a header declares only functions its own layer defines: a lower layer never names a
#      higher one's functions, not even in a prototype;
#   4. the static library exports only prefixed names (br_ internally, bench_ publicly, and the
#      main() that the library supplies), so nothing clashes with a user's own symbols - not
#      malloc either: counting allocations patches the GOT once the timed samples are over
#      (src/measure/alloc.h, src/run/memory.h), so timed batches call glibc's;
#   5. docs/ARCHITECTURE.md names every source file of src/.
. "$top_srcdir/tests/lib.sh"
layers="base model format measure run analyze prog"
rank() { n=0; for l in $layers; do [ "$l" = "$1" ] && { echo $n; return; }; n=$((n + 1)); done; echo 99; }

bad=""
for dir in "$top_srcdir"/src/*/; do
    from=$(basename "$dir")
    rfrom=$(rank "$from")
    [ "$rfrom" = 99 ] && bad="$bad
src/$from: a folder that is not a layer ($layers)"
    for f in "$dir"*.c "$dir"*.h "$dir"*.cc; do
        [ -f "$f" ] || continue
        for inc in $(sed -n 's/^#include "\([a-z]*\)\/[^"]*".*/\1/p' "$f"); do
            [ "$(rank "$inc")" -le "$rfrom" ] || bad="$bad
src/$from/$(basename "$f") includes from $inc/, a layer above it"
        done
        if grep -q '^#include "[^/]*"' "$f" && grep '^#include "[^/]*"' "$f" |
            grep -qv '"\(bench\|config\)\.h"'; then
            bad="$bad
src/$from/$(basename "$f"): an include without its folder"
        fi
    done
done
check "src/ is layered: no include from a layer above${bad:+:$bad}" test -z "$bad"

# A layering rule that can fail: the check above must see an upward include.
mkdir -p "$T/src/base" "$T/src/prog"
echo '#include "prog/x.h"' >"$T/src/base/y.c"
upward=$(sed -n 's/^#include "\([a-z]*\)\/[^"]*".*/\1/p' "$T/src/base/y.c")
check "the rule sees an upward include" test "$(rank "$upward")" -gt "$(rank base)"

# The include edges within each folder of $1/src, from a module to another that it includes:
# "folder from to", one per line.
edges() {
    for f in "$1"/src/*/*.c "$1"/src/*/*.h "$1"/src/*/*.cc; do
        [ -f "$f" ] || continue
        dir=$(basename "$(dirname "$f")")
        from=$(basename "$f")
        from=${from%.*}
        sed -n "s/^#include \"$dir\/\([^\"]*\)\.h\".*/$dir $from \1/p" "$f"
    done | awk '$2 != $3' | sort -u
}

# The include cycles within the folders of $1/src, one per line ("run/a -> run/b -> run/a"):
# a depth-first walk of the edges, in their sorted order, that reports every edge back to a
# module on its path.
cycles() {
    edges "$1" | awk '
        function visit(m,   i, n) {
            state[m] = 1
            path[++depth] = m
            for (i = 1; i <= nout[m]; i++) {
                n = out[m, i]
                if (state[n] == 1) report(n)
                else if (!state[n]) visit(n)
            }
            state[m] = 2
            depth--
        }
        function report(n,   i, loop) {
            for (i = depth; path[i] != n; i--) continue
            loop = path[i]
            for (i++; i <= depth; i++) loop = loop " -> " path[i]
            print loop " -> " n
        }
        {
            m = $1 "/" $2
            out[m, ++nout[m]] = $1 "/" $3
            if (!(m in seen)) order[++nmods] = m
            seen[m] = 1
        }
        END { for (k = 1; k <= nmods; k++) if (!state[order[k]]) visit(order[k]) }'
}

found=$(cycles "$top_srcdir")
check "no include cycle within a folder${found:+:
$found}" test -z "$found"

# A cycle rule that can fail: a.h includes b.h and b.c includes a.h (a .c and its .h are one).
mkdir -p "$T/cyc/src/base"
echo '#include "base/b.h"' >"$T/cyc/src/base/a.h"
echo '#include "base/a.h"' >"$T/cyc/src/base/b.c"
echo '#include "base/a.h"' >"$T/cyc/src/base/c.c"
check "the rule sees a cycle through a .c and a .h" \
    test "$(cycles "$T/cyc")" = "base/a -> base/b -> base/a"

# The br_ functions that the prototypes of header $1 declare: a declaration starts a line (a
# leading __attribute__ aside) with its type, and its name is the line's first name before a
# parenthesis; macros, comments, typedefs and static inline definitions are not declarations.
declared() {
    sed -n '/^[#/ ]/d; /^static/d; /^typedef/d; s/^__attribute__(([^)]*)) *//
        s/^[^(]*[ *]\(br_[a-z0-9_]*\)(.*/\1/p; s/^\(br_[a-z0-9_]*\)(.*/\1/p' "$1"
}

# The br_ functions the .c and .cc files of folder $1 define: a line that starts with the type
# (not with a blank, a comment or a directive), names the function and does not end with ";".
defined() {
    for f in "$1"/*.c "$1"/*.cc; do
        [ -f "$f" ] || continue
        sed -n '/;[[:space:]]*$/d; /^[#/ {}]/d; s/^__attribute__(([^)]*)) *//
            s/^[^(]*[ *]\(br_[a-z0-9_]*\)(.*/\1/p; s/^\(br_[a-z0-9_]*\)(.*/\1/p' "$f"
    done | sort -u
}

# Every header's prototype that its own layer does not define, one per line.
foreign() {
    for dir in "$1"/src/*/; do
        layer=$(basename "$dir")
        here=$(defined "$dir")
        for h in "$dir"*.h; do
            [ -f "$h" ] || continue
            for fn in $(declared "$h"); do
                printf '%s\n' "$here" | grep -qx "$fn" ||
                    echo "src/$layer/$(basename "$h") declares $fn(), which src/$layer/ does not define"
            done
        done
    done
}

found=$(foreign "$top_srcdir")
check "every header declares only functions its own layer defines${found:+:
$found}" test -z "$found"

# A declaration rule that can fail: model/x.h declares one function model/ defines and one that
# only prog/ does; a comment, a macro and a call do not count.
mkdir -p "$T/decl/src/model" "$T/decl/src/prog"
cat >"$T/decl/src/model/x.h" <<'END'
/* br_in_comment(void) */
#define BR_X(a) br_in_macro(a)
int br_here(int a);
__attribute__((noreturn)) void br_above(const char *s,
                                        int n);
END
printf 'int br_here(int a)\n{\n    return br_in_call(a);\n}\n' >"$T/decl/src/model/x.c"
printf 'void br_above(const char *s, int n)\n{\n}\n' >"$T/decl/src/prog/y.c"
check "the rule sees a prototype its layer does not define" \
    test "$(foreign "$T/decl")" = "src/model/x.h declares br_above(), which src/model/ does not define"

# docs/ARCHITECTURE.md is the map of src/: a source file it does not name is a room without a
# door (make writes ctimeit_paths.h in the build folder; the map says so).
unnamed=$(cd "$top_srcdir/src" && find . \( -name '*.c' -o -name '*.h' -o -name '*.cc' \) |
    sed 's|^\./||' | sort | while read -r f; do
        grep -qF "\`$f\`" "$top_srcdir/docs/ARCHITECTURE.md" || echo " $f"
    done)
check "docs/ARCHITECTURE.md names every source file${unnamed:+:$unnamed}" test -z "$unnamed"

lib="$top_builddir/.libs/libbenchrun.a"
if [ ! -f "$lib" ]; then
    skip "the static library's exported names" "no $lib: built with --disable-static?"
elif ! command -v nm >/dev/null 2>&1; then
    skip "the static library's exported names" "no nm: apt-get install binutils"
else
    # Strong global definitions (T data B R C); weak ones (W V) are C++ template instances
    # of the standard library, identical wherever they appear.
    unprefixed=$(nm -g --defined-only "$lib" 2>/dev/null |
        awk 'NF == 3 && $2 ~ /^[TDBRCG]$/ { print $3 }' |
        grep -Ev '^(br_|bench_|main$)' | sort -u)
    check "the static library exports only br_/bench_ names${unprefixed:+: $unprefixed}" \
        test -z "$unprefixed"
    check "and exports bench_main and bench_register" \
        sh -c "nm -g --defined-only '$lib' | grep -q ' T bench_main$' && nm -g --defined-only '$lib' | grep -q ' T bench_register$'"
fi
finish
