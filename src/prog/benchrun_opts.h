/* benchrun_opts.h - the options of the benchrun program (bench_main in bench.h, benchrun.c).
 *
 * Parses options into struct br_benchrun_opts through an option table, then: registry,
 * filter, machine, engine, reporters, results file.  Exit codes: 0 ok, 1 a benchmark failed,
 * 2 usage or input error (before any benchmark runs), 3 the results could not be saved,
 * 128 + signal when interrupted (the results so far saved).
 */
#ifndef BR_BENCHRUN_OPTS_H
#define BR_BENCHRUN_OPTS_H

#include "base/options.h"
#include "run/runner.h"

/* --measure's and --counter's choices, NULL-terminated (--measure in br_measures' order). */
extern const char *const br_measure_choices[];
extern const char *const br_counter_choices[];
enum br_counter_choice { BR_CHOOSE_AUTO, BR_CHOOSE_PERF, BR_CHOOSE_CALLGRIND };

/* What the user asked; what the run decided lives in struct br_machine and the results. */
struct br_benchrun_opts {
    const char *filter;
    const char *shard;    /* --shard K/N; NULL: the whole selection */
    const char *shard_by; /* --shard-by FILE: split by that run's times; NULL: by name */
    int list;
    int format;                /* index in br_out_formats[] (results_out.h) */
    const char *engine;        /* a name in br_engines[] */
    const char *out;           /* results file; NULL: results/DATE[-COMMIT].csv */
    const char *save_baseline; /* also kept as results/baselines/NAME.csv; NULL: not */
    int sysinfo;
    int help;
    int version;
    int no_interleave;
    int no_fork;
    int no_memory;
    int force;
    int measure;         /* index in br_measures[]: time or instructions */
    int counter;         /* enum br_counter_choice: auto, perf, callgrind */
    const char *profile; /* --profile NAME, or NULL */
    struct br_run_opts run;
};

/* The option table of benchrun (exposed for tests and --help). */
extern const struct br_option br_benchrun_options[];
/* The defaults: the one place (br_run_opts_default for the run's). */
void br_benchrun_defaults(struct br_benchrun_opts *o);
/* Defaults, then argv.  0, or -1 with br_error naming the flag. */
int br_benchrun_parse(struct br_benchrun_opts *o, int argc, char **argv, struct br_args *args);

#endif
