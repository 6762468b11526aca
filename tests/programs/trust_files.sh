#!/bin/sh
# Issue 25 (files and messages) through the real binaries: no results file overwritten or
# silently renamed (benchcmp --run --out-old/--out-new, ctimeit --force, benchreport -o over its
# input), a failed standard output is an error in every program, a full disk loses neither the
# table nor the comparison, messages that name the right program, flag and reason, and absurd
# values shown as numbers.  A full disk is a 64 KiB tmpfs, filled (SKIP where mount is refused).
. "$top_srcdir/tests/lib.sh"
TINY="$top_builddir/tests/fixtures/tiny_bench"
CMP="$VG $top_builddir/benchcmp"
REP="$VG $top_builddir/benchreport"
MERGE="$VG $top_builddir/benchmerge"
D="$top_srcdir/tests/data"
QUICK="--repetitions 3 --min-repetitions 3 --min-time 0.0005 --warmup 0 --quiet"
PAIR="-- --repetitions 4 --min-time 0.0005 --warmup 0 --quiet"
ct() { $VG "$top_builddir/ctimeit" "$@"; }
XDG_CACHE_HOME="$T/cache"
export XDG_CACHE_HOME

# full_disk: a 64 KiB tmpfs mounted on $T/full and filled, unmounted at exit; sets `why` to
# the reason when it cannot be had (not root, no mount in this container).
full_disk() {
    why=""
    mkdir -p "$T/full"
    if [ "$(id -u)" != 0 ]; then why="not root: cannot mount a small tmpfs"; return; fi
    if ! mount -t tmpfs -o size=64k tmpfs "$T/full" 2>/dev/null; then
        why="mount -t tmpfs refused here"
        return
    fi
    trap 'umount "$T/full" 2>/dev/null; rm -rf "$T"' EXIT
    dd if=/dev/zero of="$T/full/filler" bs=4096 2>/dev/null
}

