/* The families of check_families.c: the same as tests/data/gbench_family_names.cc declares
 * to Google Benchmark, whose --benchmark_list_tests printed the names check_families.c expects. */
#include <bench.h>

int64_t family_seen[BENCH_MAX_ARGS];
size_t family_seen_n;
int family_seen_thread, family_seen_threads;

static void seen(const bench_t *b)
{
    for (size_t i = 0; i < BENCH_MAX_ARGS; i++) family_seen[i] = b->args[i];
    family_seen_n = b->nargs;
    family_seen_thread = b->thread_index;
    family_seen_threads = b->threads;
}

static const bench_fixture plain_fixture = {NULL, NULL, NULL, NULL};

BENCH_RANGE(copy, 8, 8 << 10, 8) { seen(bench); }
BENCH_F_RANGE(dec, plain_fixture, 1, 1000, 10) { seen(bench); }
BENCH_RANGE(neg, -64, 64, 4) { seen(bench); }
BENCH_RANGE(negonly, -100, -3, 2) { seen(bench); }
BENCH_RANGE(zero, 0, 100, 10) { seen(bench); }
BENCH_RANGE(odd, 5, 100, 3) { seen(bench); }
BENCH_RANGE(same, 5, 5, 8) { seen(bench); }
BENCH_RANGE(next, 5, 6, 8) { seen(bench); }
BENCH_RANGE(big, 1, INT64_C(1) << 40, 1024) { seen(bench); }
BENCH_PRODUCT(fill, (64, 4096), (0, 255)) { seen(bench); }
BENCH_PRODUCT(three, (1, 2), (10), (-5, 7, 9)) { seen(bench); }
BENCH_F_PRODUCT(four, plain_fixture, (1, 2), (3, 4), (5, 6), (7, 8)) { seen(bench); }
BENCH_THREADS(spin, 1, 2, 4) { seen(bench); }
BENCH_F_THREADS(spin_fixture, plain_fixture, 2) { seen(bench); }
