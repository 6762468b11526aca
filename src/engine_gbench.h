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

#include "registry.h"
#include "results.h"
#include "runner.h"

/* 1 when the engine was built in. */
int br_gbench_available(void);
/* Google Benchmark's version string, or NULL. */
const char *br_gbench_version(void);
/* Registers every instance's loop with benchmark::RegisterBenchmark (UseRealTime), runs them
 * with Google Benchmark's runner under the options (repetitions, min_time, extra
 * --benchmark_* flags in o->engine_argv), and fills `out` with one row per benchmark whose
 * samples are the repetitions, in ns per operation.  0, or -1 with br_error. */
int br_gbench_run(const struct br_bench *benches, size_t n, const struct br_run_opts *o,
                  struct br_results *out);

#ifdef __cplusplus
}
#endif

#endif
