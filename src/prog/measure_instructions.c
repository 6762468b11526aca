/* measure_instructions.c - choosing the instruction counter and describing it (see
 * measure_instructions.h). */
#include "prog/measure_instructions.h"

#include <stdio.h>
#include <string.h>

#include "base/error.h"
#include "bench.h"
#include "measure/instr_counter.h"
#include "run/engine.h"
#include "run/valgrind.h"

/* The library itself, or a block, compiled with a sanitizer. */
static int sanitized(const struct br_registry *reg)
{
    int any = BENCH__SAN_FLAG != 0;
    for (size_t i = 0; i < reg->n; i++)
        any |= (reg->benches[i].desc->flags & BENCH_BUILT_SANITIZED) != 0;
    return any;
}

static int want_callgrind(struct br_benchrun_opts *o, struct br_counting *c)
{
    if (br_counter_callgrind_built() < 0 || br_valgrind_find(c->version, sizeof c->version) < 0)
        return -1;
    if (o->no_fork)
        return br_error("--no-fork: callgrind counts in a worker under valgrind (drop --no-fork, "
                        "or use --counter perf where it opens)");
    o->run.counter = BR_COUNTER_CALLGRIND;
    return 0;
}

static int choose(struct br_benchrun_opts *o, int profile, struct br_counting *c)
{
    if (profile || o->counter == BR_CHOOSE_CALLGRIND) return want_callgrind(o, c);
    if (br_counter_perf_probe() == 0) {
        snprintf(c->version, sizeof c->version, "perf_event_open");
        o->run.counter = BR_COUNTER_PERF;
        return 0;
    }
    if (o->counter == BR_CHOOSE_PERF) {
        br_error_prefix("--counter perf: ");
        return br_error_suffix(" (--counter callgrind counts under valgrind)");
    }
    snprintf(c->note, sizeof c->note, "counting instructions under callgrind: %s", br_errmsg());
    return want_callgrind(o, c);
}

int br_counting_prepare(struct br_benchrun_opts *o, const struct br_args *args,
                        const struct br_registry *reg, struct br_counting *c)
{
    memset(c, 0, sizeof *c);
    int profile = o->profile != NULL;
    if (!br_measures[o->measure].counted && !profile) return 0;
    const char *flag = profile ? "--profile" : "--measure instructions"; /* the one given */
    if (strcmp(o->engine, br_engines[0].name) != 0)
        return br_error("%s: only with the native engine (Google Benchmark times its own loop)",
                        flag);
    if (sanitized(reg))
        return br_error("%s: this build has sanitizers, which valgrind cannot run and whose "
                        "checks would be counted as the snippet's instructions; build without "
                        "--enable-sanitizers",
                        flag);
    if (choose(o, profile, c) < 0) return -1;
    if (!br_args_given(args, "--repetitions")) o->run.repetitions = BR_COUNT_REPETITIONS;
    if (!br_args_given(args, "--min-repetitions") && o->run.min_repetitions > o->run.repetitions)
        o->run.min_repetitions = o->run.repetitions;
    return 0;
}

void br_counting_context(struct br_results *r, const struct br_benchrun_opts *o,
                         const struct br_counting *c)
{
    br_results_set(r, "measure", br_measures[o->measure].name);
    if (!br_measures[o->measure].counted) return;
    br_results_set(r, "counter", br_counter_name((enum br_counter)o->run.counter));
    br_results_set(r, "counter_version", c->version);
    if (o->run.counter != BR_COUNTER_CALLGRIND) return;
    br_results_set(r, "simulated_caches",
                   "I1 " BR_CALLGRIND_I1 " D1 " BR_CALLGRIND_D1 " LL " BR_CALLGRIND_LL
                   " (bytes,ways,line bytes)");
    br_results_set(r, "est_cycles", "L1 hits + 5 LL hits + 35 LL misses (Turner-Trauring)");
}
