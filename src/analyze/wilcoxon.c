/* wilcoxon.c - signed-rank test and Hodges-Lehmann interval (see wilcoxon.h). */
#include "analyze/wilcoxon.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analyze/mannwhitney.h"
#include "base/error.h"
#include "model/stats.h"

/* Up to this many differences the exact distribution is used, as scipy's method='auto'. */
#define EXACT_MAX 50

/* The null distribution of T+ for n differences: counts[k] of the 2^n sign patterns whose
 * positive ranks sum to k, k = 0 .. n(n+1)/2, divided by 2^n (scipy's _get_wilcoxon_distr).
 * Counts stay below 2^50, exact in doubles. */
static double *pmf(size_t n, size_t *len)
{
    size_t m = n * (n + 1) / 2;
    double *c = br_xcalloc(m + 1, sizeof *c);
    c[0] = 1;
    for (size_t r = 1; r <= n; r++)
        for (size_t k = r * (r + 1) / 2; k >= r; k--) c[k] += c[k - r];
    for (size_t k = 0; k <= m; k++) c[k] = ldexp(c[k], -(int)n);
    *len = m + 1;
    return c;
}

double br_wilcoxon_cdf(size_t n, double k)
{
    BR_ASSERT(n <= EXACT_MAX);
    size_t len;
    double *p = pmf(n, &len), sum = 0;
    for (size_t i = 0; i < len && (double)i <= k; i++) sum += p[i];
    free(p);
    return sum;
}

/* Average ranks (1-based) of |d| into rank[], as scipy's rankdata; returns the tie term
 * sum over tie groups of t (t^2 - 1), for the variance. */
static double abs_ranks(const double *d, size_t n, double *rank)
{
    size_t *idx = br_xmalloc((n ? n : 1) * sizeof *idx);
    double *a = br_xmalloc((n ? n : 1) * sizeof *a), ties = 0;
    for (size_t i = 0; i < n; i++) a[i] = fabs(d[i]);
    for (size_t i = 0; i < n; i++) idx[i] = i;
    /* insertion sort of indices by |d|: n is the number of pairs, hundreds at most */
    for (size_t i = 1; i < n; i++)
        for (size_t j = i; j > 0 && a[idx[j - 1]] > a[idx[j]]; j--) {
            size_t t = idx[j];
            idx[j] = idx[j - 1];
            idx[j - 1] = t;
        }
    for (size_t i = 0, e; i < n; i = e) {
        for (e = i + 1; e < n && a[idx[e]] == a[idx[i]];) e++;
        double t = (double)(e - i);
        for (size_t k = i; k < e; k++) rank[idx[k]] = (double)(i + e + 1) / 2;
        ties += t * (t * t - 1);
    }
    free(idx);
    free(a);
    return ties;
}

/* scipy's exact two-sided p from T+ (an integer: scipy truncates a tied, half-integer sum). */
static double exact_p(size_t n, double r_plus)
{
    size_t len, k = (size_t)r_plus;
    double *p = pmf(n, &len), less = 0, greater = 0;
    if (k == (len - 1) / 2) {
        free(p);
        return 1;
    }
    for (size_t i = 0; i <= k; i++) less += p[i];
    for (size_t i = k; i < len; i++) greater += p[i];
    free(p);
    double two = 2 * (less < greater ? less : greater);
    return two > 1 ? 1 : two;
}

void br_wilcoxon_test(const double *d, size_t n, struct br_wilcoxon *out)
{
    size_t zeros = 0, m = 0;
    for (size_t i = 0; i < n; i++) {
        BR_ASSERT(!isnan(d[i]));
        zeros += d[i] == 0;
    }
    out->exact = n <= EXACT_MAX && zeros == 0;
    /* zero_method='wilcox': the approximation drops the zero differences */
    double *x = br_xmalloc((n ? n : 1) * sizeof *x), *rank = br_xmalloc((n ? n : 1) * sizeof *x);
    for (size_t i = 0; i < n; i++)
        if (d[i] != 0 || out->exact) x[m++] = d[i];
    out->n_used = m;
    double ties = abs_ranks(x, m, rank), r_plus = 0, r_minus = 0;
    for (size_t i = 0; i < m; i++) {
        if (x[i] > 0) r_plus += rank[i];
        if (x[i] < 0) r_minus += rank[i];
    }
    out->t = r_plus < r_minus ? r_plus : r_minus;
    if (m == 0) {
        out->p = 1; /* nothing but zeros: no evidence of any difference (scipy refuses) */
    } else if (out->exact) {
        out->p = exact_p(m, r_plus);
    } else {
        double mn = (double)m * (double)(m + 1) * 0.25;
        double se = (double)m * (double)(m + 1) * (double)(2 * m + 1) - 0.5 * ties;
        se = sqrt(se / 24);
        out->p = se > 0 ? 2 * br_normal_sf(fabs((out->t - mn) / se)) : 1;
        if (out->p > 1) out->p = 1;
    }
    free(x);
    free(rank);
}

/* The largest count c >= 1 with P(T+ <= c - 1) <= alpha / 2: the Walsh averages W_(c) and
 * W_(M + 1 - c) bound the interval (Hollander, Wolfe & Chicken 3.2, C_alpha).  0 when even
 * c = 1 does not reach the confidence. */
static size_t critical_count(size_t n, double alpha)
{
    if (n <= EXACT_MAX) {
        size_t len, c = 0;
        double *p = pmf(n, &len), cum = 0;
        while (c < len && cum + p[c] <= alpha / 2) cum += p[c++];
        free(p);
        return c; /* P(T+ <= c - 1) = cum <= alpha / 2 */
    }
    /* normal approximation (Hollander, Wolfe & Chicken eq. 3.27), by the z of alpha / 2 */
    double lo = 0, hi = 40, z;
    while (hi - lo > 1e-12) {
        z = (lo + hi) / 2;
        if (br_normal_sf(z) > alpha / 2)
            lo = z;
        else
            hi = z;
    }
    z = hi;
    double nn = (double)n;
    double c = nn * (nn + 1) / 4 - z * sqrt(nn * (nn + 1) * (2 * nn + 1) / 24);
    return c < 1 ? 0 : (size_t)floor(c);
}

int br_hodges_lehmann(const double *d, size_t n, double alpha, double *estimate, double ci[2])
{
    BR_ASSERT(n >= 1 && alpha > 0 && alpha < 1);
    size_t m = n * (n + 1) / 2, k = 0;
    double *w = br_xmalloc(m * sizeof *w);
    for (size_t i = 0; i < n; i++)
        for (size_t j = i; j < n; j++) w[k++] = (d[i] + d[j]) / 2;
    qsort(w, m, sizeof *w, br_stats_cmp_double);
    *estimate = br_stats_quantile_sorted(w, m, 0.5);
    size_t c = critical_count(n, alpha);
    int widest = c == 0;
    if (widest) c = 1;
    ci[0] = w[c - 1];
    ci[1] = w[m - c];
    free(w);
    return widest;
}
