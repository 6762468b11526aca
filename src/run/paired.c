/* paired.c - paired A/B runs of two builds (see paired.h). */
#include "run/paired.h"

#include <math.h>
#include <regex.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "base/interrupt.h"
#include "base/random.h"
#include "measure/affinity.h"
#include "measure/calibrate.h"
#include "measure/reference.h"
#include "run/worker.h"

enum { OLD, NEW, SIDES };
static const char *const side_name[SIDES] = {"old", "new"};

/* One build's half of a benchmark. */
struct side {
    int present; /* the program has this benchmark */
    int started; /* w was initialised (by br_worker_exec) */
    struct br_worker w;
    double *series[BR_NVALUES]; /* per pair */
    double *first;              /* 1 where this side ran first */
};

struct pjob {
    char *name;
    struct side s[SIDES];
    uint64_t iterations; /* both sides' batch */
    size_t n, target;    /* pairs taken, pairs wanted so far */
    size_t per_look;     /* pairs per look */
    unsigned looks;
    double spent_ns; /* sampling time so far */
    size_t retaken;  /* pairs taken again because one side lost time to other work */
    int failed;
};

struct prun {
    const char *prog[SIDES];
    const struct br_paired_opts *o;
    const struct br_clock *clk;
    struct br_machine *m;
    struct br_results *out[SIDES];
    struct pjob *jobs;
    size_t n, next, done;
    size_t *live;
    size_t nlive;
    struct br_msg_start plan;
    struct br_reference ref;
    uint64_t rng;
    struct br_shard_info shard; /* n = 0: not sharded */
};

/* ---- the programs' benchmarks ----------------------------------------------------------- */

/* The names `prog` has: a worker started only to be asked. */
static int list_program(const struct br_paired_opts *o, const char *prog, char ***names, size_t *n)
{
    struct br_worker w;
    int rc = br_worker_exec(&w, prog, o->program_args, o->run.timeout);
    if (rc == BR_WORKER_OK) rc = br_worker_list(&w, names, n);
    if (rc != BR_WORKER_OK) {
        br_error("%s", w.failed ? w.failed : "interrupted");
        br_worker_release(&w);
        return -1;
    }
    br_worker_kill(&w); /* nothing was set up: no teardown to wait for */
    br_worker_release(&w);
    return 0;
}

static void free_names(char **names, size_t n)
{
    for (size_t i = 0; i < n; i++) free(names[i]);
    free(names);
}

static int index_of(char **names, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(names[i], name) == 0) return (int)i;
    return -1;
}

static void add_job(struct prun *r, const char *name, int in_old, int in_new)
{
    r->jobs = br_xrealloc(r->jobs, (r->n + 1) * sizeof *r->jobs);
    struct pjob *j = &r->jobs[r->n++];
    memset(j, 0, sizeof *j);
    j->name = br_xstrdup(name);
    j->s[OLD].present = in_old;
    j->s[NEW].present = in_new;
}

/* The jobs: the old program's benchmarks in its order (paired where the new one has them
 * too), then those only the new one has; the filter keeps some. */
static int make_jobs(struct prun *r, char **names[SIDES], const size_t count[SIDES])
{
    regex_t re;
    const char *filter = r->o->filter;
    if (filter && regcomp(&re, filter, REG_EXTENDED | REG_NOSUB) != 0)
        return br_error("--filter: invalid regular expression '%s'", filter);
    for (int side = OLD; side < SIDES; side++)
        for (size_t i = 0; i < count[side]; i++) {
            const char *name = names[side][i];
            int in_other = index_of(names[!side], count[!side], name) >= 0;
            if ((side == NEW && in_other) || (filter && regexec(&re, name, 0, NULL, 0) != 0))
                continue;
            add_job(r, name, side == OLD || in_other, side == NEW || in_other);
        }
    if (filter) regfree(&re);
    if (!r->n) return br_error("--filter: '%s' matches no benchmark of either program", filter);
    return 0;
}

