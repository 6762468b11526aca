/* clock.h - the time source, measured before it is trusted.
 *
 * A br_clock is a function returning nanoseconds plus what we learned about it at start-up:
 * its resolution (the smallest step it shows) and the cost of one read.  The calibrator takes a
 * br_clock so tests can pass a fake one.
 */
#ifndef BR_CLOCK_H
#define BR_CLOCK_H

#include <stddef.h>
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
/* The same clock without measuring it (resolution and read cost 0): for a one-off look. */
void br_clock_init_plain(struct br_clock *clk);
/* "CLOCK_MONOTONIC, resolution 20.0 ns, read cost 25.1 ns" into buf. */
const char *br_clock_describe(const struct br_clock *clk, char *buf, size_t size);
/* Reads CLOCK_MONOTONIC in nanoseconds. */
uint64_t br_clock_monotonic_ns(void);

#endif
