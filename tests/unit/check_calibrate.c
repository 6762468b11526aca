/* Calibration with a fake clock: time advances only when the fake batch "runs", by a cost per
 * operation plus a fixed cost per batch, so every expected count is exact. */
#include <check.h>
#include <stdlib.h>

#include "measure/calibrate.h"
#include "measure/reference.h"
#include "check_main.h"

struct fake {
    uint64_t t;          /* fake nanoseconds */
    double per_op_ns;    /* cost of one operation */
    double per_batch_ns; /* fixed cost of a batch (sleep granularity, hooks) */
    uint64_t batches, ops;
    double spike_ns;      /* added once, to the first batch: a preemption */
    double outside_ns;    /* per batch, outside its timed region: hooks, waking threads */
    const double *spikes; /* added to batch k's timed region (k < nspikes): interruptions */
    size_t nspikes;
};

static uint64_t fake_now(void *ctx) { return ((struct fake *)ctx)->t; }

/* The clock moves by the whole batch; the timed region, returned, leaves out outside_ns. */
static double fake_batch(void *arg, uint64_t n)
{
    struct fake *f = arg;
    double timed = f->per_batch_ns + f->per_op_ns * (double)n + f->spike_ns;
    if (f->batches < f->nspikes) timed += f->spikes[f->batches];
    f->t += (uint64_t)(timed + f->outside_ns);
    f->spike_ns = 0;
    f->batches++;
    f->ops += n;
    return timed;
}

static struct br_clock fake_clock(struct fake *f, double res, double cost)
{
    struct br_clock c = {fake_now, f, "fake", res, cost};
    return c;
}

START_TEST(reaches_min_batch_without_overshoot)
{
    struct fake f = {0, 10, 0, 0, 0, 0, 0, NULL, 0};
    struct br_clock clk = fake_clock(&f, 1, 20);
    struct br_calibration cal;
    br_calibrate(&clk, fake_batch, &f, 1e6, 1e12, &cal);
    /* 1, 10, 100, 1000, 10000 (capped x10 while < 10 % of target), then predicted:
     * 10000 * 1.2e6 / 1e5 = 120000 operations = 1.2 ms, confirmed by a second batch and
     * checked by BR_CALIBRATE_CHECKS more. */
    ck_assert_uint_eq(cal.iterations, 120000);
    ck_assert_uint_eq(cal.rounds, 7 + BR_CALIBRATE_CHECKS);
    ck_assert(cal.batch_ns >= 1e6);
    ck_assert_double_eq_tol(cal.ns_per_op, 10, 1e-9);
    ck_assert_double_eq_tol(cal.spent_ns, 10.0 * (double)f.ops, 1e-6);
}
END_TEST

START_TEST(slow_snippet_stops_at_one_iteration)
{
    /* half a second per call (Python's slow_func): one call is already past the target */
    struct fake f = {0, 5e8, 0, 0, 0, 0, 0, NULL, 0};
    struct br_clock clk = fake_clock(&f, 1, 20);
    struct br_calibration cal;
    br_calibrate(&clk, fake_batch, &f, 1e6, 2e9, &cal);
    ck_assert_uint_eq(cal.iterations, 1);
    /* the first call is confirmed by a second one (it might have been slow only once) */
    ck_assert_uint_eq(cal.rounds, 2);
    ck_assert_double_eq(cal.ns_per_op, 5e8);
}
END_TEST

START_TEST(slow_first_call_does_not_fix_the_count)
{
    /* A body that builds its input lazily: 0.5 s on its first call (past the 'sure' length
     * and a tenth of the budget), 80 ns on every later one.  Trusting the first call gave one
     * operation per sample; the count must reach the target batch with the real cost. */
    struct fake f = {0, 80, 0, 0, 0, 5e8, 0, NULL, 0};
    struct br_clock clk = fake_clock(&f, 1, 20);
    struct br_calibration cal;
    br_calibrate(&clk, fake_batch, &f, 5e6, 2e9, &cal);
    ck_assert_uint_ge(cal.iterations, 5e6 / 80);
    ck_assert(cal.batch_ns >= 5e6);
    ck_assert_double_eq_tol(cal.ns_per_op, 80, 1e-9);
}
END_TEST

/* docs/guide/running.md: the count grows until one timed batch lasts "at least --min-time": a batch
 * of exactly the target is long enough.  A snippet that sleeps 1 ms a call, at --min-time 0.001:
 * one call is the target exactly, confirmed by a second, then the two check batches (issue 29); one
 * call per batch, not two. */
