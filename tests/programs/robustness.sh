#!/bin/sh
# No lost results and no silently wrong numbers, through the real binaries: snippets that
# print, leave processes behind, build their input lazily or declare impossible amounts; runs
# that are stopped, that finish in the same second, that cannot save; --out targets that are
# not regular files; the CPU the start-up line names; contention by another process.
. "$top_srcdir/tests/lib.sh"
FAULTY="$top_builddir/tests/fixtures/faulty_bench"
TINY="$top_builddir/tests/fixtures/tiny_bench"
QUICK="--quiet --repetitions 5 --min-time 0.0005 --warmup 0"
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}handle_segv=0"
export ASAN_OPTIONS

# ---- what snippets do ------------------------------------------------------------------------
# shellcheck disable=SC2086
run_capture snip "$FAULTY" $QUICK --format csv --out "$T/snip.csv" --timeout 5 \
    --filter '^(prints|leaves_child|leaves_child_crashes|lazy_first|infinite_bytes)$'
check "a snippet's printf stays out of the CSV on stdout" cmp -s "$T/snip.out" "$T/snip.csv"
check "... and reaches stderr" grep -q '^hello from a snippet' "$T/snip.err"
check "... even without a newline at teardown (flushed, not lost)" \
    grep -q 'unflushed goodbye' "$T/snip.err"
check "a snippet that leaves a process running still finishes (no timeout)" \
    grep -q '^leaves_child,' "$T/snip.csv"
check "... and a crash beside such a process is still reported as its signal" \
    grep -q '^# failed: leaves_child_crashes: crashed with SIGSEGV' "$T/snip.csv"
iters=$(sed -n 's/^lazy_first,\([0-9]*\),.*/\1/p' "$T/snip.csv")
check "a slow first call does not fix the count at 1 ($iters iterations per sample)" \
    test "${iters:-0}" -ge 1000
check "an infinite bytes_per_op fails that benchmark, naming the amount" \
    grep -q '^# failed: infinite_bytes: returned a broken result (bytes_per_op = inf' \
    "$T/snip.csv"
check "and the file stays readable by benchcmp" \
    sh -c '"$1" "$2" "$2" >/dev/null 2>&1' _ "$top_builddir/benchcmp" "$T/snip.csv"

