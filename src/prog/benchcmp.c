/* benchcmp.c - the benchcmp program: compares two results files; the CI gate.
 * Exit status: 0 no regression, 1 at least one regression (unless --fail-on none), 2 usage or
 * input error.  The work is in results_read.c, compare.c, and the writers of compare_out.h
 * (compare_report.c, compare_junit.c, compare_text.c) and page_compare.c (--format html). */
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "prog/compare_out.h"
#include "base/interrupt.h"
#include "measure/machine.h"
#include "prog/benchrun_opts.h"
#include "prog/results_out.h"
#include "prog/shard_select.h"
#include "run/paired.h"
#include "config.h"
#include "base/error.h"
#include "base/options.h"
#include "base/strbuf.h"
#include "base/stream.h"
#include "format/baseline.h"
#include "format/html.h"
#include "format/results_read.h"
#include "prog/pages.h"

enum { FAIL_ON_REGRESSION, FAIL_ON_UNSURE, FAIL_ON_NONE };

struct benchcmp_opts {
    struct br_cmp_opts cmp;
    int fail_on; /* FAIL_ON_* */
    int format;  /* index in formats[] */
    const char *baseline;
    int list_baselines, no_color, help, version;
    /* paired runs (benchcmp --run OLD NEW) */
    int run, force;
    const char *filter, *out_old, *out_new;
    unsigned looks;
    double seed;
};

static int write_html(FILE *out, const struct br_cmp_view *v);
/* --format's choices, the default first: a new format is one more line (compare_out.h). */
static const struct br_cmp_format formats[] = {{"console", br_cmp_write_console, 0},
                                               {"csv", br_cmp_write_csv, 0},
                                               {"markdown", br_cmp_write_markdown, 0},
                                               {"json", br_cmp_write_json, 0},
                                               {"junit", br_cmp_write_junit, 0},
                                               {"html", write_html, 1},
                                               {NULL, NULL, 0}};
static const char *const fail_on[] = {"regression", "unsure", "none", NULL};
static const char *const if_contended[] = {"warn", "unsure", NULL};

#define OPT(field) offsetof(struct benchcmp_opts, field)
static const struct br_option options[] = {
    {"--alpha", BR_OPT_DOUBLE, OPT(cmp.alpha), 1e-9, 0.5, NULL, "A",
     "significance level of the Mann-Whitney U test"},
    {"--threshold", BR_OPT_DOUBLE, OPT(cmp.threshold_pct), 0, 1e6, NULL, "PCT",
     "smallest change of the median that counts, in percent (instruction counts: 0.5 unless "
     "given)"},
    {"--mem-threshold", BR_OPT_DOUBLE, OPT(cmp.mem_threshold_pct), 0, 1e6, NULL, "PCT",
     "smallest change of allocs/op or B/op that counts, in percent of the old value (0: any; "
     "counts that vary between counting batches are compared as ranges)"},
    {"--fail-on", BR_OPT_CHOICE, OPT(fail_on), 0, 0, fail_on, "WHAT",
     "exit 1 when a benchmark regressed, when one regressed or stayed unsure, or never"},
    {"--if-contended", BR_OPT_CHOICE, OPT(cmp.unsure_if_contended), 0, 0, if_contended, "WHAT",
     "a change on a benchmark either run marks contended: warn, or make the verdict unsure"},
    {"--format", BR_OPT_CHOICE, OPT(format), BR_OPT_CHOICE_TABLE(formats), "FORMAT",
     "output format"},
    {"--metrics", BR_OPT_FLAG, OPT(cmp.show_metrics), 0, 0, NULL, NULL,
     "list every metric both files have under each benchmark (console)"},
    {"--baseline", BR_OPT_STRING, OPT(baseline), 0, 0, NULL, "NAME",
     "compare NEW against the baseline NAME (" BR_BASELINE_DIR "/NAME.csv)"},
    {"--list-baselines", BR_OPT_FLAG, OPT(list_baselines), 0, 0, NULL, NULL,
     "list the saved baselines"},
    {"--run", BR_OPT_FLAG, OPT(run), 0, 0, NULL, NULL,
     "OLD and NEW are benchrun programs: measure them pair by pair, then compare"},
    {"--filter", BR_OPT_STRING, OPT(filter), 0, 0, NULL, "REGEX",
     "--run: the benchmarks to measure (POSIX extended regex)"},
    {"--looks", BR_OPT_UINT, OPT(looks), 1, 100, NULL, "K",
     "--run: blocks of pairs at most while a change stays unsure (alpha is split over them)"},
    {"--seed", BR_OPT_DOUBLE, OPT(seed), 0, 9007199254740992.0, NULL, "N",
     "--run: seed of the random pair orders (0: from the clock)"},
    {"--out-old", BR_OPT_STRING, OPT(out_old), 0, 0, NULL, "FILE",
     "--run: the old side's results file [default: results/DATE-old.csv]"},
    {"--out-new", BR_OPT_STRING, OPT(out_new), 0, 0, NULL, "FILE",
     "--run: the new side's results file [default: results/DATE-new.csv]"},
    {"--force", BR_OPT_FLAG, OPT(force), 0, 0, NULL, NULL,
     "--run: let --out-old and --out-new replace existing regular files"},
    {"--no-color", BR_OPT_FLAG, OPT(no_color), 0, 0, NULL, NULL, "no colours on a terminal"},
    {"--help", BR_OPT_FLAG, OPT(help), 0, 0, NULL, NULL, "this help"},
    {"--version", BR_OPT_FLAG, OPT(version), 0, 0, NULL, NULL, "print the version"},
    {NULL, 0, 0, 0, 0, NULL, NULL, NULL}};

