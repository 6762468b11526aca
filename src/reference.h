/* reference.h - the machine's own speed, measured alongside the benchmarks.
 *
 * A shared VM's host switches between speed states that last tens of seconds (on this
 * project's VM, loop-heavy code runs up to 1.8x slower in the slow one), so two runs of the
 * same code minutes apart can differ by more than any real change.  The runner times a fixed
 * reference loop once per round of samples and records its median in the results file
 * (`reference_ns`, `reference_cv`); benchcmp warns when two files' references differ, so a
 * verdict caused by the machine is not read as one caused by the code.
 */
#ifndef BR_REFERENCE_H
#define BR_REFERENCE_H

#include <stddef.h>

#include "clock.h"
#include "results.h"

struct br_reference {
    double *ns; /* ns per iteration of the reference loop, one per sample */
    size_t n, cap;
};

void br_reference_init(struct br_reference *ref);
void br_reference_release(struct br_reference *ref);
/* Times one batch of the reference loop (about 0.3 ms): ns per iteration. */
double br_reference_time(const struct br_clock *clk);
/* Times one batch of the reference loop and keeps it. */
void br_reference_sample(struct br_reference *ref, const struct br_clock *clk);
/* Adds `reference_ns` (median) and `reference_cv` to the context, when there are samples. */
void br_reference_report(const struct br_reference *ref, struct br_results *out);

#endif
