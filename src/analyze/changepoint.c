/* changepoint.c - E-divisive candidates and Student t-tests (the method is in changepoint.h).
 *
 * References:
 *   [MJ]  D. S. Matteson, N. A. James, "A Nonparametric Approach for Multiple Change Point
 *         Analysis of Multivariate Data", J. Amer. Statist. Assoc. 109 (2014) 334-345
 *         (arXiv:1306.4933): qhat, the divisive search, the permutation test and its p-value
 *         the R package `ecp` (e.divisive: min.size).
 *   [OT]  Apache Otava (ex-Hunter), otava/change_point_divisive/: calculator.py (qhat for all
 *         (tau, kappa) of a segment, candidate = argmax), detector.py (split until a candidate is
 *         not significant); analysis.py TTestSignificanceTester, split (first pass at 10 alpha)
 *         and merge (drop the weakest until all have p <= alpha): compute_change_points.
 *   [FL]  M. Fleming et al., "Hunter: Using Change Point Detection to Hunt for Performance
 *         Regressions", ICPE 2023: why the t-test and the split/merge passes.
 *   [NR]  Press et al., Numerical Recipes in C, 2nd ed., 6.4: the incomplete beta function by
 *         its continued fraction (modified Lentz), which gives Student's t distribution.
 *   [DA]  D. Daly et al., "The Use of Change Point Detection to Identify Software Performance
 *         Regressions in a Continuous Integration System", ICPE 2020 (MongoDB's use).
 */
#include "analyze/changepoint.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "model/stats.h"

void br_cp_opts_default(struct br_cp_opts *o)
{
    /* Otava's max_pvalue: the split step tests at 10 alpha and many candidates are looked at,
     * so the level must be low for a report of hundreds of benchmarks to stay quiet on flat
     * ones (docs/reports.md measures it).  Three runs a side: a single slow run, or two, is
     * the host's noise far more often than a commit's doing. */
    o->alpha = 0.001;
    o->min_size = 3;
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
static int segment_best(const double *P, size_t n, size_t s, size_t e, size_t min_size,
                        const unsigned char *skip, size_t *tau, double *q)
{
    int found = 0;
    double wx = 0; /* within X = [s, t) */
    for (size_t t = s + 1; t + min_size <= e; t++) {
        wx += to_run(P, n, t - 1, s, t - 1);
        if (t - s < min_size || (skip && skip[t])) continue;
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
                       const unsigned char *skip, size_t *tau, double *q)
{
    int found = 0;
    for (size_t c = 0; c + 1 < ncuts; c++) {
        size_t t;
        double v;
        if (segment_best(P, n, cuts[c], cuts[c + 1], min_size, skip, &t, &v) && (!found || v > *q))
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
    int found = series_best(P, n, cuts, 2, min_size, NULL, tau, qhat);
    free(P);
    return found;
}

/* ---- Student's t ------------------------------------------------------------------------ */

/* The continued fraction of I_x(a, b) ([NR] betacf), converging fast for x < (a+1)/(a+b+2). */
static double beta_cf(double a, double b, double x)
{
    const double tiny = 1e-300;
    double c = 1, d = 1 - (a + b) * x / (a + 1), h;
    d = fabs(d) < tiny ? tiny : d;
    d = 1 / d;
    h = d;
    for (int m = 1; m <= 300; m++) {
        for (int odd = 0; odd < 2; odd++) {
            double aa = odd ? -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))
                            : m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m));
            d = 1 + aa * d;
            d = fabs(d) < tiny ? tiny : d;
            c = 1 + aa / c;
            c = fabs(c) < tiny ? tiny : c;
            d = 1 / d;
            h *= d * c;
            if (odd && fabs(d * c - 1) < 1e-15) return h;
        }
    }
    return h;
}

/* The regularized incomplete beta function I_x(a, b). */
static double inc_beta(double a, double b, double x)
{
    if (x <= 0) return 0;
    if (x >= 1) return 1;
    double front = exp(lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) + b * log1p(-x));
    if (x < (a + 1) / (a + b + 2)) return front * beta_cf(a, b, x) / a;
    return 1 - front * beta_cf(b, a, 1 - x) / b;
}

double br_cp_student_p(double t, double df)
{
    if (isnan(t)) return 1;
    if (isinf(t)) return 0;
    return inc_beta(df / 2, 0.5, df / (df + t * t)); /* P(|T| >= |t|) */
}

/* The mean of x[a..b). */
static double mean_of(const double *x, size_t a, size_t b) { return br_stats_mean(x + a, b - a); }

/* The sum of squared deviations of x[a..b), floored by (b - a - 1) mean(var[a..b)). */
static double squares(const double *x, const double *var, size_t a, size_t b, double mean)
{
    double ss = 0, floor = 0;
    for (size_t i = a; i < b; i++) ss += (x[i] - mean) * (x[i] - mean);
    if (var && b - a > 1) {
        for (size_t i = a; i < b; i++) floor += var[i];
        floor *= (double)(b - a - 1) / (double)(b - a);
    }
    return ss > floor ? ss : floor;
}

