/* The harness's snippets as BENCH() blocks, run by benchrun with its defaults. */
#include <bench.h>

#include "snippets.h"

/* Factors are read once, at load time, not per operation. */
static int f_chain1k, f_chain2k, f_memcpy, f_qsort, f_fnv, f_strlen;
static void read_factors(void) __attribute__((constructor));
static void read_factors(void)
{
    f_chain1k = harness_factor("mul_chain_1024");
    f_chain2k = harness_factor("mul_chain_2048");
    f_memcpy = harness_factor("memcpy_4k");
    f_qsort = harness_factor("qsort_256");
    f_fnv = harness_factor("fnv1a_1k");
    f_strlen = harness_factor("strlen_64");
}

BENCH(empty_body) {}

BENCH(empty_call) { snip_empty(); }

/* Each operation continues the previous one's chain: independent chains would overlap in the
 * out-of-order window, and a short chain would then look cheaper than half a long one. */
static uint64_t chain;

BENCH(mul_chain_1024)
{
    for (int k = 0; k < f_chain1k; k++) chain = snip_mul_chain(chain, 1024);
}

BENCH(mul_chain_2048)
{
    for (int k = 0; k < f_chain2k; k++) chain = snip_mul_chain(chain, 2048);
}

BENCH(memcpy_4k)
{
    for (int k = 0; k < f_memcpy; k++) bench_keep(snip_memcpy_4k());
}

BENCH(qsort_256)
{
    for (int k = 0; k < f_qsort; k++) bench_keep(snip_qsort_256());
}

BENCH(fnv1a_1k)
{
    for (int k = 0; k < f_fnv; k++) bench_keep(snip_fnv1a_1k());
}

BENCH(strlen_64)
{
    for (int k = 0; k < f_strlen; k++) bench_keep(snip_strlen_64());
}

BENCH(sleep_1ms) { snip_sleep_us(1000); }

BENCH(sleep_500ms) { snip_sleep_us(500000); }
