/* benchrun.c - bench_main(): the benchrun program over the registered BENCH() blocks. */
#include "prog/benchrun.h"

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "measure/affinity.h"
#include "base/atomic_file.h"
#include "bench.h"
#include "config.h"
#include "run/engine_gbench.h"
#include "base/error.h"
#include "base/interrupt.h"
#include "model/registry.h"
#include "format/report.h"
#include "prog/results_out.h"
#include "measure/steer.h"
#include "base/strbuf.h"
#include "measure/sysinfo.h"

static const char *const engines[] = {"native", "gbench", NULL};

#define OPT(field) offsetof(struct br_benchrun_opts, field)
#define RUN(field) (offsetof(struct br_benchrun_opts, run) + offsetof(struct br_run_opts, field))
const struct br_option br_benchrun_options[] = {
    {"--filter", BR_OPT_STRING, OPT(filter), 0, 0, NULL, "REGEX",
     "run benchmarks whose name matches this POSIX extended regex"},
    {"--list", BR_OPT_FLAG, OPT(list), 0, 0, NULL, NULL, "print the matching names and exit"},
    {"--repetitions", BR_OPT_UINT, RUN(repetitions), 1, 100000, NULL, "N",
     "samples (timed batches) per benchmark (default 60)"},
    {"--min-repetitions", BR_OPT_UINT, RUN(min_repetitions), 1, 100000, NULL, "N",
     "fewest samples even for a slow snippet (default: 5, or --repetitions if fewer)"},
    {"--min-time", BR_OPT_DOUBLE, RUN(min_time), 0, 3600, NULL, "SECONDS",
     "minimum duration of one sample (default 0.005; 0: from the clock's resolution)"},
    {"--max-time", BR_OPT_DOUBLE, RUN(max_time), 1e-6, 86400, NULL, "SECONDS",
     "time budget per benchmark; slow snippets get fewer samples"},
    {"--iterations", BR_OPT_UINT, RUN(iterations), 1, 1e9, NULL, "N",
     "operations per sample, fixed: no calibration (default: calibrated to --min-time)"},
    {"--warmup", BR_OPT_DOUBLE, RUN(warmup), 0, 3600, NULL, "SECONDS",
     "warm-up time per benchmark before its samples"},
    {"--cpu", BR_OPT_INT, RUN(cpu), -1, 1 << 20, NULL, "N",
     "pin to CPU N for the whole run (default: start on the fastest allowed CPU and move when it "
     "slows; -1: same)"},
    {"--no-interleave", BR_OPT_FLAG, OPT(no_interleave), 0, 0, NULL, NULL,
     "take each benchmark's samples in one go instead of round-robin"},
    {"--no-fork", BR_OPT_FLAG, OPT(no_fork), 0, 0, NULL, NULL,
     "run benchmarks in this process (debugging; a crash ends the run)"},
    {"--timeout", BR_OPT_DOUBLE, RUN(timeout), 1e-3, 1e6, NULL, "SECONDS",
     "kill a benchmark whose set-up or one sample takes longer (default 60)"},
    {"--force", BR_OPT_FLAG, OPT(force), 0, 0, NULL, NULL, "let --out overwrite an existing file"},
    {"--engine", BR_OPT_CHOICE, OPT(engine), 0, 0, engines, "ENGINE", "measuring engine"},
    {"--format", BR_OPT_CHOICE, OPT(format), 0, 0, br_out_formats, "FORMAT",
     "standard output format"},
    {"--out", BR_OPT_STRING, OPT(out), 0, 0, NULL, "FILE",
     "results file (.json: Google Benchmark JSON; else CSV); default results/DATE.csv"},
    {"--sysinfo", BR_OPT_FLAG, OPT(sysinfo), 0, 0, NULL, NULL,
     "print the machine description and clock, and exit"},
    {"--quiet", BR_OPT_FLAG, RUN(quiet), 0, 0, NULL, NULL, "no progress, warnings or notes"},
    {"--help", BR_OPT_FLAG, OPT(help), 0, 0, NULL, NULL, "this help"},
    {"--version", BR_OPT_FLAG, OPT(version), 0, 0, NULL, NULL, "print the version"},
    {NULL, 0, 0, 0, 0, NULL, NULL, NULL}};

/* Flags that parse one by one but not together. */
static int check_combination(const struct br_benchrun_opts *o, const struct br_args *args)
{
    if (args->npositional)
        return br_error("%s: unexpected argument (benchrun takes only options; see --help)",
                        args->positional[0]);
    if (args->npassthrough && o->engine != ENGINE_GBENCH)
        return br_error("%s: --benchmark_* flags need --engine gbench", args->passthrough[0]);
    if (o->run.min_repetitions > o->run.repetitions)
        return br_error("--min-repetitions: %u is more than --repetitions %u",
                        o->run.min_repetitions, o->run.repetitions);
    if (o->no_fork && o->run.timeout > 0)
        return br_error("--timeout: needs benchmarks in child processes (drop --no-fork)");
    if (o->run.iterations && o->engine == ENGINE_GBENCH)
        return br_error("--iterations: not supported by --engine gbench");
    if (o->force && !o->out) return br_error("--force: only meaningful with --out FILE");
    return 0;
}

