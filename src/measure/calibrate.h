/* calibrate.h - how many iterations make one timed batch.
 *
 * Pure: it only calls the clock and the batch function it is given, so tests drive it with a
 * fake clock.  The count grows until one batch lasts at least `min_batch_ns`, predicting the
 * next count from the last measurement as Google Benchmark does (with a cap on the growth
 * factor so one noisy short batch cannot overshoot by orders of magnitude).
 */
#ifndef BR_CALIBRATE_H
#define BR_CALIBRATE_H

#include <stdint.h>

#include "measure/clock.h"

/* Runs `iterations` operations.  */
typedef void (*br_batch_fn)(void *arg, uint64_t iterations);

struct br_calibration {
    uint64_t iterations; /* chosen count per batch */
    double batch_ns;     /* duration of the last batch, at `iterations` */
    double ns_per_op;    /* batch_ns / iterations */
    double spent_ns;     /* total time spent calibrating */
    unsigned rounds;     /* batches run */
};

/* The minimum batch for a clock: long enough that resolution and read cost are below
 * `max_error` (a fraction, e.g. 0.001) of the batch. */
double br_calibrate_min_batch_ns(const struct br_clock *clk, double max_error);

/* Grows the count until a batch lasts >= min_batch_ns, or one batch exceeds max_ns (a slow
 * snippet: then iterations is what was reached, at least 1).  A batch that reaches the target
 * is confirmed by a second one at the same count unless it lasted far longer than any plausible
 * interruption (BR_CALIBRATE_SURE_NS): one preempted batch must not fix a count too small.
 * The first batch (one call) is always confirmed: a first call may be slow once. */
void br_calibrate(const struct br_clock *clk, br_batch_fn fn, void *arg, double min_batch_ns,
                  double max_ns, struct br_calibration *out);

/* Runs `iterations` operations: *count is what a counter counted in them (instructions),
 * *wait_ns how long they waited (slept, blocked: wall time not spent running). */
typedef void (*br_count_batch_fn)(void *arg, uint64_t iterations, double *count, double *wait_ns);

/* Calibration by count, for counted measures (instructions do not depend on the machine's
 * speed, and under valgrind the clock runs 20-100x slow): the count grows as br_calibrate's
 * does until one batch counts at least `min_count`, or waited at least `max_wait_ns` (a snippet
 * that sleeps counts few instructions however long it takes; one that computes is never cut
 * short by a slow or loaded machine, so its count per batch - and its samples - do not depend
 * on the machine).  A count is exact, so a batch that reaches the target is final - except the
 * first call, which may do lazy work once and is always followed by a second batch.  In `out`:
 * iterations, batch_ns (the last batch's waiting), ns_per_op (its count per operation),
 * spent_ns (waiting in all), rounds. */
void br_calibrate_count(br_count_batch_fn fn, void *arg, double min_count, double max_wait_ns,
                        struct br_calibration *out);

/* A batch this long (ns), and 50 times the target, is long because of the snippet, not of an
 * interruption: a vCPU steal or a preemption on a shared VM lasts up to tens of milliseconds. */
#define BR_CALIBRATE_SURE_NS 5e7

/* How many samples a benchmark gets: `repetitions`, fewer when they would overrun the budget
 * `max_ns` at `batch_ns` each, never fewer than `min_repetitions` (a 0.5 s snippet gets the
 * floor, not a minute of samples).  Shared by both engines. */
unsigned br_sample_target(double batch_ns, double max_ns, unsigned repetitions,
                          unsigned min_repetitions);

#endif