/* --shard: the jobs of this part only (it may have none). */
static void shard_jobs(struct prun *r)
{
    const char **names = br_xcalloc(r->n + 1, sizeof *names);
    unsigned char *keep = br_xcalloc(r->n + 1, 1);
    size_t kept = 0;
    for (size_t i = 0; i < r->n; i++) names[i] = r->jobs[i].name;
    br_shard_select(r->o->shard, names, r->n, keep, &r->shard);
    for (size_t i = 0; i < r->n; i++) {
        if (keep[i])
            r->jobs[kept++] = r->jobs[i];
        else
            free(r->jobs[i].name);
    }
    r->n = kept;
    free(keep);
    free(names);
}

/* ---- one benchmark ------------------------------------------------------------------------ */

static void grow_series(struct pjob *j, size_t target)
{
    for (int side = OLD; side < SIDES; side++) {
        if (!j->s[side].present) continue;
        for (int v = 0; v < BR_NVALUES; v++)
            j->s[side].series[v] = br_xrealloc(j->s[side].series[v], target * sizeof(double));
        j->s[side].first = br_xrealloc(j->s[side].first, target * sizeof(double));
    }
    j->target = target;
}

/* Starts one side: calibration when `iterations` is 0, else that count.  0 or -1. */
static int start_side(struct prun *r, struct pjob *j, int side, uint64_t iterations)
{
    struct side *s = &j->s[side];
    struct br_msg_start plan = r->plan;
    plan.iterations = iterations;
    int rc = br_worker_exec(&s->w, r->prog[side], r->o->program_args, r->o->run.timeout);
    s->started = 1;
    if (rc == BR_WORKER_OK) rc = br_worker_start(&s->w, j->name, &plan);
    if (rc == BR_WORKER_OK) return 0;
    j->failed = 1;
    return -1;
}

/* The old side calibrates and the new one runs its count: a sample of each is the same
 * batch of work.  A benchmark only one side has calibrates alone. */
static int start_job(struct prun *r, struct pjob *j)
{
    int first = j->s[OLD].present ? OLD : NEW;
    if (start_side(r, j, first, r->o->run.iterations) < 0) return -1;
    j->iterations = j->s[first].w.iterations;
    size_t target = j->s[first].w.target;
    if (first == OLD && j->s[NEW].present) {
        if (start_side(r, j, NEW, j->iterations) < 0) return -1;
        if (j->s[NEW].w.target < target) target = j->s[NEW].w.target;
    }
    j->per_look = target;
    grow_series(j, target);
    return 0;
}

/* One sample of one side into pair slot j->n; *robbed tells whether other work took time
 * from it. */
static int sample_side(struct pjob *j, int side, int first, int *robbed)
{
    struct side *s = &j->s[side];
    double v[BR_NVALUES];
    if (br_worker_sample(&s->w, 0, v) != BR_WORKER_OK) return -1;
    if (!(isfinite(v[BR_VALUE_NS]) && v[BR_VALUE_NS] >= 0)) {
        free(s->w.failed);
        s->w.failed = br_xstrdup("returned a broken result (a non-finite time)");
        br_worker_kill(&s->w);
        return -1;
    }
    for (int k = 0; k < BR_NVALUES; k++) s->series[k][j->n] = v[k];
    s->first[j->n] = first;
    *robbed |= br_sample_robbed(v);
    return 0;
}

/* One pair, in a random order (one sample when the benchmark has one side).  A pair of which
 * one side lost time to another process or to the host (runner.h: br_sample_robbed) measured
 * the interruption, not the builds: it is taken again, up to a quarter of the pairs wanted,
 * after which pairs count as they come (on a machine where most samples are robbed, taking
 * them again buys nothing and would double the run). */
static int take_pair(struct prun *r, struct pjob *j)
{
    int a = j->s[OLD].present ? OLD : NEW, robbed = 0;
    int both = j->s[OLD].present && j->s[NEW].present;
    if (both && (br_random_next(&r->rng) & 1)) a = NEW;
    uint64_t t0 = br_clock_monotonic_ns();
    if (sample_side(j, a, 1, &robbed) < 0 || (both && sample_side(j, !a, 0, &robbed) < 0))
        return -1;
    j->spent_ns += (double)(br_clock_monotonic_ns() - t0);
    if (both && robbed && j->retaken < j->target / 4) {
        j->retaken++;
        return 0;
    }
    j->n++;
    return 0;
}

