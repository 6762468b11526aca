/* changepoint.c - E-divisive means with a permutation test (the method is in changepoint.h).
 *
 * References:
 *   [MJ]  D. S. Matteson, N. A. James, "A Nonparametric Approach for Multiple Change Point
 *         Analysis of Multivariate Data", J. Amer. Statist. Assoc. 109 (2014) 334-345
 *         (arXiv:1306.4933): qhat, the divisive search, the permutation test and its p-value
 *         (1 + over) / (R + 1); the R package `ecp` (e.divisive: R = 199, sig.lvl, min.size).
 *   [OT]  Apache Otava (ex-Hunter), otava/change_point_divisive/: calculator.py (qhat for all
 *         (tau, kappa) of a segment, candidate = argmax), significance_test.py (shuffles within
 *         every segment), detector.py (split until a candidate is not significant);
 *         analysis.py compute_change_points_orig.  Otava's p-value drops the +1 of [MJ], which
 *         can give p = 0; this keeps [MJ]'s, a valid test for any R.
 *   [DA]  D. Daly et al., "The Use of Change Point Detection to Identify Software Performance
 *         Regressions in a Continuous Integration System", ICPE 2020 (MongoDB's use).
 * The shuffles come from SplitMix64 (base/random.h).
 */
#include "analyze/changepoint.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "base/random.h"

void br_cp_opts_default(struct br_cp_opts *o)
{
    /* 0.01 rather than ecp's 0.05: a report of hundreds of benchmarks would otherwise mark one
     * flat series in twenty.  199 shuffles is ecp's default and resolves p to 0.005.  Three
     * points a side: a single slow run, or two, is the host's noise far more often than a
     * commit's doing (docs/reports.md measures both choices). */
    o->alpha = 0.01;
    o->permutations = 199;
    o->min_size = 3;
    o->seed = 0x62656e6368727563ULL; /* "benchruc": any fixed value makes reports repeatable */
}

double br_cp_qhat(const double *x, size_t tau, size_t kappa)
{
    BR_ASSERT(tau >= 2 && kappa >= tau + 2);
    double n = (double)tau, m = (double)(kappa - tau), cross = 0, wx = 0, wy = 0;
    for (size_t i = 0; i < kappa; i++)
        for (size_t j = i + 1; j < kappa; j++) {
            double d = fabs(x[i] - x[j]);
            if (j < tau)
                wx += d;
            else if (i >= tau)
                wy += d;
            else
                cross += d;
        }
    return 2 * cross / (n + m) - 2 * m * wx / ((n + m) * (n - 1)) -
           2 * n * wy / ((n + m) * (m - 1));
}

/* ---- the O(n^2) search ------------------------------------------------------------------
 * P[j * (n + 1) + i] = sum_{i' < i} |z_i' - z_j| for i <= j: any sum of distances from one
 * point to a run of earlier points is a difference of two entries, so every qhat of a segment
 * follows from the previous one in O(1) ([OT] calculator.py does the same with cumulative
 * sums). */

static void prefix_sums(const double *z, size_t n, double *P)
{
    for (size_t j = 0; j < n; j++) {
        double *row = P + j * (n + 1), acc = 0;
        row[0] = 0;
        for (size_t i = 0; i < j; i++) row[i + 1] = acc += fabs(z[i] - z[j]);
    }
}

/* sum_{i in [a, b)} |z_i - z_k|, for b <= k. */
static double to_run(const double *P, size_t n, size_t k, size_t a, size_t b)
{
    return P[k * (n + 1) + b] - P[k * (n + 1) + a];
}

/* The best split of the segment [s, e): qhat into *q, its tau into *tau; 0 when too short. */
static int segment_best(const double *P, size_t n, size_t s, size_t e, size_t min_size, size_t *tau,
                        double *q)
{
    int found = 0;
    double wx = 0; /* within X = [s, t) */
    for (size_t t = s + 1; t + min_size <= e; t++) {
        wx += to_run(P, n, t - 1, s, t - 1);
        if (t - s < min_size) continue;
        double nx = (double)(t - s), cross = 0, wy = 0;
        for (size_t k = t; k < e; k++) { /* Y = [t, k + 1) */
            cross += to_run(P, n, k, s, t);
            wy += to_run(P, n, k, t, k);
            double m = (double)(k + 1 - t);
            if (k + 1 - t < min_size) continue;
            double v = 2 * cross / (nx + m) - 2 * m * wx / ((nx + m) * (nx - 1)) -
                       2 * nx * wy / ((nx + m) * (m - 1));
            if (!found || v > *q) *q = v, *tau = t, found = 1;
        }
    }
    return found;
}