# ---- a metric end to end: the worker's peak resident set ------------------------------------
rss=$(awk -F, '/^name,/ { for (i = 1; i <= NF; i++) if ($i == "max_rss_kib") c = i }
    /^lazy_first,/ && c { print $c }' "$T/snip.csv")
check "max_rss_kib: the worker's peak resident set, in KiB ($rss)" \
    awk -v r="${rss:-0}" 'BEGIN { exit !(r > 100 && r < 1e7) }'

"$top_builddir/benchcmp" --metrics "$T/snip.csv" "$T/snip.csv" >"$T/metrics.out" 2>/dev/null
check "benchcmp --metrics lists the metrics both files have" \
    grep -q '^    max_rss_kib  *[0-9]* -> [0-9]* KiB (+0.00%)' "$T/metrics.out"
"$top_builddir/benchcmp" --format json "$T/snip.csv" "$T/snip.csv" >"$T/metrics.json" 2>/dev/null
check "benchcmp's JSON carries them" grep -q '"metrics": {.*"cpu_ns": {"old": ' "$T/metrics.json"

# ---- the start-up line names the CPU the run used -----------------------------------------
# shellcheck disable=SC2086
"$TINY" --repetitions 3 --min-time 0.0005 --warmup 0 --filter '^add$' --out "$T/cpu.csv" \
    >/dev/null 2>"$T/cpu.err"
said=$(sed -n 's/^benchrun: 1 benchmarks, CPU \([0-9-]*\).*/\1/p' "$T/cpu.err")
pinned=$(sed -n 's/^# pinned_cpu: //p' "$T/cpu.csv")
check "start-up line CPU ($said) is the file's pinned_cpu ($pinned)" test "$said" = "$pinned"

# ---- fewer samples than asked are said ------------------------------------------------------
# shellcheck disable=SC2086
run_capture short "$FAULTY" --repetitions 20 --min-repetitions 2 --max-time 0.1 \
    --min-time 0.0005 --warmup 0 --filter '^slow_20ms$' --out "$T/short.csv"
check "a benchmark cut by --max-time: '# short:' names it and why" \
    grep -q '^# short: slow_20ms: [0-9]* of 20 samples (each sample takes long' "$T/short.csv"
check "... and the console says so" grep -q 'FEWER SAMPLES: slow_20ms' "$T/short.out"

# ---- results are never lost ------------------------------------------------------------------
mkdir "$T/same"
# shellcheck disable=SC2086
(cd "$T/same" && { "$TINY" $QUICK --filter '^add$' & "$TINY" $QUICK --filter '^add$'; wait; }) \
    >/dev/null 2>&1
n=$(ls "$T/same/results" | grep -c '\.csv$')
check "two runs started in the same second keep two files ($n)" test "$n" = 2

long=$(printf 'x%.0s' $(seq 250)).csv
# shellcheck disable=SC2086
run_capture long "$TINY" $QUICK --filter '^add$' --out "$T/$long"
check "a 254-character --out name works" test -f "$T/$long"

mkdir "$T/adir"
ln -s "$T/keep.csv" "$T/alink"
echo keep >"$T/keep.csv"
for target in "$T/adir" "$T/alink" /dev/null; do
    # shellcheck disable=SC2086
    run_capture kind "$TINY" $QUICK --filter '^add$' --out "$target" --force
    if [ "$(rc_of kind)" = 2 ] && [ "$(lines_of "$T/kind.err")" = 1 ] &&
        grep -q "regular files only" "$T/kind.err"; then
        ok "--out $target --force refused before running"
    else not_ok "--out $target --force (rc $(rc_of kind)): $(cat "$T/kind.err")"; fi
done
check "the symlink's target is untouched" test "$(cat "$T/keep.csv")" = keep

# A full disk (here a file size limit): the report still reaches stdout, the message names the
# file, exit status 3, nothing left behind.
mkdir -p "$T/full"
# shellcheck disable=SC2086
(
    ulimit -f 1
    "$TINY" $QUICK --format csv --out "$T/full/r.csv" 2>"$T/full.err"
    echo $? >"$T/full.rc"
) | cat >"$T/full.out"
check "disk full: exit status 3" test "$(cat "$T/full.rc")" = 3
check "disk full: the message names the file and says no file was written" \
    grep -q "full/r.csv: write failed, no file written" "$T/full.err"
check "disk full: the report still went to stdout" grep -q '^add,' "$T/full.out"
check "disk full: no file, no temporary" test -z "$(ls -A "$T/full")"

# ---- named baselines and the commit a run measured --------------------------------------------
mkdir "$T/base"
# shellcheck disable=SC2086
(cd "$T/base" && "$TINY" $QUICK --filter '^add$' --save-baseline main >/dev/null 2>&1)
check "--save-baseline NAME keeps the run as results/baselines/NAME.csv" \
    grep -q '^add,' "$T/base/results/baselines/main.csv"
# ... and benchcmp --baseline NAME compares it, as OLD, with NEW: a file far slower (1000 ns) whose
# row must show the baseline's median on the old side and its own on the new.
printf 'name,iterations,repetitions,samples_ns\nadd,1000,5,1000;1000;1000;1000;1000\n' \
    >"$T/base/slower.csv"
(cd "$T/base" && "$top_builddir/benchcmp" --baseline main "$T/base/slower.csv" --format csv \
    >"$T/basecmp.out" 2>"$T/basecmp.err")
echo $? >"$T/basecmp.rc"
base_median=$(awk -F, '/^#/ { next } !h { for (i = 1; i <= NF; i++) if ($i == "median_ns") c = i
    h = 1; next } $1 == "add" { print $c }' "$T/base/results/baselines/main.csv")
check "... and benchcmp --baseline NAME compares it with NEW: add, $base_median ns -> 1000 ns, regression (exit 1)" \
    sh -c "test \"\$(cat '$T/basecmp.rc')\" = 1 && awk -F, -v m='$base_median' '
        \$1 == \"add\" && m != \"\" && \$2 == m && \$3 == 1000 && \$6 == \"regression\" { f = 1 }
        END { exit !f }' '$T/basecmp.out'"
# shellcheck disable=SC2086
run_capture badbase "$TINY" $QUICK --filter '^add$' --save-baseline ../up
check "--save-baseline with a name that is no file name: exit 2, one line" \
    sh -c "test \"\$(cat '$T/badbase.rc')\" = 2 && grep -q -- '--save-baseline' '$T/badbase.err'"
if command -v git >/dev/null 2>&1; then
    mkdir "$T/repo"
    (cd "$T/repo" && git init -q && echo a >f && git add f &&
        git -c user.name=t -c user.email=t@t commit -qm one) >/dev/null 2>&1
    # shellcheck disable=SC2086
    (cd "$T/repo" && "$TINY" $QUICK --filter '^add$' --out "$T/git1.csv" >/dev/null 2>&1 &&
        echo b >f && "$TINY" $QUICK --filter '^add$' --out "$T/git2.csv" >/dev/null 2>&1)
    head=$(cd "$T/repo" && git rev-parse HEAD)
    check "inside a work tree the file records git_commit and git_dirty" \
        sh -c "grep -q '^# git_commit: $head' '$T/git1.csv' && grep -q '^# git_dirty: false' '$T/git1.csv'"
    check "... and a changed tracked file makes it dirty" grep -q '^# git_dirty: true' "$T/git2.csv"
else
    echo "SKIP: no git: the git context checks did not run"
fi

# ---- a stop (Ctrl-Z) longer than --timeout --------------------------------------------------
if command -v setsid >/dev/null 2>&1; then
    # its own session and process group, whose id is the pid it writes
    setsid sh -c 'echo $$ >"$1"; shift; exec "$@"' _ "$T/stop.pid" \
        "$FAULTY" --quiet --repetitions 60 --min-time 0.02 --warmup 0 --timeout 1 \
        --filter '^(ok_add|slow_20ms)$' --format csv --out "$T/stop.csv" \
        >/dev/null 2>"$T/stop.err" &
    sleep 1
    pgid=$(cat "$T/stop.pid")
    kill -STOP "-$pgid"
    sleep 2.5
    kill -CONT "-$pgid"
    wait $!
    check "stopped 2.5 s with --timeout 1, then resumed: exit 0" test $? = 0
    check "... no benchmark failed" sh -c "! grep -q '^# failed' '$T/stop.csv'"
else
    echo "SKIP: no setsid: the stop/resume check did not run"
fi

# ---- contention the reference kernels cannot see --------------------------------------------
if command -v taskset >/dev/null 2>&1 && taskset -c 0 true 2>/dev/null; then
    # As root benchrun raises its priority to nice -20; the other processes get the same, so
    # the scheduler shares the CPU instead of letting benchrun win.  Two of them, and batches
    # of 20 ms, longer than a scheduler slice: a worker that waits between its samples is
    # otherwise let back on the CPU at once when it wakes.
    [ "$(id -u)" = 0 ] && hog_nice=-20 || hog_nice=0
    nice -n $hog_nice taskset -c 0 sh -c 'while :; do :; done' &
    hog1=$!
    nice -n $hog_nice taskset -c 0 sh -c 'while :; do :; done' &
    hog2=$!
    # shellcheck disable=SC2086
    "$TINY" --quiet --repetitions 10 --min-time 0.02 --warmup 0 --cpu 0 --filter '^chain' \
        --out "$T/busy.csv" >"$T/busy.out" 2>&1
    kill $hog1 $hog2
    check "a process sharing the CPU: '# contended:' names the benchmarks" \
        grep -q '^# contended: chain/64: [0-9]* of [0-9]* samples lost more than 5 %' \
        "$T/busy.csv"
    check "... the console says so" grep -q 'CONTENDED: chain/64' "$T/busy.out"
    cp "$T/busy.csv" "$T/busy2.csv"
    "$top_builddir/benchcmp" "$T/busy.csv" "$T/busy2.csv" >/dev/null 2>"$T/busy.warn"
    check "benchcmp warns about a contended run" grep -q 'lost time to other work' "$T/busy.warn"
else
    echo "SKIP: no taskset or CPU 0: the contention checks did not run"
fi

# ---- small things ------------------------------------------------------------------------------
run_capture nomatch "$TINY" --list --filter zzz
check "--list with a filter matching nothing: exit 2, one line" \
    sh -c "test \"\$(cat '$T/nomatch.rc')\" = 2 && test \"\$(wc -l <'$T/nomatch.err')\" = 1"
run_capture help "$TINY" --help
check "--help shows the defaults" grep -q -- '--repetitions N .*\[default: 60\]' "$T/help.out"
if command -v script >/dev/null 2>&1; then
    # shellcheck disable=SC2086
    TERM=dumb script -qec "$TINY $QUICK --filter ^add\$ --out $T/dumb.csv" /dev/null \
        >"$T/dumb.out" 2>&1
    check "TERM=dumb on a terminal: no colour" sh -c "! grep -q \"\$(printf '\\033')\" '$T/dumb.out'"
    # shellcheck disable=SC2086
    TERM=xterm script -qec "$TINY $QUICK --filter ^add\$ --out $T/xterm.csv" /dev/null \
        >"$T/xterm.out" 2>&1
    check "TERM=xterm on a terminal: colour" grep -q "$(printf '\033')" "$T/xterm.out"
else
    echo "SKIP: no script(1): the colour checks did not run"
fi
finish
