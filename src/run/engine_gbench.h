/* engine_gbench.h - the Google Benchmark engine, behind a C API (implemented in C++ in
 * engine_gbench.cc; engine_gbench_none.c when the library was built without Google Benchmark).
 *
 * No C++ type crosses this header.
 */
#ifndef BR_ENGINE_GBENCH_H
#define BR_ENGINE_GBENCH_H

#include <stddef.h>

/* The internal headers have no C++ guards of their own: they are C, seen from C++ here. */
#ifdef __cplusplus
extern "C" {
#endif

#include "measure/machine.h"
#include "model/registry.h"
#include "model/results.h"
#include "run/runner.h"

/* 0 when the engine was built in, else -1 with br_error naming the package to install. */
int br_gbench_available(void);
/* Before anything runs: built in, every --benchmark_* flag known to this Google Benchmark with
 * a value it takes (else one line naming the flag, the value and what it wants), and a
 * --benchmark_out file that can be written.  0, or -1 with br_error. */
int br_gbench_check(const struct br_run_opts *o);
/* Google Benchmark's version string, or NULL. */
const char *br_gbench_version(void);
/* Registers every instance's loop with benchmark::RegisterBenchmark (UseRealTime), runs them
 * with Google Benchmark's runner under the options (repetitions, min_time, warmup, the
 * max_time budget, extra --benchmark_* flags in o->engine_argv, which win over ours), and
 * appends to `out` one row per benchmark GB ran, whose samples are its repetitions in ns per
 * operation, plus context lines gbench_version, gbench_flags, cpu_scaling_enabled, load_avg.
 * Hooks run as in the native engine (see engine_gbench.cc).  Stops early, keeping what was
 * measured, when br_interrupt_pending().  GB's flags are process-wide: a second call starts
 * from the flags the first one set.  0, or -1 with br_error (a refused or unknown
 * --benchmark_* flag, before anything runs; nothing run). */
int br_gbench_run(const struct br_bench *benches, size_t n, const struct br_run_opts *o,
                  struct br_machine *m, const struct br_clock *clk, struct br_results *out);

#ifdef __cplusplus
}
#endif

#endif
