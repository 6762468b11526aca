/* The harness's snippets as BENCH() blocks, run by benchrun with its defaults. */
#include <bench.h>

#include "snippets.h"

/* The bodies are the same as harness_gb.cc's.  The A/B run's doubled work is done inside the
 * snippets (snippets.c), but for the chains, whose length is the argument: read once, at load
 * time, not per operation. */
static int chain1k = 1024, chain2k = 2048;
static void read_factors(void) __attribute__((constructor));
static void read_factors(void)
{
    chain1k *= harness_factor("mul_chain_1024");
    chain2k *= harness_factor("mul_chain_2048");
}

BENCH(empty_body) {}

BENCH(empty_call) { snip_empty(); }

/* Each operation continues the previous one's chain: independent chains would overlap in the
 * out-of-order window, and a short chain would then look cheaper than half a long one. */
static uint64_t chain;

BENCH(mul_chain_1024) { chain = snip_mul_chain(chain, chain1k); }

BENCH(mul_chain_2048) { chain = snip_mul_chain(chain, chain2k); }

/* A first call 0.4 s slow (issue 10: calibration must not be fixed by it). */
BENCH(lazy_chain_100) { chain = snip_lazy_chain(chain); }

BENCH(memcpy_4k) { bench_keep(snip_memcpy_4k()); }

BENCH(qsort_256) { bench_keep(snip_qsort_256()); }

BENCH(fnv1a_1k) { bench_keep(snip_fnv1a_1k()); }

BENCH(strlen_64) { bench_keep(snip_strlen_64()); }

BENCH(sleep_1ms) { snip_sleep_us(1000); }

BENCH(sleep_500ms) { snip_sleep_us(500000); }
