/* runner.c - the native engine: a window of live workers, sampled round-robin.
 *
 * For the selected benchmarks, in order, at most BR_RUN_WINDOW at a time (1 with
 * --no-interleave):
 *   1. start: a worker (worker.h) runs the benchmark's setup hook, calibrates the batch
 *      length, warms up, and says how many samples its time budget allows;
 *   2. sample: one timed batch per live benchmark per round, round-robin, so a slow drift of
 *      the machine (frequency, a neighbour on the VM) spreads over all of them instead of
 *      biasing whichever ran during it; after each round the reference kernels are timed
 *      (reference.h), and when they say the CPU has slowed the whole measurement may move to
 *      a faster one (machine.h);
 *   3. finish: when a benchmark has its samples, its teardown hook runs, its worker ends, its
 *      row is made, and the next benchmark takes its place in the window.
 * A failed benchmark (crash, exit, hang, broken result) becomes a `failed` context line and the
 * run goes on; a stop signal ends sampling and keeps what was measured.
 *
 * Counting instructions (o->counter) changes three things: a sample is a count per operation
 * (the session's, from two batches), a callgrind worker is this program exec'd under valgrind
 * (valgrind.h) with its timeouts scaled, and benchmarks run one at a time without the
 * reference kernels - a count does not drift with the machine, and one valgrind at a time keeps
 * memory in bounds.
 */
#include "run/runner.h"

#include <math.h>
#include <stdarg.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "base/interrupt.h"
#include "base/strbuf.h"
#include "measure/affinity.h"
#include "measure/calibrate.h"
#include "measure/reference.h"
#include "run/valgrind.h"
#include "run/worker.h"

void br_run_opts_default(struct br_run_opts *o)
{
    memset(o, 0, sizeof *o);
    /* Measured on a shared 2-core VM (docs/measurement.md): 60 samples of 5 ms, interleaved,
     * spread each benchmark over the whole run (~0.3 s per benchmark), so a burst of noise
     * lasting a second or two reaches only a minority of its samples and the median holds;
     * fewer or shorter samples moved the medians between runs by several %.  The whole run
     * still takes about a twentieth of Google Benchmark's with 10 repetitions. */
    o->repetitions = 60;
    o->min_repetitions = 5;
    o->min_time = 0.005;
    o->max_time = 2.0;
    o->warmup = 0.02;
    o->cpu = -1;
    o->interleave = 1;
    o->fork = 1;
    o->timeout = 60;
    o->memory = 1;
}

/* A sample counts as robbed when its batch never waited (no voluntary switch) yet its wall
 * time exceeds its CPU time by more than 5 %: the thread was ready to run and something else
 * ran - another process on its CPU, or the host running another guest on its vCPU (the
 * guest's kernel leaves such steal time out of the thread's CPU time).  On a quiet CPU the
 * two clocks agree within 1 %.  A benchmark is contended when a tenth of its judged samples
 * were robbed: enough to move its median, more than the odd interrupt. */
#define ROBBED_RATIO    1.05
#define CONTENDED_SHARE 0.10

struct job {
    const struct br_bench *b;
    struct br_worker w;
    struct br_valgrind_run *vg; /* its scratch folder under callgrind, else NULL */
    double *series[BR_NVALUES]; /* per sample, br_value_names order */
    size_t nsamples;
    int failed_now;            /* failed during this round: finish it */
    struct br_msg_counted mem; /* the counting batches, when `counted` */
    char *mem_note;            /* their note (free) */
    int counted;
};

struct run {
    const struct br_run_opts *o;
    const struct br_clock *clk;
    struct br_machine *m;
    struct br_results *out;
    struct job *jobs;
    size_t n, next, done;
    size_t *live; /* indexes of the live jobs */
    size_t nlive, window;
    struct br_msg_start plan;
    struct br_reference ref;
    int primary;         /* the value that is the sample: BR_VALUE_NS or _INSTRUCTIONS */
    char self[PATH_MAX]; /* this program, which callgrind workers run */
};

/* Steering moved this process: the live workers follow.  A worker that exited meanwhile is
 * reported by the sampling loop. */
static int move_workers(void *ctx, int cpu)
{
    struct run *r = ctx;
    for (size_t i = 0; i < r->nlive; i++) {
        struct br_worker *w = &r->jobs[r->live[i]].w;
        if (w->proc.pid > 0) br_affinity_move(w->proc.pid, cpu);
    }
    return 0;
}