static void defaults(struct benchcmp_opts *o)
{
    memset(o, 0, sizeof *o);
    o->fail_on = FAIL_ON_REGRESSION;
    o->looks = 4;
    br_cmp_opts_default(&o->cmp);
}

static void usage(void)
{
    struct benchcmp_opts d;
    defaults(&d);
    puts("usage: benchcmp [options] OLD NEW\n"
         "       benchcmp [options] --baseline NAME NEW\n"
         "       benchcmp --list-baselines\n"
         "       benchcmp --run [options] OLD_PROGRAM NEW_PROGRAM [-- benchrun's flags]\n"
         "Compares two results files (benchrun CSV, Google Benchmark JSON or hyperfine JSON,\n"
         "told apart by content) benchmark by benchmark: medians, change, Mann-Whitney U\n"
         "p-value, confidence interval, verdict.  Instruction counts (--measure instructions)\n"
         "are judged by an exact rule instead: a change beyond --threshold (0.5 %) is one.\n"
         "OLD or NEW may name a baseline saved in " BR_BASELINE_DIR "/ when no such file exists.\n"
         "With --run, both programs are measured pair by pair on this machine (benchrun's\n"
         "flags after -- set the run: --repetitions pairs per look (default 30), --min-time, ...)\n"
         "and judged by the Wilcoxon signed-rank test on the pairs (times only).\n"
         "Exit status: 0 no regression, 1 a regression, 2 usage or input error, 3 the\n"
         "comparison or a --run results file could not be written.\n");
    br_options_usage(stdout, options, &d);
}

static int fail(void)
{
    fprintf(stderr, "benchcmp: %s\n", br_errmsg());
    return 2;
}

/* The HTML page of the comparison, with both runs' samples drawn (pages.h). */
static int write_html(FILE *out, const struct br_cmp_view *v)
{
    struct br_strbuf sb;
    (void)out; /* br_html_write writes standard output */
    br_strbuf_init(&sb);
    br_page_compare(&sb, v->old, v->old_name, v->new_, v->new_name, v->c);
    int rc = br_html_write(NULL, &sb);
    br_strbuf_release(&sb);
    return rc;
}

/* Reads both files: the arguments may name baselines (baseline.h). */
static int read_both(const char *old_arg, const char *new_arg, struct br_results *a,
                     struct br_results *b)
{
    char old_path[PATH_MAX], new_path[PATH_MAX];
    if (br_baseline_resolve(old_arg, old_path, sizeof old_path) < 0 ||
        br_baseline_resolve(new_arg, new_path, sizeof new_path) < 0 ||
        br_results_read(old_path, a) < 0)
        return -1;
    if (br_results_read(new_path, b) < 0) {
        br_results_release(a);
        return -1;
    }
    return 0;
}

