#!/bin/sh
# Mutation testing of the core rules (tests/README.md): each mutant of tests/mutants/list - one
# exact piece of source text replaced by another - is applied alone, the internal library and
# the mutant's unit tests are rebuilt, the tests run, and the source is put back (always: on
# failure, Ctrl-C and kill too).  A mutant is killed when one of its tests fails.
#   tests/mutants/run.sh [--list] [ID...]      (from the build tree; or `make mutants`)
# Exit 0 when every mutant was killed or survived as listed (`equivalent`), 1 when one survived
# (or one listed as equivalent was killed: its reason is wrong), 2 when the list or the tree is
# wrong: a pattern that no longer matches exactly once, a mutant that does not build, a test
# that fails on the unmutated tree.
set -u
: "${top_srcdir:=.}" "${top_builddir:=.}" "${MAKE:=make}"
LIST=${MUTANTS_LIST:-$top_srcdir/tests/mutants/list}
TIMEOUT=${MUTANTS_TIMEOUT:-300} # seconds per test program: a mutant may loop for ever

die() { echo "mutants: $*" >&2; exit 2; }
[ -f "$LIST" ] || die "no list: $LIST"
only_list=no
if [ "${1:-}" = --list ]; then only_list=yes; shift; fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/mutants.XXXXXX") || exit 2
current="" # the source file a mutant is applied to, while it is
restore() {
    if [ -n "$current" ]; then
        cp "$tmp/original" "$current" && echo "mutants: $current restored"
        current=""
        # The library's objects are a mutant's until rebuilt: rebuild them now, or say so.
        [ "${finished:-no}" = yes ] ||
            echo "mutants: interrupted; run make to rebuild what the mutant left in the build" >&2
    fi
    rm -rf "$tmp"
}
trap restore EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

