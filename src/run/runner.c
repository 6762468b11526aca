/* runner.c - the native engine: start every benchmark's worker, then sample.
 *
 * Phases, for the selected benchmarks:
 *   1. start: per benchmark, a worker runs its setup hook, calibrates the batch length, warms
 *      up, and decides how many samples its time budget allows (worker.c);
 *   2. sample: one timed batch per benchmark per round, round-robin (interleaved) by default,
 *      so a slow drift of the machine (frequency, a neighbour on the VM) spreads over all
 *      benchmarks instead of biasing whichever ran during it; after each round the reference
 *      kernels are timed (reference.h), and when they say the CPU has slowed the whole
 *      measurement may move to a faster one (steer.h);
 *   3. finish: teardown hooks, one results row per benchmark with samples.
 * A failed benchmark (crash, exit, hang, broken result) becomes a `failed` context line and the
 * run goes on; a stop signal ends sampling and keeps what was measured.
 */
#include "run/runner.h"

#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "measure/affinity.h"
#include "measure/calibrate.h"
#include "base/error.h"
#include "base/interrupt.h"
#include "measure/reference.h"
#include "measure/steer.h"
#include "base/strbuf.h"
#include "run/worker.h"

void br_run_opts_default(struct br_run_opts *o)
{
    memset(o, 0, sizeof *o);
    /* Measured on a shared 2-core VM (bench/harness, README "Measurement quality"): 60 samples
     * of 5 ms, interleaved, spread each benchmark over the whole run (~0.3 s per benchmark), so
     * a burst of noise lasting a second or two reaches only a minority of its samples and the
     * median holds; fewer or shorter samples moved the medians between runs by several %.  The
     * whole run still takes about a twentieth of Google Benchmark's with 10 repetitions. */
    o->repetitions = 60;
    o->min_repetitions = 5;
    o->min_time = 0.005;
    o->max_time = 2.0;
    o->warmup = 0.02;
    o->cpu = -1;
    o->interleave = 1;
    o->fork = 1;
    o->timeout = 60;
}

/* One benchmark's place in the run. */
struct job {
    struct br_worker w;
    double *samples;
    size_t nsamples;
    int done; /* failed, interrupted or all samples taken */
};

/* The run's CPU steering: the jobs whose workers move with it. */
struct steering {
    struct br_steer s;
    int on, start_cpu;
    const struct br_clock *clk;
    struct job *jobs;
    size_t n;
};

_Static_assert(BR_STEER_KERNELS == BR_REF_KERNELS, "steering judges the reference kernels");

static void steer_probe(void *ctx, int cpu, double ns[BR_STEER_KERNELS])
{
    struct steering *st = ctx;
    if (sched_getcpu() != cpu) br_affinity_move(0, cpu);
    br_reference_time(st->clk, ns);
}

static int steer_back(void *ctx, int cpu)
{
    (void)ctx;
    return br_affinity_move(0, cpu);
}

/* This process, then every forked worker still running.  A worker that exited meanwhile
 * (ESRCH) is left to the sampling loop, which reports it. */
static int steer_move(void *ctx, int cpu)
{
    struct steering *st = ctx;
    if (br_affinity_move(0, cpu) < 0) return -1;
    for (size_t i = 0; i < st->n; i++)
        if (st->jobs[i].w.pid > 0 && !st->jobs[i].done) br_affinity_move(st->jobs[i].w.pid, cpu);
    return 0;
}

static void steer_begin(struct steering *st, const struct br_run_opts *o,
                        const struct br_clock *clk, struct job *jobs, size_t n)
{
    st->clk = clk;
    st->jobs = jobs;
    st->n = n;
    st->start_cpu = sched_getcpu();
    st->on = o->steer_cpus && o->steer_ncpus > 1 && st->start_cpu >= 0;
    br_steer_init(&st->s, o->steer_cpus, st->on ? o->steer_ncpus : 0, st->start_cpu);
    struct br_steer_ops ops = {steer_probe, steer_move, steer_back, st};
    if (st->on) st->start_cpu = br_steer_start(&st->s, &ops);
}

/* After a reference sample: maybe move (steer.h). */
static void steer_round(struct steering *st, const struct br_reference *ref)
{
    if (!st->on) return;
    struct br_steer_ops ops = {steer_probe, steer_move, steer_back, st};
    double last[BR_REF_KERNELS];
    for (int k = 0; k < BR_REF_KERNELS; k++) last[k] = ref->ns[k][ref->n - 1];
    br_steer_round(&st->s, last, &ops);
}

