#!/bin/sh
# bench/reallib/alloc_sqlite.sh BUILDDIR SRCDIR [RUNS] - issue 29's points 3 and 4 on real code:
# RUNS runs (default 17, as in the issue) of one build of bench/reallib/sqlite_insert.c with
# benchrun's default options, then `benchcmp` of every run against the first, with its default
# options too, as a CI job that compares two runs of unchanged code would.  A benchmark of the
# harness, not a test: it prints the numbers for docs/measurement.md and never fails on them.
#
# Per run: the calibrated iterations (which set the state the counting batches start from),
# allocs/op and B/op (the mean of the counting batches, and their least..most where they
# differ), and the leak or retained-until-teardown line.  Per comparison: the exit status, the
# time verdict and the allocs/op and B/op verdicts.  Then the counts: how many comparisons
# exit 1 (target 0), how many because of allocations, how many are unsure, how many runs name
# a LEAK.  The time verdicts of separate runs on a busy machine can fail on their own (the
# issue's paired runs are the remedy for that); the summary tells them apart.
#
#   make bench-alloc [ALLOC_RUNS=17]
set -u
build=${1:?usage: alloc_sqlite.sh BUILDDIR SRCDIR [RUNS]}
src=${2:?usage: alloc_sqlite.sh BUILDDIR SRCDIR [RUNS]}
runs=${3:-17}
if ! pkg-config --exists sqlite3 2>/dev/null; then
    echo "alloc_sqlite.sh: no sqlite3 for pkg-config (libsqlite3-dev): nothing to measure"
    exit 77
fi
T=${ALLOC_KEEP:-$(mktemp -d "${TMPDIR:-/tmp}/benchrun-alloc.XXXXXX")}
mkdir -p "$T"
[ -n "${ALLOC_KEEP:-}" ] || trap 'rm -rf "$T"' EXIT
# -g: a leak line names file:line
# shellcheck disable=SC2046 # the flags split into words
${CC:-cc} -O2 -g -o "$T/sqlite_insert" "$src/bench/reallib/sqlite_insert.c" \
    $(PKG_CONFIG_PATH="$build" pkg-config --cflags --libs benchrun-uninstalled sqlite3) || exit 2

# field FILE COLUMN: the column's value in the one row of a results file
field() {
    grep -v '^#' "$1" | awk -F, -v c="$2" \
        'NR == 1 { for (i = 1; i <= NF; i++) at[$i] = i; next } { print (c in at) ? $(at[c]) : "" }'
}
# range FILE METRIC: "mean" or "mean (min..max)"
range() {
    lo=$(field "$1" "${2}_min") hi=$(field "$1" "${2}_max")
    printf '%.6g%s' "$(field "$1" "$2")" "${lo:+ ($(printf '%.6g..%.6g' "$lo" "$hi"))}"
}
# verdict OUT LABEL: the verdict of benchcmp's console row that starts with LABEL
verdict() {
    awk -v l="$2" '$1 == l { for (i = 2; i <= NF; i++) if ($i ~ /^(~|unsure|regression|improvement|no-change|too-few-samples)$/) { print $i; exit } }' "$1"
}

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg); CPUs: $(nproc)"
i=1
while [ "$i" -le "$runs" ]; do
    "$T/sqlite_insert" --quiet --out "$T/r$i.csv" >/dev/null 2>"$T/r$i.err" ||
        { echo "run $i failed:"; cat "$T/r$i.err"; exit 2; }
    # "retained 22.75 B/op", "LEAK 16 B/op; most allocated at f (file.c:12)"
    note=$(sed -nE 's/^# retained: [^:]*: ([^ ]+ B\/op).*/retained \1/p
        s/^# leak: [^:]*: ([^ ]+ B\/op)[^;]*(;.*)?/LEAK \1\2/p' "$T/r$i.csv" | tr '\n' ' ')
    printf 'run %2d: iterations %6s  allocs/op %-28s B/op %-26s %s\n' "$i" \
        "$(field "$T/r$i.csv" iterations)" "$(range "$T/r$i.csv" allocs_per_op)" \
        "$(range "$T/r$i.csv" alloc_bytes_per_op)" "${note:-(no growth)}"
    i=$((i + 1))
done
echo "load average after the runs: $(cut -d' ' -f1-3 /proc/loadavg)"

fail=0 fail_mem=0 unsure=0 i=2
while [ "$i" -le "$runs" ]; do
    "$build/benchcmp" --no-color "$T/r1.csv" "$T/r$i.csv" >"$T/c$i.out" 2>/dev/null
    rc=$?
    t=$(verdict "$T/c$i.out" sqlite_insert) a=$(verdict "$T/c$i.out" allocs/op)
    b=$(verdict "$T/c$i.out" B/op)
    printf 'run 1 vs %2d: exit %s  time %-15s allocs/op %-11s B/op %s\n' "$i" "$rc" "$t" \
        "${a:--}" "${b:--}"
    [ "$rc" = 1 ] && fail=$((fail + 1))
    case "$a $b" in *regression* | *improvement*) fail_mem=$((fail_mem + 1)) ;; esac
    case "$a $b" in *unsure*) unsure=$((unsure + 1)) ;; esac
    i=$((i + 1))
done
n=$((runs - 1))
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "benchcmp, $n runs against the first: $fail exit 1 (target 0); $fail_mem with an allocs/op or B/op change; $unsure unsure allocation counts"
echo "runs that vary between counting batches: $(grep -l '^sqlite_insert,' "$T"/r*.csv | while read -r f; do [ -n "$(field "$f" allocs_per_op_min)$(field "$f" alloc_bytes_per_op_min)" ] && echo x; done | wc -l) of $runs"
echo "runs with a LEAK line: $(grep -l '^# leak: ' "$T"/r*.csv | wc -l) of $runs; with retained until teardown: $(grep -l '^# retained: ' "$T"/r*.csv | wc -l)"
