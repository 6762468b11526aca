/* wilcoxon.h - the Wilcoxon signed-rank test and the Hodges-Lehmann estimate, for paired runs.
 *
 * A paired run (benchcmp --run) measures the old and the new build back to back, pair after
 * pair, and judges the per-pair differences d_i = ln(new_i / old_i): a host state that slows
 * both sides of a pair cancels in d_i.
 *
 * The p-value is, to rounding, scipy.stats.wilcoxon(d) with its defaults as of scipy 1.10
 * (zero_method='wilcox': zero differences are dropped; correction=False; method='auto'):
 *   - the exact null distribution of the positive rank sum when n <= 50 and no difference is
 *     zero (as scipy, tied ranks there are averaged and the rank sum truncated to an integer);
 *   - otherwise the normal approximation over the non-zero differences, with the tie
 *     correction of the variance and no continuity correction.
 * tests/unit/check_wilcoxon.c holds reference values produced with scipy 1.10.1.
 *
 * The estimate of the centre of d is the Hodges-Lehmann estimator, the median of the Walsh
 * averages (d_i + d_j) / 2, i <= j, and its interval the distribution-free one of Hollander,
 * Wolfe & Chicken, "Nonparametric Statistical Methods", 3rd ed., section 3.2: order statistics
 * of the Walsh averages at the critical values of the same signed-rank distribution (exact for
 * n <= 50, the normal approximation beyond).  It excludes 0 exactly when the exact test, had
 * it been one-sided at alpha/2 each way, rejects.
 *
 * All functions are pure.  Inputs: no NaN (asserted).
 */
#ifndef BR_WILCOXON_H
#define BR_WILCOXON_H

#include <stddef.h>

struct br_wilcoxon {
    double t;      /* min(rank sum of positive d, of negative d): scipy's `statistic` */
    double p;      /* two-sided; 1 when no difference is non-zero */
    int exact;     /* 1: exact null distribution; 0: normal approximation */
    size_t n_used; /* differences the test used (the non-zero ones in the approximation) */
};

/* The test of d[0..n) against 0.  Example: d = {1, 2, 3, 4, 5} gives t = 0, p = 0.0625. */
void br_wilcoxon_test(const double *d, size_t n, struct br_wilcoxon *out);

/* The Hodges-Lehmann estimate of the centre of d and its 100(1 - alpha)% interval ci[0..1].
 * 0; 1 when n is too small for that confidence (the widest interval, min..max of the Walsh
 * averages, is given then).  n >= 1. */
int br_hodges_lehmann(const double *d, size_t n, double alpha, double *estimate, double ci[2]);

/* P(T+ <= k) under the null hypothesis for n differences, n <= 50 (the exact distribution). */
double br_wilcoxon_cdf(size_t n, double k);

#endif