START_TEST(batch_of_exactly_min_time_is_enough)
{
    struct fake f = {0, 1e6, 0, 0, 0, 0, 0, NULL, 0};
    struct br_clock clk = fake_clock(&f, 1, 20);
    struct br_calibration cal;
    br_calibrate(&clk, fake_batch, &f, 1e6, 2e9, &cal);
    ck_assert_uint_eq(cal.iterations, 1);
    ck_assert_uint_eq(cal.rounds, 4);
    ck_assert_double_eq(cal.batch_ns, 1e6);
}
END_TEST

/* docs/guide/running.md: "the very first call is never trusted alone", not even one longer than
 * --max-time. 0.5 s on the first call (lazy set-up), 80 ns on every later one, at --max-time 0.1:
 * trusting the first call stopped the count at 1 (max-time reached) and measured the set-up. */
START_TEST(first_call_past_max_time_is_not_trusted)
{
    struct fake f = {0, 80, 0, 0, 0, 5e8, 0, NULL, 0};
    struct br_clock clk = fake_clock(&f, 1, 20);
    struct br_calibration cal;
    br_calibrate(&clk, fake_batch, &f, 5e6, 1e8, &cal);
    ck_assert_uint_ge(cal.iterations, 5e6 / 80);
    ck_assert(cal.batch_ns >= 5e6);
    ck_assert_double_eq_tol(cal.ns_per_op, 80, 1e-9);
    /* every call past --max-time: one operation, after a second call confirmed it */
    struct fake slow = {0, 3e9, 0, 0, 0, 0, 0, NULL, 0};
    struct br_clock slow_clk = fake_clock(&slow, 1, 20);
    br_calibrate(&slow_clk, fake_batch, &slow, 5e6, 1e8, &cal);
    ck_assert_uint_eq(cal.iterations, 1);
    ck_assert_uint_eq(cal.rounds, 2);
}
END_TEST

START_TEST(preempted_first_batch_is_not_believed)
{
    /* 10 ns per op, but the very first batch is preempted for 2 ms: it looks long enough.
     * The confirming batch (10 ns) shows it was not, and growth goes on to the real count. */
    struct fake f = {0, 10, 0, 0, 0, 2e6, 0, NULL, 0};
    struct br_clock clk = fake_clock(&f, 1, 20);
    struct br_calibration cal;
    br_calibrate(&clk, fake_batch, &f, 1e6, 1e12, &cal);
    ck_assert_uint_ge(cal.iterations, 100000);
    ck_assert(cal.batch_ns >= 1e6);
    ck_assert_double_eq_tol(cal.ns_per_op, 10, 1e-9);
}
END_TEST

START_TEST(wall_time_counts_fixed_batch_cost)
{
    /* A snippet that sleeps: the batch cost is what the clock says, whatever the CPU did. */
    struct fake f = {0, 1e6, 0, 0, 0, 0, 0, NULL, 0}; /* 1 ms per op */
    struct br_clock clk = fake_clock(&f, 1, 20);
    struct br_calibration cal;
    br_calibrate(&clk, fake_batch, &f, 5e6, 1e12, &cal);
    /* 1 op = 1 ms < 5 ms (20 %: predicted directly): ceil(1 * 1.2 * 5e6 / 1e6) = 6 */
    ck_assert_uint_eq(cal.iterations, 6);
    ck_assert_double_eq_tol(cal.ns_per_op, 1e6, 1e-6);
}
END_TEST

START_TEST(batch_overhead_is_predicted_through)
{
    /* Per-batch overhead makes short batches look slow per op; growth continues until the
     * whole batch is long enough. */
    struct fake f = {0, 1, 50000, 0, 0, 0, 0, NULL, 0};
    struct br_clock clk = fake_clock(&f, 1, 20);
    struct br_calibration cal;
    br_calibrate(&clk, fake_batch, &f, 1e6, 1e12, &cal);
    ck_assert(cal.batch_ns >= 1e6);
    ck_assert_uint_ge(cal.iterations, 950000);
}
END_TEST

