/* session.c - measuring one benchmark where its code runs (see session.h). */
#include "run/session.h"

#include <math.h>
#include <sys/resource.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "measure/batch.h"
#include "measure/calibrate.h"
#include "measure/team.h"

/* The count is decided on the loop's time, as a sample measures it (calibrate.h). */
static double calib_batch(void *arg, uint64_t n)
{
    struct br_session *s = arg;
    return br_batch_timed(s->b, &s->st, s->clk, n);
}

/* The states of every thread of the batch (one unless threaded). */
static int thread_states(const struct br_session *s, const bench_t **states)
{
    for (int i = 0; i < s->st.threads; i++) states[i] = br_team_state(&s->st, i);
    return s->st.threads;
}

/* The counters set by the end of warm-up are those the benchmark reports (user_counters.h). */
static void fix_counters(struct br_session *s)
{
    const bench_t *states[BR_MAX_THREADS];
    char why[256];
    if (br_counters_gather(&s->counters, states, thread_states(s, states), 0, why, sizeof why) < 0)
        s->failed = br_xstrdup(why);
}

/* The wall and CPU clocks around a batch, in ns. */
struct two_clocks {
    uint64_t wall, cpu;
};

static struct two_clocks now2(const struct br_session *s)
{
    struct br_meter cpu = br_meter_cpu();
    return (struct two_clocks){s->clk->now(s->clk->ctx), cpu.read(&cpu)};
}

/* A batch through the counter's meters: its count (the primary, last) and how long it waited
 * (wall time beyond its CPU time). */
static void count_batch(void *arg, uint64_t n, double *count, double *wait_ns)
{
    struct br_session *s = arg;
    double amount[BR_COUNTER_MAX_METERS];
    struct two_clocks t0 = now2(s);
    br_batch_measure(s->b, &s->st, s->meters, s->nmeters, n, amount);
    struct two_clocks t1 = now2(s);
    double wall = (double)(t1.wall - t0.wall), cpu = (double)(t1.cpu - t0.cpu);
    *wait_ns = wall > cpu ? wall - cpu : 0;
    *count = amount[s->nmeters - 1];
}

/* A batch that waits this long stops growing: a snippet that sleeps 1 ms per operation gets
 * about 100 operations a batch, 0.3 s a sample (n and 2n operations).  A snippet that computes
 * waits only when the machine takes its CPU away, far less than this per batch. */
#define MAX_COUNT_WAIT_NS 1e8

/* Counting: the counter opens after the set-up hook (callgrind's simulation starts there), the
 * count calibrates by instructions, and there is no warm-up: calibration ran the code, and a
 * count does not depend on warm caches or clocks. */
static int start_counting(struct br_session *s, const struct br_msg_start *plan)
{
    struct br_calibration cal = {.iterations = plan->iterations};
    if (br_counter_open(s->counter) < 0) return -1;
    struct two_clocks t0 = now2(s);
    if (plan->iterations)
        count_batch(s, plan->iterations, &cal.ns_per_op, &cal.batch_ns);
    else
        br_calibrate_count(count_batch, s, plan->min_batch_count, MAX_COUNT_WAIT_NS, &cal);
    if (br_counter_failed()) return br_error("%s", br_counter_failed());
    if (s->profile) br_counter_profile();
    s->iterations = cal.iterations;
    /* A sample is three batches' worth; the calibration's wall time stands for one batch (its
     * last batch is at least about half of it: the counts grew geometrically). */
    double batch = (double)(now2(s).wall - t0.wall);
    s->target = br_sample_target(3 * batch, plan->max_ns, plan->repetitions, plan->min_repetitions);
    return 0;
}