/* The comparison of a and b in the chosen format; the exit status. */
static int report(const struct benchcmp_opts *o, const struct br_results *a, const char *old_arg,
                  const struct br_results *b, const char *new_arg)
{
    const struct br_cmp_format *format = &formats[o->format];
    struct br_comparison c;
    if (br_cmp_check(a, old_arg, b, new_arg) < 0 ||
        (format->times_only && br_results_measure(a) && br_results_measure(a)->counted &&
         br_error("--format %s: the report draws times; not yet instruction counts", format->name) <
             0))
        return fail();
    br_compare(a, b, &o->cmp, &c);
    for (size_t i = 0; i < c.nwarnings; i++) br_warn("%s", c.warnings[i]);
    struct br_cmp_view view = {&c,      a,       b,
                               old_arg, new_arg, !o->no_color && isatty(1) && !getenv("NO_COLOR")};
    /* more allocations count as a regression too, and a benchmark that failed in a run */
    size_t failing =
        c.count[BR_REGRESSION] + c.count[BR_FAILED] + c.mem_count[BR_REGRESSION] +
        (o->fail_on == FAIL_ON_UNSURE ? c.count[BR_UNSURE] + c.mem_count[BR_UNSURE] : 0);
    int rc = failing && o->fail_on != FAIL_ON_NONE ? 1 : 0;
    if (format->write(stdout, &view) < 0)
        rc = BR_EXIT_NOT_SAVED; /* standard output failed: br_stdout_close says why */
    br_comparison_release(&c);
    return rc;
}

static int compare_files(const struct benchcmp_opts *o, const char *old_arg, const char *new_arg)
{
    struct br_results a, b;
    if (read_both(old_arg, new_arg, &a, &b) < 0) return fail();
    int rc = report(o, &a, old_arg, &b, new_arg);
    br_results_release(&a);
    br_results_release(&b);
    return rc;
}

/* ---- paired runs: benchcmp --run OLD NEW [-- benchrun's flags] ------------------------------- */

/* The adaptive rule (paired.h): another look while the interval straddles the threshold. */
static int undecided(void *ctx, const double *old_ns, const double *new_ns, size_t n, unsigned look)
{
    const struct benchcmp_opts *o = ctx;
    struct br_cmp_row row;
    (void)look;
    memset(&row, 0, sizeof row);
    br_cmp_pairs(old_ns, new_ns, n, &o->cmp, o->looks, &row);
    return row.verdict == BR_UNSURE || row.verdict == BR_TOO_FEW;
}

/* results/DATE[-COMMIT]-SIDE.csv, or the file the user named. */
static char *side_path(const char *given, const char *side)
{
    if (given) return br_xstrdup(given);
    char *base = br_results_out_default_path();
    if (!base) return NULL;
    struct br_strbuf sb;
    br_strbuf_init(&sb);
    br_strbuf_add(&sb, base, strlen(base) - 4); /* without ".csv" */
    br_strbuf_addf(&sb, "-%s.csv", side);
    free(base);
    return br_strbuf_detach(&sb);
}

/* Both sides' results files, announced; each is tried even when the other failed (a full
 * disk), each failure reported with its reason.  0, or -1 when one was not saved. */
static int save_sides(const struct benchcmp_opts *o, const struct br_results *old,
                      const struct br_results *new_, int quiet)
{
    const struct br_results *r[2] = {old, new_};
    const char *given[2] = {o->out_old, o->out_new}, *side[2] = {"old", "new"};
    int failed = 0;
    for (int k = 0; k < 2; k++) {
        char *path = side_path(given[k], side[k]), *saved_as = NULL;
        int rc = path ? br_results_out_save(path, o->force, r[k], &saved_as) : -1;
        if (rc < 0) {
            fprintf(stderr, "benchcmp: %s results not saved: %s\n", side[k], br_errmsg());
            failed = 1;
        } else if (!quiet) {
            fprintf(stderr, "benchcmp: %s results saved to %s\n", side[k], saved_as);
        }
        if (rc == 0 && given[k] && strcmp(saved_as, given[k]) != 0)
            br_warn("%s appeared during the run; the %s results went to %s instead", given[k],
                    side[k], saved_as);
        free(path);
        free(saved_as);
    }
    return failed ? -1 : 0;
}