/* benchrun.c leaves pinned_cpu to the runner when it steers: the CPU chosen at the start. */
static void steer_report(const struct steering *st, const struct br_run_opts *o,
                         struct br_results *out)
{
    char buf[256];
    if (!o->steer_cpus || o->steer_ncpus < 2) return;
    snprintf(buf, sizeof buf, "%d", st->start_cpu);
    br_results_set(out, "pinned_cpu", buf);
    if (!st->on) return;
    br_steer_describe(&st->s, st->start_cpu, buf, sizeof buf);
    br_results_set(out, "cpu_steering", buf);
}

static void progress(const struct br_run_opts *o, const struct job *j, size_t idx, size_t n)
{
    if (!o->progress) return;
    fprintf(stderr, "\r\033[K[%zu/%zu] %s %zu/%zu", idx + 1, n, j->w.b->name, j->nsamples,
            j->w.target);
    fflush(stderr);
}

static void start_all(struct job *jobs, const struct br_bench *benches, size_t n,
                      const struct br_run_opts *o, const struct br_clock *clk, double min_ns)
{
    for (size_t i = 0; i < n; i++) {
        struct job *j = &jobs[i];
        if (br_interrupt_pending()) {
            j->w.b = &benches[i];
            j->done = 1;
            continue;
        }
        j->done = br_worker_start(&j->w, &benches[i], o, clk, min_ns) != BR_WORKER_OK;
        if (!j->done) j->samples = br_xcalloc(j->w.target, sizeof *j->samples);
        progress(o, j, i, n);
    }
}

/* One sample of job j; marks it done when finished or failed. */
static void sample_one(struct job *j)
{
    double ns;
    if (br_worker_sample(&j->w, &ns) != BR_WORKER_OK) {
        j->done = 1;
        return;
    }
    j->samples[j->nsamples++] = ns;
    if (j->nsamples >= j->w.target) j->done = 1;
}

static void sample_all(struct job *jobs, size_t n, const struct br_run_opts *o,
                       const struct br_clock *clk, struct br_reference *ref, struct steering *st)
{
    /* Interleaved: round-robin over the unfinished jobs.  Sequential: each job to the end.
     * The reference kernels are timed once per round (per benchmark when sequential). */
    for (int more = 1; more && !br_interrupt_pending();) {
        more = 0;
        for (size_t i = 0; i < n && !br_interrupt_pending(); i++) {
            while (!jobs[i].done && !br_interrupt_pending()) {
                sample_one(&jobs[i]);
                progress(o, &jobs[i], i, n);
                if (o->interleave) break;
            }
            more |= !jobs[i].done;
            if (!o->interleave) {
                br_reference_sample(ref, clk);
                steer_round(st, ref);
            }
        }
        if (o->interleave) {
            br_reference_sample(ref, clk);
            steer_round(st, ref);
        }
    }
}

static void finish(struct job *j, struct br_results *out)
{
    if (br_interrupt_pending())
        br_worker_kill(&j->w);
    else if (j->w.b && !j->w.failed)
        br_worker_finish(&j->w);
    if (j->w.failed) {
        struct br_strbuf sb;
        br_strbuf_init(&sb);
        br_strbuf_addf(&sb, "%s: %s", j->w.b->name, j->w.failed);
        br_results_set(out, "failed", sb.buf);
        br_strbuf_release(&sb);
    } else if (j->nsamples > 0) {
        struct br_row *row =
            br_results_add(out, j->w.b->name, j->w.iterations, j->samples, j->nsamples);
        if (j->w.bytes_per_op > 0) br_row_set(row, "bytes_per_op", j->w.bytes_per_op);
        if (j->w.items_per_op > 0) br_row_set(row, "items_per_op", j->w.items_per_op);
    }
    free(j->w.failed);
    free(j->samples);
}

int br_runner_run(const struct br_bench *benches, size_t n, const struct br_run_opts *o,
                  const struct br_clock *clk, struct br_results *out)
{
    double min_ns = o->min_time > 0 ? o->min_time * 1e9 : br_calibrate_min_batch_ns(clk, 0.001);
    struct job *jobs = br_xcalloc(n, sizeof *jobs);
    /* A child that died leaves a pipe with no reader: writing to it must fail with EPIPE, not
     * kill the whole run with SIGPIPE. */
    if (o->fork) signal(SIGPIPE, SIG_IGN);
    struct br_reference ref;
    br_reference_init(&ref);
    struct steering st;
    steer_begin(&st, o, clk, jobs, n);
    start_all(jobs, benches, n, o, clk, min_ns);
    sample_all(jobs, n, o, clk, &ref, &st);
    if (o->progress) fputs("\r\033[K", stderr);
    for (size_t i = 0; i < n; i++) finish(&jobs[i], out);
    br_reference_report(&ref, out);
    steer_report(&st, o, out);
    br_reference_release(&ref);
    free(jobs);
    return 0;
}
