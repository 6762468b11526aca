/* changepoint.h - change points in a series by E-divisive means with a permutation test.
 *
 * The method of Matteson & James (2014), as Apache Otava (ex-Hunter, DataStax) and MongoDB use
 * it on benchmark histories: split the series where two consecutive pieces differ most by the
 * energy distance, keep the split when a permutation test says such a difference would be rare
 * by chance, and repeat inside the pieces.
 *
 * For a segment z[s..e) and s < tau < kappa <= e, with X = z[s..tau) (n points) and
 * Y = z[tau..kappa) (m points):
 *
 *   qhat(tau, kappa) = 2/(n+m) sum_{i in X, j in Y} |x_i - y_j|
 *                    - 2m/((n+m)(n-1)) sum_{i<k in X} |x_i - x_k|
 *                    - 2n/((n+m)(m-1)) sum_{j<k in Y} |y_j - y_k|
 *
 * (the scaled sample energy distance, exponent 1).  A segment's candidate is the tau of its
 * largest qhat over (tau, kappa); the series' candidate is the largest over its segments.  Its
 * p-value is (1 + #{r: qhat_r >= qhat}) / (R + 1), qhat_r the same maximum after shuffling
 * the points within every segment (R shuffles).  A candidate with p <= alpha becomes a change
 * point and the search goes on; the first one that is not stops it.
 *
 * Deterministic: the shuffles come from a fixed seed, so a report is the same every time.
 * Pure apart from the allocations it frees; tests/unit/check_changepoint.c holds qhat values of
 * Otava's implementation and measured hit and false-alarm rates are in docs/reports.md.
 */
#ifndef BR_CHANGEPOINT_H
#define BR_CHANGEPOINT_H

#include <stddef.h>
#include <stdint.h>

struct br_cp_opts {
    double alpha;          /* a candidate is a change point when p <= alpha; default 0.01 */
    unsigned permutations; /* R; default 199; p can be no lower than 1 / (R + 1) */
    size_t min_size;       /* fewest points on either side of a split (>= 2); default 3 */
    uint64_t seed;         /* of the shuffles */
};

void br_cp_opts_default(struct br_cp_opts *o);

struct br_changepoint {
    size_t index; /* the first point of the new level */
    double qhat;  /* the statistic that chose it */
    double p;     /* its permutation p-value */
};

/* Change points of x[0..n), by index; at most `cap` (n / min_size is always enough).  Returns
 * how many.  NaN must not occur (asserted). */
size_t br_changepoints(const double *x, size_t n, const struct br_cp_opts *o,
                       struct br_changepoint *out, size_t cap);

/* ---- the pieces, for tests ---------------------------------------------------------------- */

/* qhat of X = x[0..tau), Y = x[tau..kappa), by its definition (O(kappa^2)). */
double br_cp_qhat(const double *x, size_t tau, size_t kappa);

/* The largest qhat(tau, kappa) in x[0..n) over splits with at least `min_size` points on each
 * side, into *tau and *qhat (the first of equal values, by tau then kappa, as Otava's argmax).
 * 1, or 0 when n < 2 min_size leaves no split. */
int br_cp_best_split(const double *x, size_t n, size_t min_size, size_t *tau, double *qhat);

#endif
