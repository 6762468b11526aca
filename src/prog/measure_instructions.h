/* measure_instructions.h - benchrun --measure instructions: choosing the counter before anything
 * runs, the context lines that say what was counted, and --profile NAME.
 *
 * The choice (--counter):
 *   perf       perf_event_open's user-space instruction counter; refused (exit 2) where it
 *              does not open, with the errno and what it means;
 *   callgrind  valgrind's callgrind; refused when valgrind is missing (naming the Debian
 *              package), when this build has no <valgrind/callgrind.h>, or with --no-fork;
 *   auto       perf when it opens, else callgrind (a note says why).
 * Either is refused for a build with sanitizers: valgrind cannot run ASan's or TSan's address
 * space, and their checks would be counted as the snippet's instructions.
 */
#ifndef BR_MEASURE_INSTRUCTIONS_H
#define BR_MEASURE_INSTRUCTIONS_H

#include "model/registry.h"
#include "model/results.h"
#include "prog/benchrun_opts.h"

struct br_counting {
    char version[128]; /* of the counter: "valgrind-3.19.0", "perf_event_open" */
    char note[512];    /* why auto chose callgrind, for stderr; "" when nothing to say */
};

/* For --measure instructions (or --profile): sets o->run.counter and the defaults that differ
 * when counting (--repetitions when not given), after the checks above.  0, or -1 with
 * br_error naming the flag. */
int br_counting_prepare(struct br_benchrun_opts *o, const struct br_args *args,
                        const struct br_registry *reg, struct br_counting *c);
/* The context lines of the measure: `measure` always; when counting also `counter`,
 * `counter_version` and, under callgrind, `simulated_caches` and `est_cycles`. */
void br_counting_context(struct br_results *r, const struct br_benchrun_opts *o,
                         const struct br_counting *c);

/* --profile NAME: benchmark NAME's batches under callgrind, then its top functions by
 * inclusive and self instructions and its hottest source lines, per operation, on stdout; the
 * callgrind file kept as `keep` (--out) or results/callgrind.out.NAME-DATE.  Returns the exit
 * status (2 for a name that matches no benchmark, 1 when the benchmark failed). */
int br_profile_main(const struct br_benchrun_opts *o, const struct br_registry *reg,
                    const struct br_counting *c);

#endif
