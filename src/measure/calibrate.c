/* calibrate.c - iteration count for one timed batch. */
#include "measure/calibrate.h"

#include <math.h>

#include "base/error.h"

/* A batch is bracketed by two clock reads, so its error is at most one resolution step plus
 * one read cost; the batch must be `1 / max_error` times that.  Floor of 1 ms: below it the
 * scheduler tick and cache effects of the harness itself dominate, and above 1 ms per sample a
 * 20-sample benchmark still costs only tens of milliseconds. */
double br_calibrate_min_batch_ns(const struct br_clock *clk, double max_error)
{
    BR_ASSERT(max_error > 0);
    double err = clk->resolution_ns + clk->read_cost_ns;
    double ns = err / max_error;
    return ns < 1e6 ? 1e6 : ns;
}

/* Largest count ever tried: 2^40 operations of even 0.1 ns is ~2 minutes, beyond any budget. */
#define MAX_ITERATIONS ((uint64_t)1 << 40)

/* Long past any interruption: a vCPU steal or a preemption lasts up to tens of milliseconds. */
static int sure(double dt, double min_batch_ns)
{
    return dt >= 50 * min_batch_ns && dt >= BR_CALIBRATE_SURE_NS;
}

static uint64_t next_count(uint64_t n, double batch_ns, double min_batch_ns)
{
    /* Aim 20 % past the target so the next batch is very likely long enough.  When the last
     * batch was under a tenth of the target it is too short to predict from (timer noise,
     * cold caches, lazy binding): grow at most 10x, as Google Benchmark does. */
    double mult = batch_ns > 0 ? 1.2 * min_batch_ns / batch_ns : 10;
    if (batch_ns < 0.1 * min_batch_ns && mult > 10) mult = 10;
    if (mult < 1.5) mult = 1.5;
    double next = ceil((double)n * mult);
    if (next > (double)MAX_ITERATIONS) next = (double)MAX_ITERATIONS;
    return next > (double)n ? (uint64_t)next : n + 1;
}

/* A batch must last this many times the clock's error (one resolution step plus one read) for
 * its time per operation to count as the body's fastest: 1 % at most.  Shorter batches still
 * steer the growth, as before. */
#define TRUSTED_CLOCK_ERRORS 100

/* The batch's timed region decides the count (a sample measures only that); the clock around
 * the call, hooks included, says what calibrating cost.  An interruption only adds time, so the
 * fastest operation seen in any batch long enough to time is the best estimate of what the
 * body costs (best_ns_per_op). */
static double timed(const struct br_clock *clk, br_batch_fn fn, void *arg, uint64_t n,
                    struct br_calibration *out)
{
    uint64_t t0 = clk->now(clk->ctx);
    double dt = fn(arg, n);
    out->spent_ns += (double)(clk->now(clk->ctx) - t0);
    out->rounds++;
    out->iterations = n;
    out->batch_ns = dt;
    out->ns_per_op = dt / (double)n;
    double err = TRUSTED_CLOCK_ERRORS * (clk->resolution_ns + clk->read_cost_ns);
    if (dt > 0 && dt >= err && (out->best_ns_per_op == 0 || out->ns_per_op < out->best_ns_per_op))
        out->best_ns_per_op = out->ns_per_op;
    return dt;
}

/* Whether n operations at the fastest cost seen fill the target.  A batch interrupted for
 * longer than itself looks long enough, and on a loaded machine two in a row do (a
 * BENCH_THREADS batch needs two CPUs at once, and a 0.1 ms body got 1 operation per sample
 * against a 5 ms target in 4 runs of 20): one undisturbed batch at any count shows it. */
static int covers(const struct br_calibration *out, uint64_t n, double min_batch_ns)
{
    return out->best_ns_per_op == 0 || (double)n * out->best_ns_per_op >= min_batch_ns;
}

/* The length a batch of n operations would have undisturbed: the last one's, or less when a
 * faster operation was seen. */
