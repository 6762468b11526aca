/* benchrun.c - bench_main(): the benchrun program over the registered BENCH() blocks. */
#include "bench.h"

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "format/baseline.h"
#include "prog/benchrun_opts.h"
#include "prog/measure_instructions.h"
#include "prog/results_out.h"
#include "prog/shard_select.h"
#include "base/error.h"
#include "base/interrupt.h"
#include "base/strbuf.h"
#include "base/stream.h"
#include "config.h"
#include "format/report.h"
#include "measure/affinity.h"
#include "measure/machine.h"
#include "measure/sysinfo.h"
#include "model/registry.h"
#include "run/engine.h"
#include "run/worker.h"

static void usage(FILE *out)
{
    struct br_benchrun_opts d;
    br_benchrun_defaults(&d);
    fprintf(out, "usage: benchrun [options]\n"
                 "Runs the registered BENCH() blocks: calibrates, pins, warms up, repeats, and\n"
                 "reports min/median/mean/stddev per benchmark; saves a results file.\n\n");
    br_options_usage(out, br_benchrun_options, &d);
    fputs("  --benchmark_*            passed to Google Benchmark (with --engine gbench)\n", out);
}

/* --save-baseline NAME: the run kept again as results/baselines/NAME.csv, replacing the last
 * one of that name (a baseline is meant to move). */
static int save_baseline(const char *name, const struct br_results *r)
{
    char path[PATH_MAX], *saved_as;
    if (br_baseline_path(name, path, sizeof path) < 0) return -1;
    if ((mkdir("results", 0777) != 0 && errno != EEXIST) ||
        (mkdir(BR_BASELINE_DIR, 0777) != 0 && errno != EEXIST))
        return br_error("%s: cannot create the folder: %s", BR_BASELINE_DIR, strerror(errno));
    int rc = br_results_out_save(path, 1, r, &saved_as);
    free(saved_as);
    return rc;
}

/* ---- the run --------------------------------------------------------------------------------- */

/* Pins (or chooses the CPU and steers), boosts, and warns about what adds noise. */
static void settle_machine(const struct br_benchrun_opts *o, const struct br_registry *reg,
                           const struct br_engine *engine, const struct br_clock *clk,
                           struct br_machine *m)
{
    char warning[512];
    br_machine_settle(m, o->run.cpu, engine->may_steer, clk, warning, sizeof warning);
    if (*warning && !o->run.quiet) br_warn("%s", warning);
    int all_opt = 1, any_san = 0;
    for (size_t i = 0; i < reg->n; i++) {
        all_opt &= (reg->benches[i].desc->flags & BENCH_BUILT_OPTIMIZED) != 0;
        any_san |= (reg->benches[i].desc->flags & BENCH_BUILT_SANITIZED) != 0;
    }
    struct br_strbuf notes;
    br_strbuf_init(&notes);
    if (!o->run.counter) /* a count does not depend on the machine's noise */
        br_noise_check(&notes, m->start_cpu, all_opt, any_san);
    for (char *line = strtok(notes.buf, "\n"); line && !o->run.quiet; line = strtok(NULL, "\n"))
        br_warn("%s", line);
    br_strbuf_release(&notes);
}

/* What the run found wrong with a benchmark's numbers (calibrate.h, reference.h): one line each
 * on stderr; the results file keeps them as context lines. */
static void warn_rows(const struct br_benchrun_opts *o, const struct br_results *r)
{
    static const char *const keys[] = {"short_batch", "empty_body"};
    for (size_t k = 0; k < sizeof keys / sizeof keys[0] && !o->run.quiet; k++)
        for (size_t i = 0; i < r->nctx; i++)
            if (strcmp(r->ctx[i].key, keys[k]) == 0) br_warn("%s", r->ctx[i].value);
}

/* Adds the run's outcome to the context: "status" and the exit status it implies. */
static int outcome(struct br_results *r)
{
    int sig = br_interrupt_pending();
    br_results_set(r, "status", sig ? "interrupted" : "complete");
    if (sig) return 128 + sig;
    return br_results_get(r, "failed") ? 1 : 0;
}

/* Colour on a terminal that can show it (not TERM=dumb or unset, not NO_COLOR). */
static int want_color(const struct br_out_format *format)
{
    const char *term = getenv("TERM");
    return format->for_eyes && isatty(1) && term && *term && strcmp(term, "dumb") != 0 &&
           !getenv("NO_COLOR");
}

