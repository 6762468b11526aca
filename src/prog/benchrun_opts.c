/* benchrun_opts.c - benchrun's options: the table, the defaults, and the checks of flags
 * that parse one by one but not together (see benchrun_opts.h). */
#include "prog/benchrun_opts.h"

#include <stddef.h>
#include <string.h>

#include "base/error.h"
#include "format/baseline.h"
#include "model/metric.h"
#include "prog/results_out.h"
#include "run/engine.h"

const char *const br_measure_choices[] = {"time", "instructions", NULL};
const char *const br_counter_choices[] = {"auto", "perf", "callgrind", NULL};

#define OPT(field) offsetof(struct br_benchrun_opts, field)
#define RUN(field) (offsetof(struct br_benchrun_opts, run) + offsetof(struct br_run_opts, field))
const struct br_option br_benchrun_options[] = {
    {"--filter", BR_OPT_STRING, OPT(filter), 0, 0, NULL, "REGEX",
     "run benchmarks whose name matches this POSIX extended regex"},
    {"--shard", BR_OPT_STRING, OPT(shard), 0, 0, NULL, "K/N",
     "run only part K of N of the selection (a CI matrix job; see --shard-by)"},
    {"--shard-by", BR_OPT_STRING, OPT(shard_by), 0, 0, NULL, "FILE",
     "split the shards by the times of this results file, not by name"},
    {"--list", BR_OPT_FLAG, OPT(list), 0, 0, NULL, NULL, "print the matching names and exit"},
    {"--repetitions", BR_OPT_UINT, RUN(repetitions), 1, 100000, NULL, "N",
     "samples (timed batches) per benchmark"},
    {"--min-repetitions", BR_OPT_UINT, RUN(min_repetitions), 1, 100000, NULL, "N",
     "fewest samples even for a slow snippet (never more than --repetitions)"},
    {"--iterations", BR_OPT_UINT64, RUN(iterations), 1, 1e15, NULL, "N",
     "operations per sample, instead of calibrating (0: calibrate)"},
    {"--min-time", BR_OPT_DOUBLE, RUN(min_time), 0, 3600, NULL, "SECONDS",
     "minimum duration of one sample (0: from the clock's resolution)"},
    {"--max-time", BR_OPT_DOUBLE, RUN(max_time), 1e-6, 86400, NULL, "SECONDS",
     "time budget per benchmark; slow snippets get fewer samples"},
    {"--warmup", BR_OPT_DOUBLE, RUN(warmup), 0, 3600, NULL, "SECONDS",
     "warm-up time per benchmark before its samples"},
    {"--cpu", BR_OPT_INT, RUN(cpu), -1, 1 << 20, NULL, "N",
     "pin to CPU N for the whole run (-1: start on the fastest allowed CPU and move when it "
     "slows)"},
    {"--no-interleave", BR_OPT_FLAG, OPT(no_interleave), 0, 0, NULL, NULL,
     "take each benchmark's samples in one go instead of round-robin"},
    {"--no-fork", BR_OPT_FLAG, OPT(no_fork), 0, 0, NULL, NULL,
     "run benchmarks in this process (debugging; a crash ends the run)"},
    {"--no-memory", BR_OPT_FLAG, OPT(no_memory), 0, 0, NULL, NULL,
     "do not count allocations (allocs/op, B/op, retained B/op and the leak check)"},
    {"--timeout", BR_OPT_DOUBLE, RUN(timeout), 1e-3, 1e6, NULL, "SECONDS",
     "kill a benchmark whose set-up or one sample takes longer (x100 under callgrind)"},
    {"--force", BR_OPT_FLAG, OPT(force), 0, 0, NULL, NULL,
     "let --out replace an existing regular file"},
    {"--engine", BR_OPT_STRING, OPT(engine), 0, 0, NULL, "ENGINE",
     "measuring engine: native or gbench (Google Benchmark)"},
    {"--measure", BR_OPT_CHOICE, OPT(measure), 0, 0, br_measure_choices, "MEASURE",
     "what a sample is: time (ns per operation) or instructions (counted per operation, exact; "
     "5 samples unless --repetitions)"},
    {"--counter", BR_OPT_CHOICE, OPT(counter), 0, 0, br_counter_choices, "COUNTER",
     "how instructions are counted: perf (hardware), callgrind (valgrind), auto (perf when it "
     "opens)"},
    {"--profile", BR_OPT_STRING, OPT(profile), 0, 0, NULL, "NAME",
     "run benchmark NAME under callgrind and print where its instructions go (--out: the "
     "callgrind file)"},
    {"--format", BR_OPT_CHOICE, OPT(format), BR_OPT_CHOICE_TABLE(br_out_formats), "FORMAT",
     "standard output format"},
    {"--out", BR_OPT_STRING, OPT(out), 0, 0, NULL, "FILE",
     "results file (.json: Google Benchmark JSON; else CSV) [default: results/DATE.csv]"},
    {"--save-baseline", BR_OPT_STRING, OPT(save_baseline), 0, 0, NULL, "NAME",
     "also keep the run as results/baselines/NAME.csv (benchcmp --baseline NAME)"},
    {"--sysinfo", BR_OPT_FLAG, OPT(sysinfo), 0, 0, NULL, NULL,
     "print the machine description and clock, and exit"},
    {"--quiet", BR_OPT_FLAG, RUN(quiet), 0, 0, NULL, NULL, "no progress, warnings or notes"},
    {"--help", BR_OPT_FLAG, OPT(help), 0, 0, NULL, NULL, "this help"},
    {"--version", BR_OPT_FLAG, OPT(version), 0, 0, NULL, NULL, "print the version"},
    {NULL, 0, 0, 0, 0, NULL, NULL, NULL}};