/* At the end of a look: more pairs when the caller says they could decide, a look is left
 * and the budget allows one more at this pace. */
static int wants_more(struct prun *r, struct pjob *j)
{
    const struct br_paired_opts *o = r->o;
    j->looks++;
    if (!o->undecided || !j->s[OLD].present || !j->s[NEW].present) return 0;
    if (j->looks >= o->max_looks || br_interrupt_pending()) return 0;
    double per_look_ns = j->spent_ns / (double)j->looks;
    if ((j->spent_ns + per_look_ns) / 1e9 > o->budget_s) return 0;
    if (!o->undecided(o->ctx, j->s[OLD].series[BR_VALUE_NS], j->s[NEW].series[BR_VALUE_NS], j->n,
                      j->looks))
        return 0;
    grow_series(j, j->target + j->per_look);
    return 1;
}

/* 1 when the job is finished (all its pairs, or failed), else 0. */
static int step_job(struct prun *r, struct pjob *j)
{
    if (take_pair(r, j) < 0) {
        j->failed = 1;
        return 1;
    }
    if (r->o->run.progress)
        fprintf(stderr, "\r\033[K[%zu/%zu] %s %zu/%zu pairs", r->done + 1, r->n, j->name, j->n,
                j->target);
    return j->n >= j->target && !wants_more(r, j);
}

static void finish_side(struct prun *r, struct pjob *j, int side)
{
    struct side *s = &j->s[side];
    if (!s->started) return;
    struct br_msg_counted mem;
    char *note = NULL;
    int counted = r->o->run.memory && !br_interrupt_pending() && !j->failed && j->n > 0 &&
                  br_worker_memory(&s->w, &mem, &note) == BR_WORKER_OK;
    if (br_interrupt_pending() || j->failed)
        br_worker_kill(&s->w);
    else
        br_worker_finish(&s->w);
    char line[512];
    if (s->w.failed) {
        snprintf(line, sizeof line, "%s: %s: %s", j->name, side_name[side], s->w.failed);
        br_results_set(r->out[side], "failed", line);
    } else if (j->n > 0 && !j->failed) {
        struct br_row *row = br_run_add_row(r->out[side], j->name, j->iterations, s->series,
                                            BR_VALUE_NS, j->n, r->o->run.repetitions);
        br_row_set_samples(row, "pair_first", s->first);
        if (counted && br_run_add_memory(r->out[side], row, &mem, note) < 0) {
            snprintf(line, sizeof line, "%s: %s: broken allocation counts", j->name,
                     side_name[side]);
            br_results_set(r->out[side], "failed", line);
        }
        if (j->retaken) {
            snprintf(line, sizeof line,
                     "%s: %zu pairs taken again (one side lost time to other "
                     "work)",
                     j->name, j->retaken);
            br_results_set(r->out[side], "retaken", line);
        }
    }
    br_worker_release(&s->w);
    free(note);
    for (int v = 0; v < BR_NVALUES; v++) free(s->series[v]);
    free(s->first);
}

/* A side that failed takes its pairs with it: the other side's samples alone are no pairs. */
static void finish_job(struct prun *r, struct pjob *j)
{
    if (j->failed && !j->s[OLD].w.failed && !j->s[NEW].w.failed) j->failed = 0;
    for (int side = OLD; side < SIDES; side++) finish_side(r, j, side);
    r->done++;
}

/* ---- the window ----------------------------------------------------------------------------- */

static int move_workers(void *ctx, int cpu)
{
    struct prun *r = ctx;
    for (size_t i = 0; i < r->nlive; i++)
        for (int side = OLD; side < SIDES; side++) {
            struct br_worker *w = &r->jobs[r->live[i]].s[side].w;
            if (r->jobs[r->live[i]].s[side].present && w->proc.pid > 0)
                br_affinity_move(w->proc.pid, cpu);
        }
    return 0;
}

static void fill_window(struct prun *r)
{
    while (r->nlive < BR_RUN_WINDOW && r->next < r->n && !br_interrupt_pending()) {
        struct pjob *j = &r->jobs[r->next++];
        if (start_job(r, j) == 0)
            r->live[r->nlive++] = (size_t)(j - r->jobs);
        else
            finish_job(r, j);
    }
}