/* What happened to the results, on stderr. */
static void closing_note(const struct br_benchrun_opts *o, const struct br_results *r, int saved,
                         const char *saved_as)
{
    int sig = br_interrupt_pending();
    const char *signame = sig == SIGINT ? "SIGINT" : "SIGTERM";
    if (!saved)
        fprintf(stderr, "benchrun: %s\n", br_errmsg());
    else if (sig && !o->run.quiet && r->nrows == 0)
        fprintf(stderr, "benchrun: interrupted (%s) before any sample: no rows, saved to %s\n",
                signame, saved_as);
    else if (sig && !o->run.quiet)
        fprintf(stderr,
                "benchrun: interrupted (%s): %zu benchmarks kept with the samples taken so "
                "far, saved to %s\n",
                signame, r->nrows, saved_as);
    else if (!o->run.quiet)
        fprintf(stderr, "benchrun: results saved to %s\n", saved_as);
    if (saved && o->out && strcmp(saved_as, o->out) != 0)
        br_warn("%s appeared during the run; the results went to %s instead", o->out, saved_as);
}

/* Snippets may print: while they run, standard output is standard error, so nothing they
 * print lands in benchrun's formats (--format csv | ...).  Returns the real standard output. */
static int divert_stdout(void)
{
    fflush(stdout);
    int saved = dup(1);
    if (saved >= 0) dup2(2, 1);
    return saved;
}

static void restore_stdout(int saved)
{
    if (saved < 0) return;
    fflush(stdout); /* what a snippet printed in this process goes to stderr */
    dup2(saved, 1);
    close(saved);
}

static int conclude(const struct br_benchrun_opts *o, struct br_machine *m, struct br_results *r,
                    const char *out_path);

/* What a --no-fork run still owes when a body calls exit() (worker.h): the benchmark failed,
 * the rows measured before it saved and shown, and a failing exit status. */
struct exit_ctx {
    const struct br_benchrun_opts *o;
    struct br_machine *m;
    struct br_results *r;
    const char *out_path;
    int out_fd;
};

static int body_exited(const char *name, int status, void *ctx)
{
    struct exit_ctx *ex = ctx;
    char why[64] = "exit()";
    if (status >= 0) snprintf(why, sizeof why, "exit(%d)", status);
    restore_stdout(ex->out_fd);
    if (ex->o->run.progress) fputs("\r\033[K", stderr);
    struct br_strbuf sb;
    br_strbuf_init(&sb);
    br_strbuf_addf(&sb,
                   "%s: called %s in benchrun's own process (--no-fork), which ended the run "
                   "there: run it without --no-fork",
                   name, why);
    br_results_set(ex->r, "failed", sb.buf);
    br_strbuf_release(&sb);
    return conclude(ex->o, ex->m, ex->r, ex->out_path);
}

/* Everything after option parsing and selection: returns the exit status. */
static int measure_and_report(const struct br_benchrun_opts *o, const struct br_registry *reg,
                              const struct br_counting *counting, const char *out_path, int argc,
                              char **argv)
{
    const struct br_engine *engine = br_engine_find(o->engine);
    struct br_clock clk;
    struct br_machine m;
    struct br_results r;
    char clock_desc[128];
    br_results_init(&r);
    br_clock_init(&clk);
    settle_machine(o, reg, engine, &clk, &m);
    if (!o->run.quiet)
        fprintf(stderr, "benchrun: %zu benchmarks, CPU %d%s, clock %s\n", reg->n,
                br_machine_cpu(&m), m.steering ? " (steering)" : "",
                br_clock_describe(&clk, clock_desc, sizeof clock_desc));
    if (*counting->note && !o->run.quiet) br_warn("%s", counting->note);
    br_results_out_context(&r, o->engine, &clk, 1, argc, argv);
    br_counting_context(&r, o, counting);
    br_shard_context(&r, &reg->shard, o->shard_by);
    struct exit_ctx ex = {o, &m, &r, out_path, divert_stdout()};
    br_worker_set_exit_hook(body_exited, &ex);
    int rc = engine->run(reg->benches, reg->n, &o->run, &m, &clk, &r);
    br_worker_set_exit_hook(NULL, NULL);
    restore_stdout(ex.out_fd);
    if (rc < 0) {
        fprintf(stderr, "benchrun: %s\n", br_errmsg());
        br_results_release(&r);
        return 2;
    }
    return conclude(o, &m, &r, out_path);
}