int br_benchrun_parse(struct br_benchrun_opts *o, int argc, char **argv, struct br_args *args)
{
    memset(o, 0, sizeof *o);
    br_run_opts_default(&o->run);
    /* Zero until given, so defaults can follow other flags and contradictions are caught. */
    o->run.min_repetitions = 0;
    o->run.timeout = 0;
    if (br_options_parse(br_benchrun_options, o, argc, argv, "--benchmark_", args) < 0) return -1;
    if (check_combination(o, args) < 0) {
        br_args_release(args);
        return -1;
    }
    o->run.interleave = !o->no_interleave;
    o->run.fork = !o->no_fork;
    o->run.engine_argv = args->passthrough;
    if (!o->run.min_repetitions)
        o->run.min_repetitions = o->run.repetitions < 5 ? o->run.repetitions : 5;
    if (o->run.timeout == 0) o->run.timeout = 60;
    return 0;
}

static void usage(FILE *out)
{
    fprintf(out, "usage: benchrun [options]\n"
                 "Runs the registered BENCH() blocks: calibrates, pins, warms up, repeats, and\n"
                 "reports min/median/mean/stddev per benchmark; saves a results file.\n\n");
    br_options_usage(out, br_benchrun_options);
    fputs("  --benchmark_*            passed to Google Benchmark (with --engine gbench)\n", out);
}

/* Context that describes the run itself (the machine comes from sysinfo.c). */
static void run_context(struct br_results *r, const struct br_benchrun_opts *o, int pinned,
                        const struct br_clock *clk, int argc, char **argv)
{
    char buf[256];
    time_t now = time(NULL);
    br_results_set(r, "benchrun_version", PACKAGE_VERSION);
    strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
    br_results_set(r, "date", buf);
    br_results_set(r, "engine", engines[o->engine]);
    br_sysinfo_collect(r);
    snprintf(buf, sizeof buf, "%d", pinned);
    if (o->run.steer_ncpus < 2) /* else the runner says where it ran (cpu_steering) */
        br_results_set(r, "pinned_cpu", pinned >= 0 ? buf : "none");
    br_results_set(r, "clock", br_clock_describe(clk, buf, sizeof buf));
    struct br_strbuf cmd;
    br_strbuf_init(&cmd);
    for (int i = 0; i < argc; i++) br_strbuf_addf(&cmd, "%s%s", i ? " " : "", argv[i]);
    br_results_set(r, "command", cmd.buf);
    br_strbuf_release(&cmd);
}

/* Pins, boosts and warns; returns the pinned CPU or -1, and what the boost could do.  Without
 * --cpu, the native engine may move between the allowed CPUs (steer.h). */
static int settle_machine(struct br_benchrun_opts *o, const struct br_registry *reg,
                          const char **boost)
{
    static int allowed[BR_STEER_MAX_CPUS];
    int nallowed = o->run.cpu < 0 && o->engine != ENGINE_GBENCH
                       ? br_affinity_allowed(allowed, BR_STEER_MAX_CPUS)
                       : 0;
    int pinned = br_affinity_pin(o->run.cpu);
    if (pinned >= 0 && nallowed > 1) {
        o->run.steer_cpus = allowed;
        o->run.steer_ncpus = nallowed;
    }
    if (pinned < 0 && !o->run.quiet) br_warn("%s; carrying on unpinned", br_errmsg());
    *boost = br_affinity_boost();
    int all_opt = 1, any_san = 0;
    for (size_t i = 0; i < reg->n; i++) {
        all_opt &= (reg->benches[i].desc->flags & BENCH_BUILT_OPTIMIZED) != 0;
        any_san |= (reg->benches[i].desc->flags & BENCH_BUILT_SANITIZED) != 0;
    }
    struct br_strbuf notes;
    br_strbuf_init(&notes);
    br_noise_check(&notes, pinned, all_opt, any_san);
    for (char *line = strtok(notes.buf, "\n"); line && !o->run.quiet; line = strtok(NULL, "\n"))
        br_warn("%s", line);
    br_strbuf_release(&notes);
    return pinned;
}

static int run_engine(const struct br_benchrun_opts *o, const struct br_registry *reg,
                      const struct br_clock *clk, struct br_results *r)
{
    if (o->engine == ENGINE_GBENCH) return br_gbench_run(reg->benches, reg->n, &o->run, r);
    return br_runner_run(reg->benches, reg->n, &o->run, clk, r);
}

