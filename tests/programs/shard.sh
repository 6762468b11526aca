#!/bin/sh
# Sharding through the real binaries: docs/guide/ci.md's recipe run locally (3 shards, one job each,
# merged, the merged file's benchmarks equal to an unsharded run's, read by benchcmp and
# benchreport), every benchmark in exactly one shard, --shard-by, and each refusal of
# benchmerge as one line and exit 2.
. "$top_srcdir/tests/lib.sh"
tiny() { $VG "$top_builddir/tests/fixtures/tiny_bench" "$@"; }
suite() { $VG "$top_builddir/benchrun" "$@"; }
merge() { $VG "$top_builddir/benchmerge" "$@"; }
QUICK="--quiet --repetitions 3 --min-repetitions 3 --min-time 0.0005 --warmup 0"
names() { grep -v '^#' "$1" | tail -n +2 | cut -d, -f1 | sort; }

# ---- the guide's recipe: N jobs, then a merge job ----------------------------------------
N=3
for K in 1 2 3; do
    # shellcheck disable=SC2086
    run_capture "job$K" tiny $QUICK --shard "$K/$N" --out "$T/shard-$K.csv"
    check "job $K of $N exits 0" test "$(rc_of "job$K")" = 0
    check "job $K records its shard" grep -qx "# shard: $K/$N" "$T/shard-$K.csv"
done
run_capture merged merge "$T/shard-1.csv" "$T/shard-2.csv" "$T/shard-3.csv" -o "$T/merged.csv"
check "benchmerge exits 0" test "$(rc_of merged)" = 0
# shellcheck disable=SC2086
run_capture whole tiny $QUICK --out "$T/whole.csv"
names "$T/whole.csv" >"$T/whole.names"
names "$T/merged.csv" >"$T/merged.names"
check "the merged file has the unsharded run's benchmarks" cmp -s "$T/whole.names" "$T/merged.names"
check "and says which shards it holds" \
    test "$(grep -c '^# merged_shard: [123]/3 ' "$T/merged.csv")" = 3
check "and no shard line of its own" sh -c "! grep -q '^# shard:' '$T/merged.csv'"
run_capture cmp "$top_builddir/benchcmp" --fail-on none "$T/whole.csv" "$T/merged.csv"
check "benchcmp reads the merged file (exit 0)" test "$(rc_of cmp)" = 0
check "and compares every benchmark" grep -q 'over 5 benchmarks in both files' "$T/cmp.out"
run_capture report "$top_builddir/benchreport" "$T/merged.csv" -o "$T/merged.html"
check "benchreport reads the merged file" test "$(rc_of report)" = 0 -a -s "$T/merged.html"

# ---- every benchmark in exactly one shard (the 25 of the example suite, N = 1..6) ---------
suite --list | sort >"$T/all"
for n in 1 2 3 4 5 6; do
    : >"$T/union"
    k=1
    while [ $k -le $n ]; do
        suite --list --shard "$k/$n" >>"$T/union" 2>/dev/null
        k=$((k + 1))
    done
    sort "$T/union" >"$T/union.sorted"
    check "--shard k/$n over k = 1..$n lists every benchmark exactly once" \
        cmp -s "$T/union.sorted" "$T/all"
done
suite --list --filter 'strlen|memcpy' | sort >"$T/filtered"
suite --list --filter 'strlen|memcpy' --shard 1/2 >"$T/f"
suite --list --filter 'strlen|memcpy' --shard 2/2 >>"$T/f"
sort "$T/f" >"$T/f.sorted"
check "--shard splits what --filter selected" cmp -s "$T/filtered" "$T/f.sorted"

