/* mannwhitney.c - the Mann-Whitney U test as scipy 1.10 computes it, and the matching
 * confidence interval.
 *
 * References:
 *   [MW]  H. B. Mann, D. R. Whitney, "On a test of whether one of two random variables is
 *         stochastically larger than the other", Ann. Math. Statist. 18 (1947) 50-60.
 *   [DB]  A. Di Bucchianico, "Combinatorics, computer algebra and the Wilcoxon-Mann-Whitney
 *         test", J. Statist. Plann. Inference 79 (1999) 349-364: the number of arrangements
 *         with U = k is the number of partitions of k into at most m parts, each at most n,
 *         i.e. the coefficient of q^k in the Gaussian binomial [m+n choose m]_q.
 *   [AN]  G. E. Andrews, "The Theory of Partitions" (1976), Thm 3.1:
 *         [m+n choose m]_q = prod_{i=1..m} (1 - q^(n+i)) / (1 - q^i).
 *   [HW]  M. Hollander, D. A. Wolfe, E. Chicken, "Nonparametric Statistical Methods", 3rd ed.
 *         (2014), section 4.3: the interval [D_(C), D_(mn+1-C)] of the sorted pairwise
 *         differences D = y_j - x_i, C the lower alpha/2 critical value of U (Bauer 1972).
 *   scipy/stats/_mannwhitneyu.py (1.10): method choice, tie term, continuity correction.
 */
#include "analyze/mannwhitney.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "model/stats.h"

/* scipy 1.10 `_mwu_choose_method`: exact when either sample has at most 8 values and nothing
 * is tied.  (The exact distribution assumes no ties; the normal one is good enough once both
 * samples pass 8 values, the rule of [MW].) */
#define EXACT_MAX_N 8

/* What the test needs from the pooled, ranked samples. */
struct ranked {
    size_t n1, n2;
    double u1;       /* R1 - n1(n1+1)/2, R1 the sum of x's mid-ranks */
    double tie_term; /* sum over groups of equal values of t^3 - t */
    int ties;        /* some value occurs more than once */
};

struct tagged {
    double v;
    int from_x;
};

static int cmp_tagged(const void *a, const void *b)
{
    return br_stats_cmp_double(&((const struct tagged *)a)->v, &((const struct tagged *)b)->v);
}

/* Pools, sorts and gives tied values their mid-rank (scipy.stats.rankdata 'average'). */
static void rank_samples(const double *x, size_t nx, const double *y, size_t ny, struct ranked *r)
{
    BR_ASSERT(nx > 0 && ny > 0);
    size_t n = nx + ny;
    struct tagged *t = br_xmalloc(n * sizeof *t);
    for (size_t i = 0; i < n; i++) {
        t[i].v = i < nx ? x[i] : y[i - nx];
        t[i].from_x = i < nx;
        BR_ASSERT(!isnan(t[i].v));
    }
    qsort(t, n, sizeof *t, cmp_tagged);
    double r1 = 0, tie_term = 0;
    r->ties = 0;
    for (size_t i = 0, j; i < n; i = j) {
        size_t from_x = 0;
        for (j = i; j < n && t[j].v == t[i].v; j++) from_x += (size_t)t[j].from_x;
        /* Ranks i+1 .. j share their mean; all sums are of half-integers, hence exact. */
        r1 += (double)(i + 1 + j) / 2 * (double)from_x;
        double g = (double)(j - i);
        tie_term += g * g * g - g;
        r->ties |= j - i > 1;
    }
    free(t);
    r->n1 = nx;
    r->n2 = ny;
    r->u1 = r1 - (double)nx * (double)(nx + 1) / 2;
    r->tie_term = tie_term;
}

static int use_exact(const struct ranked *r)
{
    return (r->n1 <= EXACT_MAX_N || r->n2 <= EXACT_MAX_N) && !r->ties;
}

/* C(m+n, m) as a double: each partial product C(n+i, i) is an integer, so it is exact while it
 * fits in 53 bits and correctly rounded to a few ulps beyond. */
static double binomial(size_t m, size_t n)
{
    size_t small = m < n ? m : n, large = m < n ? n : m;
    double b = 1;
    for (size_t i = 1; i <= small; i++) b = b * (double)(large + i) / (double)i;
    return b;
}