void br_benchrun_defaults(struct br_benchrun_opts *o)
{
    memset(o, 0, sizeof *o);
    br_run_opts_default(&o->run);
    o->engine = br_engines[0].name;
}

/* Flags that parse one by one but not together. */
static int check_combination(const struct br_benchrun_opts *o, const struct br_args *args)
{
    if (args->npositional)
        return br_error("%s: unexpected argument (benchrun takes only options; see --help)",
                        args->positional[0]);
    if (!br_engine_find(o->engine)) return -1;
    if (args->npassthrough && strcmp(o->engine, "gbench") != 0)
        return br_error("%s: --benchmark_* flags need --engine gbench", args->passthrough[0]);
    if (br_args_given(args, "--min-repetitions") && o->run.min_repetitions > o->run.repetitions)
        return br_error("--min-repetitions: %u is more than --repetitions %u",
                        o->run.min_repetitions, o->run.repetitions);
    if (o->no_fork && br_args_given(args, "--timeout"))
        return br_error("--timeout: needs benchmarks in child processes (drop --no-fork)");
    if (o->force && !o->out) return br_error("--force: only meaningful with --out FILE");
    if (o->run.iterations && strcmp(o->engine, "gbench") == 0)
        return br_error("--iterations: not with --engine gbench (Google Benchmark chooses its "
                        "counts; --benchmark_min_time sets their length)");
    if (br_args_given(args, "--counter") && !br_measures[o->measure].counted)
        return br_error("--counter: only with --measure instructions");
    if (o->profile && (o->list || o->save_baseline || br_args_given(args, "--measure")))
        return br_error("--profile: runs one benchmark under callgrind, alone (no --list, "
                        "--measure or --save-baseline)");
    if (o->save_baseline && !br_baseline_name_ok(o->save_baseline))
        return br_error("--save-baseline: '%s' is not a baseline name (letters, digits, '.', '_', "
                        "'-'; not starting with '.')",
                        o->save_baseline);
    return 0;
}

int br_benchrun_parse(struct br_benchrun_opts *o, int argc, char **argv, struct br_args *args)
{
    br_benchrun_defaults(o);
    if (br_options_parse(br_benchrun_options, o, argc, argv, "--benchmark_", args) < 0) return -1;
    if (check_combination(o, args) < 0) {
        br_args_release(args);
        return -1;
    }
    o->run.interleave = !o->no_interleave;
    o->run.fork = !o->no_fork;
    o->run.memory = !o->no_memory;
    o->run.engine_argv = args->passthrough;
    /* the floor of samples follows a smaller ceiling unless it was given */
    if (!br_args_given(args, "--min-repetitions") && o->run.min_repetitions > o->run.repetitions)
        o->run.min_repetitions = o->run.repetitions;
    return 0;
}
