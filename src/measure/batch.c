/* batch.c - fixture hooks and timed batches. */
#include "measure/batch.h"

void br_batch_hook(const struct br_bench *b, enum br_hook which, bench_t *st)
{
    const bench_fixture *fx = b->desc->fixture;
    if (!fx) return;
    bench_hook_fn fn = which == BR_HOOK_SETUP          ? fx->setup
                       : which == BR_HOOK_TEARDOWN     ? fx->teardown
                       : which == BR_HOOK_SAMPLE_SETUP ? fx->sample_setup
                                                       : fx->sample_teardown;
    if (fn) fn(st);
}

void br_batch_begin(const struct br_bench *b, bench_t *st, uint64_t n)
{
    st->arg = b->arg;
    st->iterations = n;
    br_batch_hook(b, BR_HOOK_SAMPLE_SETUP, st);
}

void br_batch_end(const struct br_bench *b, bench_t *st)
{
    br_batch_hook(b, BR_HOOK_SAMPLE_TEARDOWN, st);
}

double br_batch_timed(const struct br_bench *b, bench_t *st, const struct br_clock *clk, uint64_t n)
{
    br_batch_begin(b, st, n);
    uint64_t t0 = clk->now(clk->ctx);
    b->desc->loop(st, n);
    uint64_t t1 = clk->now(clk->ctx);
    br_batch_end(b, st);
    return (double)(t1 - t0);
}