/* Adds the run's outcome to the context: "status" and the exit status it implies. */
static int outcome(struct br_results *r)
{
    int sig = br_interrupt_pending();
    br_results_set(r, "status", sig ? "interrupted" : "complete");
    if (sig) return 128 + sig;
    return br_results_get(r, "failed") ? 1 : 0;
}

/* Everything after option parsing and selection: returns the exit status. */
static int measure_and_report(struct br_benchrun_opts *o, const struct br_registry *reg,
                              const char *out_path, int argc, char **argv)
{
    struct br_clock clk;
    struct br_results r;
    br_results_init(&r);
    const char *boost;
    int pinned = settle_machine(o, reg, &boost);
    br_clock_init(&clk);
    char clock_desc[128];
    if (!o->run.quiet)
        fprintf(stderr, "benchrun: %zu benchmarks, CPU %d, clock %s\n", reg->n, pinned,
                br_clock_describe(&clk, clock_desc, sizeof clock_desc));
    run_context(&r, o, pinned, &clk, argc, argv);
    br_results_set(&r, "priority", boost);
    br_interrupt_install();
    int rc = 2;
    if (run_engine(o, reg, &clk, &r) == 0) {
        rc = outcome(&r);
        /* The file first: if stdout is a closed pipe, the results are still kept. */
        int color = o->format == FORMAT_CONSOLE && isatty(1);
        if (br_results_out_save(out_path, &r) < 0 ||
            br_results_out_write(stdout, o->format, &r, color) < 0)
            rc = 2;
    }
    if (rc == 2)
        fprintf(stderr, "benchrun: %s\n", br_errmsg());
    else if (!o->run.quiet)
        fprintf(stderr, "benchrun: results saved to %s\n", out_path);
    br_results_release(&r);
    return rc;
}

static int print_sysinfo(void)
{
    struct br_results r;
    struct br_clock clk;
    br_results_init(&r);
    br_clock_init(&clk);
    br_sysinfo_collect(&r);
    char buf[128];
    br_results_set(&r, "clock", br_clock_describe(&clk, buf, sizeof buf));
    for (size_t i = 0; i < r.nctx; i++) printf("%s: %s\n", r.ctx[i].key, r.ctx[i].value);
    br_results_release(&r);
    return 0;
}

/* Options, selection and the output path: everything that can fail before measuring. */
static int select_benchmarks(struct br_benchrun_opts *o, struct br_registry *reg, char **out_path)
{
    if (br_registry_collect(reg, NULL) < 0) return -1;
    if (br_registry_filter(reg, o->filter) < 0) return -1;
    if (o->list) return 0;
    if (reg->n == 0) return br_error("--filter: '%s' matches no benchmark", o->filter);
    if (o->run.cpu >= 0 && !br_affinity_cpu_allowed(o->run.cpu))
        return br_error("--cpu: CPU %d does not exist or is not available to this process",
                        o->run.cpu);
    if (o->out && !o->force && access(o->out, F_OK) == 0)
        return br_error("--out: %s exists (--force overwrites it)", o->out);
    *out_path = o->out ? br_xstrdup(o->out) : br_results_out_default_path();
    if (!*out_path) return br_error("results: cannot create the folder: %s", strerror(errno));
    if (br_atomic_file_check_writable(*out_path) < 0) {
        char msg[1024];
        snprintf(msg, sizeof msg, "%s", br_errmsg());
        return br_error("%s%s", o->out ? "--out: " : "", msg);
    }
    if (o->engine == ENGINE_GBENCH && !br_gbench_available())
        return br_gbench_run(NULL, 0, &o->run, NULL);
    return 0;
}

int bench_main(int argc, char **argv)
{
    struct br_benchrun_opts o;
    struct br_args args;
    struct br_registry reg = {0};
    char *out_path = NULL;
    int rc = 0;
    br_set_progname("benchrun");
    if (br_benchrun_parse(&o, argc, argv, &args) < 0) {
        fprintf(stderr, "benchrun: %s\n", br_errmsg());
        return 2;
    }
    o.run.progress = !o.run.quiet && isatty(2);
    if (o.help || o.version || o.sysinfo) {
        if (o.help)
            usage(stdout);
        else if (o.version)
            printf("benchrun %s\n", PACKAGE_VERSION);
        else
            print_sysinfo();
    } else if (select_benchmarks(&o, &reg, &out_path) < 0) {
        fprintf(stderr, "benchrun: %s\n", br_errmsg());
        rc = 2;
    } else if (o.list) {
        for (size_t i = 0; i < reg.n; i++) printf("%s\n", reg.benches[i].name);
    } else {
        rc = measure_and_report(&o, &reg, out_path, argc, argv);
    }
    free(out_path);
    br_registry_release(&reg);
    br_args_release(&args);
    return rc;
}
