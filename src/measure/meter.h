/* meter.h - what is measured around a timed batch.
 *
 * A meter reads one quantity before and after a batch of operations: the clock (the time every
 * sample reports), the thread's CPU time, the kernel's count of involuntary context switches;
 * instruction and allocation counters are meters too.  br_meters_measure() starts the meters in
 * array order and stops them in reverse, so the meter listed last sits innermost, closest to
 * the loop: put the primary measure there and the others' own cost falls outside its interval.
 */
#ifndef BR_METER_H
#define BR_METER_H

#include <stddef.h>
#include <stdint.h>

#include "measure/clock.h"

struct br_meter {
    const char *metric; /* what it produces: "ns" (the time samples) or a br_metric_defs name */
    int per_op;         /* its amount is divided by the batch's operation count */
    uint64_t (*read)(const struct br_meter *m); /* a counter that only grows */
    const void *ctx;                            /* for `read` (the clock meter's struct br_clock) */
    uint64_t mark;                              /* the reading at the start */
};

/* The clock as a meter ("ns", per operation): `clk` must outlive it. */
struct br_meter br_meter_clock(const struct br_clock *clk);
/* The calling thread's CPU time ("cpu_ns", per operation; CLOCK_THREAD_CPUTIME_ID). */
struct br_meter br_meter_cpu(void);
/* Involuntary context switches of the calling thread ("involuntary_switches", per batch:
 * getrusage(RUSAGE_THREAD).ru_nivcsw - the kernel took the CPU away to run something else). */
struct br_meter br_meter_switches(void);

/* Voluntary context switches ("voluntary_switches", per batch: ru_nvcsw - the thread waited:
 * sleep, I/O, a lock).  A batch without one never gave up the CPU by itself, so any wall time
 * beyond its CPU time was taken from it. */
struct br_meter br_meter_waits(void);

/* Runs fn(arg) between the meters' readings; out[i] is meter i's amount (not yet divided). */
void br_meters_measure(struct br_meter *m, size_t n, void (*fn)(void *arg), void *arg, double *out);

#endif
