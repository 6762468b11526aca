/* family.h - parameter families: the benchmarks `base/arg` of one BENCH_ARGS block.
 *
 * A family is every row named BASE/ARG with the same BASE (up to the last '/') and an ARG
 * that is a number, when there are at least two; its members are sorted by argument.  Charts
 * draw time against the argument, and complexity fitting (a later issue) starts from here.
 */
#ifndef BR_FAMILY_H
#define BR_FAMILY_H

#include <stddef.h>

#include "model/results.h"

struct br_family {
    char *base;
    size_t n;                   /* >= 2 */
    const struct br_row **rows; /* point into the results, which must outlive the family */
    double *args;               /* ascending */
};

/* The families of `r`, in the order of their first member.  Returns how many; *out is NULL
 * when none.  br_families_release frees them and the array. */
size_t br_families(const struct br_results *r, struct br_family **out);
void br_families_release(struct br_family *f, size_t n);

/* Splits "base/arg": 1 and *arg when the part after the last '/' is a number (and the base is
 * not empty), else 0.  *base_len is the length of the base. */
int br_family_split(const char *name, size_t *base_len, double *arg);

#endif
