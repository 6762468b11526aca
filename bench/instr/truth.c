/* truth.c - the blocks of the truth and profile targets (bench/instr_targets.sh). */
#include <bench.h>

#include "truth.h"

BENCH(truth)
{
    unsigned long x = bench_i;
    bench_keep(truth_f(x));
}

BENCH(two_helpers)
{
    unsigned long x = bench_i;
    bench_keep(helper_small(x) + helper_big(x));
}