static double expected_ns(const struct br_calibration *out, uint64_t n, double dt)
{
    double best = (double)n * out->best_ns_per_op;
    return out->best_ns_per_op > 0 && best < dt ? best : dt;
}

/* Long enough to stop growing?  Past the budget, or past all doubt, yes at once; otherwise a
 * second batch at the same count must agree (its length replaces the first), and the fastest
 * operation seen must fill the target too (covers).  The very first call of a snippet is never
 * trusted alone, however long: it may build its input lazily, fault in pages or resolve
 * symbols (a body whose first call took 0.5 s and every later one 80 ns was calibrated to 1
 * operation per sample and reported 190 ns). */
static int long_enough(const struct br_clock *clk, br_batch_fn fn, void *arg, uint64_t n,
                       double *dt, double min_batch_ns, double max_ns, struct br_calibration *out)
{
    int first = out->rounds == 1;
    if (n >= MAX_ITERATIONS || (*dt >= max_ns && !first)) return 1;
    if (*dt < min_batch_ns || !covers(out, n, min_batch_ns)) return 0;
    if (sure(*dt, min_batch_ns) && !first) return 1;
    *dt = timed(clk, fn, arg, n, out);
    return *dt >= min_batch_ns && covers(out, n, min_batch_ns);
}

/* The count chosen, checked again on BR_CALIBRATE_CHECKS more batches (calibrate.h): whether
 * it still fills the target with the fastest operation they add. */
static int checked(const struct br_clock *clk, br_batch_fn fn, void *arg, uint64_t n, double dt,
                   double min_batch_ns, double max_ns, struct br_calibration *out)
{
    if (n >= MAX_ITERATIONS || dt >= max_ns || sure(dt, min_batch_ns)) return 1;
    for (int k = 0; k < BR_CALIBRATE_CHECKS; k++) timed(clk, fn, arg, n, out);
    return covers(out, n, min_batch_ns);
}

void br_calibrate(const struct br_clock *clk, br_batch_fn fn, void *arg, double min_batch_ns,
                  double max_ns, struct br_calibration *out)
{
    uint64_t n = 1;
    unsigned regrown = 0;
    out->spent_ns = 0;
    out->rounds = 0;
    out->best_ns_per_op = 0;
    for (;;) {
        double dt = timed(clk, fn, arg, n, out);
        if (long_enough(clk, fn, arg, n, &dt, min_batch_ns, max_ns, out)) {
            if (regrown == BR_CALIBRATE_REGROW ||
                checked(clk, fn, arg, n, dt, min_batch_ns, max_ns, out))
                return;
            regrown++;
        }
        n = next_count(n, expected_ns(out, n, dt), min_batch_ns);
    }
}

void br_calibrate_count(br_count_batch_fn fn, void *arg, double min_count, double max_wait_ns,
                        struct br_calibration *out)
{
    uint64_t n = 1;
    out->spent_ns = 0;
    out->rounds = 0;
    for (;;) {
        double count, wall;
        fn(arg, n, &count, &wall);
        out->spent_ns += wall;
        out->rounds++;
        out->iterations = n;
        out->batch_ns = wall;
        out->ns_per_op = count / (double)n;
        if (out->rounds > 1 && (count >= min_count || wall >= max_wait_ns || n >= MAX_ITERATIONS))
            return;
        /* the first call again, at the same count: it may have been slow once */
        if (out->rounds == 1 && (count >= min_count || wall >= max_wait_ns)) continue;
        n = next_count(n, count, min_count);
    }
}

int br_calibrate_short(double median_batch_ns, double min_batch_ns)
{
    return median_batch_ns < BR_SHORT_BATCH_SHARE * min_batch_ns;
}

unsigned br_sample_target(double batch_ns, double max_ns, unsigned repetitions,
                          unsigned min_repetitions)
{
    double fit = batch_ns > 0 ? max_ns / batch_ns : (double)repetitions;
    unsigned target = fit < (double)repetitions ? (unsigned)fit : repetitions;
    if (target < min_repetitions) target = min_repetitions;
    return target > repetitions ? repetitions : target;
}
