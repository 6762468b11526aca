/* The graded suite of the paired-run benchmark (bench/paired/run.sh): the same source built
 * twice, as OLD and with -DGRADED_NEW as NEW.  Four blocks are identical in both builds; the
 * others do exactly 1 %, 3 %, 5 % and 10 % more and 5 % less work in NEW: a fully serial
 * multiply chain whose length is the work, so the time follows the length on any CPU. */
#include <bench.h>
#include <stdint.h>

/* Steps: ~18 us a chain on this project's VM, long enough that the per-call cost is below
 * 0.1 % and a block's time follows its steps (with 2,000 steps +3 % of work measured +2.4 %). */
#define BASE 20000

#ifdef GRADED_NEW
#define NEW_STEPS(pct) (BASE + BASE * (pct) / 100)
#else
#define NEW_STEPS(pct) BASE
#endif

static inline uint64_t chain(int64_t steps)
{
    uint64_t x = 3;
    bench_hide(x);
    for (int64_t i = 0; i < steps; i++) {
        x *= 0x9E3779B97F4A7C15ull;
        bench_hide(x);
    }
    return x;
}

BENCH(same_a) { bench_keep(chain(BASE)); }
BENCH(same_b) { bench_keep(chain(BASE)); }
BENCH(same_c) { bench_keep(chain(BASE)); }
BENCH(same_d) { bench_keep(chain(BASE)); }
BENCH(plus_1) { bench_keep(chain(NEW_STEPS(1))); }
BENCH(plus_3) { bench_keep(chain(NEW_STEPS(3))); }
BENCH(plus_5) { bench_keep(chain(NEW_STEPS(5))); }
BENCH(plus_10) { bench_keep(chain(NEW_STEPS(10))); }
BENCH(minus_5) { bench_keep(chain(NEW_STEPS(-5))); }