# ---- --shard-by: balanced by a previous run's times -------------------------------------
# A times file where nap_200us took as long as the others together, and then some: longest
# first, it gets a shard of its own.
cat >"$T/times.csv" <<'CSV'
# rows: 5
name,iterations,repetitions,samples_ns
add,10,2,1;1
chain/64,10,2,2;2
chain/128,10,2,4;4
kib_touch,10,2,1;1
nap_200us,10,2,100;100
CSV
tiny --list --shard 1/2 --shard-by "$T/times.csv" >"$T/by-1.list"
tiny --list --shard 2/2 --shard-by "$T/times.csv" >"$T/by-2.list"
check "--shard-by: the longest benchmark alone in shard 1" test "$(cat "$T/by-1.list")" = nap_200us
check "--shard-by: the four others in shard 2" test "$(lines_of "$T/by-2.list")" = 4
# shellcheck disable=SC2086
run_capture by2 tiny $QUICK --shard 2/2 --shard-by "$T/times.csv" --out "$T/by-2.csv"
# shellcheck disable=SC2086
run_capture by1 tiny $QUICK --shard 1/2 --shard-by "$T/times.csv" --out "$T/by-1.csv"
check "--shard-by jobs exit 0" test "$(rc_of by1)$(rc_of by2)" = 00
check "and record the split" grep -qx '# shard_split: times' "$T/by-1.csv"
run_capture bymerge merge "$T/by-1.csv" "$T/by-2.csv" -o "$T/by.csv"
names "$T/by.csv" >"$T/by.names"
check "merged, they are the whole suite" cmp -s "$T/whole.names" "$T/by.names"
check "a split by name and one by time do not merge" \
    sh -c "! $top_builddir/benchmerge '$T/by-1.csv' '$T/shard-2.csv' '$T/shard-3.csv' -o '$T/mixed.csv' 2>/dev/null"

# ---- paired runs (benchcmp --run) shard the same way -----------------------------------------
# Each job pairs its part of the benchmarks the two programs have (tests/fixtures/paired_new doubles
# chain/128's work, drops kib_touch and nap_200us, adds only_new); each side's parts merge, and
# the merged pair of files still compares as one paired run.
NEWPROG="$top_builddir/tests/fixtures/paired_new"
for K in 1 2 3; do
    # shellcheck disable=SC2086
    run_capture "pair$K" $VG "$top_builddir/benchcmp" --run --fail-on none \
        "$top_builddir/tests/fixtures/tiny_bench" "$NEWPROG" --out-old "$T/old-$K.csv" \
        --out-new "$T/new-$K.csv" -- $QUICK --shard "$K/3"
    check "paired job $K of 3 exits 0" test "$(rc_of "pair$K")" = 0
    { names "$T/old-$K.csv"; names "$T/new-$K.csv"; } | sort -u >"$T/pair-$K.names"
    { tiny --list --shard "$K/3"; "$NEWPROG" --list --shard "$K/3"; } | sort -u >"$T/want-$K.names"
    check "paired job $K ran the names benchrun --shard $K/3 gives either program" \
        cmp -s "$T/want-$K.names" "$T/pair-$K.names"
    check "paired job $K records its shard on both sides" \
        sh -c 'grep -qx "# shard: $1/3" "$2" && grep -qx "# shard: $1/3" "$3"' _ "$K" \
        "$T/old-$K.csv" "$T/new-$K.csv"
done
run_capture pmold merge "$T/old-1.csv" "$T/old-2.csv" "$T/old-3.csv" -o "$T/pold.csv"
run_capture pmnew merge "$T/new-1.csv" "$T/new-2.csv" "$T/new-3.csv" -o "$T/pnew.csv"
check "each side's parts merge" test "$(rc_of pmold)$(rc_of pmnew)" = 00
names "$T/pold.csv" >"$T/pold.names"
check "the merged old side is the old program's whole suite" cmp -s "$T/whole.names" "$T/pold.names"
"$NEWPROG" --list | sort >"$T/new.list"
names "$T/pnew.csv" >"$T/pnew.names"
check "the merged new side is the new program's whole suite" cmp -s "$T/new.list" "$T/pnew.names"
run_capture pcmp "$top_builddir/benchcmp" --fail-on none "$T/pold.csv" "$T/pnew.csv"
check "the merged sides compare as a paired run" grep -q '^paired: Wilcoxon' "$T/pcmp.out"
check "... over every benchmark both have" grep -q 'over 3 benchmarks in both files' "$T/pcmp.out"
run_capture pbad "$top_builddir/benchcmp" --run "$top_builddir/tests/fixtures/tiny_bench" "$NEWPROG" -- \
    --shard 4/3