/* The best split over the segments that `cuts` (0, the change points, n) delimit. */
static int series_best(const double *P, size_t n, const size_t *cuts, size_t ncuts, size_t min_size,
                       size_t *tau, double *q)
{
    int found = 0;
    for (size_t c = 0; c + 1 < ncuts; c++) {
        size_t t;
        double v;
        if (segment_best(P, n, cuts[c], cuts[c + 1], min_size, &t, &v) && (!found || v > *q))
            *q = v, *tau = t, found = 1;
    }
    return found;
}

int br_cp_best_split(const double *x, size_t n, size_t min_size, size_t *tau, double *qhat)
{
    BR_ASSERT(min_size >= 2);
    double *P = br_xmalloc((n * (n + 1) + 1) * sizeof *P);
    size_t cuts[2] = {0, n};
    prefix_sums(x, n, P);
    *tau = 0;
    *qhat = 0;
    int found = series_best(P, n, cuts, 2, min_size, tau, qhat);
    free(P);
    return found;
}

/* ---- the permutation test ------------------------------------------------------------ */

/* Fisher-Yates within each segment: under "no change point in this segment" its order is
 * arbitrary, while the segments already found stay where they are ([MJ] section 3.2). */
static void shuffle_segments(double *z, const size_t *cuts, size_t ncuts, uint64_t *rng)
{
    for (size_t c = 0; c + 1 < ncuts; c++)
        for (size_t i = cuts[c + 1] - 1; i > cuts[c]; i--) {
            /* A 32-bit multiply-shift: its bias, below 2^-32 per draw, is far below the test's
             * resolution. */
            size_t span = i - cuts[c] + 1;
            size_t j = cuts[c] + (size_t)(((br_random_next(rng) >> 32) * span) >> 32);
            double t = z[i];
            z[i] = z[j];
            z[j] = t;
        }
}

struct cp_work {
    const double *x;
    size_t n;
    const struct br_cp_opts *o;
    double *P, *z; /* prefix sums, shuffled copy */
    uint64_t rng;
};

/* Is the candidate's qhat `q` significant?  Stops as soon as too many shuffles reach it for
 * p <= alpha (the decision is the one all R shuffles would give); *p is exact when it is. */
static int significant(struct cp_work *w, const size_t *cuts, size_t ncuts, double q, double *p)
{
    double R = w->o->permutations, allowed = w->o->alpha * (R + 1) - 1;
    /* Rounding in the running sums must not make a tie look smaller than the original. */
    double reach = q - 1e-12 * fabs(q);
    size_t over = 0;
    for (unsigned r = 0; r < w->o->permutations; r++) {
        size_t t;
        double v;
        memcpy(w->z, w->x, w->n * sizeof *w->z);
        shuffle_segments(w->z, cuts, ncuts, &w->rng);
        prefix_sums(w->z, w->n, w->P);
        if (series_best(w->P, w->n, cuts, ncuts, w->o->min_size, &t, &v) && v >= reach &&
            (double)++over > allowed)
            return 0;
    }
    *p = (1 + (double)over) / (R + 1);
    return *p <= w->o->alpha;
}

/* Inserts `v` into the sorted array a[0..*n). */
static void insert_sorted(size_t *a, size_t *n, size_t v)
{
    size_t i = *n;
    for (; i > 0 && a[i - 1] > v; i--) a[i] = a[i - 1];
    a[i] = v;
    ++*n;
}

size_t br_changepoints(const double *x, size_t n, const struct br_cp_opts *o,
                       struct br_changepoint *out, size_t cap)
{
    BR_ASSERT(o->min_size >= 2 && o->permutations >= 1);
    for (size_t i = 0; i < n; i++) BR_ASSERT(!isnan(x[i]));
    struct cp_work w = {x,
                        n,
                        o,
                        br_xmalloc((n * (n + 1) + 1) * sizeof(double)),
                        br_xmalloc((n + 1) * sizeof(double)),
                        o->seed};
    size_t *cuts = br_xmalloc((n + 2) * sizeof *cuts), ncuts = 2, nfound = 0;
    double *P0 = br_xmalloc((n * (n + 1) + 1) * sizeof *P0);
    cuts[0] = 0;
    cuts[1] = n;
    prefix_sums(x, n, P0);
    while (nfound < cap) {
        size_t tau;
        double q, p;
        if (!series_best(P0, n, cuts, ncuts, o->min_size, &tau, &q)) break;
        if (!significant(&w, cuts, ncuts, q, &p)) break;
        size_t i = nfound++;
        for (; i > 0 && out[i - 1].index > tau; i--) out[i] = out[i - 1];
        out[i] = (struct br_changepoint){tau, q, p};
        insert_sorted(cuts, &ncuts, tau);
    }
    free(P0);
    free(cuts);
    free(w.P);
    free(w.z);
    return nfound;
}