/* Before measuring, benchrun's rule for --out (results_out.h) for the files named. */
static int check_sides(const struct benchcmp_opts *o)
{
    if (o->out_old && o->out_new && strcmp(o->out_old, o->out_new) == 0)
        return br_error("--out-new: %s is --out-old's file too; the sides need a file each",
                        o->out_new);
    if (o->force && !o->out_old && !o->out_new)
        return br_error("--force: only meaningful with --out-old or --out-new");
    if (o->out_old && br_results_out_check("--out-old", o->out_old, o->force) < 0) return -1;
    return o->out_new ? br_results_out_check("--out-new", o->out_new, o->force) : 0;
}

/* The run itself, on the settled machine, into old and new. */
static int measure_pairs(const struct benchcmp_opts *o, const struct br_benchrun_opts *ro,
                         const struct br_shard *shard, char **progs, char **program_args,
                         struct br_results *old, struct br_results *new_, int argc, char **argv)
{
    struct br_clock clk;
    struct br_machine m;
    char warning[512];
    br_clock_init(&clk);
    br_machine_settle(&m, ro->run.cpu, 1, &clk, warning, sizeof warning);
    if (*warning && !ro->run.quiet) br_warn("%s", warning);
    if (!ro->run.quiet)
        fprintf(stderr, "benchcmp: %s against %s, pairs on CPU %d%s\n", progs[1], progs[0],
                br_machine_cpu(&m), m.steering ? " (steering)" : "");
    struct br_paired_opts po = {ro->run,
                                o->filter ? o->filter : ro->filter,
                                program_args,
                                o->looks,
                                o->looks * ro->run.max_time,
                                o->seed > 0 ? (uint64_t)o->seed : br_clock_monotonic_ns(),
                                undecided,
                                (void *)o,
                                shard->n ? shard : NULL,
                                ro->shard_by};
    struct br_results *sides[2] = {old, new_};
    for (int k = 0; k < 2; k++)
        br_results_out_context(sides[k], "native-paired", &clk, 0, argc, argv);
    if (br_paired_run(progs[0], progs[1], &po, &m, &clk, old, new_) < 0) return -1;
    for (int k = 0; k < 2; k++) {
        br_machine_report(&m, sides[k]);
        br_results_set(sides[k], "status", br_interrupt_pending() ? "interrupted" : "complete");
    }
    return 0;
}

static int run_pairs(const struct benchcmp_opts *o, char **progs, int pargc, char **pargv, int argc,
                     char **argv)
{
    struct br_benchrun_opts ro;
    struct br_args ra;
    struct br_results old, new_;
    struct br_shard_flags shard;
    if (check_sides(o) < 0 || br_benchrun_parse(&ro, pargc, pargv, &ra) < 0) return fail();
    if (ro.measure != 0 || ro.profile) {
        br_args_release(&ra);
        /* Pairing cancels the machine's drift between two builds' times; counts have none. */
        return br_error("--run measures time pair by pair; for instruction counts run each "
                        "program with --measure instructions and compare the two files"),
               fail();
    }
    /* Pairs per look: half of a default run's samples, so that a look takes as many samples. */
    if (!br_args_given(&ra, "--repetitions")) ro.run.repetitions = (ro.run.repetitions + 1) / 2;
    if (ro.run.min_repetitions > ro.run.repetitions) ro.run.min_repetitions = ro.run.repetitions;
    ro.run.progress = !ro.run.quiet && isatty(2);
    br_interrupt_install(); /* a stop signal from here keeps the pairs taken, if any */
    br_results_init(&old);
    br_results_init(&new_);
    int rc = br_shard_flags_read(&shard, ro.shard, ro.shard_by);
    if (rc == 0)
        rc = measure_pairs(o, &ro, &shard.shard, progs, pargv + 1, &old, &new_, argc, argv);
    br_shard_flags_release(&shard);
    /* The comparison first, then the files: a full disk loses neither the verdict nor the
     * other side's file. */
    if (rc < 0) {
        rc = fail();
    } else {
        rc = report(o, &old, progs[0], &new_, progs[1]);
        if (save_sides(o, &old, &new_, ro.run.quiet) < 0 && rc != 2) rc = BR_EXIT_NOT_SAVED;
    }
    if (rc != 2 && br_interrupt_pending()) rc = 128 + br_interrupt_pending();
    br_results_release(&old);
    br_results_release(&new_);
    br_args_release(&ra);
    return rc;
}