check "benchcmp --run -- --shard 4/3: exit 2, one line naming the flag" \
    sh -c 'test "$(cat "$1.rc")" = 2 && test "$(wc -l <"$1.err")" = 1 && grep -q -- "--shard: " "$1.err"' \
    _ "$T/pbad"

# ---- bad flags -------------------------------------------------------------------------------
# one_line NAME STATUS PATTERN: run NAME exited STATUS with one line on stderr matching PATTERN
one_line() {
    test "$(rc_of "$1")" = "$2" && test "$(lines_of "$T/$1.err")" = 1 && grep -q -- "$3" "$T/$1.err"
}
for bad in 0/3 4/3 3 x/y; do
    run_capture badshard tiny --list --shard "$bad"
    check "--shard $bad: exit 2, one line naming the flag" one_line badshard 2 '^benchrun: --shard: '
done
run_capture byalone tiny --list --shard-by "$T/whole.csv"
check "--shard-by without --shard: exit 2" one_line byalone 2 '^benchrun: --shard-by: '
run_capture bybad tiny --list --shard 1/2 --shard-by "$T/nonexistent.csv"
check "--shard-by an unreadable file: exit 2 naming the flag" \
    one_line bybad 2 '^benchrun: --shard-by: .*nonexistent.csv'

# ---- benchmerge's refusals: exit 2, one line, nothing written -------------------------------
# refused SHARDS... MESSAGE_PART: benchmerge refuses, and merges with --force (unless told not)
refused() {
    want=$1
    shift
    rm -f "$T/r.csv"
    run_capture refused merge "$@" -o "$T/r.csv"
    check "refused ($want): exit 2, one line" one_line refused 2 "^benchmerge: .*$want"
    check "refused ($want): no file written" test ! -e "$T/r.csv"
}
forced() {
    rm -f "$T/r.csv"
    run_capture forced merge --force "$@" -o "$T/r.csv"
    check "merged with --force: exit 0" test "$(rc_of forced)" = 0
    check "the disagreement noted in the file" grep -q '^# merge_forced: ' "$T/r.csv"
}
sh1=$T/shard-1.csv sh2=$T/shard-2.csv sh3=$T/shard-3.csv
refused "shard 2/3 is missing" "$sh1" "$sh3"
forced "$sh1" "$sh3"
refused "not a shard" "$sh1" "$sh2" "$sh3" "$T/whole.csv"
# another suite: the same jobs over a filtered selection
# shellcheck disable=SC2086
tiny $QUICK --filter 'chain|add' --shard 2/3 --out "$T/other-2.csv" >/dev/null
refused "shards of different suites" "$sh1" "$T/other-2.csv" "$sh3"
forced "$sh1" "$T/other-2.csv" "$sh3"
sed 's/^# cpu_brand: .*/# cpu_brand: Another CPU/' "$sh2" >"$T/cpu-2.csv"
refused "shards of different machine kinds" "$sh1" "$T/cpu-2.csv" "$sh3"
forced "$sh1" "$T/cpu-2.csv" "$sh3"
# (a time file that says `measure: instructions` is refused by the reader itself, its columns
# being times; another engine is another measure to the merge)
sed 's/^# engine: .*/# engine: gbench/' "$sh2" >"$T/instr-2.csv"
refused "shards of different measures" "$sh1" "$T/instr-2.csv" "$sh3"
sed 's/^# engine: .*/&\n# measure: time/' "$sh2" >"$T/time-2.csv"
run_capture timeok merge "$sh1" "$T/time-2.csv" "$sh3" -o "$T/timeok.csv"
check "a missing measure line is time" test "$(rc_of timeok)" = 0
refused "is in both" --force "$sh1" "$sh2" "$sh3" "$T/whole.csv"
run_capture exists merge "$sh1" "$sh2" "$sh3" -o "$T/merged.csv"
check "an existing -o file is refused" one_line exists 2 '^benchmerge: -o: .*exists'
run_capture noout merge "$sh1"
check "no -o: exit 2" test "$(rc_of noout)" = 2
run_capture noshards merge -o "$T/x.csv"
check "no shards: exit 2" test "$(rc_of noshards)" = 2

