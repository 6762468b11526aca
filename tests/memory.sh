#!/bin/sh
# Allocation counting through the programs (issue 14): exact counts of known C and C++ bodies in
# the results file, the leak line with its file:line, --no-memory, the JSON fields read back by
# benchcmp, the console column, --no-fork and --engine gbench, the same counts from a program
# linked with the shared library, and no malloc defined by benchrun (the timed batches call
# glibc's directly; the counting child patches its GOT).
. "$top_srcdir/tests/lib.sh"
if [ -n "$VG" ]; then skip_all "allocation counts" "under valgrind, whose malloc replaces ours"; fi
quick="--quiet --repetitions 3 --min-time 0.0005 --warmup 0"

# field FILE BENCHMARK COLUMN: the value of COLUMN in BENCHMARK's row of a results file.
field() {
    grep -v '^#' "$1" | awk -F, -v b="$2" -v c="$3" \
        'NR == 1 { for (i = 1; i <= NF; i++) at[$i] = i; next } $1 == b { print $(at[c]) }'
}
# counts FILE BENCHMARK: "allocs bytes retained" per operation.
counts() {
    echo "$(field "$1" "$2" allocs_per_op) $(field "$1" "$2" alloc_bytes_per_op)" \
        "$(field "$1" "$2" retained_bytes_per_op)"
}
expect() { # FILE BENCHMARK "ALLOCS BYTES RETAINED"
    got=$(counts "$1" "$2")
    check "$2: $3 (allocs/op, B/op, retained B/op; got $got)" test "$got" = "$3"
}
leak_line() { grep -n LEAK-LINE "$top_srcdir/tests/$1" | cut -d: -f1; }

p="$top_builddir/tests/memory_bench"
run_capture c "$p" $quick --out "$T/c.csv"
check "the C program runs" test "$(rc_of c)" = 0
# A sanitizer build replaces malloc: counting is off, and the file says so instead of zeros.
if grep -q '^# memory: allocations not counted: this is a sanitizer build' "$T/c.csv"; then
    check "sanitizer build: no memory columns" sh -c "! grep -q allocs_per_op '$T/c.csv'"
    check "sanitizer build: the console says so" \
        sh -c "'$p' $quick --filter no_alloc --out '$T/san.csv' | grep -q 'MEMORY: allocations not counted'"
    finish
    exit
fi
expect "$T/c.csv" three_freed "3 112 0"
expect "$T/c.csv" realloc_grow "2 4104 0"
expect "$T/c.csv" strdup_23 "1 24 0"
expect "$T/c.csv" leak_16 "1 16 16"
expect "$T/c.csv" no_alloc "0 0 0"
expect "$T/c.csv" cache_reuse "0 0 0"
expect "$T/c.csv" freed_in_teardown "1 48 0"
check "the leak is named, with its bytes and line" \
    grep -q "^# leak: leak_16: 16 B/op retained.* at bench__body_leak_16 (.*memory_bench.c:$(leak_line memory_bench.c))" "$T/c.csv"
check "and it is the only leak" test "$(grep -c '^# leak:' "$T/c.csv")" = 1
check "the console shows allocations and the leak" \
    sh -c "'$p' --quiet --repetitions 3 --min-time 0.0005 --warmup 0 --filter 'three|leak' \
        --out '$T/con.csv' | grep -qE '^three_freed .* 3 +112 B' && \
        '$p' --quiet --repetitions 3 --min-time 0.0005 --warmup 0 --filter leak \
        --out '$T/con2.csv' | grep -q 'LEAK: leak_16'"

run_capture cxx "$top_builddir/tests/memory_cxx" $quick --out "$T/cxx.csv"
check "the C++ program runs" test "$(rc_of cxx)" = 0
expect "$T/cxx.csv" vector_int_100 "1 400 0"
expect "$T/cxx.csv" new_delete "2 132 0"
expect "$T/cxx.csv" string_40 "1 41 0"
expect "$T/cxx.csv" new_leak "1 24 24"
check "C++: the leak is named at its line" \
    grep -q "^# leak: new_leak: 24 B/op .*memory_cxx.cc:$(leak_line memory_cxx.cc))" "$T/cxx.csv"

# The static library (this program) and the shared one define no malloc or free: nothing of
# counting is on a timed batch's path.
check "the program defines no malloc or free (static library)" \
    sh -c "! nm '$p' | grep -qE ' [TtWi] (malloc|free|calloc|realloc)\$'"

# A static executable has no GOT slots to rewrite: counting is off with a note, never zeros.
lib="$top_builddir/.libs/libbenchrun-internal.a"
if $CC -static -O2 -std=c11 -D_GNU_SOURCE -I"$top_srcdir/include" -I"$top_srcdir/src" \
    -I"$top_builddir" "$top_srcdir/tests/memory_bench.c" "$top_srcdir/src/run/engine_gbench_none.c" \
    "$lib" -lcpuid -lm -o "$T/static" 2>"$T/static.err"; then
    run_capture st "$T/static" $quick --filter three --out "$T/st.csv"
    check "static executable: counting off, the file says why" \
        grep -q '^# memory: allocations not counted: no call of malloc through a GOT' "$T/st.csv"
    check "static executable: no memory columns" sh -c "! grep -q allocs_per_op '$T/st.csv'"