START_TEST(time_outside_the_timed_region_does_not_shrink_the_count)
{
    /* 10 ns per op, and 3 ms per batch outside the timed region: the threads of a
     * BENCH_THREADS block woken on a busy machine (or a slow per-sample hook).  A sample
     * measures the loop alone, so the loop must reach the target: counted on the clock around
     * the call, the first batch (3 ms) looked long enough and the count stayed at 1. */
    struct fake f = {0, 10, 0, 0, 0, 0, 3e6, NULL, 0};
    struct br_clock clk = fake_clock(&f, 1, 20);
    struct br_calibration cal;
    br_calibrate(&clk, fake_batch, &f, 1e6, 1e12, &cal);
    ck_assert_uint_eq(cal.iterations, 120000); /* as without the outside time */
    ck_assert(cal.batch_ns >= 1e6);
    ck_assert_double_eq_tol(cal.ns_per_op, 10, 1e-9);
    ck_assert_double_eq_tol(cal.spent_ns, 10.0 * (double)f.ops + 3e6 * (double)f.batches, 1e-3);
}
END_TEST

/* A BENCH_THREADS body of 0.1 ms against the default 5 ms target on a loaded 2-CPU machine:
 * batches interrupted for 10 ms, traced from real runs (make bench-threads-calib). */
START_TEST(interrupted_first_call_and_confirmation)
{
    /* The first call and its confirmation both interrupted: 10.1 ms twice, past the target.
     * The count stayed at 1 (0.1 ms samples).  The checks at 1 operation run undisturbed, show
     * 0.1 ms an operation, and growth goes on: 1 -> 10 (x10 while under a tenth of the target)
     * -> ceil(10 * 1.2 * 5e6 / 1e6) = 60 operations, 6 ms. */
    const double spikes[] = {1e7, 1e7};
    struct fake f = {0, 1e5, 0, 0, 0, 0, 0, spikes, 2};
    struct br_clock clk = fake_clock(&f, 20, 25);
    struct br_calibration cal;
    br_calibrate(&clk, fake_batch, &f, 5e6, 2e9, &cal);
    ck_assert_uint_eq(cal.iterations, 60);
    ck_assert(cal.batch_ns >= 5e6);
    ck_assert_double_eq_tol(cal.best_ns_per_op, 1e5, 1e-6);
    /* 1, 1 (confirm), 1, 1 (checks), 10, 60, 60 (confirm), 60, 60 (checks) */
    ck_assert_uint_eq(cal.rounds, 9);
}
END_TEST

START_TEST(interrupted_pair_at_a_larger_count)
{
    /* An undisturbed call (0.1 ms) seen first, then 10 operations interrupted twice (11 ms):
     * the pair agreed and fixed 10 operations, 1 ms samples.  Ten operations at the fastest cost
     * seen do not fill 5 ms: 10 -> ceil(10 * 1.2 * 5e6 / 1e6) = 60. */
    const double spikes[] = {1e7, 0, 1e7, 1e7};
    struct fake f = {0, 1e5, 0, 0, 0, 0, 0, spikes, 4};
    struct br_clock clk = fake_clock(&f, 20, 25);
    struct br_calibration cal;
    br_calibrate(&clk, fake_batch, &f, 5e6, 2e9, &cal);
    ck_assert_uint_eq(cal.iterations, 60);
    ck_assert(cal.batch_ns >= 5e6);
}
END_TEST

START_TEST(batches_past_all_doubt_are_not_checked)
{
    /* Batches of 1 s (here: every one interrupted for 1 s) are long because of the body: no
     * interruption lasts that long.  The count is final after the confirmation, without the
     * checks, so a 0.5 s snippet costs no more than before. */
    double spikes[64];
    for (size_t k = 0; k < 64; k++) spikes[k] = 1e9;
    struct fake f = {0, 1e3, 0, 0, 0, 0, 0, spikes, 64};
    struct br_clock clk = fake_clock(&f, 20, 25);
    struct br_calibration cal;
    br_calibrate(&clk, fake_batch, &f, 5e6, 1e12, &cal);
    ck_assert_uint_eq(cal.iterations, 1);
    ck_assert_uint_eq(cal.rounds, 2);
}
END_TEST

/* A body that speeds up whenever it is run again at the same count (the third batch at a count
 * and every one after it: the checks) tenfold: every check finds a faster operation. */
struct speeding {
    uint64_t t, last_n;
    unsigned repeats;
    double per_op_ns;
};

static uint64_t speeding_now(void *ctx) { return ((struct speeding *)ctx)->t; }

static double speeding_batch(void *arg, uint64_t n)
{
    struct speeding *f = arg;
    f->repeats = n == f->last_n ? f->repeats + 1 : 0;
    f->last_n = n;
    if (f->repeats >= 2) f->per_op_ns /= 10;
    double timed = f->per_op_ns * (double)n;
    f->t += (uint64_t)timed;
    return timed;
}

