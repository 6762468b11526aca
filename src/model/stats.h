/* stats.h - pure statistics over arrays of doubles.
 *
 * No function here allocates except where it says so, none reads a clock, none keeps state:
 * each is tested against exact values (tests/unit/check_stats.c).
 */
#ifndef BR_STATS_H
#define BR_STATS_H

#include <stddef.h>

/* The per-benchmark summary reported in every format. */
struct br_summary {
    size_t n;
    double min, q1, median, q3, max;
    double mean;
    double stddev;   /* sample standard deviation (n - 1), two-pass; 0 when n < 2 */
    double cv;       /* stddev / mean; 0 when mean == 0 */
    size_t outliers; /* samples outside Tukey's fences [q1 - 1.5 IQR, q3 + 1.5 IQR] */
};

double br_stats_mean(const double *x, size_t n);
/* Sample variance (divides by n - 1) computed in two passes for accuracy; 0 when n < 2. */
double br_stats_variance(const double *x, size_t n);
/* Its square root, finite for any finite samples (scaled where the variance overflows, up to
 * DBL_MAX); 0 when n < 2.  br_stats_mean is finite for finite samples too. */
double br_stats_stddev(const double *x, size_t n);
/* Quantile p in [0,1] of SORTED data, linear interpolation between closest ranks
 * (Hyndman & Fan type 7, the default of R, numpy and Excel). */
double br_stats_quantile_sorted(const double *sorted, size_t n, double p);
/* Fills `out` from n >= 1 samples (the input is not modified; a sorted copy is made). */
void br_stats_summarize(const double *x, size_t n, struct br_summary *out);
/* Geometric mean of n > 0 positive values; NAN when a value is not positive. */
double br_stats_geomean(const double *x, size_t n);
/* qsort comparator for doubles (NaN sorts last). */
int br_stats_cmp_double(const void *a, const void *b);

#endif