static void progress(const struct run *r, const struct job *j)
{
    if (!r->o->progress) return;
    fprintf(stderr, "\r\033[K[%zu/%zu] %s %zu/%llu", r->done + 1, r->n, j->b->name, j->nsamples,
            (unsigned long long)j->w.target);
    fflush(stderr);
}

/* This program under callgrind, in a scratch folder of its own; when it does not start,
 * valgrind's last word says why. */
static int start_callgrind(struct run *r, struct job *j)
{
    j->vg = br_xmalloc(sizeof *j->vg);
    if (br_valgrind_prepare(j->vg) < 0) {
        memset(&j->w, 0, sizeof j->w);
        j->w.failed = br_xstrdup(br_errmsg());
        return BR_WORKER_FAILED;
    }
    int rc = br_worker_exec_wrapped(&j->w, &j->vg->wrap, r->self, NULL,
                                    r->o->timeout * BR_CALLGRIND_SLOWDOWN);
    char said[400];
    br_valgrind_log_tail(j->vg, said, sizeof said);
    if (rc == BR_WORKER_FAILED && *said) {
        char *why = j->w.failed;
        size_t n = strlen(why) + strlen(said) + 32;
        j->w.failed = br_xmalloc(n);
        snprintf(j->w.failed, n, "%s (valgrind: %s)", why, said);
        free(why);
    }
    return rc;
}

static int start_job(struct run *r, struct job *j)
{
    int rc;
    if (r->o->counter == BR_COUNTER_CALLGRIND)
        rc = start_callgrind(r, j);
    else if (r->o->fork)
        rc = br_worker_fork(&j->w, j->b, 1, r->clk, r->o->timeout);
    else
        br_worker_local(&j->w, j->b, 1, r->clk), rc = BR_WORKER_OK;
    if (rc == BR_WORKER_OK) rc = br_worker_start(&j->w, j->b->name, &r->plan);
    if (rc != BR_WORKER_OK) return rc;
    for (int v = 0; v < BR_NVALUES; v++) j->series[v] = br_xcalloc(j->w.target, sizeof(double));
    return BR_WORKER_OK;
}

/* A declared amount must be a finite, non-negative number: anything else would make a
 * throughput no format can carry.  The primary (the time, or the count) must be there. */
static int check_sample(const struct run *r, struct job *j, const double *v)
{
    const int checked[] = {r->primary, BR_VALUE_BYTES_PER_OP, BR_VALUE_ITEMS_PER_OP};
    for (size_t k = 0; k < sizeof checked / sizeof checked[0]; k++) {
        double x = v[checked[k]];
        if (isnan(x) && checked[k] != r->primary) continue; /* not reported */
        if (isfinite(x) && x >= 0) continue;
        free(j->w.failed);
        char buf[128];
        snprintf(buf, sizeof buf, "returned a broken result (%s = %g%s)",
                 br_value_names[checked[k]], x,
                 checked[k] == r->primary ? " per operation" : ", not a finite amount");
        j->w.failed = br_xstrdup(buf);
        br_worker_kill(&j->w);
        return BR_WORKER_FAILED;
    }
    return BR_WORKER_OK;
}

/* A counter set for the first time after warm-up has no place in the results (user_counters.h). */
static int check_counters(struct job *j, const double *v)
{
    if (!(v[BR_VALUE_COUNTERS_LATE] > 0)) return BR_WORKER_OK;
    free(j->w.failed);
    j->w.failed = br_xstrdup("set a counter for the first time after calibration and warm-up: "
                             "set every counter in every batch");
    br_worker_kill(&j->w);
    return BR_WORKER_FAILED;
}

/* One sample of job j: 1 when it has all its samples, -1 when it failed, else 0. */
static int sample_job(struct run *r, struct job *j)
{
    double v[BR_NVALUES];
    int rc = br_worker_sample(&j->w, 0, v);
    if (rc == BR_WORKER_OK) rc = check_sample(r, j, v);
    if (rc == BR_WORKER_OK) rc = check_counters(j, v);
    if (rc != BR_WORKER_OK) return -1;
    for (int k = 0; k < BR_NVALUES; k++) j->series[k][j->nsamples] = v[k];
    j->nsamples++;
    progress(r, j);
    return j->nsamples >= j->w.target;
}