/* The run measured: its outcome saved, then shown; returns the exit status. */
static int conclude(const struct br_benchrun_opts *o, struct br_machine *m, struct br_results *r,
                    const char *out_path)
{
    char *saved_as = NULL;
    br_machine_report(m, r);
    warn_rows(o, r);
    int rc = outcome(r);
    /* The file first, then standard output, which gets the report even if the file failed. */
    int saved = br_results_out_save(out_path, o->force, r, &saved_as) == 0;
    if (saved && o->save_baseline && save_baseline(o->save_baseline, r) < 0) saved = 0;
    char file_error[1024];
    snprintf(file_error, sizeof file_error, "%s", br_errmsg());
    const struct br_out_format *format = &br_out_formats[o->format];
    format->write(stdout, r, want_color(format)); /* br_stdout_flush */
    br_error("%s", file_error);
    closing_note(o, r, saved, saved_as);
    free(saved_as);
    br_results_release(r);
    return saved ? rc : BR_EXIT_NOT_SAVED;
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
static int select_benchmarks(struct br_benchrun_opts *o, const struct br_args *args,
                             struct br_registry *reg, struct br_counting *counting, char **out_path)
{
    if (br_registry_collect(reg, NULL) < 0) return -1;
    if (o->profile) return br_counting_prepare(o, args, reg, counting);
    if (br_registry_filter(reg, o->filter) < 0) return -1;
    if (reg->n == 0) return br_error("--filter: '%s' matches no benchmark", o->filter);
    if (br_shard_select_registry(reg, o->shard, o->shard_by) < 0) return -1;
    if (o->list) return 0;
    if (br_counting_prepare(o, args, reg, counting) < 0) return -1;
    if (o->run.cpu >= 0 && !br_affinity_cpu_allowed(o->run.cpu))
        return br_error("--cpu: CPU %d does not exist or is not available to this process",
                        o->run.cpu);
    *out_path = o->out ? br_xstrdup(o->out) : br_results_out_default_path();
    if (!*out_path) return -1;
    /* a default name taken meanwhile is numbered at the end, never refused */
    if (br_results_out_check(o->out ? "--out" : NULL, *out_path, o->force || !o->out) < 0)
        return -1;
    return br_engine_find(o->engine)->check(&o->run);
}

/* `PROGRAM --br-worker=IN,OUT`: this program is a worker of another's run (protocol.h). */
static int worker_main(const char *fds)
{
    int in, out;
    struct br_registry reg = {0};
    struct br_clock clk;
    if (sscanf(fds, "%d,%d", &in, &out) != 2) {
        fprintf(stderr, "benchrun: %s: expected =IN,OUT\n", BR_WORKER_FLAG);
        return 2;
    }
    dup2(2, 1); /* our replies have their own pipe; anything printed is for the user */
    if (br_registry_collect(&reg, NULL) < 0) {
        fprintf(stderr, "benchrun: %s\n", br_errmsg());
        return 2;
    }
    br_clock_init(&clk);
    br_worker_child_main(in, out, reg.benches, reg.n, &clk);
}

int bench_main(int argc, char **argv)
{
    struct br_benchrun_opts o;
    struct br_args args;
    struct br_registry reg = {0};
    struct br_counting counting;
    char *out_path = NULL;
    int rc = 0;
    br_set_progname("benchrun");
    if (argc > 1 && strncmp(argv[1], BR_WORKER_FLAG "=", sizeof BR_WORKER_FLAG) == 0)
        return worker_main(argv[1] + sizeof BR_WORKER_FLAG);
    if (br_benchrun_parse(&o, argc, argv, &args) < 0) {
        fprintf(stderr, "benchrun: %s\n", br_errmsg());
        return 2;
    }
    o.run.progress = !o.run.quiet && isatty(2);
    /* From here a stop signal is an interruption that keeps the file, even one that comes while
     * benchmarks are selected or the CPU is chosen (coreutils timeout on a loaded machine). */
    int measures = !(o.help || o.version || o.sysinfo || o.list || o.profile);
    if (measures) br_interrupt_install();
    if (o.help || o.version || o.sysinfo) {
        if (o.help)
            usage(stdout);
        else if (o.version)
            printf("benchrun %s\n", PACKAGE_VERSION);
        else
            print_sysinfo();
    } else if (select_benchmarks(&o, &args, &reg, &counting, &out_path) < 0) {
        fprintf(stderr, "benchrun: %s\n", br_errmsg());
        rc = 2;
    } else if (o.list) {
        for (size_t i = 0; i < reg.n; i++) printf("%s\n", reg.benches[i].name);
    } else if (o.profile) {
        rc = br_profile_main(&o, &reg, &counting);
    } else {
        rc = measure_and_report(&o, &reg, &counting, out_path, argc, argv);
    }
    free(out_path);
    br_registry_release(&reg);
    br_args_release(&args);
    return br_stdout_flush(rc); /* not closed: the user's own main() may go on printing */
}
