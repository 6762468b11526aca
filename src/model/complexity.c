/* complexity.c - Google Benchmark's complexity fit (see complexity.h). */
#include "model/complexity.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/error.h"

const char *br_bigo_name(enum br_bigo b)
{
    static const char *const names[BR_NBIGO] = {"(1)", "lgN", "N", "NlgN", "N^2", "N^3"};
    BR_ASSERT((unsigned)b < BR_NBIGO);
    return names[b];
}

double br_bigo_curve(enum br_bigo b, double n)
{
    /* GB computes lg as log(n) * log2(e) ("Android's GNU STL lacks log2"); the same here, so
     * the coefficients agree to the last bits. */
    static const double log2e = 1.44269504088896340736;
    switch (b) {
    case BR_OLOGN: return log2e * log(n);
    case BR_ON: return n;
    case BR_ONLOGN: return log2e * n * log(n);
    case BR_ON2: return pow(n, 2);
    case BR_ON3: return pow(n, 3);
    default: return 1.0;
    }
}

void br_bigo_fit_one(enum br_bigo b, const double *n, const double *t, size_t m,
                     struct br_bigo_fit *out)
{
    double gg = 0, tsum = 0, tg = 0, sq = 0;
    for (size_t i = 0; i < m; i++) {
        double g = br_bigo_curve(b, n[i]);
        gg += g * g;
        tsum += t[i];
        tg += t[i] * g;
    }
    out->bigo = b;
    out->coef = tg / gg;
    for (size_t i = 0; i < m; i++) {
        double d = t[i] - out->coef * br_bigo_curve(b, n[i]);
        sq += d * d;
    }
    out->rms = sqrt(sq / (double)m) / (tsum / (double)m);
}

void br_bigo_fit(const double *n, const double *t, size_t m, struct br_bigo_fit *out)
{
    br_bigo_fit_one(BR_O1, n, t, m, out);
    for (int b = BR_OLOGN; b < BR_NBIGO; b++) {
        struct br_bigo_fit f;
        br_bigo_fit_one((enum br_bigo)b, n, t, m, &f);
        if (f.rms < out->rms) *out = f; /* strictly better, as GB: ties keep the simpler */
    }
}

static size_t family_len(const char *name) { return strcspn(name, "/"); }

/* The family starting at row `first`: one point per member, (its complexity_n, its median),
 * and the fit when they have two sizes or more.  1 when fitted.
 *
 * Why the median and not every sample, as GB feeds every repetition: a GB repetition is a whole
 * run (0.5 s by default) whose mean already averages its noise, where our samples are short
 * batches, and a least-squares fit through every one of them follows the largest: one 15 ms
 * sample among zstd decompression's microseconds made the class NlgN and the RMS 313 %
 * (issue 29), where the members' medians fit N with 2-3 % as GB's own fit does.  The median is
 * also the time every writer reports for the row, so the fit describes the numbers shown, and
 * each size weighs the same however many samples it has.  The fit itself and its RMS are GB's. */
static int fit_family(const struct br_results *r, size_t first, struct br_complexity *c)
{
    const char *base = r->rows[first].name;
    size_t len = family_len(base), cap = 0;
    double *n = NULL, *t = NULL;
    int sizes = 0;
    memset(c, 0, sizeof *c);
    for (size_t i = first; i < r->nrows; i++) {
        const struct br_row *row = &r->rows[i];
        const struct br_metric *m = br_row_metric(row, "complexity_n");
        if (!m || family_len(row->name) != len || strncmp(row->name, base, len) != 0) continue;
        BR_GROW(n, cap, c->nrows + 1);
        t = br_xrealloc(t, cap * sizeof *t);
        n[c->nrows] = m->value;
        t[c->nrows] = row->summary.median;
        sizes |= m->value != n[0];
        c->last = i;
        c->nrows++;
    }
    if (sizes) {
        c->family = br_xstrdup(base);
        c->family[len] = '\0';
        c->first = first;
        br_bigo_fit(n, t, c->nrows, &c->fit);
    }
    free(n);
    free(t);
    return sizes;
}

size_t br_complexities(const struct br_results *r, struct br_complexity **out)
{
    struct br_complexity *c = NULL;
    size_t n = 0, cap = 0;
    for (size_t i = 0; i < r->nrows; i++) {
        const char *name = r->rows[i].name;
        int seen = 0;
        if (!br_row_metric(&r->rows[i], "complexity_n")) continue;
        for (size_t k = 0; k < i && !seen; k++) /* a family is fitted at its first member */
            seen = br_row_metric(&r->rows[k], "complexity_n") &&
                   family_len(r->rows[k].name) == family_len(name) &&
                   strncmp(r->rows[k].name, name, family_len(name)) == 0;
        if (seen) continue;
        BR_GROW(c, cap, n + 1);
        n += (size_t)fit_family(r, i, &c[n]);
    }
    if (!n) {
        free(c);
        c = NULL;
    }
    *out = c;
    return n;
}

void br_complexities_release(struct br_complexity *c, size_t n)
{
    for (size_t i = 0; i < n; i++) free(c[i].family);
    free(c);
}