/* ---- the row, and what the context says about the benchmark --------------------------------- */

static void context_line(struct br_results *out, const char *key, const char *fmt, ...)
    BR_PRINTF(3, 4);
static void context_line(struct br_results *out, const char *key, const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    br_results_set(out, key, buf);
}

/* Wall/CPU per sample and the robbed samples (see ROBBED_RATIO). */
static void contention(struct br_results *out, double *const *series, size_t n, struct br_row *row)
{
    const double *ns = series[BR_VALUE_NS], *cpu = series[BR_VALUE_CPU_NS];
    const double *waits = series[BR_VALUE_WAITS], *sw = series[BR_VALUE_SWITCHES];
    double *ratio = br_xcalloc(n, sizeof *ratio);
    size_t nratio = 0, judged = 0, robbed = 0;
    double switches = 0;
    for (size_t i = 0; i < n; i++) {
        if (!(cpu[i] > 0)) continue;
        ratio[nratio++] = ns[i] / cpu[i];
        switches += sw[i];
        if (waits[i] != 0) continue;
        judged++;
        double v[BR_NVALUES] = {0};
        v[BR_VALUE_NS] = ns[i];
        v[BR_VALUE_CPU_NS] = cpu[i];
        robbed += br_sample_robbed(v);
    }
    if (nratio) {
        struct br_summary s;
        br_stats_summarize(ratio, nratio, &s);
        br_row_set(row, "wall_cpu_ratio", s.median);
        if (judged && robbed >= 1 && (double)robbed > CONTENDED_SHARE * (double)judged)
            context_line(out, "contended",
                         "%s: %zu of %zu samples lost more than 5 %% of their time to other work "
                         "(median wall/CPU %.3f, %.0f involuntary switches)",
                         row->name, robbed, judged, s.median, switches);
    }
    free(ratio);
}

int br_sample_robbed(const double v[BR_NVALUES])
{
    double cpu = v[BR_VALUE_CPU_NS];
    return v[BR_VALUE_WAITS] == 0 && cpu > 0 && v[BR_VALUE_NS] / cpu > ROBBED_RATIO;
}

struct br_row *br_run_add_row(struct br_results *out, const char *name, uint64_t iterations,
                              double *const series[BR_NVALUES], int primary, size_t n,
                              unsigned asked)
{
    struct br_row *row = br_results_add(out, name, iterations, series[primary], n);
    static const char *const per_sample[] = {
        "cpu_ns",    "involuntary_switches", "voluntary_switches", "l1_misses", "ll_misses",
        "est_cycles"};
    static const int from[] = {BR_VALUE_CPU_NS,    BR_VALUE_SWITCHES,  BR_VALUE_WAITS,
                               BR_VALUE_L1_MISSES, BR_VALUE_LL_MISSES, BR_VALUE_EST_CYCLES};
    for (size_t k = 0; k < sizeof from / sizeof from[0]; k++)
        if (!isnan(series[from[k]][0])) br_row_set_samples(row, per_sample[k], series[from[k]]);
    /* What the body declared, as of its last batch. */
    double bytes = series[BR_VALUE_BYTES_PER_OP][n - 1];
    double items = series[BR_VALUE_ITEMS_PER_OP][n - 1];
    if (bytes > 0) br_row_set(row, "bytes_per_op", bytes);
    if (items > 0) br_row_set(row, "items_per_op", items);
    double rss = series[BR_VALUE_MAX_RSS_KIB][n - 1];
    if (rss > 0) br_row_set(row, "max_rss_kib", rss);
    double size = series[BR_VALUE_COMPLEXITY_N][n - 1];
    if (size > 0) br_row_set(row, "complexity_n", size);
    if (!isnan(series[BR_VALUE_CPU_NS][0])) contention(out, series, n, row);
    if (n < asked)
        context_line(out, "short", "%s: %zu of %u samples (%s)", name, n, asked,
                     br_interrupt_pending() ? "the run was interrupted"
                                            : "each sample takes long for the --max-time budget");
    return row;
}