# ---- the list: one directory per mutant, a file per field (values kept byte for byte) -------
LC_ALL=C awk -v dir="$tmp" '
    function fail(msg) { printf "mutants: %s:%d: %s\n", FILENAME, FNR, msg > "/dev/stderr"; bad = 1; exit 2 }
    /^[ \t]*(#|$)/ { next }
    {
        key = $1
        value = $0
        sub(/^[ \t]*[a-z]+[ \t]*/, "", value) # the key and the blanks after it
        sub(/[ \t]+$/, "", value)               # and trailing blanks, which editors add
        if (key == "mutant") {
            if (value !~ /^[A-Za-z0-9_.-]+$/) fail("mutant needs an id of letters, digits, . _ -")
            if (value in seen) fail("mutant " value " listed twice")
            seen[value] = 1
            n++
            m = sprintf("%s/%03d", dir, n)
            system("mkdir " m)
            printf "%s", value > (m "/id")
            close(m "/id")
            next
        }
        if (!n) fail("a field before the first mutant line")
        if (key !~ /^(file|from|to|tests|equivalent|why)$/) fail("unknown field " key)
        printf "%s", value > (m "/" key)
        close(m "/" key)
    }
    END { if (!bad && !n) { print "mutants: the list is empty" > "/dev/stderr"; exit 2 } }
' "$LIST" || exit 2

# The mutants asked for (all when no id is given).
selected=""
for m in "$tmp"/[0-9]*; do
    id=$(cat "$m/id")
    for f in file from to tests; do [ -s "$m/$f" ] || [ "$f" = to ] || die "$id: no '$f' line"; done
    [ -f "$m/to" ] || die "$id: no 'to' line"
    if [ $# -eq 0 ]; then
        selected="$selected $m"
    else
        for want in "$@"; do [ "$want" = "$id" ] && selected="$selected $m"; done
    fi
done
if [ "$only_list" = yes ]; then
    for m in $selected; do printf '%-34s %s\n' "$(cat "$m/id")" "$(cat "$m/file")"; done
    exit 0
fi
[ -n "$selected" ] || die "no mutant with the id(s): $*"
for want in "$@"; do grep -qx -- "$want" "$tmp"/*/id || die "no mutant with the id $want"; done

# mutate SRC OUT: SRC with the mutant's `from` text replaced by its `to` text in OUT; prints how
# many times `from` occurs (the mutant applies only when that is exactly 1).  ENVIRON, not -v:
# awk -v would interpret the backslashes of C source.
mutate() {
    LC_ALL=C awk '
        BEGIN { from = ENVIRON["MUT_FROM"]; to = ENVIRON["MUT_TO"]; n = 0 }
        {
            line = $0; out = ""
            while ((i = index(line, from)) > 0) {
                n++
                out = out substr(line, 1, i - 1) to
                line = substr(line, i + length(from))
            }
            lines[NR] = out line
        }
        END {
            for (k = 1; k <= NR; k++) print lines[k] > ENVIRON["MUT_OUT"]
            print n
        }' "$1"
}

# Every selected pattern must match exactly once before anything runs: a list that drifted from
# the sources fails loudly here, not as a silently skipped mutant.
tests_all=""
for m in $selected; do
    id=$(cat "$m/id")
    src="$top_srcdir/$(cat "$m/file")"
    [ -f "$src" ] || die "$id: no file $src"
    count=$(MUT_FROM=$(cat "$m/from") MUT_TO=$(cat "$m/to") MUT_OUT="$m/mutated" mutate "$src")
    [ "$count" = 1 ] || die "$id: the text '$(cat "$m/from")' occurs $count times in $(cat "$m/file"), not once: update the list"
    cmp -s "$src" "$m/mutated" && die "$id: 'to' equals 'from'"
    # shellcheck disable=SC2013 # the tests are words on one line
    for t in $(cat "$m/tests"); do
        case " $tests_all " in *" $t "*) ;; *) tests_all="$tests_all $t" ;; esac
    done
done

# build TESTS...: the internal library and the test programs, output in $tmp/build.log.
build() { $MAKE -C "$top_builddir" libbenchrun-internal.la "$@" >"$tmp/build.log" 2>&1; }
# run_tests TESTS...: the first that fails, or nothing when all pass.
run_tests() {
    for t in "$@"; do
        if command -v timeout >/dev/null 2>&1; then
            timeout "$TIMEOUT" "$top_builddir/$t" >"$tmp/test.log" 2>&1 || { echo "$t"; return; }
        else
            "$top_builddir/$t" >"$tmp/test.log" 2>&1 || { echo "$t"; return; }
        fi
    done
}

start=$(date +%s)
nsel=$(echo "$selected" | wc -w | tr -d " ")
# shellcheck disable=SC2086
build $tests_all || { cat "$tmp/build.log"; die "the unmutated tree does not build"; }
# shellcheck disable=SC2086
failed=$(run_tests $tests_all)
[ -z "$failed" ] || { cat "$tmp/test.log"; die "$failed fails on the unmutated tree"; }
echo "mutants: $nsel from $LIST; their tests ($(echo "$tests_all" | wc -w | tr -d " ")) pass unmutated"

killed=0 survived=0 equivalent=0 wrong=0
for m in $selected; do
    id=$(cat "$m/id")
    current="$top_srcdir/$(cat "$m/file")"
    cp "$current" "$tmp/original"
    cp "$m/mutated" "$current"
    t0=$(date +%s)
    # shellcheck disable=SC2046
    if ! build $(cat "$m/tests"); then
        cp "$tmp/original" "$current"
        current=""
        tail -20 "$tmp/build.log"
        die "$id does not build: fix its 'to' text"
    fi
    # shellcheck disable=SC2046
    by=$(run_tests $(cat "$m/tests"))
    cp "$tmp/original" "$current"
    current=""
    secs=$(($(date +%s) - t0))
    if [ -n "$by" ] && [ -s "$m/equivalent" ]; then
        wrong=$((wrong + 1))
        printf 'KILLED    %-34s by %s (%ss), yet listed as equivalent: remove the mark\n' "$id" "$by" "$secs"
    elif [ -n "$by" ]; then
        killed=$((killed + 1))
        printf 'killed    %-34s by %s (%ss)\n' "$id" "$by" "$secs"
    elif [ -s "$m/equivalent" ]; then
        equivalent=$((equivalent + 1))
        printf 'equivalent %-33s survived, as listed: %s\n' "$id" "$(cat "$m/equivalent")"
    else
        survived=$((survived + 1))
        printf 'SURVIVED  %-34s %s: %s -> %s (tests: %s)\n' "$id" "$(cat "$m/file")" \
            "$(cat "$m/from")" "$(cat "$m/to")" "$(cat "$m/tests")"
    fi
done

# The sources are the originals again; so must the library's objects be.
# shellcheck disable=SC2086
build $tests_all || { cat "$tmp/build.log"; die "the restored tree does not build"; }
finished=yes
note=""
[ "$wrong" -eq 0 ] || note=", $wrong listed as equivalent but killed"
echo "mutants: $killed killed, $survived survived, $equivalent equivalent (as listed)$note;" \
    "$(($(date +%s) - start)) s"
[ "$survived" -eq 0 ] && [ "$wrong" -eq 0 ]