/* c[k], k = 0..kmax: how many of the C(m+n, m) equally likely arrangements give U = k, from
 * the product of [AN] truncated at degree kmax ([DB] for why U counts partitions).  Dividing by
 * (1 - q^i) is a running sum; multiplying by (1 - q^(n+i)) subtracts a shifted copy (done from
 * the top down so that it reads the old values).  The product runs over the smaller sample, so
 * this is O(min(m, n) * kmax). */
static double *u_counts(size_t m, size_t n, size_t kmax)
{
    if (m > n) {
        size_t t = m;
        m = n;
        n = t;
    }
    double *c = br_xcalloc(kmax + 1, sizeof *c);
    c[0] = 1;
    for (size_t i = 1; i <= m; i++) {
        for (size_t k = i; k <= kmax; k++) c[k] += c[k - i];
        for (size_t k = kmax + 1; k-- > n + i;) c[k] -= c[k - n - i];
    }
    return c;
}

/* P(U <= k) under the null hypothesis, no ties. */
static double exact_cdf(size_t m, size_t n, size_t k)
{
    double *c = u_counts(m, n, k), sum = 0;
    for (size_t i = 0; i <= k; i++) sum += c[i];
    free(c);
    return sum / binomial(m, n);
}

/* The standard deviation of U under the null hypothesis with the tie correction
 * sigma^2 = n1 n2 / 12 * ((n + 1) - sum(t^3 - t) / (n (n - 1)))  (scipy `_get_mwu_z`; the
 * operations are in scipy's order so that the results agree to the last bits). */
static double u_sigma(const struct ranked *r)
{
    double n = (double)(r->n1 + r->n2);
    double var = (double)(r->n1 * r->n2) / 12 * ((n + 1) - r->tie_term / (n * (n - 1)));
    return var > 0 ? sqrt(var) : 0;
}

double br_normal_sf(double z)
{
    /* Cephes ndtr(a) at a = -z: erf near the centre, erfc in the tails, where 1 - erf would
     * cancel. */
    double x = -z * M_SQRT1_2, ax = fabs(x);
    if (ax < M_SQRT1_2) return 0.5 + 0.5 * erf(x);
    double y = 0.5 * erfc(ax);
    return x > 0 ? 1 - y : y;
}

/* Two-sided p from the larger of U1 and U2 = n1 n2 - U1, as scipy does: the upper tail at
 * max(U1, U2), doubled, clipped to 1. */
static double p_value(const struct ranked *r, int exact)
{
    double mn = (double)r->n1 * (double)r->n2;
    double u = fmax(r->u1, mn - r->u1), p;
    if (exact) {
        /* By symmetry P(U >= u) = P(U <= mn - u); u is a whole number without ties. */
        p = 2 * exact_cdf(r->n1, r->n2, (size_t)(mn - u));
    } else {
        double s = u_sigma(r);
        /* Every value tied: no evidence at all (scipy gets there through z = -inf). */
        if (s == 0) return 1;
        /* Continuity correction: subtract 1/2 since the upper tail is used. */
        p = 2 * br_normal_sf((u - mn / 2 - 0.5) / s);
    }
    return p > 1 ? 1 : p;
}

void br_mw_test(const double *x, size_t nx, const double *y, size_t ny, struct br_mw *out)
{
    struct ranked r;
    rank_samples(x, nx, y, ny, &r);
    out->u = r.u1;
    out->exact = use_exact(&r);
    out->p = p_value(&r, out->exact);
}

double br_mw_min_pvalue(size_t nx, size_t ny)
{
    /* Completely separated samples without ties: U1 = n1 n2. */
    struct ranked r = {nx, ny, (double)nx * (double)ny, 0, 0};
    BR_ASSERT(nx > 0 && ny > 0);
    return p_value(&r, use_exact(&r));
}

/* ---- the confidence interval ([HW] 4.3) ------------------------------------------------ */

/* C: the largest c with P(U <= c - 1) <= alpha / 2, from the same null distribution the test
 * uses, so that the interval and the test agree.  0 when even c = 1 fails (too few values). */
