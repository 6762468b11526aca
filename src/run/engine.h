/* engine.h - the measuring engines, in a table: every engine runs the selected benchmarks on
 * the settled machine and fills the results, through one signature. */
#ifndef BR_ENGINE_H
#define BR_ENGINE_H

#include <stddef.h>

#include "measure/clock.h"
#include "measure/machine.h"
#include "model/registry.h"
#include "model/results.h"
#include "run/runner.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef int (*br_engine_run_fn)(const struct br_bench *benches, size_t n,
                                const struct br_run_opts *o, struct br_machine *m,
                                const struct br_clock *clk, struct br_results *out);

struct br_engine {
    const char *name; /* --engine NAME */
    int may_steer;    /* it can move the measurement between CPUs while it runs */
    /* Before anything runs: 0, or -1 with br_error (what to install, a bad engine flag). */
    int (*check)(const struct br_run_opts *o);
    br_engine_run_fn run;
    const char *about;
};

/* The table, terminated by an entry with name NULL; the first is the default. */
extern const struct br_engine br_engines[];
/* The engine named `name`, or NULL with br_error listing the engines. */
const struct br_engine *br_engine_find(const char *name);

#ifdef __cplusplus
}
#endif

#endif
