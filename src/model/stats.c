/* stats.c - descriptive statistics as pure functions. */
#include "model/stats.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/error.h"

int br_stats_cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    if (isnan(x)) return isnan(y) ? 0 : 1;
    if (isnan(y)) return -1;
    return (x > y) - (x < y);
}

/* Samples near DBL_MAX (absurd, but a file may hold 1e308 ns) overflow the sum of n of them,
 * and from about 1.3e154 the squares of their deviations.  Then the sums are taken again over
 * x * 2^-k, which holds the largest below 1, and the result is scaled back by 2^k: a power of
 * two changes only the exponent, so the scaled arithmetic rounds as the plain one would (only
 * values 2^-1074 below the largest, nothing against it, are lost to underflow). */
static int overflow_exponent(const double *x, size_t n)
{
    double max = 0;
    for (size_t i = 0; i < n; i++)
        if (isfinite(x[i]) && fabs(x[i]) > max) max = fabs(x[i]);
    return max > 0 ? ilogb(max) + 1 : 0;
}

static double scaled_mean(const double *x, size_t n, double scale)
{
    double sum = 0;
    for (size_t i = 0; i < n; i++) sum += x[i] * scale;
    return sum / (double)n;
}

/* Two passes (mean first, then squared deviations) rather than the one-pass sum of squares,
 * which cancels catastrophically when the spread is small against the mean - exactly the case
 * of benchmark samples (Chan, Golub & LeVeque 1983).  The second-pass correction term makes it
 * the "corrected two-pass algorithm" of that paper. */
static double scaled_variance(const double *x, size_t n, double scale)
{
    double mean = scaled_mean(x, n, scale);
    double ss = 0, comp = 0;
    for (size_t i = 0; i < n; i++) {
        double d = x[i] * scale - mean;
        ss += d * d;
        comp += d;
    }
    return (ss - comp * comp / (double)n) / (double)(n - 1);
}

double br_stats_mean(const double *x, size_t n)
{
    BR_ASSERT(n > 0);
    double m = scaled_mean(x, n, 1);
    if (isfinite(m)) return m;
    int k = overflow_exponent(x, n);
    return ldexp(scaled_mean(x, n, ldexp(1, -k)), k);
}

double br_stats_variance(const double *x, size_t n)
{
    return n < 2 ? 0.0 : scaled_variance(x, n, 1);
}

double br_stats_stddev(const double *x, size_t n)
{
    if (n < 2) return 0.0;
    double v = scaled_variance(x, n, 1);
    if (isfinite(v)) return sqrt(v);
    int k = overflow_exponent(x, n);
    return ldexp(sqrt(scaled_variance(x, n, ldexp(1, -k))), k);
}

double br_stats_quantile_sorted(const double *s, size_t n, double p)
{
    BR_ASSERT(n > 0 && p >= 0 && p <= 1);
    double h = (double)(n - 1) * p;
    size_t lo = (size_t)floor(h);
    if (lo + 1 >= n) return s[n - 1];
    return s[lo] + (h - (double)lo) * (s[lo + 1] - s[lo]);
}

void br_stats_summarize(const double *x, size_t n, struct br_summary *out)
{
    BR_ASSERT(n > 0);
    double *s = br_xmalloc(n * sizeof *s);
    memcpy(s, x, n * sizeof *s);
    qsort(s, n, sizeof *s, br_stats_cmp_double);
    out->n = n;
    out->min = s[0];
    out->max = s[n - 1];
    out->q1 = br_stats_quantile_sorted(s, n, 0.25);
    out->median = br_stats_quantile_sorted(s, n, 0.5);
    out->q3 = br_stats_quantile_sorted(s, n, 0.75);
    out->mean = br_stats_mean(s, n);
    out->stddev = br_stats_stddev(s, n);
    out->cv = out->mean != 0 ? out->stddev / out->mean : 0;
    /* Tukey (1977): fences at 1.5 IQR beyond the quartiles. */
    double iqr = out->q3 - out->q1;
    double lo = out->q1 - 1.5 * iqr, hi = out->q3 + 1.5 * iqr;
    out->outliers = 0;
    for (size_t i = 0; i < n; i++)
        if (s[i] < lo || s[i] > hi) out->outliers++;
    free(s);
}

double br_stats_geomean(const double *x, size_t n)
{
    BR_ASSERT(n > 0);
    double logsum = 0;
    for (size_t i = 0; i < n; i++) {
        if (!(x[i] > 0)) return NAN;
        logsum += log(x[i]);
    }
    return exp(logsum / (double)n);
}
