# shellcheck shell=sh
# Shared by the ctimeit shell tests, after tests/lib.sh: `ct` runs the build tree's ctimeit (under
# memcheck with BR_VALGRIND=1), FAST and QUICK keep its runs short, the cache is a scratch one
# in $T, and the test runs in the empty folder $T/work (empty_here: it stayed empty).
ct() { $VG "$top_builddir/ctimeit" "$@"; }
# In a sanitizer build the statements are built with the sanitizers too (benchrun-uninstalled.pc)
# and ASan would catch the crash itself and exit 1; let the signal through, as failures.sh does.
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}handle_segv=0:handle_sigbus=0:handle_sigfpe=0:handle_abort=0"
export ASAN_OPTIONS
FAST="--repetitions 3 --min-repetitions 3 --min-time 0.0005 --warmup 0"
# shellcheck disable=SC2034 # used by the scripts that source this
QUICK="--quiet $FAST"
XDG_CACHE_HOME="$T/cache"
export XDG_CACHE_HOME
mkdir "$T/work"
cd "$T/work" || exit 1
empty_here() { test -z "$(ls -A "$T/work")"; }
