#!/bin/sh
# What happens when things go wrong, through the real binary: a snippet that segfaults, aborts,
# exits, hangs; an interrupted run (one and two signals); an existing --out; bad flags.
. "$top_srcdir/tests/lib.sh"
FAULTY="$top_builddir/tests/fixtures/faulty_bench"
# In a sanitizer build, ASan would catch the crashes itself and exit 1; let the signals through,
# since what is tested here is benchrun's isolation of them.
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}handle_segv=0:handle_sigbus=0:handle_sigfpe=0:handle_abort=0"
export ASAN_OPTIONS
QUICK="--quiet --repetitions 5 --min-time 0.0005 --warmup 0"

# ---- crashes cost only themselves --------------------------------------------------------
# shellcheck disable=SC2086
run_capture crash "$FAULTY" $QUICK --timeout 2 --format csv --out "$T/crash.csv" \
    --filter '^(ok_add|segfaults|aborts|exits|hangs|crashes_late)$'
check "a failed benchmark makes the run exit 1" test "$(rc_of crash)" = 1
check "the good benchmark still has its row" grep -q '^ok_add,' "$T/crash.csv"
check "segfault reported with the signal's name" \
    grep -q '^# failed: segfaults: crashed with SIGSEGV' "$T/crash.csv"
check "abort reported" grep -q '^# failed: aborts: crashed with SIGABRT' "$T/crash.csv"
check "exit() reported with its status" grep -q '^# failed: exits: exited with status 3' "$T/crash.csv"
check "a hang is killed at --timeout" grep -q '^# failed: hangs: timed out after 2 s' "$T/crash.csv"
check "a late crash loses its samples, no row" grep -q '^# failed: crashes_late: crashed with SIGBUS' "$T/crash.csv"
check "failed benchmarks have no data row" test "$(grep -c '^[a-z]' "$T/crash.csv")" = 2
check "status complete" grep -q '^# status: complete' "$T/crash.csv"
check "stdout is the same file" cmp -s "$T/crash.out" "$T/crash.csv"
run_capture crashcon "$FAULTY" $QUICK --timeout 2 --out "$T/crash2.csv" --filter '^(ok_add|segfaults)$'
check "console shows the failure" grep -q 'FAILED: segfaults: crashed with SIGSEGV' "$T/crashcon.out"

# A child that dies while idle: the next command hits a closed pipe (SIGPIPE must not end the
# run).  slow_20ms samples (0.2 s each) give the timer time to fire between its commands.
# shellcheck disable=SC2086
run_capture idle "$FAULTY" --quiet --repetitions 6 --min-time 0.2 --warmup 0 --format csv \
    --out "$T/idle.csv" --filter '^(dies_idle|slow_20ms)$'
check "a child dying between samples fails only itself" test "$(rc_of idle)" = 1
check "it is reported with its signal" grep -q '^# failed: dies_idle: .*SIGALRM' "$T/idle.csv"
check "the other benchmark completes" grep -q '^slow_20ms,[0-9]*,6,' "$T/idle.csv"

# ---- interrupted runs ----------------------------------------------------------------------
interrupt() { # name signal count gap [min-time] [flags] [filter]
    # shellcheck disable=SC2086
    # 200 samples of 20 ms (4 s) with the budget to take them all: the signal at 1.5 s always
    # comes mid-run, whatever the load.
    "$FAULTY" --quiet --repetitions 200 --max-time 10 --min-time ${5:-0.02} ${6:-} --warmup 0 \
        --format csv \
        --filter "${7:-^(ok_add|slow_20ms)\$}" --out "$T/$1.csv" >"$T/$1.out" 2>"$T/$1.err" &
    pid=$!
    sleep 1.5
    for _ in $(seq "$3"); do kill -s "$2" "$pid"; sleep "$4"; done
    wait "$pid"
    echo $? >"$T/$1.rc"
}
interrupt int INT 1 0
check "SIGINT: exit 130" test "$(rc_of int)" = 130
check "SIGINT: marked interrupted" grep -q '^# status: interrupted' "$T/int.csv"
check "SIGINT: the samples so far are kept" grep -q '^slow_20ms,' "$T/int.csv"
check "SIGINT: fewer samples than asked" sh -c "! grep -q '^slow_20ms,[0-9]*,200,' '$T/int.csv'"
check "SIGINT: the fewer samples are said in the file" \
    grep -q '^# short: slow_20ms: [0-9]* of 200 samples (the run was interrupted)' "$T/int.csv"
interrupt term TERM 1 0
check "SIGTERM: exit 143" test "$(rc_of term)" = 143
check "SIGTERM: marked interrupted" grep -q '^# status: interrupted' "$T/term.csv"
# A signal to the process and then to its group (Ctrl-C on a terminal, coreutils timeout): one
# interruption, the file saved.
interrupt group INT 2 0.05
check "signal to the process and its group: one interruption, exit 130" \
    test "$(rc_of group)" = 130
check "signal to the process and its group: the file is saved" \
    grep -q '^# status: interrupted' "$T/group.csv"