int br_session_start(struct br_session *s, const struct br_bench *b, const struct br_clock *clk,
                     const struct br_msg_start *plan)
{
    memset(s, 0, sizeof *s);
    s->b = b;
    s->clk = clk;
    s->counter = (enum br_counter)plan->counter;
    s->profile = plan->profile != 0;
    br_batch_init_state(b, &s->st);
    if (s->counter != BR_COUNTER_NONE) {
        BR_ASSERT(s->counter < BR_NCOUNTERS);
        s->nmeters = br_counter_meters(s->counter, s->meters);
    } else {
        s->meters[0] = br_meter_cpu();
        s->meters[1] = br_meter_switches();
        s->meters[2] = br_meter_waits();
        s->meters[3] = br_meter_clock(clk);
        s->nmeters = 4;
    }
    br_batch_hook(b, BR_HOOK_SETUP, &s->st);
    if (br_batch_threads_start(b, &s->st) < 0) {
        s->failed = br_xstrdup(br_errmsg());
        s->iterations = s->target = 1;
        return 0;
    }
    if (s->counter != BR_COUNTER_NONE) {
        if (start_counting(s, plan) == 0) {
            fix_counters(s);
            return 0;
        }
        br_session_finish(s); /* the teardown hook, the threads ended, the counter closed */
        return -1;
    }

    struct br_calibration cal = {0};
    if (plan->iterations) {
        cal.iterations = plan->iterations;
    } else {
        br_calibrate(clk, calib_batch, s, plan->min_batch_ns, plan->max_ns, &cal);
    }
    s->iterations = cal.iterations;
    /* Warm-up at the final count until `warmup` was spent in all: calibration ran the same
     * code, so its time counts, but a count fixed by the plan gets at least one batch, whose
     * length sizes the sample target.  Timed by the clock around the loop, so a batch too
     * short for the clock's resolution cannot make it endless. */
    double batch = cal.batch_ns, left = plan->warmup_ns - cal.spent_ns;
    uint64_t t0 = clk->now(clk->ctx);
    for (int first = plan->iterations != 0; first || (double)(clk->now(clk->ctx) - t0) < left;
         first = 0)
        batch = br_batch_timed(b, &s->st, clk, s->iterations);
    s->target = br_sample_target(batch, plan->max_ns, plan->repetitions, plan->min_repetitions);
    fix_counters(s);
    return 0;
}

/* The value a meter fills: its metric's place in br_value_names. */
static int value_index(const char *metric)
{
    for (int i = 0; i < BR_NVALUES; i++)
        if (strcmp(br_value_names[i], metric) == 0) return i;
    BR_ASSERT(!"a meter whose metric is not a value");
    return -1;
}

/* What the body declared beyond the time: its problem size, and the counters of all threads.
 * The amounts of the threads add up (bench.h): each thread processed its own. */
static void sample_declared(struct br_session *s, double *values)
{
    const bench_t *states[BR_MAX_THREADS];
    char why[256];
    int n = thread_states(s, states);
    for (int i = 1; i < n; i++) {
        values[BR_VALUE_BYTES_PER_OP] += states[i]->bytes_per_op;
        values[BR_VALUE_ITEMS_PER_OP] += states[i]->items_per_op;
    }
    values[BR_VALUE_COMPLEXITY_N] = (double)s->st.complexity_n;
    s->counters.late = 0;
    br_counters_gather(&s->counters, states, n, 1, why, sizeof why);
    values[BR_VALUE_COUNTERS_LATE] = s->counters.late;
}

/* Batches of n and 2n operations; per operation, the difference of their counts.  A negative
 * difference of the primary means a count that is not repeatable: it is reported as it is (the
 * runner refuses it); the cache events, advisory, may be negative when the shorter batch took
 * the cold misses, and are then 0. */
static int count_sample(struct br_session *s, uint64_t n, double *values)
{
    double a[BR_COUNTER_MAX_METERS], b[BR_COUNTER_MAX_METERS];
    br_batch_measure(s->b, &s->st, s->meters, s->nmeters, n, a);
    if (s->profile) return 0; /* collected for the profile, not counted (protocol.h) */
    br_batch_measure(s->b, &s->st, s->meters, s->nmeters, 2 * n, b);
    if (br_counter_failed()) return br_error("%s", br_counter_failed());
    for (size_t i = 0; i < s->nmeters; i++) {
        double d = (b[i] - a[i]) / (double)n;
        values[value_index(s->meters[i].metric)] = i + 1 == s->nmeters || d > 0 ? d : 0;
    }
    return 0;
}

