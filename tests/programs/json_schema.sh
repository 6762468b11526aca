#!/bin/sh
# JSON output (--format json, --out x.json) against Google Benchmark's schema: structure, types,
# statistics and compare.py's loading steps (tests/programs/json_schema.py); with Google Benchmark
# built in, also the same shape as the JSON GB itself writes (--benchmark_out) and a
# compare.py-style comparison of a native run with a gbench run.  Skips (77) without a Python 3.
. "${top_srcdir:-.}/tests/lib.sh"
why=$(python_missing)
[ -z "$why" ] || skip_all "JSON output against Google Benchmark's schema" "$why"

prog="$top_builddir/tests/fixtures/gbench_snippets"
schema="$top_srcdir/tests/programs/json_schema.py"
# The quote and backslash in the filter land in the context's "command": escaping is tested.
filter='^xchk_(chain|hooks)("|\\)?'
quick="--quiet --repetitions 5 --min-time 0.0005 --warmup 0"
valid() { "$PY" "$schema" validate "$@" >"$T/schema.log" 2>&1 || { cat "$T/schema.log"; false; }; }

# shellcheck disable=SC2086
run_capture native "$prog" $quick --format json --filter "$filter" --out "$T/native.json"
check "native: --format json exits 0" [ "$(rc_of native)" = 0 ]
check "native: stdout is valid GB JSON" valid "$T/native.out"
check "native: --out x.json is valid GB JSON" valid "$T/native.json"
check "native: stdout and --out hold the same benchmarks" \
    "$PY" "$schema" same-benchmarks "$T/native.out" "$T/native.json"
check "native: context keeps the command, quote and backslash included" \
    "$PY" "$schema" context-has "$T/native.json" command "$filter"
check "native: three benchmarks, no other" \
    "$PY" "$schema" run-names "$T/native.json" xchk_chain/256 xchk_chain/512 xchk_hooks
check "benchcmp reads our JSON as Google Benchmark JSON" sh -c \
    '"$0" --fail-on none "$1" "$1" >"$2" && [ "$(grep -c "^xchk_" "$2")" = 3 ]' \
    "$top_builddir/benchcmp" "$T/native.json" "$T/benchcmp.out"

# One repetition: iteration entries only, as GB writes them.
run_capture single "$prog" --quiet --repetitions 1 --min-repetitions 1 --format json \
    --filter '^xchk_chain/256$' --out "$T/single.json"
check "one repetition: valid, no aggregates" valid "$T/single.json"

# The validator must reject what GB would not write.
sed 's/"time_unit": "ns"/"time_unit": "nanos"/' "$T/native.json" >"$T/bad_unit.json"
sed '0,/"repetition_index": 1/s//"repetition_index": 7/' "$T/native.json" >"$T/bad_index.json"
sed 's/"aggregate_name": "median"/"aggregate_name": "p50"/' "$T/native.json" >"$T/bad_agg.json"
for bad in bad_unit bad_index bad_agg; do
    check "validator rejects $bad" sh -c '! "$0" "$1" validate "$2" >/dev/null' \
        "$PY" "$schema" "$T/$bad.json"
done

if [ "${HAVE_GBENCH:-no}" = yes ]; then
    # shellcheck disable=SC2086
    # --no-fork: Google Benchmark in this process writes --benchmark_out itself.  --no-memory:
    # GB's own file has no memory fields (benchrun registers no MemoryManager: see
    # src/run/engine_gbench.cc), so with them the two files could not have the same keys.
    run_capture gb "$prog" $quick --engine gbench --no-fork --no-memory --format json --filter "$filter" \
        --out "$T/gbench.json" --benchmark_out="$T/gb_own.json" --benchmark_out_format=json
    check "gbench: exits 0" [ "$(rc_of gb)" = 0 ]
    check "gbench: our JSON is valid" valid "$T/gbench.json" "$T/gb.out"
    check "gbench: GB's own JSON passes the same checks" valid "$T/gb_own.json"
    # shellcheck disable=SC2086
    run_capture gbw "$prog" $quick --engine gbench --format json --filter "$filter" \
        --out "$T/gbw.json" --benchmark_out="$T/gbw_out.json"
    check "gbench in workers: --benchmark_out is written (by benchrun) and valid" \
        valid "$T/gbw_out.json"
    check "gbench: our entries and context have GB's own keys, order and types" \
        "$PY" "$schema" same-shape "$T/gbench.json" "$T/gb_own.json"
    check "compare.py logic pairs every native benchmark with its gbench twin" \
        "$PY" "$schema" compare "$T/native.json" "$T/gbench.json"
else
    skip "our JSON against the JSON Google Benchmark writes" "built without Google Benchmark"
fi
finish
