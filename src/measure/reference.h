/* reference.h - the machine's own speed, measured alongside the benchmarks.
 *
 * A shared VM's host switches between speed states that last from a fraction of a second to
 * minutes, each virtual CPU on its own (on this project's VM, loop-heavy code runs up to 1.9x
 * slower in some states, a sort 1.45x slower in others that leave loops alone), so two runs of
 * the same code minutes apart can differ by more than any real change.  The runner times two
 * fixed reference kernels once per round of samples: a counted loop and a sort of fresh data
 * (data-dependent branches, indirect calls).  The results file records their medians
 * (`reference_ns`, `reference_cv`, `reference_sort_ns`); benchcmp warns when two files'
 * references differ, so a verdict caused by the machine is not read as one caused by the code;
 * the runner's CPU steering (steer.h) acts on them.
 */
#ifndef BR_REFERENCE_H
#define BR_REFERENCE_H

#include <stddef.h>

#include "measure/clock.h"
#include "model/results.h"

enum { BR_REF_LOOP, BR_REF_SORT, BR_REF_KERNELS };

struct br_reference {
    double *ns[BR_REF_KERNELS]; /* per kernel, one time per round: ns per loop iteration, per
                                   sort */
    size_t n, cap;
};

void br_reference_init(struct br_reference *ref);
void br_reference_release(struct br_reference *ref);
/* Times each kernel once (about 0.3 ms each): out[BR_REF_LOOP] is ns per loop iteration,
 * out[BR_REF_SORT] ns per 256-int sort. */
void br_reference_time(const struct br_clock *clk, double out[BR_REF_KERNELS]);
/* Times each kernel once and keeps the times. */
void br_reference_sample(struct br_reference *ref, const struct br_clock *clk);
/* Adds `reference_ns` (loop median), `reference_cv` and `reference_sort_ns` (sort median) to
 * the context, when there are samples. */
void br_reference_report(const struct br_reference *ref, struct br_results *out);

/* Whether a body is indistinguishable from an empty one: its fastest sample (ns per operation)
 * at most BR_EMPTY_BODY_FACTOR times the fastest time per iteration of the empty loop, which
 * is the BENCH() loop with nothing in it (an increment, a compare and a branch: about one
 * cycle).  Fastest against fastest, because other work only adds time: on this project's
 * loaded VM (load average 14) an empty body's median was 2.8x the loop's median, its minimum
 * 1.01x.  A factor 2 means a body adding less than about one cycle per operation, which an
 * out-of-order CPU overlaps with the loop's own work: such a time is the loop's, whatever the
 * body is.  The fastest real bodies of bench/ (splitmix64, memset of 64 bytes) take 2.4-5x. */
#define BR_EMPTY_BODY_FACTOR 2.0
int br_reference_empty(double body_min_ns, double loop_min_ns);
/* An `empty_body` context line ("NAME: ...", naming the usual causes) for each of the rows
 * out->rows[first_row ..] that br_reference_empty judges empty.  Nothing without
 * BR_EMPTY_MIN_ROUNDS timings of the loop: with fewer, one interrupted timing could make a real
 * body look empty (one benchmark run with --no-interleave gets one). */
#define BR_EMPTY_MIN_ROUNDS 5
void br_reference_judge(const struct br_reference *ref, struct br_results *out, size_t first_row);

#endif