double br_cp_ttest(const double *x, const double *var, size_t a, size_t b, size_t c)
{
    BR_ASSERT(a < b && b < c);
    double n1 = (double)(b - a), n2 = (double)(c - b), df = n1 + n2 - 2;
    if (df < 1) return 1;
    double m1 = mean_of(x, a, b), m2 = mean_of(x, b, c);
    double sp2 = (squares(x, var, a, b, m1) + squares(x, var, b, c, m2)) / df;
    if (sp2 <= 0) return m1 == m2 ? 1 : 0;
    return br_cp_student_p((m2 - m1) / sqrt(sp2 * (1 / n1 + 1 / n2)), df);
}

/* ---- where a step begins ------------------------------------------------------------------ */

/* The median of x[a..b), sorted in buf (no allocation: it runs for every candidate). */
static double median_range(const double *x, size_t a, size_t b, double *buf)
{
    size_t n = b - a;
    memcpy(buf, x + a, n * sizeof *buf);
    qsort(buf, n, sizeof *buf, br_stats_cmp_double);
    return br_stats_quantile_sorted(buf, n, 0.5);
}

/* Does a step at b between x[a..b) and x[b..c) begin where a person sees it?
 * - The run at b lies nearer the new level than the old and the run at b - 1 nearer the old,
 *   and of the min_size runs on either side of b most lie on their side (levels: the medians
 *   of those runs, so a long old segment does not hide what happens next to b).  A split at
 *   the run before two slow ones fails the first rule; one slow run among normal ones the
 *   second.
 * - The segments' medians differ the same way as their means, by at least half as much: a
 *   step the t-test sees only in the means is one outlier's doing.
 * - For a step in the last runs (`tail`), whose segment is not split further: the levels next
 *   to b are those of their segments, each nearer its own segment's median than the other
 *   level is (else the step began earlier and the tail is its end). */
static int step_is_clean(const double *x, size_t a, size_t b, size_t c, size_t min_size, int tail,
                         double *buf)
{
    size_t la = b - a > min_size ? b - min_size : a, rc = c - b > min_size ? b + min_size : c;
    double before = median_range(x, la, b, buf), after = median_range(x, b, rc, buf);
    size_t left = 0, right = 0;
    for (size_t i = la; i < b; i++) left += fabs(x[i] - before) < fabs(x[i] - after);
    for (size_t i = b; i < rc; i++) right += fabs(x[i] - after) < fabs(x[i] - before);
    if (!(fabs(x[b] - after) < fabs(x[b] - before) &&
          fabs(x[b - 1] - before) < fabs(x[b - 1] - after) && 2 * left > b - la &&
          2 * right > rc - b))
        return 0;
    double med_left = median_range(x, a, b, buf), med_right = median_range(x, b, c, buf);
    double dmed = med_right - med_left, dmean = mean_of(x, b, c) - mean_of(x, a, b);
    return dmed * dmean > 0 && fabs(dmed) >= 0.5 * fabs(dmean) &&
           (!tail || (fabs(before - med_left) < fabs(before - after) &&
                      fabs(after - med_right) < fabs(before - after)));
}

/* ---- split and merge -------------------------------------------------------------------- */

struct cp_work {
    const double *x, *var;
    size_t n;
    const struct br_cp_opts *o;
    double *P, *buf;
    unsigned char *skip; /* candidates whose step is not clean */
    size_t *cuts, ncuts; /* 0, the change points, n */
};

/* Inserts `v` into the sorted array a[0..*n). */
static void insert_sorted(size_t *a, size_t *n, size_t v)
{
    size_t i = *n;
    for (; i > 0 && a[i - 1] > v; i--) a[i] = a[i - 1];
    a[i] = v;
    ++*n;
}

/* The segment of the cuts that holds tau: cuts[*c] < tau < cuts[*c + 1]. */
static void segment_of(const struct cp_work *w, size_t tau, size_t *s, size_t *e)
{
    size_t c = 0;
    while (w->cuts[c + 1] <= tau) c++;
    *s = w->cuts[c];
    *e = w->cuts[c + 1];
}

/* [OT] split: the best candidate of every segment is kept while its t-test, within the segment
 * it splits, gives p <= level; a candidate whose step is not clean is set aside and the next
 * best looked at (the set-aside ones again once a new cut changes their segments).  Each look
 * costs O(n^2): MAX_SET_ASIDE bounds them where nothing is clean, as on a slow ramp. */
#define MAX_SET_ASIDE 64

