/* batch.c - fixture hooks and timed batches. */
#include "measure/batch.h"

#include <string.h>

#include "measure/team.h"

void br_batch_init_state(const struct br_bench *b, bench_t *st)
{
    st->arg = b->arg;
    memcpy(st->args, b->args, sizeof st->args);
    st->nargs = b->nargs;
    st->threads = b->threads > 1 ? b->threads : 1;
    st->thread_index = 0;
}

int br_batch_threads_start(const struct br_bench *b, bench_t *st)
{
    return b->threads > 1 ? br_team_start(st, b->threads, b->desc->loop) : 0;
}

void br_batch_threads_stop(bench_t *st) { br_team_stop(st); }

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
    memcpy(st->args, b->args, sizeof st->args);
    st->iterations = n;
    br_batch_hook(b, BR_HOOK_SAMPLE_SETUP, st);
    if (br_team_of(st)) br_team_ready(st, n);
}

void br_batch_end(const struct br_bench *b, bench_t *st)
{
    br_batch_hook(b, BR_HOOK_SAMPLE_TEARDOWN, st);
}

struct loop_call {
    const struct br_bench *b;
    bench_t *st;
    uint64_t n;
};

void br_batch_run(const struct br_bench *b, bench_t *st, uint64_t n)
{
    if (br_team_of(st))
        br_team_run(st, n);
    else
        b->desc->loop(st, n);
}

static void run_loop(void *arg)
{
    struct loop_call *c = arg;
    br_batch_run(c->b, c->st, c->n);
}

void br_batch_measure(const struct br_bench *b, bench_t *st, struct br_meter *meters,
                      size_t nmeters, uint64_t n, double *out)
{
    struct loop_call call = {b, st, n};
    br_batch_begin(b, st, n);
    br_meters_measure(meters, nmeters, run_loop, &call, out);
    br_batch_end(b, st);
}

void br_batch_count_open(const struct br_bench *b, bench_t *st, uint64_t n, int sites)
{
    br_batch_begin(b, st, n);
    br_alloc_begin(sites);
    br_batch_run(b, st, n); /* a team's other threads run it too: only this one is counted */
    br_alloc_stop();
    br_batch_end(b, st);
}

void br_batch_count(const struct br_bench *b, bench_t *st, uint64_t n, int sites,
                    struct br_alloc_count *out)
{
    br_batch_count_open(b, st, n, sites);
    br_alloc_end(out);
}

double br_batch_timed(const struct br_bench *b, bench_t *st, const struct br_clock *clk, uint64_t n)
{
    struct br_meter clock = br_meter_clock(clk);
    double ns;
    br_batch_measure(b, st, &clock, 1, n, &ns);
    return ns;
}