static size_t exact_crit(const struct ranked *r, double alpha)
{
    size_t kmax = r->n1 * r->n2 / 2; /* P(U <= mn/2) >= 1/2 > alpha/2: C lies below */
    double *c = u_counts(r->n1, r->n2, kmax), total = binomial(r->n1, r->n2), cum = 0;
    size_t k = 0;
    for (; k <= kmax; k++) {
        cum += c[k];
        if (cum / total > alpha / 2) break;
    }
    free(c);
    return k;
}

/* The same with the normal approximation, P(U <= c - 1) ~ Phi((c - 1/2 - mn/2) / sigma), found
 * by bisection over the whole numbers (Phi increases with c). */
static size_t normal_crit(const struct ranked *r, double alpha)
{
    double mu = (double)r->n1 * (double)r->n2 / 2, s = u_sigma(r);
    if (s == 0) return 0;
    size_t lo = 0, hi = (size_t)ceil(mu) + 1; /* Phi at hi > 1/2 > alpha/2 */
    if (br_normal_sf(-(-0.5 - mu) / s) > alpha / 2) return 0;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (br_normal_sf(-((double)mid - 0.5 - mu) / s) <= alpha / 2)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

/* How many differences ly[j] - lx[i] are <= t, both arrays sorted.  As lx[i] grows the set of
 * j that qualify only grows (rounding is monotonic), so one sweep suffices: O(nx + ny). */
static size_t count_le(const double *lx, size_t nx, const double *ly, size_t ny, double t)
{
    size_t count = 0, j = 0;
    for (size_t i = 0; i < nx; i++) {
        while (j < ny && ly[j] - lx[i] <= t) j++;
        count += j;
    }
    return count;
}

/* Doubles mapped to unsigned integers in the same order (sign-magnitude to offset binary), so
 * that bisection over the integers visits every double between two bounds. */
static uint64_t order_key(double d)
{
    uint64_t u;
    memcpy(&u, &d, sizeof u);
    return u >> 63 ? ~u : u | (UINT64_C(1) << 63);
}

static double from_key(uint64_t u)
{
    double d;
    u = u >> 63 ? u & ~(UINT64_C(1) << 63) : ~u;
    memcpy(&d, &u, sizeof d);
    return d;
}

/* The k-th smallest (1-based) of the nx * ny differences without forming them: the smallest
 * double t with count_le(t) >= k, by bisection over the 64-bit order keys - at most 64 sweeps,
 * so the cost is O((nx + ny) * 64) whatever nx * ny is. */
static double kth_difference(const double *lx, size_t nx, const double *ly, size_t ny, size_t k)
{
    uint64_t lo = order_key(ly[0] - lx[nx - 1]), hi = order_key(ly[ny - 1] - lx[0]);
    while (lo < hi) {
        uint64_t mid = lo + (hi - lo) / 2;
        if (count_le(lx, nx, ly, ny, from_key(mid)) >= k)
            hi = mid;
        else
            lo = mid + 1;
    }
    return from_key(lo) + 0.0; /* + 0.0 turns -0 into 0 */
}

/* Sorted logarithms, or NULL when a value is not positive. */
static double *sorted_logs(const double *v, size_t n)
{
    double *l = br_xmalloc(n * sizeof *l);
    for (size_t i = 0; i < n; i++) {
        if (!(v[i] > 0) || isinf(v[i])) {
            free(l);
            return NULL;
        }
        l[i] = log(v[i]);
    }
    qsort(l, n, sizeof *l, br_stats_cmp_double);
    return l;
}

int br_mw_ratio_ci(const double *x, size_t nx, const double *y, size_t ny, double alpha,
                   double ci[2])
{
    BR_ASSERT(alpha > 0 && alpha < 1);
    struct ranked r;
    rank_samples(x, nx, y, ny, &r);
    double *lx = sorted_logs(x, nx), *ly = sorted_logs(y, ny);
    int rc = -1;
    ci[0] = ci[1] = NAN;
    if (lx && ly) {
        size_t c = use_exact(&r) ? exact_crit(&r, alpha) : normal_crit(&r, alpha);
        rc = c == 0;
        if (c == 0) c = 1; /* the level is out of reach: the widest interval there is */
        ci[0] = exp(kth_difference(lx, nx, ly, ny, c));
        ci[1] = exp(kth_difference(lx, nx, ly, ny, nx * ny + 1 - c));
    }
    free(lx);
    free(ly);
    return rc;
}
