/* engine.c - the table of engines (see engine.h). */
#include "run/engine.h"

#include <string.h>

#include "base/error.h"
#include "base/strbuf.h"
#include "run/engine_gbench.h"

static int native_check(const struct br_run_opts *o)
{
    (void)o;
    return 0;
}

const struct br_engine br_engines[] = {
    {"native", 1, native_check, br_runner_run,
     "benchrun's runner: forked workers, interleaved samples, CPU steering"},
    {"gbench", 0, br_gbench_check, br_gbench_run,
     "Google Benchmark's runner over the same blocks, in a worker process"},
    {NULL, 0, NULL, NULL, NULL}};

const struct br_engine *br_engine_find(const char *name)
{
    struct br_strbuf names;
    for (const struct br_engine *e = br_engines; e->name; e++)
        if (strcmp(e->name, name) == 0) return e;
    br_strbuf_init(&names);
    for (const struct br_engine *e = br_engines; e->name; e++)
        br_strbuf_addf(&names, "%s%s", e == br_engines ? "" : ", ", e->name);
    br_error("--engine: unknown value '%s' (%s)", name, names.buf);
    br_strbuf_release(&names);
    return NULL;
}
