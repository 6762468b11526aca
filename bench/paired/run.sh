#!/bin/sh
# bench/paired/run.sh BUILDDIR SRCDIR ROUNDS [NOISE] - paired runs against separate runs on a
# graded suite (bench/paired/graded.c: four identical blocks; +1 %, +3 %, +5 %, +10 %, -5 % of
# work), with and without a noisy neighbour (bench/noisy_neighbour.c) - issue 12's targets.
# A benchmark, not a test: it never fails on timing; it prints the table.
#
# Per round and condition: `benchcmp --run OLD NEW --threshold 2` (paired), the same as two
# default benchrun runs compared with `benchcmp --threshold 2` (separate), and
# `benchcmp --run OLD OLD --threshold 2` (A/A).  STRETCH=1 adds a paired run at --threshold
# 0.5 (the +1 % block).  NOISE: "both" (default), "quiet" or "noisy".
set -u
build=$1 src=$2 rounds=${3:-10} noise=${4:-both}
T=${PAIRED_KEEP:-$(mktemp -d "${TMPDIR:-/tmp}/benchrun-paired.XXXXXX")}
mkdir -p "$T"
[ -n "${PAIRED_KEEP:-}" ] || trap 'rm -rf "$T"' EXIT
libs="$build/.libs/libbenchrun-internal.a $(pkg-config --libs libcpuid) -lm"
grep -q 'HAVE_GBENCH 1' "$build/config.h" 2>/dev/null && libs="$libs -lbenchmark -lpthread -lstdc++"
cc -O2 -I"$src/include" "$src/bench/paired/graded.c" $libs -o "$T/old" || exit 2
cc -O2 -I"$src/include" -DGRADED_NEW "$src/bench/paired/graded.c" $libs -o "$T/new" || exit 2
cc -O2 "$src/bench/noisy_neighbour.c" -o "$T/noisy" || exit 2
CMP="$build/benchcmp"
now() { date +%s.%N; }

# verdicts FILE DESIGN COND ROUND: "design cond round name verdict" lines from benchcmp's CSV
verdicts() {
    awk -F, -v d="$2" -v c="$3" -v r="$4" 'NR > 1 { print d, c, r, $1, $6 }' "$1" >>"$T/verdicts"
}
: >"$T/verdicts"
: >"$T/times"

one_round() { # cond round
    c=$1 r=$2
    t0=$(now)
    "$CMP" --run "$T/old" "$T/new" --threshold 2 --format csv --out-old "$T/p_old_$c$r.csv" \
        --out-new "$T/p_new_$c$r.csv" -- --quiet >"$T/p_$c$r.csv" 2>/dev/null
    t1=$(now)
    verdicts "$T/p_$c$r.csv" paired "$c" "$r"
    "$T/old" --quiet --out "$T/s_old_$c$r.csv" >/dev/null 2>&1
    t2=$(now)
    "$T/new" --quiet --out "$T/s_new_$c$r.csv" >/dev/null 2>&1
    "$CMP" --threshold 2 --format csv "$T/s_old_$c$r.csv" "$T/s_new_$c$r.csv" \
        >"$T/s_$c$r.csv" 2>/dev/null
    verdicts "$T/s_$c$r.csv" separate "$c" "$r"
    "$CMP" --run "$T/old" "$T/old" --threshold 2 --format csv --out-old "$T/a_old_$c$r.csv" \
        --out-new "$T/a_new_$c$r.csv" -- --quiet >"$T/a_$c$r.csv" 2>/dev/null
    verdicts "$T/a_$c$r.csv" aa "$c" "$r"
    if [ "${STRETCH:-0}" = 1 ]; then
        "$CMP" --run "$T/old" "$T/new" --threshold 0.5 --format csv \
            --out-old "$T/x_old_$c$r.csv" --out-new "$T/x_new_$c$r.csv" -- --quiet \
            >"$T/x_$c$r.csv" 2>/dev/null
        verdicts "$T/x_$c$r.csv" stretch "$c" "$r"
    fi
    # The cost of one look (no extra looks), beside the default run timed above.
    t3=$(now)
    "$CMP" --run "$T/old" "$T/new" --threshold 2 --looks 1 --format csv --out-old "$T/l_old_$c$r.csv" \
        --out-new "$T/l_new_$c$r.csv" -- --quiet >/dev/null 2>&1
    t4=$(now)
    echo "$c $t0 $t1 $t2 $t3 $t4 $(cut -d' ' -f1 /proc/loadavg)" |
        awk '{ print $1, $3 - $2, $4 - $3, $6 - $5, $7 }' >>"$T/times"
}

conditions=""
[ "$noise" != noisy ] && conditions="quiet"
[ "$noise" != quiet ] && conditions="$conditions noisy"
for c in $conditions; do
    if [ "$c" = noisy ]; then
        "$T/noisy" >/dev/null &
        neighbour=$!
    fi
    r=1
    while [ "$r" -le "$rounds" ]; do
        one_round "$c" "$r"
        r=$((r + 1))
    done
    [ "$c" = noisy ] && kill "$neighbour" 2>/dev/null
done

# The table: per design and condition, what each block got over the rounds.
awk '
function want(name, design) {
    if (design == "aa" || name ~ /^same_/) return "~"
    if (name == "plus_1") return design == "stretch" ? "regression" : "~"
    return name ~ /^plus_/ ? "regression" : "improvement"
}
{
    key = $1 " " $2; name = $4; v = $5
    n[key]++
    w = want(name, $1)
    shown = v == "no-change" ? "~" : v
    flagged = v == "regression" || v == "improvement"
    if (w == "~" && flagged) false_alarm[key]++
    if (w != "~" && shown != w) miss[key]++
    if (v == "unsure") unsure[key]++
    cell[key, name] = cell[key, name] (cell[key, name] == "" ? "" : " ") substr(shown, 1, 4)
    names[name] = 1
}
END {
    printf "| design | condition | blocks judged | false alarms | graded changes missed or wrong | unsure |\n"
    printf "| --- | --- | ---: | ---: | ---: | ---: |\n"
    for (k in n) printf "| %s | %s | %d | %d | %d | %d |\n", substr(k, 1, index(k, " ") - 1),
        substr(k, index(k, " ") + 1), n[k], false_alarm[k] + 0, miss[k] + 0, unsure[k] + 0
}' "$T/verdicts" | sort
echo
echo "per block (verdicts of each round, first four letters):"
awk '{ k = $1 " " $2 " " $4; v = $5 == "no-change" ? "~" : substr($5, 1, 4); c[k] = c[k] " " v }
    END { for (k in c) print k ":" c[k] }' "$T/verdicts" | sort
echo
# Wall time: ratios to the default run of the same round, median and range over the rounds.
sort -k1,1 "$T/times" | awk '
function report(c,   i, j, t) {
    for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) {
        if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
        if (b[j] < b[i]) { t = b[i]; b[i] = b[j]; b[j] = t }
    }
    printf "wall time, %s, %d rounds (load average %.1f-%.1f): one look %.2fx one default benchrun run (median; range %.2f-%.2f), with the extra looks %.2fx (%.2f-%.2f)\n",
        c, n, lo, hi, b[int((n + 1) / 2)], b[1], b[n], a[int((n + 1) / 2)], a[1], a[n]
}
$1 != c && n { report(c); n = 0 }
{ c = $1; n++; a[n] = $2 / $3; b[n] = $4 / $3; if (n == 1 || $5 < lo) lo = $5; if (n == 1 || $5 > hi) hi = $5 }
END { if (n) report(c) }'
