/* Math: libm calls and a dependent multiply chain (pure latency, the steadiest snippet). */
#include <bench.h>
#include <math.h>
#include <stdint.h>

BENCH(sqrt_double)
{
    double x = 2.0;
    bench_hide(x);
    bench_keep(sqrt(x));
}

BENCH(sin_double)
{
    double x = 0.5;
    bench_hide(x);
    bench_keep(sin(x));
}

/* N dependent multiplies: each waits for the previous, so the time is N times the latency. */
BENCH_ARGS(mul_chain, 256, 512)
{
    uint64_t x = 3;
    bench_hide(x);
    for (int64_t i = 0; i < bench->arg; i++) {
        x *= 0x9E3779B97F4A7C15ull;
        bench_hide(x);
    }
    bench_keep(x);
}
