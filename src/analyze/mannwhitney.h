/* mannwhitney.h - the two-sided Mann-Whitney U test and a confidence interval for a ratio.
 *
 * The p-value is, to rounding, scipy.stats.mannwhitneyu(x, y, alternative='two-sided') with
 * its defaults (use_continuity=True, method='auto') as of scipy 1.10:
 *   - the exact null distribution of U when min(nx, ny) <= 8 and no value repeats;
 *   - otherwise the normal approximation with the tie correction of the variance and a
 *     continuity correction of 1/2.
 * tests/unit/check_mannwhitney.c holds the reference table produced with scipy 1.10.1.
 *
 * The interval is for the ratio y/x (new time over old time): the distribution-free interval
 * that inverts this same test (Bauer 1972; Hollander, Wolfe & Chicken, "Nonparametric
 * Statistical Methods", 3rd ed., section 4.3), computed on log times so that it is an interval
 * for a multiplicative change, which is how a change in run time behaves.  It excludes 1
 * exactly when the exact test gives p <= alpha (and approximately so for the normal one).
 *
 * All functions are pure.  Inputs: nx, ny >= 1 and no NaN (asserted).
 */
#ifndef BR_MANNWHITNEY_H
#define BR_MANNWHITNEY_H

#include <stddef.h>

struct br_mw {
    double u;  /* U statistic of x: pairs (x_i, y_j) with x_i > y_j, ties counted 1/2 (scipy's
                  `statistic`) */
    double p;  /* two-sided p-value in [0, 1] */
    int exact; /* 1: exact null distribution; 0: normal approximation */
};

/* The test of x against y.  Example: x = {19, 22, 16, 29, 24}, y = {20, 11, 17, 12} gives
 * u = 17, p = 1/9 (exact). */
void br_mw_test(const double *x, size_t nx, const double *y, size_t ny, struct br_mw *out);

/* The smallest p-value any data of these sizes can give (completely separated samples, no
 * ties): 2 / C(nx + ny, nx) in the exact case.  When it is not below alpha the test cannot
 * detect anything, whatever the data. */
double br_mw_min_pvalue(size_t nx, size_t ny);

/* The 100(1 - alpha)% interval [ci[0], ci[1]] of the ratio y/x.  When the sizes are too small
 * for that confidence, the widest interval (smallest to largest ratio) is given and 1 is
 * returned; otherwise 0.  -1 (and NaN bounds) when a value is not positive, since a ratio
 * then has no meaning. */
int br_mw_ratio_ci(const double *x, size_t nx, const double *y, size_t ny, double alpha,
                   double ci[2]);

/* Standard normal upper tail P(Z > z), computed as Cephes' ndtr(-z) (what scipy uses). */
double br_normal_sf(double z);

#endif
