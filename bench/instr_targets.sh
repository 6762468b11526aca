#!/bin/sh
# instr_targets.sh BUILDDIR SRCDIR [ROUNDS] - issue 13's targets for --measure instructions,
# measured (a benchmark, not a test: make bench-instr).  Needs valgrind; prints a table and
# exits 1 when a target is missed.
#
#   A/A          the example suite counted twice, and twice more while bench/noisy_neighbour.c
#                runs: per-benchmark medians against the first run, |delta| < 0.01 %
#   truth        bench/instr/truth.c's block calling truth_f against truth_f counted by hand:
#                callgrind over bench/instr/truth_driver calling it N and 2N times, within 0.5 %
#   sensitivity  bench/instr/graded.c built twice (+1 %, +3 %, +5 %, +10 %, -5 % work in five
#                blocks, five the same): benchcmp --threshold 0.5 flags exactly the five, in
#                their direction, in each of ROUNDS rounds (every other one with the neighbour)
#   profile      --profile two_helpers names helper_small and helper_big, inclusive counts in
#                the ratio 3 within 1 %
#   suite time   the wall time of the whole example suite under --measure instructions
set -u
B=$1
S=$2
ROUNDS=${3:-3}
T=$(mktemp -d "${TMPDIR:-/tmp}/instr-targets.XXXXXX")
nn=""
trap '[ -n "$nn" ] && kill "$nn" 2>/dev/null; rm -rf "$T"' EXIT
missed=0
command -v valgrind >/dev/null 2>&1 || { echo "instr_targets: valgrind is needed (apt-get install valgrind)" >&2; exit 2; }
CG="--quiet --measure instructions --counter callgrind"
report() { # target, result, pass(0/1)
    printf '%-50s %-62s %s\n' "$1" "$2" "$([ "$3" = 0 ] && echo ok || echo MISSED)"
    [ "$3" = 0 ] || missed=1
}
${CC:-cc} -O2 "$S/bench/noisy_neighbour.c" -o "$T/noisy" || exit 2
neighbour_on() { "$T/noisy" >/dev/null 2>&1 & nn=$!; sleep 1; }
neighbour_off() { kill "$nn" 2>/dev/null; wait "$nn" 2>/dev/null; nn=""; }
now() { date +%s.%N; }

# The largest |delta_pct| between two files, and how many benchmarks moved at all.
max_delta() {
    "$B/benchcmp" --format csv --fail-on none "$1" "$2" 2>/dev/null |
        awk -F, 'NR > 1 && $4 != "" {d = $4 < 0 ? -$4 : $4; if (d > m) m = d; if (d > 0) n++}
                 END {printf "%.6f %d\n", m, n}'
}

# ---- A/A, and the suite's time --------------------------------------------------------------
cd "$T" || exit 2
t0=$(now)
"$B/benchrun" $CG --out "$T/aa1.csv" >/dev/null
t1=$(now)
"$B/benchrun" $CG --out "$T/aa2.csv" >/dev/null
neighbour_on
t2=$(now)
"$B/benchrun" $CG --out "$T/nn1.csv" >/dev/null
t3=$(now)
"$B/benchrun" $CG --out "$T/nn2.csv" >/dev/null
neighbour_off
n=$(grep -v '^#' "$T/aa1.csv" | tail -n +2 | wc -l | tr -d ' ')
for f in aa2 nn1 nn2; do
    set -- $(max_delta "$T/aa1.csv" "$T/$f.csv")
    label="A/A: $f vs aa1 ($n benchmarks)"
    [ "$f" != aa2 ] && label="A/A with noisy neighbour: $f vs aa1"
    report "$label" "max |delta| $1 %, $2 benchmarks moved" \
        "$(awk -v d="$1" 'BEGIN {print (d < 0.01) ? 0 : 1}')"
done
quiet_s=$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.0f", b - a}')
noisy_s=$(awk -v a="$t2" -v b="$t3" 'BEGIN {printf "%.0f", b - a}')
t4=$(now)
"$B/benchrun" --quiet --out "$T/time.csv" >/dev/null
t5=$(now)
time_s=$(awk -v a="$t4" -v b="$t5" 'BEGIN {printf "%.0f", b - a}')
report "suite time: example suite, --measure instructions" \
    "${quiet_s} s quiet, ${noisy_s} s with the neighbour (time: ${time_s} s)" 0

