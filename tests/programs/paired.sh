#!/bin/sh
# benchcmp --run OLD NEW through the real binaries: two builds measured pair by pair
# (tests/fixtures/tiny_bench and tests/fixtures/paired_new, which doubles chain/128's work, drops
# two benchmarks and adds one), the same build against itself, programs that are not benchrun
# workers or speak another protocol version, a crash on one side, the paired files compared again,
# and an interrupted run.  Timing is never asserted beyond a 2x change.
. "$top_srcdir/tests/lib.sh"
OLD="$top_builddir/tests/fixtures/tiny_bench"
NEW="$top_builddir/tests/fixtures/paired_new"
CMP="$VG $top_builddir/benchcmp"
RUN="-- --repetitions 12 --min-time 0.001 --warmup 0 --quiet"
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}handle_segv=0"
export ASAN_OPTIONS

# shellcheck disable=SC2086
run_capture ab $CMP --run "$OLD" "$NEW" --filter '^(add|chain/128|kib_touch|only_new)$' \
    --out-old "$T/old.csv" --out-new "$T/new.csv" $RUN
check "a 2x regression fails the run: exit 1" test "$(rc_of ab)" = 1
check "chain/128 (twice the work) is a regression" grep -q '^chain/128 .* regression$' "$T/ab.out"
check "add (unchanged) is no regression" sh -c "! grep -q '^add .* regression$' '$T/ab.out'"
check "a benchmark only the old build has is removed" grep -q '^kib_touch .* removed$' "$T/ab.out"
check "one only the new build has is added" grep -q '^only_new .* added$' "$T/ab.out"
check "the test is named: paired Wilcoxon" grep -q '^paired: Wilcoxon signed-rank' "$T/ab.out"
check "both results files are saved, one paired run" \
    sh -c 'a=$(sed -n "s/^# paired_run: //p" "$1"); [ -n "$a" ] &&
        grep -q "^# paired_run: $a$" "$2" && grep -q "^# paired_side: old$" "$1" &&
        grep -q "^# paired_side: new$" "$2"' _ "$T/old.csv" "$T/new.csv"
check "sample i of both files is pair i: the pair order is recorded" \
    sh -c 'grep "^chain/128," "$1" | grep -q "[01];[01];" ' _ "$T/old.csv"
# The same two files compared again: the paired test, the same verdicts.
run_capture again $CMP "$T/old.csv" "$T/new.csv"
check "the paired files compared again: the paired test" grep -q '^paired: Wilcoxon' "$T/again.out"
check "... and the same report, verdicts included" cmp -s "$T/ab.out" "$T/again.out"

# The same program against itself: each benchmark paired with itself.  Whether a false alarm
# is raised under load is the benchmark's question (bench/paired/run.sh, A/A rows); here the
# estimate must be near zero, which sides paired with the wrong benchmark or the wrong
# sample would miss by far (the chains differ by 2x each).
# shellcheck disable=SC2086
run_capture aa $CMP --run "$OLD" "$OLD" --filter '^(add|chain)' --format csv \
    --out-old "$T/aa_old.csv" --out-new "$T/aa_new.csv" $RUN
check "A/A: every change estimated within +-30 %, exit 0 or 1" \
    sh -c "test \"\$(cat '$T/aa.rc')\" -le 1 && awk -F, 'NR > 1 { n++; if (\$4 > 30 || \$4 < -30) bad = 1 }
        END { exit bad || n < 3 }' '$T/aa.out'"

# Pairs per look: half of a default run's 60 samples unless --repetitions says otherwise.
run_capture look $CMP --run "$OLD" "$OLD" --filter '^add$' --looks 1 --out-old "$T/l_old.csv" \
    --out-new "$T/l_new.csv" -- --min-time 0.001 --warmup 0 --quiet
check "one look takes 30 pairs by default" \
    sh -c 'awk -F, "\$1 == \"name\" { for (i = 1; i <= NF; i++) if (\$i == \"repetitions\") c = i }
        \$1 == \"add\" { print \$c }" "$1" | grep -qx 30' _ "$T/l_old.csv"

# Programs that cannot be workers.
run_capture notours $CMP --run /bin/true "$OLD" $RUN
check "a program that is not a benchrun program: exit 2, one line naming it" \
    sh -c "test \"\$(cat '$T/notours.rc')\" = 2 && grep -q '/bin/true is not a benchrun program' '$T/notours.err'"
run_capture version $CMP --run "$OLD" "$top_builddir/tests/fixtures/fake_worker" $RUN
check "a program of another protocol version: exit 2, naming both versions" \
    sh -c "test \"\$(cat '$T/version.rc')\" = 2 && grep -q 'speaks worker protocol 99, this program speaks 6' '$T/version.err'"
run_capture missing $CMP --run "$OLD" "$T/no_such_program" $RUN
check "a program that does not exist: exit 2" test "$(rc_of missing)" = 2

# Counts have no drift for pairs to cancel: refused before anything runs, saying what to do.
for flags in "--measure instructions" "--profile add"; do
    # shellcheck disable=SC2086
    run_capture counts $CMP --run "$OLD" "$OLD" --out-old "$T/n_old.csv" -- $flags
    check "--run with $flags: exit 2, one line saying why and what instead" \
        sh -c "test \"\$(cat '$T/counts.rc')\" = 2 && test \"\$(wc -l <'$T/counts.err')\" = 1 &&
            grep -q '^benchcmp: --run measures time pair by pair; for instruction counts run each program with --measure instructions and compare the two files$' '$T/counts.err'"
    check "... and no results file" test ! -e "$T/n_old.csv"
done

# A crash on one side fails only that benchmark, named with its side.
FAULTY="$top_builddir/tests/fixtures/faulty_bench"
# shellcheck disable=SC2086
run_capture crash $CMP --run "$FAULTY" "$FAULTY" --filter '^(ok_add|segfaults)$' \
    --out-old "$T/c_old.csv" --out-new "$T/c_new.csv" -- --repetitions 8 --min-time 0.001 \
    --warmup 0 --quiet --timeout 5
check "a crash: named with its side in the results file" \
    grep -q '^# failed: segfaults: old: crashed with SIGSEGV' "$T/c_old.csv"
check "... and the other benchmark is still compared" grep -q '^ok_add ' "$T/crash.out"

# Ctrl-C keeps the pairs taken.
# shellcheck disable=SC2086
$CMP --run "$FAULTY" "$FAULTY" --filter '^slow_20ms$' --out-old "$T/i_old.csv" \
    --out-new "$T/i_new.csv" -- --repetitions 200 --max-time 100 --min-time 0.02 --warmup 0 \
    --quiet >"$T/int.out" 2>"$T/int.err" &
pid=$!
sleep 2
kill -INT $pid
wait $pid
echo $? >"$T/int.rc"
check "SIGINT: exit 130" test "$(rc_of int)" = 130
check "SIGINT: the pairs taken are saved, marked interrupted" \
    sh -c 'grep -q "^# status: interrupted" "$1" && grep -q "^slow_20ms," "$1"' _ "$T/i_new.csv"
finish
