/* chart.h - the geometry of the report's charts: scales, ticks, densities, jitter, units.
 *
 * Pure functions over numbers, no SVG and no I/O, so every position a chart draws can be
 * checked against exact values (tests/unit/check_chart.c) without a browser.
 */
#ifndef BR_CHART_H
#define BR_CHART_H

#include <stddef.h>

/* Maps data [d0, d1] onto pixels [r0, r1], linearly or by log10 (then d0, d1 > 0).  A domain
 * of zero width maps everything to the middle of the range. */
struct br_scale {
    double d0, d1, r0, r1;
    int log;
};

void br_scale_init(struct br_scale *s, double d0, double d1, double r0, double r1, int log);
double br_scale_map(const struct br_scale *s, double v);

/* "Nice" ticks (P. S. Heckbert, "Nice numbers for graph labels", Graphics Gems, 1990): a step
 * of 1, 2 or 5 x 10^k giving about `target` intervals over [lo, hi]; *lo and *hi are widened
 * to multiples of the step and the ticks from *lo to *hi (at most `cap`) go to ticks[].
 * Returns the number of ticks.  lo == hi is widened around the value first. */
size_t br_nice_ticks(double *lo, double *hi, int target, double *ticks, size_t cap);

/* Ticks for a log axis over [lo, hi] (0 < lo <= hi): the powers of ten inside, with 2 and 5 x
 * 10^k added when fewer than three powers fall inside, and lo and hi themselves when that still
 * leaves fewer than two.  Returns the number of ticks (at most `cap`). */
size_t br_log_ticks(double lo, double hi, double *ticks, size_t cap);

/* Kernel density estimate with a Gaussian kernel of bandwidth h at grid[0..m), into dens[]
 * (integrates to 1 over the real line). */
void br_kde(const double *x, size_t n, double h, const double *grid, size_t m, double *dens);
/* Silverman's rule of thumb (B. W. Silverman, "Density Estimation for Statistics and Data
 * Analysis", 1986, eq. 3.31): 0.9 min(sd, IQR / 1.34) n^(-1/5), from the summary's sd and
 * quartiles; when both are 0 (identical samples), a tenth of |median| (or 1 for 0) so the
 * violin is a thin spike rather than nothing. */
double br_kde_bandwidth(double sd, double q1, double q3, double median, size_t n);

/* A deterministic jitter in [-0.5, 0.5) for the i-th point of a strip: the golden-ratio
 * sequence (additive recurrence), evenly spread and the same in every report. */
double br_jitter(size_t i);

/* The unit for an axis whose largest value is `max_ns`: ns, us, ms or s, and its size in ns. */
struct br_time_unit {
    const char *name;
    double ns;
};
struct br_time_unit br_time_unit_for(double max_ns);

#endif