int br_run_add_memory(struct br_results *out, struct br_row *row, const struct br_msg_counted *m,
                      const char *note)
{
    if (m->off) {
        if (!br_results_get(out, "memory"))
            context_line(out, "memory", "allocations not counted: %s", note);
        return 0;
    }
    const double v[] = {m->allocs_per_op,        m->alloc_bytes_per_op, m->retained_bytes_per_op,
                        m->max_bytes_used,       m->leak_bytes_per_op,  m->allocs_min,
                        m->allocs_max,           m->bytes_min,          m->bytes_max,
                        m->teardown_bytes_per_op};
    for (size_t k = 0; k < sizeof v / sizeof v[0]; k++)
        if (!(isfinite(v[k]) && v[k] >= 0)) return -1;
    br_row_set(row, "allocs_per_op", m->allocs_per_op);
    br_row_set(row, "alloc_bytes_per_op", m->alloc_bytes_per_op);
    br_row_set(row, "retained_bytes_per_op", m->retained_bytes_per_op);
    br_row_set(row, "max_bytes_used", m->max_bytes_used);
    br_memory_spread(row, m);
    if (m->loaded)
        context_line(out, "uncounted",
                     "%s: loaded or unloaded a library while its allocations were counted "
                     "(dlopen, dlclose): what the dynamic linker and that library allocated is "
                     "not in its counts",
                     row->name);
    if (m->leak_bytes_per_op > 0)
        context_line(out, "leak", "%s: %.4g B/op retained, growing with the operation count%s%s",
                     row->name, m->leak_bytes_per_op, *note ? "; " : "", note);
    if (m->teardown_bytes_per_op > 0)
        context_line(out, "retained",
                     "%s: %.4g B/op retained until the fixture's teardown, which frees it "
                     "(growing with the operation count by design, not a leak)",
                     row->name, m->teardown_bytes_per_op);
    return 0;
}

/* The counting batches after the samples, before the teardown (--no-memory: none). */
static void count_job(struct run *r, struct job *j)
{
    if (!r->o->memory || br_interrupt_pending() || j->w.failed || j->nsamples == 0) return;
    j->counted = br_worker_memory(&j->w, &j->mem, &j->mem_note) == BR_WORKER_OK;
}

/* A calibrated row whose median batch stayed far below the target (calibrate.h): a count
 * chosen on interrupted batches, which a comparison must not trust silently. */
static void short_batches(struct run *r, const struct br_row *row)
{
    double batch = row->summary.median * (double)row->iterations;
    if (r->o->iterations || r->o->counter || !br_calibrate_short(batch, r->plan.min_batch_ns))
        return;
    context_line(
        r->out, "short_batch",
        "%s: median batch %.3g ms (%llu operations), below the %.3g ms target (--min-time): the "
        "count was calibrated on interrupted batches and its median is unreliable",
        row->name, batch / 1e6, (unsigned long long)row->iterations, r->plan.min_batch_ns / 1e6);
}

static void add_row(struct run *r, struct job *j)
{
    char why[400];
    struct br_summary s;
    /* A rate counter is per second of the median time, and a count of instructions has no
     * time: such counters are left out, on one line (plain counters travel with the counts). */
    if (r->o->counter && br_counters_drop_rates(&j->w.counters, why, sizeof why))
        context_line(r->out, "omitted",
                     "%s: counter %s: a rate per second, and counting instructions measures no "
                     "time",
                     j->b->name, why);
    br_stats_summarize(j->series[BR_VALUE_NS], j->nsamples, &s);
    if (br_counters_check(&j->w.counters, s.median, why, sizeof why) < 0) {
        context_line(r->out, "failed", "%s: %s", j->b->name, why);
        return;
    }
    struct br_row *row = br_run_add_row(r->out, j->b->name, j->w.iterations, j->series, r->primary,
                                        j->nsamples, r->o->repetitions);
    br_counters_to_row(&j->w.counters, row);
    short_batches(r, row);
    if (j->counted && br_run_add_memory(r->out, row, &j->mem, j->mem_note) < 0)
        context_line(r->out, "failed", "%s: its worker returned broken allocation counts",
                     j->b->name);
}

static void finish_job(struct run *r, struct job *j)
{
    count_job(r, j);
    if (br_interrupt_pending())
        br_worker_kill(&j->w);
    else if (!j->w.failed)
        br_worker_finish(&j->w);
    if (j->w.failed)
        context_line(r->out, "failed", "%s: %s", j->b->name, j->w.failed);
    else if (j->nsamples > 0)
        add_row(r, j);
    br_worker_release(&j->w);
    free(j->mem_note);
    j->mem_note = NULL;
    if (j->vg) br_valgrind_cleanup(j->vg, NULL);
    free(j->vg);
    j->vg = NULL;
    for (int v = 0; v < BR_NVALUES; v++) free(j->series[v]);
    memset(j->series, 0, sizeof j->series);
    r->done++;
}

