#!/bin/sh
# ctimeit held to benchrun's standard (issue 25, points 8, 12, 13), through its real binary:
# a run whose every statement fails is reported as benchrun reports it (exit 1, not "no
# benchmarks"); a program that writes no results is an error; the cache runs only programs
# ctimeit built (planted links, files of the wrong mode or owner, a cache folder others may
# write: none of them runs); messages in the user's terms (a trailing backslash, a "compiler"
# that makes no program, a compile error quoted with a caret).
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/programs/ctimeit_lib.sh"

# ---- 8: every statement fails --------------------------------------------------------------
# docs/guide/ctimeit.md, verbatim: "A crashing statement is reported as benchrun reports it
# (`FAILED: ...: crashed with SIGSEGV`, exit 1)", with its example.
# shellcheck disable=SC2086
run_capture readme ct $QUICK -d 'int *p;' '*p = 1;'
check "the guide's crashing statement alone: exit 1, as benchrun" test "$(rc_of readme)" = 1
# A sanitized build compiles the statement with UBSan, which stops the null store itself
# (a runtime error, then its own exit) before the signal: any reason, but the FAILED line.
why='crashed with SIGSEGV'
[ -n "${SAN_FLAGS:-}" ] && why='.'
check "the table says FAILED: ...: crashed with SIGSEGV" \
    grep -q "FAILED: \\*p = 1;: $why" "$T/readme.out"
check "timeit's line says why" grep -q "^failed: $why" "$T/readme.out"
check "not refused as a results file without benchmarks" \
    sh -c '! grep -q "no benchmarks" "$1"' _ "$T/readme.err"
# shellcheck disable=SC2086
run_capture aborts ct $QUICK --out "$T/aborts.csv" 'abort()' '*(volatile int *)0 = 1;'
check "two statements, both failing: exit 1" test "$(rc_of aborts)" = 1
check "each named with its signal" \
    sh -c 'grep -q "FAILED: abort(): crashed with SIGABRT" "$1" &&
           grep -q "FAILED: \*(volatile int \*)0 = 1;: crashed with SIGSEGV" "$1"' _ "$T/aborts.out"
check "no ratios without a first result" grep -q '^no ratios' "$T/aborts.out"
check "--out saves the failures" grep -q '^# failed: abort(): crashed with SIGABRT' "$T/aborts.csv"
# shellcheck disable=SC2086
run_capture hang ct $QUICK --timeout 0.3 'for (;;) {}'
check "a statement that hangs: exit 1, timed out" \
    sh -c 'test "$(cat "$1.rc")" = 1 && grep -q "FAILED: for (;;) {}: timed out" "$1.out"' _ "$T/hang"

# A program that exits 0 before it measures (a -d constructor calling exit) wrote no results:
# one line, and no success.
# shellcheck disable=SC2086
run_capture noresults ct $QUICK -d '__attribute__((constructor)) static void quit(void) { exit(0); }' \
    'strlen("a")'
check "no results: exit 1" test "$(rc_of noresults)" = 1
check "no results: one line saying so" \
    sh -c 'test "$(wc -l <"$1")" = 1 && grep -q "^ctimeit: .*wrote no results" "$1"' _ "$T/noresults.err"

# ---- 12: the cache runs only what ctimeit built -----------------------------------------
# The planted program leaves a marker; ctimeit must compile anew and measure instead.
printf '#!/bin/sh\ntouch "%s/RAN"\n' "$T" >"$T/planted"
chmod 755 "$T/planted"
# shellcheck disable=SC2086
run_capture first ct $FAST 'strlen("planted")'
key=$(sed -n 's/^ctimeit: compiled \(.*\) in .*/\1/p' "$T/first.err")
check "compiled into the cache" test -x "$key"
ran() { test -e "$T/RAN"; }
# planted DESCRIPTION: runs the statement again, expecting the planted program not to run
planted() {
    # shellcheck disable=SC2086
    run_capture planted ct $FAST 'strlen("planted")'
    if ! ran && [ "$(rc_of planted)" = 0 ] && grep -q 'loops, best of 3' "$T/planted.out" &&
        grep -q "^ctimeit: warning: .*$1" "$T/planted.err"; then
        ok "$2"
    else
        not_ok "$2 (rc $(rc_of planted), ran: $(ran && echo yes || echo no)): $(cat "$T/planted.err")"
    fi
    rm -f "$T/RAN"
}
rm -f "$key" && ln -s "$T/planted" "$key"
planted "was a symbolic link" "a symbolic link at the key: not run, compiled anew and measured"
check "the link replaced by a program" sh -c 'test ! -L "$1" && test -x "$1"' _ "$key"
rm -f "$key" && cp "$T/planted" "$key" && chmod 777 "$key"
planted "was writable by others" "a world-writable file at the key: not run, compiled anew"
rm -f "$key" && cp "$T/planted" "$key" && chmod 775 "$key"
planted "was writable by others" "a group-writable file at the key: not run"
if [ "$(id -u)" = 0 ] && id nobody >/dev/null 2>&1; then
    rm -f "$key" && cp "$T/planted" "$key" && chown nobody "$key"
    planted "was owned by another user" "another user's file at the key: not run"
