/* engine_gbench_none.c - the Google Benchmark engine when the library was built without it. */
#include "run/engine_gbench.h"

#include "base/error.h"

int br_gbench_available(void) { return 0; }

const char *br_gbench_version(void) { return NULL; }

int br_gbench_run(const struct br_bench *benches, size_t n, const struct br_run_opts *o,
                  struct br_results *out)
{
    (void)benches;
    (void)n;
    (void)o;
    (void)out;
    return br_error("--engine gbench: this benchrun was built without Google Benchmark "
                    "(apt-get install libbenchmark-dev, then ./bootstrap)");
}