/* ---- the window ------------------------------------------------------------------------------ */

/* Starts benchmarks until the window is full or none is left. */
static void fill_window(struct run *r)
{
    while (r->nlive < r->window && r->next < r->n && !br_interrupt_pending()) {
        struct job *j = &r->jobs[r->next++];
        progress(r, j);
        if (start_job(r, j) == BR_WORKER_OK)
            r->live[r->nlive++] = (size_t)(j - r->jobs);
        else
            finish_job(r, j);
    }
}

/* One sample of every live benchmark; those that are finished or failed leave the window.
 * Once a stop signal arrived nothing more is sampled: the live ones keep what they have. */
static void round_robin(struct run *r)
{
    size_t kept = 0;
    for (size_t i = 0; i < r->nlive; i++) {
        struct job *j = &r->jobs[r->live[i]];
        if (!br_interrupt_pending() && sample_job(r, j) != 0 && !br_interrupt_pending())
            finish_job(r, j);
        else
            r->live[kept++] = r->live[i];
    }
    r->nlive = kept;
}

static void sample_all(struct run *r)
{
    for (fill_window(r); r->nlive > 0 && !br_interrupt_pending(); fill_window(r)) {
        size_t done = r->done;
        round_robin(r);
        /* The reference once per round, or once per benchmark when they run one by one; none
         * when counting, which the machine's speed does not change. */
        if (!r->o->counter && (r->window > 1 || r->done != done)) br_machine_check(r->m, &r->ref);
    }
    /* Interrupted: every live benchmark keeps what it has; the others never started. */
    for (size_t i = 0; i < r->nlive; i++) finish_job(r, &r->jobs[r->live[i]]);
    r->nlive = 0;
}

int br_runner_run(const struct br_bench *benches, size_t n, const struct br_run_opts *o,
                  struct br_machine *m, const struct br_clock *clk, struct br_results *out)
{
    struct run r;
    memset(&r, 0, sizeof r);
    r.o = o;
    r.clk = clk;
    r.m = m;
    r.out = out;
    r.n = n;
    r.jobs = br_xcalloc(n ? n : 1, sizeof *r.jobs);
    r.live = br_xcalloc(BR_RUN_WINDOW, sizeof *r.live);
    r.window = o->interleave && !o->counter ? BR_RUN_WINDOW : 1;
    r.primary = o->counter ? BR_VALUE_INSTRUCTIONS : BR_VALUE_NS;
    if (o->counter == BR_COUNTER_CALLGRIND && br_valgrind_self(r.self, sizeof r.self) < 0) {
        free(r.live);
        free(r.jobs);
        return -1;
    }
    double min_ns = o->min_time > 0 ? o->min_time * 1e9 : br_calibrate_min_batch_ns(clk, 0.001);
    r.plan = (struct br_msg_start){o->iterations,        min_ns,
                                   o->max_time * 1e9,    o->warmup * 1e9,
                                   o->repetitions,       o->min_repetitions,
                                   (uint32_t)o->counter, 0,
                                   BR_COUNT_MIN_BATCH};
    for (size_t i = 0; i < n; i++) r.jobs[i].b = &benches[i];
    /* A child that died leaves a pipe with no reader: writing to it must fail with EPIPE, not
     * kill the whole run with SIGPIPE. */
    signal(SIGPIPE, SIG_IGN);
    br_reference_init(&r.ref);
    m->move_others = move_workers;
    m->ctx = &r;
    size_t first_row = out->nrows;
    sample_all(&r);
    /* rows in the order of the selection: they were added as benchmarks finished */
    const char **names = br_xcalloc(n + 1, sizeof *names);
    for (size_t i = 0; i < n; i++) names[i] = benches[i].name;
    br_results_order_rows(out, first_row, names, n);
    free(names);
    m->move_others = NULL;
    if (o->progress) fputs("\r\033[K", stderr);
    br_reference_report(&r.ref, out);
    br_reference_judge(&r.ref, out, first_row);
    br_reference_release(&r.ref);
    free(r.live);
    free(r.jobs);
    return 0;
}
