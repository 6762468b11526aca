/* benchcmp.c - the benchcmp program: compares two results files; the CI gate.
 * Exit status: 0 no regression, 1 at least one regression (unless --fail-on none), 2 usage or
 * input error.  The work is in results_read.c, compare.c, compare_report.c, compare_junit.c
 * and page_compare.c (--format html). */
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analyze/compare.h"
#include "config.h"
#include "base/error.h"
#include "base/options.h"
#include "base/strbuf.h"
#include "format/baseline.h"
#include "format/html.h"
#include "format/results_read.h"
#include "prog/pages.h"

enum { FAIL_ON_REGRESSION, FAIL_ON_NONE };
/* The formats of br_compare_report, then HTML, which draws the samples too. */
enum { FORMAT_HTML = BR_CMP_JUNIT + 1 };

struct benchcmp_opts {
    struct br_compare_opts cmp;
    int fail_on; /* FAIL_ON_* */
    int format;  /* enum br_cmp_format, or FORMAT_HTML */
    const char *baseline;
    int list_baselines, no_color, help, version;
};

static const char *const formats[] = {"console", "csv", "markdown", "json", "junit", "html", NULL};
static const char *const fail_on[] = {"regression", "none", NULL};
static const char *const if_contended[] = {"warn", "unsure", NULL};

#define OPT(field) offsetof(struct benchcmp_opts, field)
static const struct br_option options[] = {
    {"--alpha", BR_OPT_DOUBLE, OPT(cmp.alpha), 1e-9, 0.5, NULL, "A",
     "significance level of the Mann-Whitney U test"},
    {"--threshold", BR_OPT_DOUBLE, OPT(cmp.threshold_pct), 0, 1e6, NULL, "PCT",
     "smallest change of the median that counts, in percent (instruction counts: 0.5 unless "
     "given)"},
    {"--fail-on", BR_OPT_CHOICE, OPT(fail_on), 0, 0, fail_on, "WHAT",
     "exit 1 when a benchmark regressed, or never"},
    {"--if-contended", BR_OPT_CHOICE, OPT(cmp.unsure_if_contended), 0, 0, if_contended, "WHAT",
     "a change on a benchmark either run marks contended: warn, or make the verdict unsure"},
    {"--format", BR_OPT_CHOICE, OPT(format), 0, 0, formats, "FORMAT", "output format"},
    {"--metrics", BR_OPT_FLAG, OPT(cmp.show_metrics), 0, 0, NULL, NULL,
     "list every metric both files have under each benchmark (console)"},
    {"--baseline", BR_OPT_STRING, OPT(baseline), 0, 0, NULL, "NAME",
     "compare NEW against the baseline NAME (" BR_BASELINE_DIR "/NAME.csv)"},
    {"--list-baselines", BR_OPT_FLAG, OPT(list_baselines), 0, 0, NULL, NULL,
     "list the saved baselines"},
    {"--no-color", BR_OPT_FLAG, OPT(no_color), 0, 0, NULL, NULL, "no colours on a terminal"},
    {"--help", BR_OPT_FLAG, OPT(help), 0, 0, NULL, NULL, "this help"},
    {"--version", BR_OPT_FLAG, OPT(version), 0, 0, NULL, NULL, "print the version"},
    {NULL, 0, 0, 0, 0, NULL, NULL, NULL}};

static void defaults(struct benchcmp_opts *o)
{
    memset(o, 0, sizeof *o);
    o->fail_on = FAIL_ON_REGRESSION;
    o->format = BR_CMP_CONSOLE;
    br_compare_opts_default(&o->cmp);
}

static void usage(void)
{
    struct benchcmp_opts d;
    defaults(&d);
    puts("usage: benchcmp [options] OLD NEW\n"
         "       benchcmp [options] --baseline NAME NEW\n"
         "       benchcmp --list-baselines\n"
         "Compares two results files (benchrun CSV, Google Benchmark JSON or hyperfine JSON,\n"
         "told apart by content) benchmark by benchmark: medians, change, Mann-Whitney U\n"
         "p-value, confidence interval, verdict.\n"
         "OLD or NEW may name a baseline saved in " BR_BASELINE_DIR "/ when no such file exists.\n"
         "Exit status: 0 no regression, 1 a regression, 2 usage or input error.\n");
    br_options_usage(stdout, options, &d);
}

static int fail(void)
{
    fprintf(stderr, "benchcmp: %s\n", br_errmsg());
    return 2;
}

static int write_html(const struct br_results *a, const char *old_label, const struct br_results *b,
                      const char *new_label, const struct br_comparison *c)
{
    struct br_strbuf sb;
    br_strbuf_init(&sb);
    br_page_compare(&sb, a, old_label, b, new_label, c);
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

static int compare_files(const struct benchcmp_opts *o, const char *old_arg, const char *new_arg)
{
    struct br_results a, b;
    struct br_comparison c;
    if (read_both(old_arg, new_arg, &a, &b) < 0) return fail();
    if (br_compare_check(&a, old_arg, &b, new_arg) < 0 ||
        (o->format == FORMAT_HTML && br_results_measure(&a)->counted &&
         br_error("--format html: the report draws times; not yet instruction counts") < 0)) {
        br_results_release(&a);
        br_results_release(&b);
        return fail();
    }
    br_compare(&a, &b, &o->cmp, &c);
    for (size_t i = 0; i < c.nwarnings; i++) br_warn("%s", c.warnings[i]);
    int color = o->format == BR_CMP_CONSOLE && !o->no_color && isatty(1) && !getenv("NO_COLOR");
    int rc = c.count[BR_REGRESSION] && o->fail_on == FAIL_ON_REGRESSION ? 1 : 0;
    if (o->format == FORMAT_HTML
            ? write_html(&a, old_arg, &b, new_arg, &c) < 0
            : br_compare_report(stdout, &c, (enum br_cmp_format)o->format, color) < 0)
        rc = fail();
    br_comparison_release(&c);
    br_results_release(&a);
    br_results_release(&b);
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
    if (br_options_parse(options, &o, argc, argv, NULL, &args) < 0) return fail();
    if (br_args_given(&args, "--threshold")) o.cmp.count_threshold_pct = o.cmp.threshold_pct;
    if (o.help)
        usage();
    else if (o.version)
        printf("benchcmp %s\n", PACKAGE_VERSION);
    else
        rc = run(&o, &args);
    br_args_release(&args);
    return rc;
}
