/* ctimeit_report.h - timeit's summary, printed under benchrun's table.
 *
 * One line per statement as Python's timeit prints it, with the median beside the best:
 *
 *     5000000 loops, best of 60: 3.21 nsec per loop (median 3.25 nsec)
 *
 * and with two or more statements, each one against the first, as hyperfine compares
 * commands: the ratio of medians and the 95 % interval of the ratio (Mann-Whitney,
 * br_mw_ratio_ci), flagged when the interval holds 1:
 *
 *     sin(x)  is 1.84x slower than sqrt(x) (95% interval 1.80x to 1.88x)
 */
#ifndef BR_CTIMEIT_REPORT_H
#define BR_CTIMEIT_REPORT_H

#include <stddef.h>
#include <stdio.h>

#include "model/results.h"

/* Time per loop as timeit prints it: 3 significant digits in nsec, usec, msec or sec. */
const char *br_ctimeit_format_time(double ns, char *buf, size_t size);

/* Puts the rows of `r` in the order of `names` (the order of the statements on the command
 * line; the registry sorts by name); rows named otherwise keep their order after them. */
void br_ctimeit_order_rows(struct br_results *r, char *const *names, size_t n);

/* The summary for the statements `names` (a statement without a row failed, and its line says
 * why).  0, or -1 with br_error when writing failed. */
int br_ctimeit_summary(FILE *out, const struct br_results *r, char *const *names, size_t n);

#endif
