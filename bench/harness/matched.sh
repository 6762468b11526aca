#!/bin/sh
# bench/harness/matched.sh BUILD_DIR OUT_DIR SNIPPET... - per snippet, five short pairs back to
# back: benchrun's default run of that snippet (~0.3 s), then Google Benchmark with 3
# repetitions of 0.1 s pinned to the CPU benchrun ended on.  Leaves m_SNIPPET_K.csv and
# m_gb_SNIPPET_K.json in OUT_DIR, and prints each snippet's five ratios benchrun / GB and their
# median.  This host's CPUs switch speed states, each on its own, so only ratios within one
# short pair on one CPU measure the harnesses; a switch can spoil one pair, not the median.
set -eu
B=$(cd "$1" && pwd)
T=$2
shift 2
NATIVE="$B/bench/harness/harness_native"
GB="$B/bench/harness/harness_gb"
last_cpu() { # the CPU a benchrun results file ended on
    sed -n 's/^# cpu_steering: .*ended on CPU \([0-9]*\)$/\1/p; s/^# pinned_cpu: \([0-9]*\)$/\1/p' \
        "$1" | tail -n 1
}
median_of() { # csv file, name
    awk -F, -v n="$2" '$1 == "name" { for (i = 1; i <= NF; i++) if ($i == "median_ns") c = i }
        $1 == n && c { print $c }' "$1"
}
gb_median() { # json file: the median of the iteration rows' real_time (ns)
    python3 -c 'import json, statistics, sys
runs = [b for b in json.load(open(sys.argv[1]))["benchmarks"] if b.get("run_type") == "iteration"]
scale = {"ns": 1, "us": 1e3, "ms": 1e6, "s": 1e9}
print(statistics.median(b["real_time"] * scale[b["time_unit"]] for b in runs))' "$1"
}
for s in "$@"; do
    echo "matched pairs: $s" >&2
    ratios=""
    for k in 1 2 3 4 5; do
        "$NATIVE" --quiet --filter "^$s\$" --out "$T/m_${s}_$k.csv" >/dev/null
        taskset -c "$(last_cpu "$T/m_${s}_$k.csv")" \
            "$GB" --benchmark_repetitions=3 --benchmark_min_time=0.1 --benchmark_filter="^$s\$" \
            --benchmark_format=json --benchmark_out="$T/m_gb_${s}_$k.json" >/dev/null 2>&1
        ratios="$ratios $(echo "$(median_of "$T/m_${s}_$k.csv" "$s") $(gb_median "$T/m_gb_${s}_$k.json")" |
            awk '{ printf "%.4f", $1 / $2 }')"
    done
    echo "$s: benchrun / GB in 5 matched pairs:$ratios; median $(echo "$ratios" | tr ' ' '\n' |
        sed '/^$/d' | sort -n | sed -n 3p)"
done
