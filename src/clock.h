/* clock.h - the time source, measured before it is trusted.
 *
 * A br_clock is a function returning nanoseconds plus what we learned about it at start-up:
 * its resolution (the smallest step it shows) and the cost of one read.  The calibrator takes a
 * br_clock so tests can pass a fake one.
 */
#ifndef BR_CLOCK_H
#define BR_CLOCK_H

#include <stdint.h>

struct br_clock {
    uint64_t (*now)(void *ctx); /* nanoseconds, monotonic */
    void *ctx;
    const char *source;   /* e.g. "CLOCK_MONOTONIC" */
    double resolution_ns; /* measured smallest non-zero step */
    double read_cost_ns;  /* measured median cost of one now() */
};

/* The real clock (CLOCK_MONOTONIC, wall time: a sleeping snippet is measured right), with its
 * resolution and read cost measured now.  Takes about a millisecond. */
void br_clock_init(struct br_clock *clk);
/* Reads CLOCK_MONOTONIC in nanoseconds. */
uint64_t br_clock_monotonic_ns(void);

#endif
