/* reference.c - fixed kernels timed between rounds of samples. */
#include "measure/reference.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "model/stats.h"

/* 2^20 iterations of an empty counted loop: ~0.3 ms, about one iteration per cycle.  Loop and
 * branch code is what the host's slow state slows most, so this is the most sensitive probe;
 * noinline and the empty asm keep the compiler from deleting or unrolling it. */
#define REFERENCE_ITERATIONS ((uint64_t)1 << 20)

__attribute__((noinline)) static void reference_loop(uint64_t n)
{
    for (uint64_t i = 0; i < n; i++) __asm__ __volatile__("");
}

/* 24 sorts of 256 ints with libc's qsort, ~0.3 ms: data-dependent branches and an indirect
 * call per comparison, the code that some host states slow while loops keep their speed.  The
 * inputs are 64 different arrays used in turn, more than a branch predictor can learn (one
 * array sorted over and over runs ~3x faster once learned, and measures the predictor). */
#define SORT_N      256
#define SORT_INPUTS 64
#define SORT_COUNT  24

static int sort_inputs[SORT_INPUTS][SORT_N];
static unsigned sort_next;

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

__attribute__((noinline)) static int reference_sort(void)
{
    static int work[SORT_N];
    if (!sort_inputs[0][0]) {
        uint32_t s = 2463534242u;
        for (int k = 0; k < SORT_INPUTS; k++)
            for (int i = 0; i < SORT_N; i++)
                sort_inputs[k][i] = (int)((s = s * 1103515245u + 12345u) >> 8) | 1;
    }
    int keep = 0;
    for (int j = 0; j < SORT_COUNT; j++) {
        memcpy(work, sort_inputs[sort_next], sizeof work);
        sort_next = (sort_next + 1) % SORT_INPUTS;
        qsort(work, SORT_N, sizeof work[0], cmp_int);
        keep += work[0];
    }
    return keep;
}

void br_reference_init(struct br_reference *ref) { memset(ref, 0, sizeof *ref); }

void br_reference_release(struct br_reference *ref)
{
    for (int k = 0; k < BR_REF_KERNELS; k++) free(ref->ns[k]);
    br_reference_init(ref);
}

void br_reference_time(const struct br_clock *clk, double out[BR_REF_KERNELS])
{
    uint64_t t0 = clk->now(clk->ctx);
    reference_loop(REFERENCE_ITERATIONS);
    uint64_t t1 = clk->now(clk->ctx);
    volatile int sink = reference_sort();
    uint64_t t2 = clk->now(clk->ctx);
    (void)sink;
    out[BR_REF_LOOP] = (double)(t1 - t0) / (double)REFERENCE_ITERATIONS;
    out[BR_REF_SORT] = (double)(t2 - t1) / SORT_COUNT;
}

void br_reference_sample(struct br_reference *ref, const struct br_clock *clk)
{
    double t[BR_REF_KERNELS];
    br_reference_time(clk, t);
    if (ref->n == ref->cap) {
        size_t cap = ref->cap ? 2 * ref->cap : 64;
        for (int k = 0; k < BR_REF_KERNELS; k++)
            ref->ns[k] = br_xrealloc(ref->ns[k], cap * sizeof *ref->ns[k]);
        ref->cap = cap;
    }
    for (int k = 0; k < BR_REF_KERNELS; k++) ref->ns[k][ref->n] = t[k];
    ref->n++;
}

void br_reference_report(const struct br_reference *ref, struct br_results *out)
{
    if (!ref->n) return;
    struct br_summary s;
    br_stats_summarize(ref->ns[BR_REF_LOOP], ref->n, &s);
    br_results_set_num(out, "reference_ns", s.median, 6);
    br_results_set_num(out, "reference_cv", s.cv, 4);
    br_stats_summarize(ref->ns[BR_REF_SORT], ref->n, &s);
    br_results_set_num(out, "reference_sort_ns", s.median, 6);
}

int br_reference_empty(double body_min_ns, double loop_min_ns)
{
    return loop_min_ns > 0 && body_min_ns <= BR_EMPTY_BODY_FACTOR * loop_min_ns;
}

/* The fastest a row ran: its fastest sample, or the fastest by CPU time when that is less - the
 * thread's CPU time leaves out what other work took (preemption, a vCPU's steal), and on a
 * loaded machine every 5 ms batch may lose some (load average 17: an empty body's fastest
 * sample was 2.4x the loop, its fastest CPU time ~1x). */
static double fastest(const struct br_row *row)
{
    const struct br_metric *cpu = br_row_metric(row, "cpu_ns");
    double t = row->summary.min;
    return cpu && cpu->samples && cpu->summary.min > 0 && cpu->summary.min < t ? cpu->summary.min
                                                                               : t;
}

void br_reference_judge(const struct br_reference *ref, struct br_results *out, size_t first_row)
{
    if (ref->n < BR_EMPTY_MIN_ROUNDS || br_results_measure(out)->counted) return;
    struct br_summary loop;
    br_stats_summarize(ref->ns[BR_REF_LOOP], ref->n, &loop);
    for (size_t i = first_row; i < out->nrows; i++) {
        const struct br_row *row = &out->rows[i];
        double best = fastest(row);
        if (!br_reference_empty(best, loop.min)) continue;
        char line[512];
        snprintf(line, sizeof line,
                 "%s: %.3g ns per operation at best, no more than %g times an empty loop's "
                 "%.3g ns: the body does no measurable work (a constant the compiler folded, a "
                 "result not kept with bench_keep, or code it deleted as dead)",
                 row->name, best, BR_EMPTY_BODY_FACTOR, loop.min);
        br_results_set(out, "empty_body", line);
    }
}