START_TEST(regrowth_is_bounded)
{
    struct speeding f = {0, 0, 0, 1e6};
    struct br_clock clk = {speeding_now, &f, "fake", 20, 25};
    struct br_calibration cal;
    br_calibrate(&clk, speeding_batch, &f, 5e6, 1e12, &cal);
    /* 1 op (1 ms) -> 6 (6 ms, confirmed; checks at 0.1 and 0.01 ms) -> 60 -> 600 (6 ms,
     * confirmed; checks 100x faster again) -> 6000 -> 60000 (same) -> 600000 -> 6000000
     * (6 ms, confirmed): the third regrowth, final without checks. */
    ck_assert_uint_eq(cal.iterations, 6000000);
    ck_assert_uint_eq(cal.rounds, 18);
}
END_TEST

START_TEST(short_rows)
{
    /* 0.1 ms batches against 5 ms: short; 2.5 ms (half) and more: not */
    ck_assert(br_calibrate_short(1e5, 5e6));
    ck_assert(br_calibrate_short(2.4999e6, 5e6));
    ck_assert(!br_calibrate_short(2.5e6, 5e6));
    ck_assert(!br_calibrate_short(6e6, 5e6));
}
END_TEST

START_TEST(empty_bodies)
{
    /* README's old first example (strlen of a constant, folded): 0.313 ns against a 0.30 ns
     * empty loop; twice the loop exactly is still empty; splitmix64's fastest (0.716 ns against
     * 0.28 ns, measured) is not; without a loop timing nothing is judged. */
    ck_assert(br_reference_empty(0.313, 0.30));
    ck_assert(br_reference_empty(0.60, 0.30));
    ck_assert(!br_reference_empty(0.601, 0.30));
    ck_assert(!br_reference_empty(0.716, 0.28));
    ck_assert(!br_reference_empty(0.1, 0));
}
END_TEST

START_TEST(stuck_clock_terminates)
{
    /* A clock that never moves (or a snippet too fast to see): growth is bounded. */
    struct fake f = {0, 0, 0, 0, 0, 0, 0, NULL, 0};
    struct br_clock clk = fake_clock(&f, 1, 20);
    struct br_calibration cal;
    br_calibrate(&clk, fake_batch, &f, 1e6, 1e12, &cal);
    ck_assert_uint_eq(cal.iterations, (uint64_t)1 << 40);
    ck_assert_uint_le(cal.rounds, 20);
}
END_TEST

/* ---- calibration by count (instructions) ------------------------------------------------- */

struct fake_counter {
    double per_op, per_batch;     /* instructions */
    double first_extra;           /* added to the very first call (lazy set-up) */
    double wait_per_op, wait_add; /* ns of waiting: a sleeping snippet, a loaded machine */
    unsigned calls;
};

static void fake_count(void *arg, uint64_t n, double *count, double *wait_ns)
{
    struct fake_counter *f = arg;
    *count = f->per_batch + f->per_op * (double)n + (f->calls++ ? 0 : f->first_extra);
    *wait_ns = f->wait_per_op * (double)n + f->wait_add;
}

START_TEST(count_reaches_target)
{
    /* fast_func: 409 instructions an operation.  1, 10, 100, 1000 (x10 while under a tenth of
     * the target), then 1000 * 1.2e6 / 409013 -> 2934 operations, 1.2 M instructions. */
    struct fake_counter f = {409, 13, 0, 0, 0, 0};
    struct br_calibration cal;
    br_calibrate_count(fake_count, &f, 1e6, 1e8, &cal);
    ck_assert_uint_eq(cal.iterations, 2934);
    ck_assert_uint_eq(cal.rounds, 5);
    ck_assert_double_eq_tol(cal.ns_per_op, (13 + 409 * 2934.0) / 2934, 1e-9);
}
END_TEST

START_TEST(count_ignores_the_machine)
{
    /* Waiting that stays under the limit (a loaded machine) changes nothing: the count is
     * chosen by instructions alone, so two runs pick the same count. */
    struct fake_counter quiet = {409, 13, 0, 0, 0, 0}, loaded = {409, 13, 0, 0, 9e7, 0};
    struct br_calibration a, b;
    br_calibrate_count(fake_count, &quiet, 1e6, 1e8, &a);
    br_calibrate_count(fake_count, &loaded, 1e6, 1e8, &b);
    ck_assert_uint_eq(a.iterations, b.iterations);
}
END_TEST

