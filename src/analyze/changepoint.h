/* changepoint.h - change points in a history of runs: E-divisive candidates, Student t-tests.
 *
 * The method of Apache Otava's default (Fleming et al., "Hunter: Using Change Point Detection
 * to Hunt for Performance Regressions", ICPE 2023): candidates by E-divisive means (Matteson &
 * James 2014), each kept when a two-sided Student t-test between the two segments it splits
 * gives p <= 10 alpha (the split step), then the weakest removed until every one left has
 * p <= alpha against its neighbouring segments (the merge step).  No shuffles: the decision
 * depends on the data only, and short histories get the t-test's exact small-sample level.
 *
 * For a segment z[s..e) and s < tau < kappa <= e, with X = z[s..tau) (n points) and
 * Y = z[tau..kappa) (m points):
 *
 *   qhat(tau, kappa) = 2/(n+m) sum_{i in X, j in Y} |x_i - y_j|
 *                    - 2m/((n+m)(n-1)) sum_{i<k in X} |x_i - x_k|
 *                    - 2n/((n+m)(m-1)) sum_{j<k in Y} |y_j - y_k|
 *
 * A segment's candidate is the tau of its largest qhat; the series' candidate the largest over
 * its segments.  Where this differs from Otava, for what a person sees in a benchmark history:
 *
 * - Within-run noise: var[i], the variance of run i's value from its own samples, is a floor
 *   under each segment's variance in the t-test (run medians cannot scatter less than their
 *   own sampling error), so three runs that agree by chance do not make a step "certain".
 * - At least min_size runs a side (3): one or two slow runs are not a new level.  A step in
 *   the last min_size - 1 runs is reported as pending (`missing` more runs would confirm it).
 * - The change is placed at the first run of the new level: a split is kept only when the run
 *   after it lies nearer the new level's median and the run before it nearer the old one's.
 * - Segment variances are unbiased (n - 1); Otava passes numpy's np.std (n) to scipy.
 *
 * Pure; tests/unit/check_changepoint.c pins each rule with values from scipy and Otava, and
 * bench/changepoint_rates.c measures the rates that docs/reports.md lists.
 */
#ifndef BR_CHANGEPOINT_H
#define BR_CHANGEPOINT_H

#include <stddef.h>

struct br_cp_opts {
    double alpha;    /* a change point has p <= alpha after the merge step; default 0.001 */
    size_t min_size; /* fewest runs on either side of a change point (>= 2); default 3 */
};

void br_cp_opts_default(struct br_cp_opts *o);

struct br_changepoint {
    size_t index;   /* the first point of the new level */
    double qhat;    /* the statistic that chose it (0 for a pending one) */
    double p;       /* its t-test p-value against its neighbouring segments */
    size_t missing; /* 0: a change point; k > 0: pending, k more runs would confirm it */
};

/* Change points of x[0..n), by index, and at most one pending step after them; at most `cap`
 * (n / min_size + 1 is always enough).  var[i] >= 0 is the variance of x[i] from its run's
 * samples, or var is NULL.  Returns how many.  NaN must not occur (asserted). */
size_t br_changepoints(const double *x, const double *var, size_t n, const struct br_cp_opts *o,
                       struct br_changepoint *out, size_t cap);

/* ---- the pieces, for tests ---------------------------------------------------------------- */

/* qhat of X = x[0..tau), Y = x[tau..kappa), by its definition (O(kappa^2)). */
double br_cp_qhat(const double *x, size_t tau, size_t kappa);

/* The largest qhat(tau, kappa) in x[0..n) over splits with at least `min_size` points on each
 * side, into *tau and *qhat (the first of equal values, by tau then kappa, as Otava's argmax).
 * 1, or 0 when n < 2 min_size leaves no split. */
int br_cp_best_split(const double *x, size_t n, size_t min_size, size_t *tau, double *qhat);

/* The two-sided p of Student's t-test between x[a..b) and x[b..c) (pooled variance, each
 * segment's variance floored by the mean of its var[]); 1 when df = c - a - 2 is 0. */
double br_cp_ttest(const double *x, const double *var, size_t a, size_t b, size_t c);

/* The two-sided tail probability of Student's t with df degrees of freedom. */
double br_cp_student_p(double t, double df);

#endif
