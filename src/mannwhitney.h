/* mannwhitney.h - the two-sided Mann-Whitney U test and a confidence interval for a shift.
 * (issue 3: to be implemented) */
#ifndef BR_MANNWHITNEY_H
#define BR_MANNWHITNEY_H
#include <stddef.h>
#endif
