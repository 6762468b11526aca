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

static double timed(const struct br_clock *clk, br_batch_fn fn, void *arg, uint64_t n,
                    struct br_calibration *out)
{
    uint64_t t0 = clk->now(clk->ctx);
    fn(arg, n);
    uint64_t t1 = clk->now(clk->ctx);
    double dt = (double)(t1 - t0);
    out->spent_ns += dt;
    out->rounds++;
    out->iterations = n;
    out->batch_ns = dt;
    out->ns_per_op = dt / (double)n;
    return dt;
}

/* Long enough to stop growing?  Past the budget, or past all doubt, yes at once; otherwise a
 * second batch at the same count must agree (its length replaces the first).  The very first
 * call of a snippet is never trusted alone, however long: it may build its input lazily,
 * fault in pages or resolve symbols (a body whose first call took 0.5 s and every later one
 * 80 ns was calibrated to 1 operation per sample and reported 190 ns). */
static int long_enough(const struct br_clock *clk, br_batch_fn fn, void *arg, uint64_t n,
                       double *dt, double min_batch_ns, double max_ns, struct br_calibration *out)
{
    int first = out->rounds == 1;
    if (n >= MAX_ITERATIONS || (*dt >= max_ns && !first)) return 1;
    if (*dt < min_batch_ns) return 0;
    if (*dt >= 50 * min_batch_ns && *dt >= BR_CALIBRATE_SURE_NS && !first) return 1;
    *dt = timed(clk, fn, arg, n, out);
    return *dt >= min_batch_ns;
}

void br_calibrate(const struct br_clock *clk, br_batch_fn fn, void *arg, double min_batch_ns,
                  double max_ns, struct br_calibration *out)
{
    uint64_t n = 1;
    out->spent_ns = 0;
    out->rounds = 0;
    for (;;) {
        double dt = timed(clk, fn, arg, n, out);
        if (long_enough(clk, fn, arg, n, &dt, min_batch_ns, max_ns, out)) return;
        n = next_count(n, dt, min_batch_ns);
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

unsigned br_sample_target(double batch_ns, double max_ns, unsigned repetitions,
                          unsigned min_repetitions)
{
    double fit = batch_ns > 0 ? max_ns / batch_ns : (double)repetitions;
    unsigned target = fit < (double)repetitions ? (unsigned)fit : repetitions;
    if (target < min_repetitions) target = min_repetitions;
    return target > repetitions ? repetitions : target;
}