# ---- issue 25: what --force does not lift, shards not known to have ended ------------------
# Instruction shards: the time shards' files relabelled (their columns named by the measure).
as_counts() { # SHARD COUNTER OUT
    sed -e "s/^# measure: time/# measure: instructions\n# counter: $2/" \
        -e '/^name,/s/_ns/_instructions/g' "$1" >"$3"
}
as_counts "$sh1" callgrind "$T/i1.csv"
as_counts "$sh2" callgrind "$T/i2.csv"
as_counts "$sh3" callgrind "$T/i3.csv"
as_counts "$sh3" perf "$T/p3.csv"
run_capture icounts merge "$T/i1.csv" "$T/i2.csv" "$T/i3.csv" -o "$T/icounts.csv"
check "instruction shards of one counter merge" test "$(rc_of icounts)" = 0
# unit A B: refused with and without --force, one line, nothing written (a forced merge of
# time and counts made benchcmp report counts as ns)
unit() {
    for f in "" --force; do
        rm -f "$T/u.csv"
        run_capture unit merge $f "$@" -o "$T/u.csv"
        check "refused${f:+ even with $f} ($(basename "$3")): exit 2, one line, no file" \
            sh -c 'test "$(cat "$1.rc")" = 2 && test "$(wc -l <"$1.err")" = 1 && ! test -e "$2"' \
            _ "$T/unit" "$T/u.csv"
    done
}
unit "$sh1" "$sh2" "$T/i3.csv"
check "... naming the file and the measure" \
    grep -q "^benchmerge: .*i3.csv: measure 'instructions' differs from .*'time': shards of different measures, never merged" "$T/unit.err"
unit "$T/i1.csv" "$T/i2.csv" "$T/p3.csv"
check "... naming the file and the counter" \
    grep -q "^benchmerge: .*p3.csv: counter 'perf' differs from .*'callgrind'" "$T/unit.err"
# A shard without a status line did not come whole from benchrun: not merged as complete.
sed '/^# status:/d' "$sh3" >"$T/nostatus-3.csv"
refused "nostatus-3.csv: no 'status' line: not known to have ended" "$sh1" "$sh2" "$T/nostatus-3.csv"
forced "$sh1" "$sh2" "$T/nostatus-3.csv"
check "merged with --force: status unknown, not complete" grep -qx '# status: unknown' "$T/r.csv"
run_capture unknown "$top_builddir/benchcmp" --fail-on none "$T/merged.csv" "$T/r.csv"
check "and benchcmp warns about it" grep -q "the new run is marked 'unknown'" "$T/unknown.err"
# hyperfine's exit_codes shorter than its times: which runs failed is unknown.
printf '%s\n' '{"results": [' '{"command": "sleep 0", "times": [0.1, 0.2, 0.3],' \
    '"exit_codes": [0, 0]}]}' >"$T/hf-short.json"
rm -f "$T/r.csv"
run_capture hfshort merge --force "$T/hf-short.json" -o "$T/r.csv"
check "hyperfine exit_codes shorter than times: exit 2, file and field named, no file" \
    sh -c 'test "$(cat "$1.rc")" = 2 && grep -q "hf-short.json:2: .sleep 0.: exit_codes has 2 values, times 3" "$1.err" && ! test -e "$2"' \
    _ "$T/hfshort" "$T/r.csv"
finish