else
    skip "a static executable" "it does not link here: $(head -c 200 "$T/static.err")"
fi

run_capture nf "$p" $quick --no-fork --filter 'three|strdup|leak' --out "$T/nf.csv"
expect "$T/nf.csv" three_freed "3 112 0"
expect "$T/nf.csv" strdup_23 "1 24 0"
check "--no-fork: the leak is named at its line" \
    grep -q "^# leak: leak_16: 16 B/op .*memory_bench.c:$(leak_line memory_bench.c))" "$T/nf.csv"

if [ "${HAVE_GBENCH:-no}" = yes ]; then
    run_capture gbc "$p" $quick --engine gbench --filter 'three|strdup|leak' --out "$T/gb.csv"
    expect "$T/gb.csv" three_freed "3 112 0"
    expect "$T/gb.csv" strdup_23 "1 24 0"
    check "--engine gbench: the leak is named at its line" \
        grep -q "^# leak: leak_16: 16 B/op .*memory_bench.c:$(leak_line memory_bench.c))" "$T/gb.csv"
else
    skip "--engine gbench counts" "built without Google Benchmark"
fi

run_capture off "$p" $quick --no-memory --out "$T/off.csv"
check "--no-memory: no memory columns, no leak line" \
    sh -c "! grep -q -e allocs_per_op -e '^# leak' '$T/off.csv'"

run_capture json "$p" $quick --filter three --out "$T/r.json"
check "JSON: Google Benchmark's allocs_per_iter and max_bytes_used, and ours" \
    sh -c "grep -q '\"allocs_per_iter\": 3.0*e+00' '$T/r.json' && grep -q '\"max_bytes_used\": 1.120*e+02' '$T/r.json' && grep -q '\"alloc_bytes_per_op\": 1.120*e+02' '$T/r.json'"

# benchcmp reads the memory fields of the JSON back: one more allocation is a regression.
sed 's/"allocs_per_iter": 3.0*e+00/"allocs_per_iter": 4/' "$T/r.json" >"$T/more.json"
run_capture jcmp "$top_builddir/benchcmp" --no-color "$T/r.json" "$T/more.json"
check "benchcmp on JSON: allocs/op read back, 3 -> 4 a regression (exit 1)" \
    sh -c "test $(rc_of jcmp) = 1 && grep -qE '^  allocs/op +3 +4 +\+33.33% +regression' '$T/jcmp.out'"

# benchcmp: allocs/op and B/op rows with exact verdicts; more allocations fail the gate.
sed 's/^three_freed,\(.*\),3,112,0,112$/three_freed,\1,4,128,0,112/' "$T/c.csv" >"$T/more.csv"
check "(the edited file has one more allocation)" grep -q '^three_freed,.*,4,128,0,112$' "$T/more.csv"
run_capture cmp "$top_builddir/benchcmp" --no-color "$T/c.csv" "$T/more.csv"
check "benchcmp: one more allocation is a regression (exit 1)" test "$(rc_of cmp)" = 1
check "benchcmp: the allocs/op and B/op rows" \
    sh -c "grep -qE '^  allocs/op +3 +4 +\+33.33% +regression' '$T/cmp.out' && grep -qE '^  B/op +112 B +128 B +\+14.29% +regression' '$T/cmp.out'"
check "benchcmp: the summary counts them" grep -q "(exact, threshold 0%): 2 regression" "$T/cmp.out"
run_capture cmp2 "$top_builddir/benchcmp" --mem-threshold 50 "$T/c.csv" "$T/more.csv"
check "benchcmp --mem-threshold 50: within it, no-change (exit 0)" test "$(rc_of cmp2)" = 0
run_capture cmp3 "$top_builddir/benchcmp" "$T/more.csv" "$T/c.csv"
check "benchcmp: fewer allocations are an improvement (exit 0)" \
    sh -c "test $(rc_of cmp3) = 0 && grep -qE '^  allocs/op +4 +3 .*improvement' '$T/cmp3.out'"

# The shared library: the program's malloc calls reach libbenchrun.so's.
so="$top_builddir/.libs/libbenchrun.so"
if [ ! -f "$so" ]; then
    skip "counts with the shared library" "no $so: built with --disable-shared?"
else
    $CC -O2 -g -std=c11 -D_GNU_SOURCE -I"$top_srcdir/include" "$top_srcdir/tests/memory_bench.c" \
        -L"$top_builddir/.libs" -Wl,-rpath,"$top_builddir/.libs" -lbenchrun -o "$T/shared"
    run_capture so "$T/shared" $quick --filter 'three|strdup|leak' --out "$T/so.csv"
    expect "$T/so.csv" three_freed "3 112 0"
    expect "$T/so.csv" strdup_23 "1 24 0"
    check "the shared library defines no malloc or free" \
        sh -c "! nm -D --defined-only '$so' | grep -qE ' (malloc|free|calloc|realloc)\$'"
    check "shared library: the leak is named at its line" \
        grep -q "^# leak: leak_16: 16 B/op .*memory_bench.c:$(leak_line memory_bench.c))" "$T/so.csv"
fi
finish
