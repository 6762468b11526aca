/* engine_gbench_none.c - the Google Benchmark engine when the library was built without it. */
#include "base/error.h"
#include "run/engine_gbench.h"

int br_gbench_available(void)
{
    return br_error("--engine gbench: this benchrun was built without Google Benchmark "
                    "(apt-get install libbenchmark-dev, then ./bootstrap)");
}

const char *br_gbench_version(void) { return NULL; }

int br_gbench_check(const struct br_run_opts *o)
{
    (void)o;
    return br_gbench_available();
}

int br_gbench_run(const struct br_bench *benches, size_t n, const struct br_run_opts *o,
                  struct br_machine *m, const struct br_clock *clk, struct br_results *out)
{
    (void)benches;
    (void)n;
    (void)o;
    (void)m;
    (void)clk;
    (void)out;
    return br_gbench_available();
}