# ---- truth --------------------------------------------------------------------------------------
"$B/bench/instr/truth" $CG --filter '^truth$' --out "$T/truth.csv" >/dev/null
block=$(grep '^truth,' "$T/truth.csv" | cut -d, -f5)
N=2000
by_hand() { # N -> total Ir of the driver, and truth_f's inclusive Ir (callgrind_annotate)
    valgrind -q --tool=callgrind --callgrind-out-file="$T/drv.$1" "$B/bench/instr/truth_driver" "$1" >/dev/null 2>&1
    total=$(awk '/^summary:/ {print $2; exit} /^totals:/ {t = $2} END {if (t) print t}' "$T/drv.$1" | head -1)
    incl=$(callgrind_annotate --inclusive=yes --threshold=100 "$T/drv.$1" 2>/dev/null |
        awk '/:truth_f / {gsub(",", "", $1); print $1; exit}')
    echo "$total ${incl:-0}"
}
set -- $(by_hand $N)
t_n=$1 f_n=$2
set -- $(by_hand $((2 * N)))
t_2n=$1 f_2n=$2
hand=$(awk -v a="$t_n" -v b="$t_2n" -v n="$N" 'BEGIN {printf "%.3f", (b - a) / n}')
hand_f=$(awk -v a="$f_n" -v b="$f_2n" -v n="$N" 'BEGIN {printf "%.3f", (b - a) / n}')
err=$(awk -v x="$block" -v y="$hand" 'BEGIN {d = 100 * (x / y - 1); printf "%.4f", d < 0 ? -d : d}')
report "truth: block vs callgrind by hand (N=$N, 2N)" \
    "$block vs $hand per call (truth_f alone: $hand_f); |diff| $err %" \
    "$(awk -v d="$err" 'BEGIN {print (d < 0.5) ? 0 : 1}')"

# ---- sensitivity --------------------------------------------------------------------------------
want="copy_plus10 regression
hash_plus3 regression
loop_plus1 regression
sort_plus5 regression
strlen_minus5 improvement"
r=1
while [ "$r" -le "$ROUNDS" ]; do
    noisy=""
    if [ $((r % 2)) = 0 ]; then neighbour_on; noisy=", noisy neighbour"; fi
    "$B/bench/instr/graded" $CG --out "$T/g_old.$r.csv" >/dev/null
    "$B/bench/instr/graded_changed" $CG --out "$T/g_new.$r.csv" >/dev/null
    [ -n "$nn" ] && neighbour_off
    "$B/benchcmp" --threshold 0.5 --format csv --fail-on none "$T/g_old.$r.csv" "$T/g_new.$r.csv" \
        >"$T/g.$r.cmp" 2>/dev/null
    got=$(awk -F, 'NR > 1 && $6 != "no-change" {print $1, $6}' "$T/g.$r.cmp")
    deltas=$(awk -F, 'NR > 1 && $6 != "no-change" {printf "%s%+.2f", sep, $4; sep = " "}' "$T/g.$r.cmp")
    report "sensitivity round $r$noisy" "flagged: $deltas" "$([ "$got" = "$want" ] && echo 0 || echo 1)"
    r=$((r + 1))
done

# ---- profile ------------------------------------------------------------------------------------
"$B/bench/instr/truth" --profile two_helpers --out "$T/two.callgrind" >"$T/prof.txt" 2>&1
incl() { awk -v f="$1" '$4 == f && !seen[f]++ {print $1}' "$T/prof.txt"; }
small=$(incl helper_small)
big=$(incl helper_big)
ratio=$(awk -v a="${small:-0}" -v b="${big:-0}" 'BEGIN {if (a > 0) printf "%.5f", b / a; else print 0}')
report "profile: helper_big / helper_small" "$big / $small = $ratio" \
    "$(awk -v r="$ratio" 'BEGIN {print (r > 2.97 && r < 3.03) ? 0 : 1}')"

exit $missed
