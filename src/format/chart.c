/* chart.c - chart geometry (chart.h): scales, nice ticks, kernel densities, jitter, units. */
#include "format/chart.h"

#include <float.h>
#include <math.h>

void br_scale_init(struct br_scale *s, double d0, double d1, double r0, double r1, int log)
{
    *s = (struct br_scale){d0, d1, r0, r1, log};
    if (log) {
        s->d0 = log10(d0);
        s->d1 = log10(d1);
    }
}

double br_scale_map(const struct br_scale *s, double v)
{
    double d = s->log ? log10(v) : v;
    if (s->d1 == s->d0) return (s->r0 + s->r1) / 2;
    return s->r0 + (d - s->d0) / (s->d1 - s->d0) * (s->r1 - s->r0);
}

/* Heckbert's nicenum: the 1, 2, 5 (or 10) x 10^k nearest to x (round) or not below it. */
static double nicenum(double x, int round)
{
    double e = floor(log10(x)), f = x / pow(10, e), nf;
    if (round)
        nf = f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10;
    else
        nf = f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10;
    return nf * pow(10, e);
}

size_t br_nice_ticks(double *lo, double *hi, int target, double *ticks, size_t cap)
{
    if (*hi < *lo) {
        double t = *lo;
        *lo = *hi;
        *hi = t;
    }
    if (*hi == *lo) { /* one value: a range around it, or [0, 1] around 0 */
        double pad = *lo != 0 ? fabs(*lo) * 0.05 : 0.5;
        *lo = fmax(*lo - pad, -DBL_MAX);
        *hi = fmin(*hi + pad, DBL_MAX);
    }
    /* Near DBL_MAX (a file's 1e308 ns) a nice number or a rounded end can overflow: the data's
     * own range and ends then, so that every tick and coordinate stays finite. */
    double range = nicenum(*hi - *lo, 0);
    if (!isfinite(range)) range = *hi - *lo;
    double step = nicenum(range / (target > 1 ? target - 1 : 1), 1);
    double lo_nice = floor(*lo / step) * step, hi_nice = ceil(*hi / step) * step;
    if (isfinite(lo_nice)) *lo = lo_nice;
    if (isfinite(hi_nice)) *hi = hi_nice;
    size_t n = 0;
    /* Ticks from integers times the step: adding the step repeatedly would drift (0.30000004). */
    for (double k = round(*lo / step); n < cap && isfinite(k * step) && k * step <= *hi + step / 2;
         k++)
        ticks[n++] = k * step == 0 ? 0 : k * step; /* no "-0" label */
    return n;
}

size_t br_log_ticks(double lo, double hi, double *ticks, size_t cap)
{
    static const double mult_sparse[] = {1}, mult_dense[] = {1, 2, 5};
    int e0 = (int)floor(log10(lo)), e1 = (int)ceil(log10(hi));
    size_t n = 0;
    for (int pass = 0; pass < 2 && n < 3; pass++) {
        const double *mult = pass ? mult_dense : mult_sparse;
        size_t nm = pass ? 3 : 1;
        n = 0;
        for (int e = e0; e <= e1; e++)
            for (size_t k = 0; k < nm; k++) {
                double v = mult[k] * pow(10, e); /* inf past 1e308: no tick */
                if (isfinite(v) && v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9) && n < cap)
                    ticks[n++] = v;
            }
    }
    if (n < 2 && cap >= 2) { /* a narrow range: its ends */
        n = 0;
        ticks[n++] = lo;
        if (hi != lo) ticks[n++] = hi;
    }
    return n;
}

void br_kde(const double *x, size_t n, double h, const double *grid, size_t m, double *dens)
{
    const double norm = 1 / (n * h * sqrt(2 * M_PI));
    for (size_t g = 0; g < m; g++) {
        double sum = 0;
        for (size_t i = 0; i < n; i++) {
            double u = (grid[g] - x[i]) / h;
            /* Beyond 8 bandwidths a kernel adds less than 1e-14 of its peak. */
            if (u > -8 && u < 8) sum += exp(-0.5 * u * u);
        }
        dens[g] = sum * norm;
    }
}

double br_kde_bandwidth(double sd, double q1, double q3, double median, size_t n)
{
    double spread = sd, iqr = (q3 - q1) / 1.34;
    if (iqr > 0 && (iqr < spread || !(spread > 0))) spread = iqr;
    if (spread > 0) return 0.9 * spread * pow((double)n, -0.2);
    return median != 0 ? fabs(median) / 10 : 1;
}

double br_jitter(size_t i)
{
    /* Fractional parts of i / phi: the most evenly spread additive sequence (Weyl). */
    const double inv_phi = 0.6180339887498949;
    double f = fmod((double)i * inv_phi, 1.0);
    return f - 0.5;
}

struct br_time_unit br_time_unit_for(double max_ns)
{
    static const struct br_time_unit units[] = {{"s", 1e9}, {"ms", 1e6}, {"us", 1e3}};
    for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
        if (max_ns >= units[i].ns) return units[i];
    return (struct br_time_unit){"ns", 1};
}