/* One line per saved baseline: its name, date, commit and size. */
static int list_baselines(void)
{
    char **names, path[PATH_MAX];
    size_t n;
    if (br_baseline_list(&names, &n) < 0) return fail();
    if (!n)
        fprintf(stderr, "benchcmp: no baselines in %s/ (benchrun --save-baseline NAME keeps one)\n",
                BR_BASELINE_DIR);
    for (size_t i = 0; i < n; i++) {
        struct br_results r;
        if (br_baseline_path(names[i], path, sizeof path) < 0 || br_results_read(path, &r) < 0) {
            printf("%s  unreadable: %s\n", names[i], br_errmsg());
            continue;
        }
        const char *date = br_results_get(&r, "date"), *commit = br_results_get(&r, "git_commit");
        printf("%s  %s  %s  %zu benchmarks\n", names[i], date ? date : "-", commit ? commit : "-",
               r.nrows);
        br_results_release(&r);
    }
    br_baseline_list_release(names, n);
    return 0;
}

/* The two things to compare: OLD NEW, or --baseline NAME and NEW. */
static int run(const struct benchcmp_opts *o, const struct br_args *args)
{
    size_t want = o->baseline ? 1 : 2;
    if (o->list_baselines) return list_baselines();
    if (args->npositional != want)
        return br_error(o->baseline ? "--baseline NAME takes one results file, NEW (see --help)"
                                    : "expected two results files, OLD and NEW (see --help)"),
               fail();
    if (o->baseline) {
        char path[PATH_MAX];
        if (!br_baseline_name_ok(o->baseline))
            return br_error("--baseline: '%s' is not a baseline name (letters, digits, '.', '_', "
                            "'-'; not starting with '.')",
                            o->baseline),
                   fail();
        if (br_baseline_path(o->baseline, path, sizeof path) < 0) return fail();
        if (access(path, F_OK) != 0)
            return br_error("--baseline: no baseline %s (see --list-baselines)", path), fail();
        return compare_files(o, path, args->positional[0]);
    }
    return compare_files(o, args->positional[0], args->positional[1]);
}

int main(int argc, char **argv)
{
    struct benchcmp_opts o;
    struct br_args args;
    int rc = 0;
    br_set_progname("benchcmp");
    defaults(&o);
    /* With --run, what follows "--" is benchrun's flags for both programs; otherwise "--"
     * only ends the options (file names that start with '-'). */
    int dd = 1;
    while (dd < argc && strcmp(argv[dd], "--") != 0) dd++;
    if (br_options_parse(options, &o, dd, argv, NULL, &args) < 0) return fail();
    if (!o.run && dd < argc) {
        br_args_release(&args);
        defaults(&o);
        if (br_options_parse(options, &o, argc, argv, NULL, &args) < 0) return fail();
    }
    if (br_args_given(&args, "--threshold")) o.cmp.count_threshold_pct = o.cmp.threshold_pct;
    if (o.help)
        usage();
    else if (o.version)
        printf("benchcmp %s\n", PACKAGE_VERSION);
    else if (o.run && args.npositional != 2)
        rc = (br_error("--run: expected two benchrun programs, OLD and NEW (see --help)"), fail());
    else if (o.run)
        rc = run_pairs(&o, args.positional, argc - dd, argv + dd, argc, argv);
    else
        rc = run(&o, &args);
    br_args_release(&args);
    return br_stdout_close(rc);
}
