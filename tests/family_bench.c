/* The blocks tests/families.sh runs through benchrun: counters of every kind (values that do not
 * depend on timing), threads, sizes for complexity fitting. */
#include <bench.h>
#include <math.h>

/* 2 per operation: 2 in every file (issue 15's target). */
BENCH(counted)
{
    bench_keep(bench_i);
    bench_counter(bench, "hits", 2);
    bench_counter_flags(bench, "slots", 8, BENCH_COUNTER_INVERT); /* 1/8 */
}

/* Threads add their counters up (GB sums over threads), or average them. */
BENCH_THREADS(threaded, 1, 2)
{
    bench_keep(bench_i);
    bench_counter(bench, "work", 1);
    bench_counter_flags(bench, "mean_index", bench->thread_index, BENCH_COUNTER_AVG_THREADS);
}

/* Sizes: fitted (the class depends on timing, so the test checks only that a fit exists). */
BENCH_RANGE(sized, 16, 256, 4)
{
    bench->complexity_n = bench->arg;
    for (int64_t k = 0; k < bench->arg; k++) bench_keep(k);
}

/* A bad counter name fails the benchmark, and so does a value that is not a number; never the
 * run (--engine gbench ended the whole run on either). */
BENCH(bad_counter) { bench_counter(bench, "no spaces", 1); }
BENCH(nan_counter) { bench_counter(bench, "ratio", NAN); }
