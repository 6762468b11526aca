/* steer.c - choosing and changing the CPU from reference-loop timings (see steer.h). */
#include "steer.h"

#include <math.h>
#include <stdio.h>

#include "strbuf.h"

/* Probes per CPU when choosing: the median of 5 (~1.5 ms) ignores the first, cold one and a
 * single interrupted one.  When checking mid-run, 3 (~1 ms) keep the check cheap. */
#define START_PROBES 5
#define CHECK_PROBES 3
/* The current CPU counts as slowed when the median of its last three probes exceeds the
 * fastest median seen by 15 %.  In its fast state the reference loop reads 0.273 ns with
 * frequent single readings ~13 % higher; the slow states read 1.4-1.9x: the median of three
 * keeps the first from triggering checks, 15 % catches the second. */
#define SLOW_FACTOR 1.15
/* Move only to a CPU at least 13 % faster than the current one: smaller gains are within what
 * one CPU's fast state varies, and each move costs a sample or two with cold caches. */
#define GAIN_FACTOR 0.87
/* At least 4 rounds between checks: a check costs ~1 ms per other CPU, a round of 8
 * benchmarks ~40 ms, so checking while both CPUs stay slow costs under 1 % of the run. */
#define CHECK_EVERY 4

static double median3(double a, double b, double c)
{
    if (a > b) {
        double t = a;
        a = b;
        b = t;
    }
    if (b > c) b = c;
    return a > b ? a : b;
}

/* Median of n (<= START_PROBES) probes on cpu. */
static double probe_median(const struct br_steer_ops *ops, int cpu, int n)
{
    double v[START_PROBES];
    for (int i = 0; i < n; i++) {
        v[i] = ops->probe(ops->ctx, cpu);
        for (int j = i; j > 0 && v[j - 1] > v[j]; j--) {
            double t = v[j];
            v[j] = v[j - 1];
            v[j - 1] = t;
        }
    }
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

void br_steer_init(struct br_steer *s, const int *cpus, int ncpus, int current)
{
    s->ncpus = 0;
    for (int i = 0; i < ncpus && s->ncpus < BR_STEER_MAX_CPUS; i++) s->cpus[s->ncpus++] = cpus[i];
    s->current = current;
    s->fast_ns = INFINITY;
    s->nrecent = 0;
    s->since_check = 0;
    s->moves = s->checks = 0;
}

static void note_fast(struct br_steer *s, double ns)
{
    if (ns > 0 && ns < s->fast_ns) s->fast_ns = ns;
}

/* Probes every candidate but `skip` (n probes each); returns the fastest and its median. */
static int fastest(struct br_steer *s, const struct br_steer_ops *ops, int skip, int n,
                   double *best_ns)
{
    int best = -1;
    *best_ns = INFINITY;
    for (int i = 0; i < s->ncpus; i++) {
        if (s->cpus[i] == skip) continue;
        double ns = probe_median(ops, s->cpus[i], n);
        note_fast(s, ns);
        if (ns < *best_ns) {
            *best_ns = ns;
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
    double ns;
    int best = fastest(s, ops, -1, START_PROBES, &ns);
    if (best >= 0) {
        if (best != s->current)
            move_to(s, ops, best);
        else
            ops->back(ops->ctx, s->current);
    }
    return s->current;
}

int br_steer_round(struct br_steer *s, double probe_ns, const struct br_steer_ops *ops)
{
    if (s->ncpus < 2) return 0;
    s->since_check++;
    if (s->nrecent == 3) {
        s->recent[0] = s->recent[1];
        s->recent[1] = s->recent[2];
        s->nrecent = 2;
    }
    s->recent[s->nrecent++] = probe_ns;
    if (s->nrecent < 3) return 0;
    double now = median3(s->recent[0], s->recent[1], s->recent[2]);
    note_fast(s, now);
    if (now <= SLOW_FACTOR * s->fast_ns || s->since_check < CHECK_EVERY) return 0;
    s->since_check = 0;
    s->checks++;
    double ns;
    int best = fastest(s, ops, s->current, CHECK_PROBES, &ns);
    if (best >= 0 && ns < GAIN_FACTOR * now && move_to(s, ops, best)) {
        s->moves++;
        return 1;
    }
    ops->back(ops->ctx, s->current);
    return 0;
}

void br_steer_describe(const struct br_steer *s, int start_cpu, char *buf, unsigned size)
{
    struct strbuf sb;
    strbuf_init(&sb);
    strbuf_addf(&sb, "started on CPU %d of ", start_cpu);
    for (int i = 0; i < s->ncpus; i++) strbuf_addf(&sb, "%s%d", i ? "," : "", s->cpus[i]);
    strbuf_addf(&sb, "; %u checks, %u moves; ended on CPU %d", s->checks, s->moves, s->current);
    snprintf(buf, size, "%s", sb.buf);
    strbuf_release(&sb);
}