static void split(struct cp_work *w, double level)
{
    size_t tau, s, e, set_aside = 0;
    double q;
    while (series_best(w->P, w->n, w->cuts, w->ncuts, w->o->min_size, w->skip, &tau, &q)) {
        segment_of(w, tau, &s, &e);
        if (!step_is_clean(w->x, s, tau, e, w->o->min_size, 0, w->buf)) {
            if (++set_aside > MAX_SET_ASIDE) return;
            w->skip[tau] = 1;
            continue;
        }
        if (br_cp_ttest(w->x, w->var, s, tau, e) > level) return;
        insert_sorted(w->cuts, &w->ncuts, tau);
        memset(w->skip, 0, w->n + 1);
    }
}

/* [OT] merge: the change point with the largest p against its neighbouring segments goes while
 * that p exceeds alpha (Otava's min_magnitude 0: no other rule). */
static void merge(struct cp_work *w)
{
    while (w->ncuts > 2) {
        size_t worst = 0;
        double pmax = -1;
        for (size_t c = 1; c + 1 < w->ncuts; c++) {
            double p = br_cp_ttest(w->x, w->var, w->cuts[c - 1], w->cuts[c], w->cuts[c + 1]);
            if (p > pmax) pmax = p, worst = c;
        }
        if (pmax <= w->o->alpha) return;
        memmove(w->cuts + worst, w->cuts + worst + 1, (w->ncuts - worst - 1) * sizeof *w->cuts);
        w->ncuts--;
    }
}

/* A step in the last min_size - 1 runs, too few to be a change point: the longest tail whose
 * step from the last segment is clean and significant at `level` (the split step's: it is a
 * weak change point, one that more runs may confirm).  1 and *out, or 0. */
static int pending(const struct cp_work *w, double level, struct br_changepoint *out)
{
    size_t s = w->cuts[w->ncuts - 2], n = w->n, min = w->o->min_size;
    for (size_t k = min - 1; k >= 1; k--) {
        if (n < s + min + k) continue;
        size_t b = n - k;
        double p = br_cp_ttest(w->x, w->var, s, b, n);
        if (step_is_clean(w->x, s, b, n, min, 1, w->buf) && p <= level) {
            *out = (struct br_changepoint){b, 0, p, min - k};
            return 1;
        }
    }
    return 0;
}

size_t br_changepoints(const double *x, const double *var, size_t n, const struct br_cp_opts *o,
                       struct br_changepoint *out, size_t cap)
{
    BR_ASSERT(o->min_size >= 2);
    for (size_t i = 0; i < n; i++) BR_ASSERT(!isnan(x[i]) && (!var || var[i] >= 0));
    struct cp_work w = {x,
                        var,
                        n,
                        o,
                        br_xmalloc((n * (n + 1) + 1) * sizeof(double)),
                        br_xmalloc((n + 1) * sizeof(double)),
                        br_xcalloc(n + 1, 1),
                        br_xmalloc((n + 2) * sizeof(size_t)),
                        2};
    w.cuts[0] = 0;
    w.cuts[1] = n;
    prefix_sums(x, n, w.P);
    /* Otava's first pass: 10 alpha below 0.05 (analysis.py compute_change_points). */
    double weak = o->alpha < 0.05 ? 10 * o->alpha : o->alpha < 0.5 ? 2 * o->alpha : o->alpha;
    struct br_changepoint tail;
    /* The runs of a pending step stay out of the last segment while the others are weighed:
     * two runs at twice the level would otherwise swamp its variance.  A tail seen against the
     * whole history is set aside before the search; else one seen against the last segment
     * found, before the merge. */
    int has_tail = n && pending(&w, weak, &tail);
    if (has_tail) w.cuts[1] = tail.index;
    split(&w, weak);
    if (!has_tail && (has_tail = pending(&w, weak, &tail)) != 0) w.cuts[w.ncuts - 1] = tail.index;
    merge(&w);
    /* Still a step from the last segment as the merge left it, at the level of a change point?
     * The weak level only kept its runs out of the search: one run at the end that strays
     * (p 0.001-0.01) is what a flat history of 10 runs shows in 1-4 of 100 benchmarks, and a
     * nightly --fail-on change would fail on most nights. */
    if (has_tail) {
        tail.p = br_cp_ttest(x, var, w.cuts[w.ncuts - 2], tail.index, n);
        has_tail = step_is_clean(x, w.cuts[w.ncuts - 2], tail.index, n, o->min_size, 1, w.buf) &&
                   tail.p <= o->alpha;
    }
    w.cuts[w.ncuts - 1] = has_tail ? tail.index : n;
    size_t k = 0;
    for (size_t c = 1; c + 1 < w.ncuts && k < cap; c++, k++) {
        size_t tau = w.cuts[c];
        out[k] = (struct br_changepoint){
            tau, br_cp_qhat(x + w.cuts[c - 1], tau - w.cuts[c - 1], w.cuts[c + 1] - w.cuts[c - 1]),
            br_cp_ttest(x, var, w.cuts[c - 1], tau, w.cuts[c + 1]), 0};
    }
    if (has_tail && k < cap) out[k++] = tail;
    free(w.P);
    free(w.buf);
    free(w.skip);
    free(w.cuts);
    return k;
}
