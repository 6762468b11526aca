/* reference.c - a fixed loop timed between rounds of samples. */
#include "reference.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "error.h"
#include "stats.h"

/* 2^20 iterations of an empty counted loop: ~0.3 ms, about one iteration per cycle.  Loop and
 * branch code is what the host's slow state slows most, so this is the most sensitive probe;
 * noinline and the empty asm keep the compiler from deleting or unrolling it. */
#define REFERENCE_ITERATIONS ((uint64_t)1 << 20)

__attribute__((noinline)) static void reference_loop(uint64_t n)
{
    for (uint64_t i = 0; i < n; i++) __asm__ __volatile__("");
}

void br_reference_init(struct br_reference *ref)
{
    ref->ns = NULL;
    ref->n = ref->cap = 0;
}

void br_reference_release(struct br_reference *ref)
{
    free(ref->ns);
    br_reference_init(ref);
}

double br_reference_time(const struct br_clock *clk)
{
    uint64_t t0 = clk->now(clk->ctx);
    reference_loop(REFERENCE_ITERATIONS);
    uint64_t t1 = clk->now(clk->ctx);
    return (double)(t1 - t0) / (double)REFERENCE_ITERATIONS;
}

void br_reference_sample(struct br_reference *ref, const struct br_clock *clk)
{
    double ns = br_reference_time(clk);
    BR_GROW(ref->ns, ref->cap, ref->n + 1);
    ref->ns[ref->n++] = ns;
}

void br_reference_report(const struct br_reference *ref, struct br_results *out)
{
    if (!ref->n) return;
    struct br_summary s;
    char buf[64];
    br_stats_summarize(ref->ns, ref->n, &s);
    snprintf(buf, sizeof buf, "%.6g", s.median);
    br_results_set(out, "reference_ns", buf);
    snprintf(buf, sizeof buf, "%.4g", s.cv);
    br_results_set(out, "reference_cv", buf);
}
