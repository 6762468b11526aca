/* A "new build" of tests/tiny_bench.c for the paired-run tests (tests/paired.sh): chain/128
 * does twice the work, add is unchanged, kib_touch and nap_200us are gone and only_new is
 * added. */
#include <bench.h>
#include <stdint.h>

BENCH_ARGS(chain, 64, 128)
{
    uint64_t x = 3;
    int64_t n = bench->arg == 128 ? 256 : bench->arg;
    bench_hide(x);
    for (int64_t i = 0; i < n; i++) {
        x *= 0x9E3779B97F4A7C15ull;
        bench_hide(x);
    }
    bench_keep(x);
}

BENCH(add) { bench_keep(bench_i + 1); }

BENCH(only_new) { bench_keep(bench_i * 2); }
