/* runner.c - the native engine: set up, calibrate, warm up, then sample.
 *
 * Phases, for the selected benchmarks:
 *   1. prepare: per benchmark, run its setup hook, calibrate the batch length, warm up, and
 *      decide how many samples its time budget allows;
 *   2. sample: one timed batch per benchmark per round, round-robin (interleaved) by default,
 *      so a slow drift of the machine (frequency, a neighbour on the VM) spreads over all
 *      benchmarks instead of biasing whichever ran during it;
 *   3. finish: teardown hooks, one results row per benchmark.
 */
#include "runner.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "calibrate.h"
#include "error.h"

void br_run_opts_default(struct br_run_opts *o)
{
    memset(o, 0, sizeof *o);
    o->repetitions = 20;
    o->min_repetitions = 5;
    o->min_time = 0;
    o->max_time = 2.0;
    o->warmup = 0.02;
    o->cpu = -1;
    o->interleave = 1;
}

/* One benchmark being measured. */
struct job {
    const struct br_bench *b;
    bench_t st;
    uint64_t iterations;
    double *samples;
    size_t nsamples, target;
};

static void hook(bench_hook_fn fn, bench_t *st)
{
    if (fn) fn(st);
}

/* One timed batch of `n` operations with the per-sample hooks around it (untimed). */
static double timed_batch(struct job *j, const struct br_clock *clk, uint64_t n)
{
    const bench_fixture *fx = j->b->desc->fixture;
    j->st.arg = j->b->arg;
    j->st.iterations = n;
    if (fx) hook(fx->sample_setup, &j->st);
    uint64_t t0 = clk->now(clk->ctx);
    j->b->desc->loop(&j->st, n);
    uint64_t t1 = clk->now(clk->ctx);
    if (fx) hook(fx->sample_teardown, &j->st);
    return (double)(t1 - t0);
}

struct batch_ctx {
    struct job *j;
    const struct br_clock *clk;
};

/* br_calibrate times the batch itself; the hooks must stay outside its clock reads, so the
 * calibrator gets a batch function that runs the hooks and the loop, and we accept the hooks'
 * cost in calibration batches only (they only decide the count, never a sample). */
static void calib_batch(void *arg, uint64_t n)
{
    struct batch_ctx *c = arg;
    const bench_fixture *fx = c->j->b->desc->fixture;
    c->j->st.arg = c->j->b->arg;
    c->j->st.iterations = n;
    if (fx) hook(fx->sample_setup, &c->j->st);
    c->j->b->desc->loop(&c->j->st, n);
    if (fx) hook(fx->sample_teardown, &c->j->st);
}

static void prepare(struct job *j, const struct br_run_opts *o, const struct br_clock *clk,
                    double min_batch_ns)
{
    const bench_fixture *fx = j->b->desc->fixture;
    memset(&j->st, 0, sizeof j->st);
    j->st.arg = j->b->arg;
    if (fx) hook(fx->setup, &j->st);

    struct batch_ctx c = {j, clk};
    struct br_calibration cal;
    double max_ns = o->max_time * 1e9;
    br_calibrate(clk, calib_batch, &c, min_batch_ns, max_ns, &cal);
    j->iterations = cal.iterations;

    /* Warm-up: batches at the final count until `warmup` seconds were spent in total
     * (calibration counts: it ran the same code). */
    double spent = cal.spent_ns, batch = cal.batch_ns;
    while (spent < o->warmup * 1e9) {
        batch = timed_batch(j, clk, j->iterations);
        spent += batch;
    }

    /* Samples: as many as asked, fewer when the budget would be exceeded, never fewer than
     * the floor (a 0.5 s snippet gets min_repetitions samples, not a minute of them). */
    double fit = batch > 0 ? max_ns / batch : o->repetitions;
    size_t target = fit < o->repetitions ? (size_t)fit : o->repetitions;
    if (target < o->min_repetitions) target = o->min_repetitions;
    if (target > o->repetitions) target = o->repetitions;
    j->target = target;
    j->samples = br_xcalloc(target, sizeof *j->samples);
    j->nsamples = 0;
}

static void take_sample(struct job *j, const struct br_clock *clk)
{
    double ns = timed_batch(j, clk, j->iterations);
    j->samples[j->nsamples++] = ns / (double)j->iterations;
}

static void progress(const struct br_run_opts *o, const struct job *j, size_t idx, size_t n)
{
    if (!o->progress) return;
    fprintf(stderr, "\r\033[K[%zu/%zu] %s %zu/%zu", idx + 1, n, j->b->name, j->nsamples,
            j->target);
    fflush(stderr);
}

static void sample_all(struct job *jobs, size_t n, const struct br_run_opts *o,
                       const struct br_clock *clk)
{
    if (!o->interleave) {
        for (size_t i = 0; i < n; i++)
            while (jobs[i].nsamples < jobs[i].target) {
                take_sample(&jobs[i], clk);
                progress(o, &jobs[i], i, n);
            }
        return;
    }
    for (int more = 1; more;) {
        more = 0;
        for (size_t i = 0; i < n; i++) {
            if (jobs[i].nsamples >= jobs[i].target) continue;
            take_sample(&jobs[i], clk);
            progress(o, &jobs[i], i, n);
            more |= jobs[i].nsamples < jobs[i].target;
        }
    }
}

static void finish(struct job *j, struct br_results *out)
{
    const bench_fixture *fx = j->b->desc->fixture;
    if (fx) hook(fx->teardown, &j->st);
    struct br_row *row = br_results_add(out, j->b->name, j->iterations, j->samples, j->nsamples);
    row->bytes_per_op = j->st.bytes_per_op;
    row->items_per_op = j->st.items_per_op;
    free(j->samples);
}

int br_runner_run(const struct br_bench *benches, size_t n, const struct br_run_opts *o,
                  const struct br_clock *clk, struct br_results *out)
{
    double min_batch_ns = o->min_time > 0 ? o->min_time * 1e9
                                          : br_calibrate_min_batch_ns(clk, 0.001);
    struct job *jobs = br_xcalloc(n, sizeof *jobs);
    for (size_t i = 0; i < n; i++) {
        jobs[i].b = &benches[i];
        prepare(&jobs[i], o, clk, min_batch_ns);
        progress(o, &jobs[i], i, n);
    }
    sample_all(jobs, n, o, clk);
    if (o->progress) fputs("\r\033[K", stderr);
    for (size_t i = 0; i < n; i++) finish(&jobs[i], out);
    free(jobs);
    return 0;
}