else
    skip "another user's file at the key" "needs root to give a file away"
fi
# A cache folder others may write: not used at all (whatever sits in it, even a file of ours).
rm -f "$key" && cp "$T/planted" "$key" && chmod 755 "$key"
chmod 777 "$T/cache/ctimeit"
mkdir "$T/tmp"
TMPDIR="$T/tmp" planted "cache folder $T/cache/ctimeit is writable by others" \
    "a world-writable cache folder: not used, the program compiled privately and measured"
check "the private folder removed after the run" test -z "$(ls -A "$T/tmp")"
check "the planted file left alone" cmp -s "$T/planted" "$key"
# shellcheck disable=SC2086
TMPDIR="$T/tmp" run_capture private ct $QUICK --out "$T/private.csv" 'strlen("planted")'
check "its results file names no binary that is gone" \
    sh -c 'grep -q "^# ctimeit_compile:" "$1" && ! grep -q "^# ctimeit_binary" "$1"' _ "$T/private.csv"
chmod 700 "$T/cache/ctimeit"
rm -f "$key"
# A link planted where the source goes: replaced, the file it names left alone.
echo victim >"$T/victim"
rm -f "$key.c" && ln -s "$T/victim" "$key.c"
# shellcheck disable=SC2086
run_capture srclink ct $QUICK 'strlen("planted")'
check "a link at the source's name: compiled, measured, its target untouched" \
    sh -c 'test "$(cat "$1.rc")" = 0 && test ! -L "$2.c" && test "$(cat "$3")" = victim' \
    _ "$T/srclink" "$key" "$T/victim"

# ---- 13: messages in the user's terms ---------------------------------------------------
# shellcheck disable=SC2086
run_capture backslash ct $QUICK -d 'int x; \' 'x'
check "-d 'int x; \\': a trailing backslash splices nothing of ctimeit's (exit 0, measured)" \
    sh -c 'test "$(cat "$1.rc")" = 0 && grep -q "loops, best of 3" "$1.out"' _ "$T/backslash"
check "and no stray '#'" sh -c '! grep -q "stray" "$1"' _ "$T/backslash.err"
# shellcheck disable=SC2086
run_capture true ct $QUICK --cc /bin/true 'x'
check "--cc /bin/true: exit 2, one line: the compiler produced no program" \
    sh -c 'test "$(cat "$1.rc")" = 2 && test "$(wc -l <"$1.err")" = 1 &&
           grep -q "^ctimeit: --cc /bin/true: .*produced no program" "$1.err"' _ "$T/true"
# shellcheck disable=SC2086
run_capture quote ct $QUICK -d 'int y;' -s 'y = 1;
y = 2; nosuch = 3' 'strlen("a")' 'strlen("a", 2)'
check "a compile error: exit 2" test "$(rc_of quote)" = 2
# The statement quoted with a caret under the column the compiler names (as Python's timeit).
col=$(sed -n 's/^statement 2:1:\([0-9]*\): error.*/\1/p' "$T/quote.err" | head -1)
caret=$(printf '    %*s^' $((col - 1)) '')
check "the statement quoted under its message" \
    sh -c 'grep -A2 "^statement 2:1:[0-9]*: error" "$1" | grep -qxF "    strlen(\"a\", 2)"' \
    _ "$T/quote.err"
check "a caret under column $col" \
    sh -c 'grep -A2 "^statement 2:1:[0-9]*: error" "$1" | grep -qxF "$2"' _ "$T/quote.err" "$caret"
check "the set-up's line 2 quoted, the caret under nosuch" \
    sh -c 'grep -A2 "^setup:2:8: error" "$1" | grep -qxF "    y = 2; nosuch = 3" &&
           grep -A2 "^setup:2:8: error" "$1" | grep -qxF "           ^"' _ "$T/quote.err"
check "no compiler line names ctimeit's cache or functions" \
    sh -c '! grep -v "^ctimeit: " "$1" | grep -q "$2\|bench__\|ctimeit__"' _ "$T/quote.err" "$T/cache"

check "nothing written in the current folder" empty_here
finish