# ---- 1. benchcmp --run refuses an existing --out-old/--out-new as benchrun refuses --out ----
echo keep >"$T/old.csv"
mkdir "$T/adir"
ln -s "$T/elsewhere.csv" "$T/link.csv"
for what in "file:$T/old.csv" "directory:$T/adir" "symbolic link:$T/link.csv"; do
    kind=${what%%:*} path=${what#*:}
    # shellcheck disable=SC2086
    run_capture exist $CMP --run "$TINY" "$TINY" --filter '^add$' --out-old "$path" $PAIR
    check "benchcmp --run --out-old over an existing $kind: exit 2, before measuring" \
        sh -c "test $(rc_of exist) = 2 && test ! -s '$T/exist.out'"
    check "... one line naming the flag and the file" \
        sh -c "test \$(wc -l <'$T/exist.err') = 1 && grep -q '^benchcmp: --out-old: $path' '$T/exist.err'"
done
check "... the existing file is kept, no numbered file beside it" \
    sh -c "test \"\$(cat '$T/old.csv')\" = keep && test ! -e '$T/old-2.csv' && test ! -e '$T/adir-2'"
# shellcheck disable=SC2086
run_capture same $CMP --run "$TINY" "$TINY" --out-old "$T/s.csv" --out-new "$T/s.csv" $PAIR
check "--out-old and --out-new the same file: refused" \
    sh -c "test $(rc_of same) = 2 && grep -q 'out-new: .*s.csv is --out-old' '$T/same.err'"
# shellcheck disable=SC2086
run_capture forced $CMP --run "$TINY" "$TINY" --filter '^add$' --force \
    --out-old "$T/old.csv" --out-new "$T/new.csv" --fail-on none $PAIR
check "--force: --out-old replaces the file, under its own name" \
    sh -c "test $(rc_of forced) = 0 && grep -q '^# paired_side: old' '$T/old.csv' &&
        test ! -e '$T/old-2.csv'"
# shellcheck disable=SC2086
run_capture forced_dir $CMP --run "$TINY" "$TINY" --force --out-new "$T/adir" $PAIR
check "--force never replaces a directory" \
    sh -c "test $(rc_of forced_dir) = 2 && grep -q 'out-new: .*adir: is a directory; benchcmp writes regular files only' '$T/forced_dir.err'"

# ---- 2. ctimeit --out F --force replaces F ------------------------------------------------
echo keep >"$T/ct.csv"
# shellcheck disable=SC2086
run_capture ctforce ct $QUICK --out "$T/ct.csv" --force '1 + 1'
check "ctimeit --out F --force: exit 0, F replaced by the results" \
    sh -c "test $(rc_of ctforce) = 0 && grep -q '^# ctimeit_command:' '$T/ct.csv'"
check "... and no F-2 beside it" test ! -e "$T/ct-2.csv"

# ---- 3. benchreport -o never replaces a results file --------------------------------------
cp "$D/cmp_base.csv" "$T/in.csv"
cp "$D/cmp_base.csv" "$T/other.csv"
ln -s "$T/in.csv" "$T/in_link.csv"
ln "$T/in.csv" "$T/in_hard.csv"
for out in in.csv in_link.csv in_hard.csv; do
    run_capture repin $REP "$T/in.csv" -o "$T/$out"
    check "benchreport in.csv -o $out (the input): exit 2, one line" \
        sh -c "test $(rc_of repin) = 2 && test \$(wc -l <'$T/repin.err') = 1 &&
            grep -q '^benchreport: -o: .*$out is the results file' '$T/repin.err'"
done
check "... the input is intact" cmp -s "$D/cmp_base.csv" "$T/in.csv"
run_capture repother $REP "$T/in.csv" -o "$T/other.csv"
check "benchreport -o over another results file: refused" \
    sh -c "test $(rc_of repother) = 2 && grep -q 'other.csv is a results file' '$T/repother.err' &&
        cmp -s '$D/cmp_base.csv' '$T/other.csv'"
echo '<!DOCTYPE html>' >"$T/old.html"
run_capture rephtml $REP "$T/in.csv" -o "$T/old.html"
check "an earlier report is replaced as before" \
    sh -c "test $(rc_of rephtml) = 0 && grep -q '<svg' '$T/old.html'"

# ---- 4. whatever benchrun writes, every reader reads back: bytes that are not UTF-8 text are
# written as \xNN (base/strbuf.h), in context values, names and the JSON alike ---------------
latin1=$(printf 'r\351sultat')
ctl=$(printf '\001')
# shellcheck disable=SC2086
run_capture raw $VG "$TINY" $QUICK --filter "^add\$|$ctl" --shard 1/1 --out "$T/$latin1.csv" \
    --format json
check "benchrun --out r\\xe9sultat.csv, a filter with \\x01: exit 0" test "$(rc_of raw)" = 0
check "... '# command:' carries them as \\xe9 and \\x01" \
    grep -q '^# command: .*--filter ^add\$|\\x01 --shard 1/1 --out .*r\\xe9sultat.csv' \
    "$T/$latin1.csv"
run_capture back_cmp $CMP "$T/$latin1.csv" "$T/$latin1.csv"
run_capture back_rep $REP "$T/$latin1.csv" -o "$T/back.html"
run_capture back_merge $MERGE "$T/$latin1.csv" -o "$T/back.csv"
check "benchcmp, benchreport and benchmerge read that file back (was 'binary data')" \
    sh -c "test $(rc_of back_cmp) = 0 && test $(rc_of back_rep) = 0 && test $(rc_of back_merge) = 0"
check_py "... the JSON on stdout is valid JSON, the bytes escaped" -c '
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
assert "r\\xe9sultat.csv" in d["context"]["command"], d["context"]["command"]' "$T/raw.out"
run_capture rawjson $CMP "$T/raw.out" "$T/raw.out"
check "... and benchcmp reads that JSON back" test "$(rc_of rawjson)" = 0
# A Google Benchmark JSON shard whose name holds a control character (JSON's \u0001).
# shellcheck disable=SC2086
$VG "$TINY" $QUICK --filter '^add$' --shard 1/2 --format json --out "$T/ctl1.csv" |
    sed 's/"\(run_\)\{0,1\}name": "add/"\1name": "ctl\\u0001x/' >"$T/ctl1.json"
# shellcheck disable=SC2086
$VG "$TINY" $QUICK --filter '^add$' --shard 2/2 --out "$T/ctl2.csv" >/dev/null
run_capture ctlmerge $MERGE "$T/ctl1.json" "$T/ctl2.csv" -o "$T/ctl.csv"
run_capture ctlcmp $CMP "$T/ctl.csv" "$T/ctl.csv"
check "a JSON shard named \"ctl\\u0001x\" merges into a file benchcmp reads (was 'binary data')" \
    sh -c "test $(rc_of ctlmerge) = 0 && test $(rc_of ctlcmp) = 0 && grep -q '^ctl\\\\x01x,' '$T/ctl.csv'"
# A ctimeit statement with a Latin-1 byte: its name carries \xe9.
# shellcheck disable=SC2086
run_capture ctlat ct $QUICK --out "$T/ctlat.csv" -s '#include <string.h>
' "strlen(\"caf$(printf '\351')\")"
run_capture ctlatcmp $CMP "$T/ctlat.csv" "$T/ctlat.csv"
check "ctimeit 'strlen(\"caf\\xe9\")': benchcmp reads its file, the name written with \\xe9" \
    sh -c "test $(rc_of ctlat) = 0 && test $(rc_of ctlatcmp) = 0 &&
        grep -q '^\"strlen(\"\"caf\\\\xe9\"\")\",' '$T/ctlat.csv'"
# bench_register() with a name that is not UTF-8: refused where it is registered, as a name
# with a control character is (the model would write it as \xNN: a name --filter misses).
so="$top_builddir/.libs/libbenchrun.so"
if [ ! -f "$so" ]; then
    skip "a bench_register() name that is not UTF-8" "no $so: built with --disable-shared?"
else
    cat >"$T/reg.c" <<'END'
/* One benchmark registered at run time under the name in $NAME. */
#include <stdlib.h>
#include "bench.h"
static void loop(bench_t *b, uint64_t n)
{
    (void)b;
    for (volatile uint64_t i = 0; i < n; i++) continue;
}
int main(int argc, char **argv)
{
    static bench_desc d = {BENCH_ABI, 0, "", "reg.c", 9, loop, NULL, BENCH_KIND_PLAIN,
                           NULL,      NULL, 0, NULL};
    d.name = getenv("NAME");
    bench_register(&d);
    return bench_main(argc, argv);
}
END
    # shellcheck disable=SC2086
    $CC ${SAN_FLAGS:-} -std=c11 -I"$top_srcdir/include" "$T/reg.c" -L"$top_builddir/.libs" \
        -Wl,-rpath,"$top_builddir/.libs" -lbenchrun -o "$T/reg"
    NAME=$(printf 'caf\351')
    export NAME
    # shellcheck disable=SC2086
    run_capture reg $VG "$T/reg" $QUICK --out "$T/reg.csv"
    check "bench_register(\"caf\\xe9\"): exit 2, one line naming the place and the reason" \
        sh -c "test $(rc_of reg) = 2 && test \$(wc -l <'$T/reg.err') = 1 &&
            grep -q \"^benchrun: reg.c:9: the benchmark name 'caf.xe9' is not UTF-8 text\" '$T/reg.err'"
    check "... and no results file" test ! -e "$T/reg.csv"
fi

# ---- 13. messages name the right program, flag and reason ---------------------------------
run_capture mergedir $MERGE "$T/ctl2.csv" -o "$T/adir"
run_capture repdir $REP "$D/cmp_base.csv" -o "$T/adir"
check "a directory as -o: benchmerge and benchreport name themselves, not benchrun" \
    sh -c "grep -q 'adir: is a directory; benchmerge writes regular files only' '$T/mergedir.err' &&
        grep -q 'adir: is a directory; benchreport writes regular files only' '$T/repdir.err'"
sed 's|^# shard: 2/2$|# shard: 2/0|' "$T/ctl2.csv" >"$T/shard20.csv"
run_capture shard20 $MERGE "$T/ctl1.json" "$T/shard20.csv" -o "$T/m20.csv"
check "a shard line '2/0': said malformed, not 'no shard context line'" \
    sh -c "test $(rc_of shard20) = 2 && test ! -e '$T/m20.csv' &&
        grep -q \"shard20.csv: malformed 'shard' line '2/0' (K/N with 1 <= K <= N <= 10000)\" '$T/shard20.err'"
printf '{"results": [{"command": "big", "mean": 1e+300, "times": [1e+300, 1e+300]}]}\n' \
    >"$T/huge_hf.json"
run_capture hfhuge $CMP "$T/huge_hf.json" "$T/huge_hf.json"
check "hyperfine times 1e+300 s: 'out of range' (was 'is not finite')" \
    sh -c "test $(rc_of hfhuge) = 2 && grep -q \"huge_hf.json:1: 'big': times: 1e+300 s is out of range\" '$T/hfhuge.err'"
if [ "${HAVE_GBENCH:-}" != yes ]; then
    skip "--profile with --engine gbench" "built without Google Benchmark"
else
    # shellcheck disable=SC2086
    run_capture profgb $VG "$TINY" --profile add --engine gbench
    check "--profile add --engine gbench names --profile (was --measure instructions)" \
        sh -c "test $(rc_of profgb) = 2 &&
            grep -q '^benchrun: --profile: only with the native engine' '$T/profgb.err'"
fi

# ---- 14. absurd values are shown as numbers: finite statistics, axes and units --------------
# cv of 1e308, 1.5e308, 1.2e308: stdev / mean = 0.2040495793 (Python's statistics, on the
# values / 1e300); the mean 1.2333e308 ns is 1.233e+299 s.
printf 'name,iterations,repetitions,samples_ns\nhuge,1,3,1e308;1.5e308;1.2e308\nbig36,1,3,1e36;2e36;3e36\namp&lt;x,1,3,1;2;3\n' \
    >"$T/huge.csv"
printf 'name,iterations,repetitions,samples_ns\nedge,1,3,1.7e308;1.79e308;1.6e308\n' >"$T/edge.csv"
run_capture hugerep $REP "$T/huge.csv" -o "$T/huge.html"
run_capture edgerep $REP "$T/edge.csv" -o "$T/edge.html"
check "benchreport of 1e308 ns samples: no nan or inf anywhere (was '-nan%' and 'inf s')" \
    sh -c "test $(rc_of hugerep) = 0 && test $(rc_of edgerep) = 0 &&
        ! grep -q 'nan\|inf' '$T/huge.html' '$T/edge.html'"
check "... the cv is 20.40% (Python: 0.20405)" grep -q '<td>20.40%</td>' "$T/huge.html"
check "... the axis labels are numbers with their unit, at x from 0 to the width" \
    sh -c "grep -q '<text x=\"28\" y=\"102\">1.6e+299 s</text>' '$T/edge.html' &&
        ! grep -q 'x=\"-' '$T/edge.html'"
run_capture hugecmp $CMP "$T/huge.csv" "$T/huge.csv"
check "benchcmp: 1.2e308 ns is '1.2e+299 s', 2e36 ns '2e+27 s' (the unit was cut off)" \
    sh -c "grep -q '^huge  *1.2e+299 s  *1.2e+299 s ' '$T/hugecmp.out' &&
        grep -q '^big36  *2e+27 s  *2e+27 s ' '$T/hugecmp.out'"
run_capture hugemd $CMP "$T/huge.csv" "$T/huge.csv" --format markdown
check "Markdown escapes '&' ('amp&lt;x' showed as 'amp<x')" grep -q '^| amp\\&lt;x |' "$T/hugemd.out"

# ---- 6. a failed standard output is an error, said once with its reason, in every program ----
nospace="standard output: write failed: No space left on device"
stdout_full() { # NAME PROGRAM-NAME command...: exit 3 (or 2), one line with the errno
    n=$1 p=$2; shift 2
    "$@" >/dev/full 2>"$T/$n.err"
    echo $? >"$T/$n.rc"
    check "$n > /dev/full: exit 3, one line '$p: $nospace'" \
        sh -c "test $(cat "$T/$n.rc") = 3 && test \$(grep -c 'write failed\|No space' '$T/$n.err') = 1 &&
            grep -q '^$p: $nospace\$' '$T/$n.err'"
}
# shellcheck disable=SC2086
stdout_full "benchrun --format csv" benchrun $VG "$TINY" $QUICK --filter '^add$' --format csv --out "$T/f.csv"
check "... the results file is saved all the same" grep -q '^add,' "$T/f.csv"
# shellcheck disable=SC2086
stdout_full "benchrun --format json" benchrun $VG "$TINY" $QUICK --filter '^add$' --format json --force --out "$T/f.csv"
stdout_full "benchcmp --format csv" benchcmp $CMP "$D/cmp_base.csv" "$D/cmp_slower.csv" --format csv
stdout_full "benchcmp --format json" benchcmp $CMP "$D/cmp_base.csv" "$D/cmp_slower.csv" --format json
stdout_full "benchcmp (a regression, exit 1 else)" benchcmp $CMP "$D/cmp_base.csv" "$D/cmp_slower.csv"
stdout_full "benchreport --help" benchreport $REP --help
stdout_full "benchmerge --help" benchmerge $MERGE --help
# shellcheck disable=SC2086
stdout_full "ctimeit --format csv" ctimeit ct $QUICK --format csv '1 + 1'

# ---- 11, 13. a full disk: the table and the comparison are not lost; errno is said ----------
full_disk
if [ -n "$why" ]; then
    skip "a full disk (benchcmp --run, ctimeit --out, benchrun, benchreport)" "$why"
else
    # shellcheck disable=SC2086
    run_capture cmpfull $CMP --run "$TINY" "$TINY" --filter '^add$' --fail-on none \
        --out-old "$T/full/old.csv" --out-new "$T/new_full.csv" $PAIR
    check "benchcmp --run, --out-old on a full disk: exit 3" test "$(rc_of cmpfull)" = 3
    check "... the comparison is on stdout" grep -q '^add  ' "$T/cmpfull.out"
    check "... the failed save says its errno" grep -q \
        "^benchcmp: old results not saved: $T/full/old.csv: write failed, no file written: .*No space left on device" \
        "$T/cmpfull.err"
    check "... and the new side is saved all the same" grep -q '^# paired_side: new' "$T/new_full.csv"
    # shellcheck disable=SC2086
    run_capture ctfull ct $QUICK --out "$T/full/ct.csv" '1 + 1'
    check "ctimeit --out on a full disk: exit 3" test "$(rc_of ctfull)" = 3
    check "... the table is printed all the same" grep -q '^1 + 1 ' "$T/ctfull.out"
    check "... then the failed save with its errno" grep -q \
        "^ctimeit: $T/full/ct.csv: write failed, no file written: .*No space left on device" \
        "$T/ctfull.err"
    # shellcheck disable=SC2086
    run_capture brfull $VG "$TINY" $QUICK --filter '^add$' --out "$T/full/r.csv"
    check "benchrun on a full disk: the message says the errno (was 'writing CSV failed')" \
        grep -q "full/r.csv: write failed, no file written: writing CSV failed: No space left on device" \
        "$T/brfull.err"
    run_capture repfull $REP "$D/cmp_base.csv" -o "$T/full/r.html"
    check "benchreport on a full disk: exit 2, the message says the errno" \
        sh -c "test $(rc_of repfull) = 2 && grep -q 'r.html: write failed, no file written: No space left on device' '$T/repfull.err'"
    check "... no file and no temporary left on the full disk" test "$(ls -A "$T/full")" = filler
fi

finish
