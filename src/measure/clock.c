/* clock.c - CLOCK_MONOTONIC, with its resolution and read cost measured at start.
 *
 * Why CLOCK_MONOTONIC and not the TSC: on a VM the TSC may be emulated or unstable across vCPU
 * migrations, and CLOCK_MONOTONIC is read through the vDSO for ~20 ns without a system call.
 * Since batches are sized so that a read is < 0.1 % of a batch (calibrate.c), the TSC would buy
 * nothing measurable and cost a calibration against this clock anyway.  Wall time (not CPU
 * time) so that a snippet that sleeps or waits is measured for what the caller waits.
 */
#include "measure/clock.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "model/stats.h"

uint64_t br_clock_monotonic_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static uint64_t monotonic_now(void *ctx)
{
    (void)ctx;
    return br_clock_monotonic_ns();
}

/* Smallest non-zero difference between two successive different readings, over many tries:
 * the effective resolution (clock_getres() reports the nominal one, often 1 ns, which says
 * nothing about what the clock source really steps by). */
static double measure_resolution(const struct br_clock *clk)
{
    uint64_t best = UINT64_MAX;
    for (int i = 0; i < 200; i++) {
        uint64_t a = clk->now(clk->ctx), b;
        while ((b = clk->now(clk->ctx)) == a) {
        }
        if (b - a < best) best = b - a;
    }
    return (double)best;
}

/* Median over 31 rounds of the mean cost of 256 back-to-back reads: the median discards
 * rounds hit by an interrupt or a vCPU steal. */
static double measure_read_cost(const struct br_clock *clk)
{
    enum { ROUNDS = 31, READS = 256 };
    double cost[ROUNDS];
    for (int r = 0; r < ROUNDS; r++) {
        uint64_t t0 = clk->now(clk->ctx);
        for (int i = 0; i < READS - 1; i++) (void)clk->now(clk->ctx);
        uint64_t t1 = clk->now(clk->ctx);
        cost[r] = (double)(t1 - t0) / READS;
    }
    qsort(cost, ROUNDS, sizeof cost[0], br_stats_cmp_double);
    return cost[ROUNDS / 2];
}

void br_clock_init_plain(struct br_clock *clk)
{
    clk->now = monotonic_now;
    clk->ctx = NULL;
    clk->source = "CLOCK_MONOTONIC";
    clk->read_cost_ns = clk->resolution_ns = 0;
}

void br_clock_init(struct br_clock *clk)
{
    br_clock_init_plain(clk);
    clk->read_cost_ns = measure_read_cost(clk);
    clk->resolution_ns = measure_resolution(clk);
}

const char *br_clock_describe(const struct br_clock *clk, char *buf, size_t size)
{
    snprintf(buf, size, "%s, resolution %.1f ns, read cost %.1f ns", clk->source,
             clk->resolution_ns, clk->read_cost_ns);
    return buf;
}
