/* Deterministic snippets for the engine cross-check (tests/gbench_crosscheck.sh) and the JSON
 * schema test (tests/json_schema.sh).
 *
 * xchk_chain/N: N dependent 64-bit multiplies, and each operation continues the previous one's
 * chain (x is carried from one operation to the next), so the out-of-order core cannot overlap
 * consecutive operations: the time is N times the multiply latency, nearly exactly, and
 * xchk_chain/512 takes twice as long as xchk_chain/256 under any correct engine.  (A chain
 * restarted from a constant every operation, like bench/math.c's mul_chain, lets the core
 * overlap the tail of one operation with the next and the ratio drifts above 2.)
 *
 * xchk_hooks: checks the fixture contract from inside, under whatever engine runs it, and
 * aborts (failing the test) when an engine breaks it: setup once before any batch, teardown
 * once after all, every batch announced by sample_setup with the count the loop then runs.
 *
 * xchk_nap: sleeps 2 ms, so it costs no CPU time: an engine timing CPU instead of wall time
 * reports microseconds; and it is slow enough for --max-time to cut its repetitions.
 *
 * xchk_other: never selected by the cross-check's filter; it must not appear in its output.
 */
#include <bench.h>
#include <stdint.h>
#include <stdlib.h>
#include <time.h>

static uint64_t carry = 3;

BENCH_ARGS(xchk_chain, 256, 512)
{
    uint64_t x = carry;
    for (int64_t i = 0; i < bench->arg; i++) {
        x *= 0x9E3779B97F4A7C15ull;
        bench_hide(x);
    }
    carry = x;
}

/* The hook contract, as state: 0 before setup, 1 between setup and teardown, 2 after. */
static int phase;
static uint64_t announced; /* bench->iterations seen by sample_setup; 0 outside a batch */

static void hooks_setup(bench_t *b)
{
    if (phase != 0) abort();
    phase = 1;
    b->items_per_op = 1;
}

static void hooks_teardown(bench_t *b)
{
    (void)b;
    if (phase != 1 || announced != 0) abort();
    phase = 2;
}

static void hooks_sample_setup(bench_t *b)
{
    if (phase != 1 || announced != 0 || b->iterations == 0) abort();
    announced = b->iterations;
}

static void hooks_sample_teardown(bench_t *b)
{
    if (announced != b->iterations) abort();
    announced = 0;
}

static const bench_fixture hooks_fixture = {hooks_setup, hooks_teardown, hooks_sample_setup,
                                            hooks_sample_teardown};

BENCH_F(xchk_hooks, hooks_fixture)
{
    if (bench_i >= announced || bench->iterations != announced) abort();
    bench_keep(bench_i);
}

BENCH(xchk_other) { bench_keep(bench_i * 3); }

BENCH(xchk_nap)
{
    struct timespec ts = {0, 2000000};
    nanosleep(&ts, NULL);
}