START_TEST(count_first_call_not_trusted)
{
    /* a first call that builds its input (2 M instructions once) is followed by another */
    struct fake_counter f = {500, 10, 2e6, 0, 0, 0};
    struct br_calibration cal;
    br_calibrate_count(fake_count, &f, 1e6, 1e8, &cal);
    ck_assert_uint_gt(cal.iterations, 1000);
    ck_assert(cal.iterations * 500 >= 1e6);
    /* a snippet of 5 M instructions: one operation, confirmed once */
    struct fake_counter big = {5e6, 10, 0, 0, 0, 0};
    br_calibrate_count(fake_count, &big, 1e6, 1e8, &cal);
    ck_assert_uint_eq(cal.iterations, 1);
    ck_assert_uint_eq(cal.rounds, 2);
}
END_TEST

START_TEST(count_sleeper_stops_on_waiting)
{
    /* sleep_1ms: 31 instructions and 1 ms of waiting an operation: 1, 10, then 100
     * operations wait 0.1 s and the count stops growing, far below a million instructions */
    struct fake_counter f = {31, 8, 0, 1e6, 0, 0};
    struct br_calibration cal;
    br_calibrate_count(fake_count, &f, 1e6, 1e8, &cal);
    ck_assert_uint_eq(cal.iterations, 100);
    ck_assert_uint_eq(cal.rounds, 3);
}
END_TEST

START_TEST(sample_target_budget)
{
    /* 20 asked, 2 s budget: 1 ms batches fit all 20; 0.5 s batches fit 4, raised to the floor
     * of 5; a floor above the ceiling gives the ceiling. */
    ck_assert_uint_eq(br_sample_target(1e6, 2e9, 20, 5), 20);
    ck_assert_uint_eq(br_sample_target(1.5e8, 2e9, 20, 5), 13);
    ck_assert_uint_eq(br_sample_target(5e8, 2e9, 20, 5), 5);
    ck_assert_uint_eq(br_sample_target(5e8, 2e9, 3, 5), 3);
    ck_assert_uint_eq(br_sample_target(0, 2e9, 20, 5), 20);
}
END_TEST

START_TEST(min_batch_from_clock)
{
    struct fake f = {0, 0, 0, 0, 0, 0, 0, NULL, 0};
    struct br_clock coarse = fake_clock(&f, 4000, 1000); /* 4 us steps, 1 us reads */
    ck_assert_double_eq_tol(br_calibrate_min_batch_ns(&coarse, 0.001), 5e6, 1e-3);
    struct br_clock fine = fake_clock(&f, 20, 30);
    /* 50 ns / 0.001 = 50 us, below the 1 ms floor */
    ck_assert_double_eq(br_calibrate_min_batch_ns(&fine, 0.001), 1e6);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("calibrate");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, reaches_min_batch_without_overshoot);
    tcase_add_test(tc, slow_snippet_stops_at_one_iteration);
    tcase_add_test(tc, batch_of_exactly_min_time_is_enough);
    tcase_add_test(tc, first_call_past_max_time_is_not_trusted);
    tcase_add_test(tc, preempted_first_batch_is_not_believed);
    tcase_add_test(tc, interrupted_first_call_and_confirmation);
    tcase_add_test(tc, interrupted_pair_at_a_larger_count);
    tcase_add_test(tc, batches_past_all_doubt_are_not_checked);
    tcase_add_test(tc, regrowth_is_bounded);
    tcase_add_test(tc, short_rows);
    tcase_add_test(tc, empty_bodies);
    tcase_add_test(tc, slow_first_call_does_not_fix_the_count);
    tcase_add_test(tc, wall_time_counts_fixed_batch_cost);
    tcase_add_test(tc, batch_overhead_is_predicted_through);
    tcase_add_test(tc, time_outside_the_timed_region_does_not_shrink_the_count);
    tcase_add_test(tc, stuck_clock_terminates);
    tcase_add_test(tc, sample_target_budget);
    tcase_add_test(tc, count_reaches_target);
    tcase_add_test(tc, count_ignores_the_machine);
    tcase_add_test(tc, count_first_call_not_trusted);
    tcase_add_test(tc, count_sleeper_stops_on_waiting);
    tcase_add_test(tc, min_batch_from_clock);
    suite_add_tcase(s, tc);
    return check_run_suite(s);
}
