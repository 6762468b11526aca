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

/* Runs `iterations` operations and returns the ns of their timed region: what a sample of
 * that count would measure, without what the batch does outside it (the per-sample hooks, and
 * waking the threads of a BENCH_THREADS block, which on a busy machine may wait milliseconds for
 * a CPU and made a threaded count far too small). */
typedef double (*br_batch_fn)(void *arg, uint64_t iterations);

struct br_calibration {
    uint64_t iterations;   /* chosen count per batch */
    double batch_ns;       /* duration of the last batch's timed region, at `iterations` */
    double ns_per_op;      /* batch_ns / iterations */
    double spent_ns;       /* total time spent calibrating, by the clock around the calls */
    unsigned rounds;       /* batches run */
    double best_ns_per_op; /* the fastest operation in a batch long enough to time; 0: none */
};

/* The minimum batch for a clock: long enough that resolution and read cost are below
 * `max_error` (a fraction, e.g. 0.001) of the batch. */
double br_calibrate_min_batch_ns(const struct br_clock *clk, double max_error);

/* Grows the count until a batch lasts >= min_batch_ns, or one batch exceeds max_ns (a slow
 * snippet: then iterations is what was reached, at least 1).  A batch that reaches the target
 * is confirmed by a second one at the same count unless it lasted far longer than any plausible
 * interruption (BR_CALIBRATE_SURE_NS): one preempted batch must not fix a count too small.
 * The first batch (one call) is always confirmed: a first call may be slow once.
 *
 * Interruptions only add time, so a count must also fill the target at the fastest cost per
 * operation seen in any batch (best_ns_per_op), and the count chosen is checked on
 * BR_CALIBRATE_CHECKS more batches, which may show a faster operation: two batches in a row
 * can both be interrupted for longer than they last (a BENCH_THREADS batch needs two CPUs at
 * once; on a loaded machine a 0.1 ms body was calibrated to 1 operation, 0.1 ms batches
 * against a 5 ms target).  When they do, growth goes on, at most BR_CALIBRATE_REGROW times. */
void br_calibrate(const struct br_clock *clk, br_batch_fn fn, void *arg, double min_batch_ns,
                  double max_ns, struct br_calibration *out);

/* Two checks: at the default 5 ms target they cost 10-12 ms, about what the 20 ms warm-up
 * (which calibration's batches count towards) ran after calibrating anyway.  Regrowing three
 * times is 1.5^3 = 3.4x at least: a body whose cost keeps falling batch after batch stops
 * there, and its row says so if its samples end short (br_calibrate_short). */
#define BR_CALIBRATE_CHECKS 2
#define BR_CALIBRATE_REGROW 3

/* Whether a row's samples were too short for the clock: their median batch (median time per
 * operation x operations per batch) below BR_SHORT_BATCH_SHARE of the target batch.  Not every
 * batch under the target: calibration aims 20 % past it on the fastest operation seen, and the
 * host's speed states (up to 1.9x on this project's VM, docs/measurement.md) or steering to a
 * faster CPU shorten a well-calibrated batch; at half the target a batch still has at most
 * twice the error --min-time allows.  A count calibrated on interrupted batches is short by a
 * factor of 10 or more (0.1 ms against 5 ms). */
#define BR_SHORT_BATCH_SHARE 0.5
int br_calibrate_short(double median_batch_ns, double min_batch_ns);

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
 * interruption: a vCPU steal or a preemption on a shared VM lasts up to tens of milliseconds.
 * Such a batch is neither confirmed nor checked again. */
#define BR_CALIBRATE_SURE_NS 5e7

/* How many samples a benchmark gets: `repetitions`, fewer when they would overrun the budget
 * `max_ns` at `batch_ns` each, never fewer than `min_repetitions` (a 0.5 s snippet gets the
 * floor, not a minute of samples).  Shared by both engines. */
unsigned br_sample_target(double batch_ns, double max_ns, unsigned repetitions,
                          unsigned min_repetitions);

#endif