# In-process with a long batch (calibration: 20 ms twice, 200 ms, then 2.4 s batches from
# 0.24 s on), the first signal (at 1.5 s) waits for the batch to end; the second, 1.3 s later,
# comes during the next one and must end the process at once.
interrupt twice INT 2 1.3 2 --no-fork '^slow_20ms$'
check "second SIGINT: exits at once, status 3 (nothing saved)" test "$(rc_of twice)" = 3
check "second SIGINT: no results file" test ! -e "$T/twice.csv"
check "second SIGINT: no temporary left" test -z "$(ls -A "$T" | grep '^\.benchrun-')"
check "second SIGINT: says so" grep -q 'no results file written' "$T/twice.err"

# A signal while the CPU is chosen, before any benchmark: the run is interrupted and saves its
# file (status interrupted, no rows). The run is watched through /proc until it pins itself to
# one CPU (the first thing it does to the machine); SIGINT must already be caught then.
caught_when_pinned() { # pid: prints the SigCgt seen with the first single-CPU affinity
    while kill -0 "$1" 2>/dev/null; do
        sigcgt="" cpus=""
        while IFS=':	' read -r key value; do
            case $key in SigCgt) sigcgt=$value ;; Cpus_allowed_list) cpus=$value ;; esac
        done <"/proc/$1/status"
        case $cpus in *[,-]* | "") ;; *) echo "$sigcgt" && return ;; esac
    done
}
if [ -r /proc/self/status ] && [ "$(nproc)" -gt 1 ]; then
    "$FAULTY" --quiet --repetitions 200 --max-time 10 --min-time 0.02 --warmup 0 \
        --filter '^slow_20ms$' --out "$T/early.csv" >/dev/null 2>"$T/early.err" &
    pid=$!
    sigcgt=$(caught_when_pinned $pid)
    kill -s INT $pid
    wait $pid
    rc=$?
    case ${sigcgt#"${sigcgt%?}"} in [2367abef]) ok "SIGINT is caught before the CPU is chosen" ;;
    *) not_ok "SIGINT is caught before the CPU is chosen (SigCgt '$sigcgt' when pinned)" ;; esac
    check "interrupted while starting: exit 130 ($rc), the file saved" \
        test $rc = 130 -a -n "$(grep '^# status: interrupted' "$T/early.csv")"
else
    echo "SKIP: one CPU or no /proc: the start-up interruption check did not run"
fi

# coreutils timeout signals benchrun, then the whole group: every run saves its file.
if command -v timeout >/dev/null 2>&1; then
    lost=0
    for i in 1 2 3; do
        for sig in INT TERM; do
            # shellcheck disable=SC2086
            timeout --preserve-status -s $sig 1.2 "$FAULTY" --quiet --repetitions 200 --max-time 10 \
                --min-time 0.02 --warmup 0 --filter '^(ok_add|slow_20ms)$' \
                --out "$T/to$i$sig.csv" >/dev/null 2>"$T/to$i$sig.err"
            rc=$?
            if ! grep -q '^# status: interrupted' "$T/to$i$sig.csv" 2>/dev/null ||
                { [ $sig = INT ] && [ $rc != 130 ]; } || { [ $sig = TERM ] && [ $rc != 143 ]; }; then
                lost=$((lost + 1))
                echo "# lost: run $i, SIG$sig: status $rc; $(grep -h "^# status" "$T/to$i$sig.csv" 2>&1); $(tail -n 2 "$T/to$i$sig.err")"
            fi
        done
    done
    check "timeout -s INT|TERM: 6 of 6 runs saved their file with status 130/143" test $lost = 0
else
    echo "SKIP: no coreutils timeout: the group-signal check did not run"
fi

# ---- never overwrite ----------------------------------------------------------------------
echo precious >"$T/keep.csv"
run_capture exists "$FAULTY" $QUICK --filter '^ok_add$' --out "$T/keep.csv"
check "existing --out refused, exit 2" test "$(rc_of exists)" = 2
check "existing --out untouched" test "$(cat "$T/keep.csv")" = precious
check "the error names the file and --force" grep -q "keep.csv exists (--force" "$T/exists.err"
run_capture force "$FAULTY" $QUICK --filter '^ok_add$' --out "$T/keep.csv" --force
check "--force overwrites" grep -q '^ok_add,' "$T/keep.csv"

# ---- contradictory and malformed flags ------------------------------------------------------
for args in "--timeout 0" "--timeout 5 --no-fork" "--min-repetitions 9 --repetitions 3" \
    "--force" "--repetitions" "--cpu 999"; do
    # shellcheck disable=SC2086
    run_capture flag "$FAULTY" $args --filter '^ok_add$'
    if [ "$(rc_of flag)" = 2 ] && [ "$(lines_of "$T/flag.err")" = 1 ] &&
        grep -q -- "--[a-z-]*:" "$T/flag.err"; then ok "refused: $args"
    else not_ok "refused: $args (rc $(rc_of flag)): $(cat "$T/flag.err")"; fi
done

# ---- in-process mode still works ------------------------------------------------------------
# shellcheck disable=SC2086
run_capture nofork "$FAULTY" $QUICK --no-fork --filter '^ok_add$' --format csv --out "$T/nofork.csv"
check "--no-fork runs in-process" grep -q '^ok_add,' "$T/nofork.csv"
finish
