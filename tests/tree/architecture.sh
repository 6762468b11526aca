#!/bin/sh
# The architecture as rules a change cannot break unnoticed (docs/ARCHITECTURE.md):
#   1. src/ is layered: a file includes only from its own folder and the folders below it
#      (base < model < format < measure < run < analyze < prog), so no two folders include
#      each other and a reader can learn the tree bottom-up;
#   2. the static library exports only prefixed names (br_ internally, bench_ publicly, and the
#      main() that the library supplies), so nothing clashes with a user's own symbols - not
#      malloc either: counting allocations patches a counting child's GOT (src/measure/alloc.h)
#      and leaves the timed process calling glibc's.
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
