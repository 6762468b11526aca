#!/bin/sh
# bench/interleave/run.sh BUILDDIR SRCDIR [ROUNDS] - issue 29's interleaving target: bodies whose
# working set outgrows a cache (bench/interleave/suite.c), sampled beside bodies that sweep
# 64 MiB, by default (interleaved, each resumed sample re-warmed), with --no-interleave and
# under Google Benchmark (--engine gbench, when built).  A benchmark, not a test: it never fails
# on timing; it prints the numbers for docs/measurement.md.
#
# A round runs the suite once per mode, in an order that rotates from round to round; per round
# and body the ratio of the default's median to the other mode's, and over the rounds the median
# ratio with its spread (min..max), then the wall time of each mode against the default's.  The
# load average is printed before and after: on a shared machine another process's memory
# traffic evicts the L3 cache whatever the harness does, which the spread shows.
set -u
build=$1 src=$2 rounds=${3:-5}
T=${INTERLEAVE_KEEP:-$(mktemp -d "${TMPDIR:-/tmp}/benchrun-interleave.XXXXXX")}
mkdir -p "$T"
[ -n "${INTERLEAVE_KEEP:-}" ] || trap 'rm -rf "$T"' EXIT
libs="$build/.libs/libbenchrun-internal.a $(pkg-config --libs libcpuid) -lm"
modes="default noint"
if grep -q 'HAVE_GBENCH 1' "$build/config.h" 2>/dev/null; then
    libs="$libs -lbenchmark -lpthread -lstdc++"
    modes="$modes gb"
fi
sq=""
if pkg-config --exists sqlite3 2>/dev/null; then
    sq="-DHAVE_SQLITE3 $(pkg-config --cflags sqlite3)"
    libs="$libs $(pkg-config --libs sqlite3)"
else
    echo "(no sqlite3 for pkg-config: sqlite_select left out)"
fi
# shellcheck disable=SC2086 # word splitting of the flags is meant
cc -O2 -std=c11 -D_GNU_SOURCE -I"$src/include" $sq "$src/bench/interleave/suite.c" $libs \
    -o "$T/suite" || exit 2

load() { cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown; }
now() { date +%s.%N; }
flags() {
    case $1 in
    default) ;;
    noint) echo --no-interleave ;;
    gb) echo --engine gbench ;;
    esac
}

echo "load average before: $(load); CPUs: $(nproc)"
: >"$T/medians"
i=1
while [ "$i" -le "$rounds" ]; do
    # rotate the order of the modes: no mode always runs first, or right after another
    set -- $modes
    k=1
    while [ "$k" -lt "$i" ]; do
        first=$1
        shift
        set -- "$@" "$first"
        k=$((k + 1))
    done
    for mode in "$@"; do
        t0=$(now)
        # shellcheck disable=SC2046 # the flags split into words
        if ! "$T/suite" --quiet $(flags "$mode") --format csv --out "$T/$mode-$i.csv" \
            >/dev/null 2>"$T/$mode-$i.err"; then
            echo "round $i, $mode: failed: $(head -n 1 "$T/$mode-$i.err")"
            exit 2
        fi
        t1=$(now)
        echo "$mode $i _wall $(echo "$t1 - $t0" | bc -l)" >>"$T/medians"
        awk -F, -v m="$mode" -v r="$i" '/^#/ { next }
            !h { for (c = 1; c <= NF; c++) col[$c] = c; h = 1; next }
            { print m, r, $1, $col["median_ns"] }' "$T/$mode-$i.csv" >>"$T/medians"
    done
    echo "round $i done (load $(load))"
    i=$((i + 1))
done

# Per body and mode: default's median / the mode's, per round; the median (min..max) over rounds.
awk '{ v[$1 SUBSEP $2 SUBSEP $3] = $4; mode[$1]; round[$2]; name[$3] }
END {
    for (n in name) for (m in mode) {
        if (m == "default") continue
        k = 0
        for (r in round)
            if ((m SUBSEP r SUBSEP n) in v && ("default" SUBSEP r SUBSEP n) in v)
                a[++k] = v["default" SUBSEP r SUBSEP n] / v[m SUBSEP r SUBSEP n]
        if (!k) continue
        for (x = 1; x <= k; x++) for (y = x + 1; y <= k; y++) if (a[y] < a[x]) { t = a[x]; a[x] = a[y]; a[y] = t }
        med = k % 2 ? a[(k + 1) / 2] : (a[k / 2] + a[k / 2 + 1]) / 2
        label = n == "_wall" ? "wall time of the run" : n
        printf "%-22s default / %-5s %.3f (%.3f..%.3f, %d rounds)\n", label, m, med, a[1], a[k], k
    }
}' "$T/medians" | sort
echo "medians (ns) per round:"
awk '$3 != "_wall" { printf "  %-6s %2d %-16s %.1f\n", $1, $2, $3, $4 }' "$T/medians" |
    sort -k3,3 -k1,1 -k2n | awk '{ k = $3 " " $1; if (k != last) { if (last != "") print line; line = "  " $3 " " $1 ":"; last = k } line = line " " $4 } END { print line }'
echo "load average after: $(load)"
