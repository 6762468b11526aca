/* steer.c - choosing and changing the CPU from reference-kernel timings (see steer.h). */
#include "measure/steer.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/stats.h"
#include "base/strbuf.h"

#define K BR_STEER_KERNELS

/* Probes per CPU when choosing: the median of 5 (~3 ms) ignores the first, cold one and a
 * single interrupted one.  When checking mid-run, 3 (~2 ms) keep the check cheap. */
#define START_PROBES 5
#define CHECK_PROBES 3
/* The current CPU counts as slowed when the median of its last three probes exceeds the
 * fastest median seen by 15 % (for either kernel).  In its fast state the reference loop reads
 * 0.273 ns with frequent single readings ~13 % higher, and a single sort probe reads over 15 %
 * high 16-21 % of the time; the slow states read 1.4-1.9x: the median of three keeps the
 * first from triggering checks, 15 % catches the second. */
#define SLOW_FACTOR 1.15
/* Move only to a CPU at least 13 % faster than the current one: smaller gains are within what
 * one CPU's fast state varies, and each move costs a sample or two with cold caches. */
#define GAIN_FACTOR 0.87
/* At least 4 rounds between checks: a check costs ~2 ms per other CPU, a round of 8
 * benchmarks ~40 ms, so checking while both CPUs stay slow costs about 1 % of the run. */
#define CHECK_EVERY 4

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, br_stats_cmp_double);
    return br_stats_quantile_sorted(v, (size_t)n, 0.5);
}

/* Per kernel, the median of n (<= START_PROBES) probes on cpu. */
static void probe_median(const struct br_steer_ops *ops, int cpu, int n, double out[K])
{
    double v[K][START_PROBES], one[K];
    for (int i = 0; i < n; i++) {
        ops->probe(ops->ctx, cpu, one);
        for (int k = 0; k < K; k++) v[k][i] = one[k];
    }
    for (int k = 0; k < K; k++) out[k] = median(v[k], n);
}

static void note_fast(struct br_steer *s, const double ns[K])
{
    for (int k = 0; k < K; k++)
        if (ns[k] > 0 && ns[k] < s->fast_ns[k]) s->fast_ns[k] = ns[k];
}

/* How slow `ns` is: the larger of the kernels' ratios to their fastest times. */
static double slowness(const struct br_steer *s, const double ns[K])
{
    double worst = 0;
    for (int k = 0; k < K; k++)
        if (s->fast_ns[k] > 0 && isfinite(s->fast_ns[k]) && ns[k] / s->fast_ns[k] > worst)
            worst = ns[k] / s->fast_ns[k];
    return worst;
}

void br_steer_init(struct br_steer *s, const int *cpus, int ncpus, int current)
{
    memset(s, 0, sizeof *s);
    for (int i = 0; i < ncpus && s->ncpus < BR_STEER_MAX_CPUS; i++) s->cpus[s->ncpus++] = cpus[i];
    s->current = current;
    for (int k = 0; k < K; k++) s->fast_ns[k] = INFINITY;
}

/* Probes every candidate but `skip` (n probes each); returns the least slow and its slowness,
 * judged after every candidate's times have updated the fastest times. */
static int fastest(struct br_steer *s, const struct br_steer_ops *ops, int skip, int n,
                   double *best_slowness)
{
    double ns[BR_STEER_MAX_CPUS][K];
    for (int i = 0; i < s->ncpus; i++) {
        if (s->cpus[i] == skip) continue;
        probe_median(ops, s->cpus[i], n, ns[i]);
        note_fast(s, ns[i]);
    }
    int best = -1;
    *best_slowness = INFINITY;
    for (int i = 0; i < s->ncpus; i++) {
        if (s->cpus[i] == skip) continue;
        double w = slowness(s, ns[i]);
        if (w < *best_slowness) {
            *best_slowness = w;
            best = s->cpus[i];
        }
    }
    return best;
}

static int move_to(struct br_steer *s, const struct br_steer_ops *ops, int cpu)
{
    if (ops->move(ops->ctx, cpu) != 0) {
        ops->back(ops->ctx, s->current);
        return 0;
    }
    s->current = cpu;
    s->nrecent = 0;
    return 1;
}

int br_steer_start(struct br_steer *s, const struct br_steer_ops *ops)
{
    if (s->ncpus < 2) return s->current;
    double w;
    int best = fastest(s, ops, -1, START_PROBES, &w);
    if (best >= 0 && best != s->current)
        move_to(s, ops, best);
    else
        ops->back(ops->ctx, s->current);
    return s->current;
}

int br_steer_round(struct br_steer *s, const double ns[K], const struct br_steer_ops *ops)
{
    if (s->ncpus < 2) return 0;
    s->since_check++;
    if (s->nrecent == 3) {
        memmove(s->recent[0], s->recent[1], 2 * sizeof s->recent[0]);
        s->nrecent = 2;
    }
    memcpy(s->recent[s->nrecent++], ns, sizeof s->recent[0]);
    if (s->nrecent < 3) return 0;
    double now[K];
    for (int k = 0; k < K; k++) {
        double v[3] = {s->recent[0][k], s->recent[1][k], s->recent[2][k]};
        now[k] = median(v, 3);
    }
    note_fast(s, now);
    double w_now = slowness(s, now);
    if (w_now <= SLOW_FACTOR || s->since_check < CHECK_EVERY) return 0;
    s->since_check = 0;
    s->checks++;
    double w;
    int best = fastest(s, ops, s->current, CHECK_PROBES, &w);
    /* the other CPUs' times may have lowered the fastest times: judge both on the new scale */
    w_now = slowness(s, now);
    if (best >= 0 && w < GAIN_FACTOR * w_now && move_to(s, ops, best)) {
        s->moves++;
        return 1;
    }
    ops->back(ops->ctx, s->current);
    return 0;
}

void br_steer_describe(const struct br_steer *s, int start_cpu, char *buf, unsigned size)
{
    struct br_strbuf sb;
    br_strbuf_init(&sb);
    br_strbuf_addf(&sb, "started on CPU %d of ", start_cpu);
    for (int i = 0; i < s->ncpus; i++) br_strbuf_addf(&sb, "%s%d", i ? "," : "", s->cpus[i]);
    br_strbuf_addf(&sb, "; %u checks, %u moves; ended on CPU %d", s->checks, s->moves, s->current);
    snprintf(buf, size, "%s", sb.buf);
    br_strbuf_release(&sb);
}
