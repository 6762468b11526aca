#!/bin/sh
# The benchmark of the benchmark: the same snippets through benchrun (defaults) and through a
# direct Google Benchmark program (--benchmark_repetitions=10), interleaved, several rounds;
# then benchcmp on A/A and A/B pairs, and the slow snippets.  Prints one table (report.py).
# It is a benchmark, not a test: it never fails on timing.
#   usage: bench/harness/run.sh BUILD_DIR [ROUNDS]      (make bench-harness does this)
#   HARNESS_KEEP=DIR keeps the results files.
set -eu
B=$(cd "${1:-.}" && pwd)
ROUNDS=${2:-3}
here=$(cd "$(dirname "$0")" && pwd)
NATIVE="$B/bench/harness/harness_native"
GB="$B/bench/harness/harness_gb"
CMP="$B/benchcmp"
PY=$(command -v /usr/bin/python3 || command -v python3)
T=$(mktemp -d "${TMPDIR:-/tmp}/harness.XXXXXX")
trap 'rm -rf "$T"' EXIT
COMPUTE='^(empty_body|empty_call|mul_chain_1024|mul_chain_2048|memcpy_4k|qsort_256|fnv1a_1k|strlen_64)$'

now() { date +%s.%N; }
wall() { # name command...: runs it, appends "name seconds" to $T/wall
    n=$1; shift
    t0=$(now); "$@"; t1=$(now)
    echo "$n $(echo "$t1 - $t0" | bc -l)" >>"$T/wall"
}

for r in $(seq "$ROUNDS"); do
    echo "round $r/$ROUNDS: benchrun" >&2
    wall "native_$r" "$NATIVE" --quiet --filter "$COMPUTE" --out "$T/native_$r.csv" >/dev/null
    echo "round $r/$ROUNDS: Google Benchmark" >&2
    wall "gb_$r" "$GB" --benchmark_repetitions=10 --benchmark_filter="$COMPUTE" \
        --benchmark_format=json --benchmark_out="$T/gb_$r.json" >/dev/null 2>&1
done

# Accuracy within one machine state: five short pairs per snippet, benchrun then GB on the
# same CPU (matched.sh); lazy_chain_100's first call is 0.4 s slow.
sh "$here/matched.sh" "$B" "$T" empty_call strlen_64 memcpy_4k mul_chain_1024 mul_chain_2048 \
    fnv1a_1k qsort_256 lazy_chain_100 >"$T/matched.txt"

# The CI loop as CI runs it: three runs of the same binary back to back, compared pairwise,
# must raise no alarm (A/A); a run in which two snippets do twice the work must be flagged on
# exactly those (A/B).
for r in 1 2 3; do
    echo "A/A run $r" >&2
    "$NATIVE" --quiet --filter "$COMPUTE" --out "$T/aa_$r.csv" >/dev/null
done
echo "A/B run (mul_chain_2048 and qsort_256 doubled)" >&2
HARNESS_DOUBLE=mul_chain_2048,qsort_256 "$NATIVE" --quiet --filter "$COMPUTE" \
    --out "$T/ab.csv" >/dev/null
for pair in "1 2" "1 3" "2 3"; do
    set -- $pair
    rc=0; "$CMP" --format csv "$T/aa_$1.csv" "$T/aa_$2.csv" >"$T/aa_$1_$2.csv" || rc=$?
    echo "aa_$1_$2 $rc" >>"$T/cmp_rc"
done
rc=0; "$CMP" --format csv "$T/aa_3.csv" "$T/ab.csv" >"$T/ab_cmp.csv" || rc=$?
echo "ab $rc" >>"$T/cmp_rc"

echo "slow snippets" >&2
wall "sleep_1ms" "$NATIVE" --quiet --filter '^sleep_1ms$' --out "$T/sleep_1ms.csv" >/dev/null
wall "sleep_500ms" "$NATIVE" --quiet --filter '^sleep_500ms$' --out "$T/sleep_500ms.csv" >/dev/null

"$PY" "$here/report.py" "$T" "$ROUNDS"
# HARNESS_KEEP=DIR keeps every results file of the run for a closer look.
if [ -n "${HARNESS_KEEP:-}" ]; then mkdir -p "$HARNESS_KEEP" && cp "$T"/* "$HARNESS_KEEP"/; fi