int br_session_sample(struct br_session *s, uint64_t iterations, double *values)
{
    uint64_t n = iterations ? iterations : s->iterations;
    double amount[sizeof s->meters / sizeof s->meters[0]];
    for (int i = 0; i < BR_NVALUES; i++) values[i] = NAN;
    if (s->counter != BR_COUNTER_NONE) {
        if (count_sample(s, n, values) < 0) return -1;
        sample_declared(s, values); /* the counters travel with the counts too */
        return 0;
    }
    br_batch_measure(s->b, &s->st, s->meters, s->nmeters, n, amount);
    for (size_t i = 0; i < s->nmeters; i++)
        values[value_index(s->meters[i].metric)] =
            s->meters[i].per_op ? amount[i] / (double)n : amount[i];
    s->last_ns_per_op = values[BR_VALUE_NS]; /* the pace a re-warm aims for */
    values[BR_VALUE_BYTES_PER_OP] = s->st.bytes_per_op;
    values[BR_VALUE_ITEMS_PER_OP] = s->st.items_per_op;
    struct rusage ru;
    values[BR_VALUE_MAX_RSS_KIB] = getrusage(RUSAGE_SELF, &ru) == 0 ? (double)ru.ru_maxrss : NAN;
    sample_declared(s, values);
    return 0;
}

/* Switching away from a benchmark leaves the caches, the TLB and the branch predictors to the
 * others': a body whose working set outgrows the L2 cache then spends the start of its next
 * batch fetching it again (sqlite SELECT by key over 100,000 rows in memory: 1.5x slower by
 * default than with --no-interleave in issue 29).  Measured after a 64 MiB sweep
 * (docs/measurement.md, "Interleaving and warm caches"), the excess of a cold 5 ms batch was
 * spent within its first 10-20 % (about 0.3-0.7 ms: 2 MiB of random pointer chasing, that
 * sqlite table), so a quarter of a sample's operations (REWARM_SHARE) re-warms any of them.
 * Most bodies need none of it: the warm batches come in chunks of 1/32 of a sample (0.16 ms at
 * the default --min-time, thousands of clock reads long) and stop at the first chunk that runs
 * within 5 % of the last sample's time per operation; what excess is left then is a few % of a
 * chunk or two, under 0.5 % of the sample.  A sample of fewer than 4 operations (each a
 * quarter of --min-time or longer) is not re-warmed: the warm batch would be a whole
 * operation, up to doubling the run of a slow body, whose samples keep their cold start. */
#define REWARM_SHARE     4    /* at most 1/REWARM_SHARE of the sample's operations */
#define REWARM_CHUNKS    32   /* a chunk: 1/REWARM_CHUNKS of them */
#define REWARM_TOLERANCE 1.05 /* warm: within 5 % of the last sample's time per operation */

void br_session_rewarm(struct br_session *s, uint64_t iterations)
{
    uint64_t n = iterations ? iterations : s->iterations, budget = n / REWARM_SHARE;
    uint64_t chunk = n / REWARM_CHUNKS ? n / REWARM_CHUNKS : 1;
    /* a count does not depend on warm caches (counting runs one benchmark at a time anyway) */
    if (s->counter != BR_COUNTER_NONE || budget == 0) return;
    if (!(s->last_ns_per_op > 0)) chunk = budget; /* no pace to compare with yet */
    for (uint64_t done = 0; done < budget; done += chunk) {
        if (chunk > budget - done) chunk = budget - done;
        double ns = br_batch_timed(s->b, &s->st, s->clk, chunk);
        if (ns / (double)chunk <= REWARM_TOLERANCE * s->last_ns_per_op) return;
    }
}

void br_session_memory(struct br_session *s, enum br_memory_where where, struct br_msg_counted *m,
                       char *note, size_t size)
{
    br_memory_count(s->b, &s->st, s->iterations, where, m, note, size);
}

void br_session_finish(struct br_session *s)
{
    br_batch_threads_stop(&s->st);
    br_batch_hook(s->b, BR_HOOK_TEARDOWN, &s->st);
    if (s->counter != BR_COUNTER_NONE) br_counter_close(s->counter);
    free(s->failed);
    s->failed = NULL;
}

const double *br_session_counters(const struct br_session *s) { return s->counters.per_op; }