static void rounds(struct prun *r)
{
    for (fill_window(r); r->nlive > 0 && !br_interrupt_pending(); fill_window(r)) {
        size_t kept = 0;
        for (size_t i = 0; i < r->nlive; i++) {
            struct pjob *j = &r->jobs[r->live[i]];
            if (!br_interrupt_pending() && step_job(r, j) && !br_interrupt_pending())
                finish_job(r, j);
            else
                r->live[kept++] = r->live[i];
        }
        r->nlive = kept;
        br_machine_check(r->m, &r->ref);
    }
    for (size_t i = 0; i < r->nlive; i++) finish_job(r, &r->jobs[r->live[i]]);
    r->nlive = 0;
    if (r->o->run.progress) fputs("\r\033[K", stderr);
}

/* The context both files carry: which run they come from, and which side each is. */
static void paired_context(struct prun *r)
{
    char id[32], looks[16];
    snprintf(id, sizeof id, "%016llx", (unsigned long long)br_random_next(&r->rng));
    snprintf(looks, sizeof looks, "%u", r->o->max_looks);
    for (int side = OLD; side < SIDES; side++) {
        br_results_set(r->out[side], "paired_run", id);
        br_results_set(r->out[side], "paired_side", side_name[side]);
        br_results_set(r->out[side], "paired_looks", looks);
        br_results_set(r->out[side], "program", r->prog[side]);
        br_results_set(r->out[side], "paired_with", r->prog[!side]);
        br_shard_context(r->out[side], &r->shard, r->o->shard_by);
    }
}

static int setup(struct prun *r)
{
    char **names[SIDES] = {NULL, NULL};
    size_t count[SIDES] = {0, 0};
    int rc = 0;
    for (int side = OLD; side < SIDES && rc == 0; side++)
        rc = list_program(r->o, r->prog[side], &names[side], &count[side]);
    if (rc == 0) rc = make_jobs(r, names, count);
    if (rc == 0 && r->o->shard) shard_jobs(r);
    for (int side = OLD; side < SIDES; side++) free_names(names[side], count[side]);
    return rc;
}

int br_paired_run(const char *old_prog, const char *new_prog, const struct br_paired_opts *o,
                  struct br_machine *m, const struct br_clock *clk, struct br_results *old,
                  struct br_results *new_)
{
    struct prun r;
    memset(&r, 0, sizeof r);
    r.prog[OLD] = old_prog;
    r.prog[NEW] = new_prog;
    r.o = o;
    r.clk = clk;
    r.m = m;
    r.out[OLD] = old;
    r.out[NEW] = new_;
    r.rng = o->seed;
    signal(SIGPIPE, SIG_IGN); /* a worker that died leaves a pipe with no reader */
    int rc = setup(&r);
    if (rc == 0) {
        double min_ns =
            o->run.min_time > 0 ? o->run.min_time * 1e9 : br_calibrate_min_batch_ns(clk, 0.001);
        r.plan = (struct br_msg_start){0,
                                       min_ns,
                                       o->run.max_time * 1e9,
                                       o->run.warmup * 1e9,
                                       o->run.repetitions,
                                       o->run.min_repetitions,
                                       0, /* time: paired runs never count (benchcmp.c) */
                                       0,
                                       0};
        r.live = br_xcalloc(BR_RUN_WINDOW, sizeof *r.live);
        br_reference_init(&r.ref);
        m->move_others = move_workers;
        m->ctx = &r;
        rounds(&r);
        m->move_others = NULL;
        const char **names = br_xcalloc(r.n + 1, sizeof *names);
        for (size_t i = 0; i < r.n; i++) names[i] = r.jobs[i].name;
        for (int side = OLD; side < SIDES; side++)
            br_results_order_rows(r.out[side], 0, names, r.n);
        free(names);
        for (int side = OLD; side < SIDES; side++) {
            br_reference_report(&r.ref, r.out[side]);
            br_reference_judge(&r.ref, r.out[side], 0);
        }
        paired_context(&r);
        br_reference_release(&r.ref);
        free(r.live);
    }
    for (size_t i = 0; i < r.n; i++) free(r.jobs[i].name);
    free(r.jobs);
    return rc;
}
