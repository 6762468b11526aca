/* Quick, deterministic snippets for the program tests (tests/programs.sh). */
#include <bench.h>
#include <stdint.h>
#include <time.h>

BENCH_ARGS(chain, 64, 128)
{
    uint64_t x = 3;
    bench_hide(x);
    for (int64_t i = 0; i < bench->arg; i++) {
        x *= 0x9E3779B97F4A7C15ull;
        bench_hide(x);
    }
    bench_keep(x);
}

BENCH(add) { bench_keep(bench_i + 1); }

static void bytes(bench_t *b) { b->bytes_per_op = 1024; }
static const bench_fixture kib = {bytes, NULL, NULL, NULL};
BENCH_F(kib_touch, kib) { bench_clobber(); }

BENCH(nap_200us)
{
    struct timespec ts = {0, 200000};
    nanosleep(&ts, NULL);
}
