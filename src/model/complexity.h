/* complexity.h - asymptotic complexity of a family, fitted as Google Benchmark fits it.
 *
 * A block whose instances declare their problem size (bench->complexity_n, the row metric
 * "complexity_n") is a family to fit: one point (n_i, t_i) per instance, its size and its median
 * time, where GB feeds every repetition of every instance to ComputeBigO (complexity.cc,
 * 1.7.1): our samples are short batches, and one outlier among them would carry the fit
 * (complexity.c says more).  For each
 * curve g of O(1), O(lgN), O(N), O(NlgN), O(N^2), O(N^3) the one-parameter least-squares fit
 * through the origin, coef = sum(t g) / sum(g^2), and its RMS normalised by the mean time,
 * sqrt(sum((t - coef g)^2) / n) / mean(t); the curve of least RMS wins, O(1) on ties, tried in
 * GB's order.  lg is log base 2.  Writers report the fit as GB does: the class ("NlgN"), the
 * coefficient (ns per unit of g) and the RMS (a fraction; GB prints it as a percentage).
 */
#ifndef BR_COMPLEXITY_H
#define BR_COMPLEXITY_H

#include <stddef.h>

#include "model/results.h"

enum br_bigo { BR_O1, BR_OLOGN, BR_ON, BR_ONLOGN, BR_ON2, BR_ON3, BR_NBIGO };

struct br_bigo_fit {
    enum br_bigo bigo;
    double coef; /* ns per unit of the curve */
    double rms;  /* normalised: a fraction of the mean time */
};

/* GB's names: "(1)", "lgN", "N", "NlgN", "N^2", "N^3". */
const char *br_bigo_name(enum br_bigo b);
/* The curve at n: 1, lg n, n, n lg n, n^2, n^3. */
double br_bigo_curve(enum br_bigo b, double n);
/* The fit of curve b to m points (n[i], t[i]), m >= 1. */
void br_bigo_fit_one(enum br_bigo b, const double *n, const double *t, size_t m,
                     struct br_bigo_fit *out);
/* The best of all curves (GB's oAuto), m >= 1. */
void br_bigo_fit(const double *n, const double *t, size_t m, struct br_bigo_fit *out);

/* The fitted family of a results: the rows named `family` or `family/...` that have a
 * complexity_n, with at least two different sizes among them. */
struct br_complexity {
    char *family;       /* the block's name: the row names up to their first '/' */
    size_t first, last; /* row indices of its first and last member */
    size_t nrows;       /* members */
    struct br_bigo_fit fit;
};

/* The fitted families of `r`, in the order of their first row.  Returns how many; *out is
 * NULL when none.  Free with br_complexities_release. */
size_t br_complexities(const struct br_results *r, struct br_complexity **out);
void br_complexities_release(struct br_complexity *c, size_t n);

#endif
