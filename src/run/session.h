/* session.h - one benchmark being measured where its code runs.
 *
 * The part of a worker that touches the snippet: set-up hook, calibration, warm-up, timed
 * batches through the meters, teardown.  It runs inside a forked or exec'd worker process
 * (serve.c drives it from protocol messages) or, with --no-fork, inside benchrun itself; the
 * controller side (worker.h) never calls the snippet.
 */
#ifndef BR_SESSION_H
#define BR_SESSION_H

#include <stddef.h>
#include <stdint.h>

#include "bench.h"
#include "measure/clock.h"
#include "measure/instr_counter.h"
#include "measure/meter.h"
#include "model/registry.h"
#include "run/user_counters.h"
#include "run/memory.h"
#include "run/protocol.h"
#include "run/values.h"

struct br_session {
    const struct br_bench *b;
    bench_t st;
    const struct br_clock *clk;
    /* Timing: CPU time, switches, waits, then the clock innermost.  Counting: the counter's
     * meters (instr_counter.h), instructions innermost. */
    struct br_meter meters[4];
    size_t nmeters;
    enum br_counter counter;        /* BR_COUNTER_NONE: timing */
    int profile;                    /* batches collected for a profile, not counted (protocol.h) */
    uint64_t iterations;            /* per sample, from calibration or the plan */
    uint64_t target;                /* samples the budget allows */
    struct br_counter_set counters; /* fixed after warm-up (after calibration when counting) */
    char *failed;                   /* why the benchmark cannot be sampled (threads, counters) */
    double last_ns_per_op;          /* the last sample's time per operation (0: none yet) */
};

/* Set-up hook, then (unless the plan fixes the count) calibration, and warm-up.  -1 with
 * br_error when the plan's counter does not open here (then nothing else ran, and the session
 * is finished).  0 otherwise; when s->failed is set after it, nothing may be sampled:
 * br_session_finish, then report the reason. */
int br_session_start(struct br_session *s, const struct br_bench *b, const struct br_clock *clk,
                     const struct br_msg_start *plan);
/* One sample of `iterations` (0: the calibrated count): values[BR_NVALUES].  Timing: one timed
 * batch.  Counting: batches of n and 2n operations, values per operation from their difference
 * (the harness's own instructions, the same in both, cancel).  The user counters' values after
 * it: br_session_counters.  0, or -1 with br_error when the counter failed. */
int br_session_sample(struct br_session *s, uint64_t iterations, double *values);
/* Before a sample that resumes the benchmark after other code ran (protocol.h: SAMPLE's
 * `resumed`): untimed warm batches of 1/32 of the sample's `iterations` (0: the calibrated
 * count) until one runs at the last sample's pace, at most a quarter of the sample in all (the
 * whole quarter at once before the first sample), fetch its working set back into the caches
 * (session.c).  Nothing when counting, or when the sample has fewer than 4 operations. */
void br_session_rewarm(struct br_session *s, uint64_t iterations);
/* After the samples: the counting batches (memory.h: in a forked child, or in place in a
 * worker whose samples are over) and, when retained bytes grow with the count, a leak hunt
 * whose top site goes into `note` (or why counting is off). */
void br_session_memory(struct br_session *s, enum br_memory_where where, struct br_msg_counted *m,
                       char *note, size_t size);
/* Teardown hook (and the threads of a threaded benchmark end, the counter closes). */
void br_session_finish(struct br_session *s);
/* The user counters' values after the last sample, in the order of s->counters. */
const double *br_session_counters(const struct br_session *s);

#endif
