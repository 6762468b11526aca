/* benchcmp.c - the benchcmp program: compares two results files; the CI gate.
 * Exit status: 0 no regression, 1 at least one regression (unless --fail-on none), 2 usage or
 * input error.  The work is in results_read.c, compare.c and compare_report.c. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analyze/compare.h"
#include "config.h"
#include "base/error.h"
#include "base/options.h"
#include "format/results_read.h"

enum { FAIL_ON_REGRESSION, FAIL_ON_NONE };

struct benchcmp_opts {
    struct br_compare_opts cmp;
    int fail_on; /* FAIL_ON_* */
    int format;  /* enum br_cmp_format */
    int no_color, help, version;
};

static const char *const formats[] = {"console", "csv", "markdown", "json", NULL};
static const char *const fail_on[] = {"regression", "none", NULL};
static const char *const if_contended[] = {"warn", "unsure", NULL};

#define OPT(field) offsetof(struct benchcmp_opts, field)
static const struct br_option options[] = {
    {"--alpha", BR_OPT_DOUBLE, OPT(cmp.alpha), 1e-9, 0.5, NULL, "A",
     "significance level of the Mann-Whitney U test"},
    {"--threshold", BR_OPT_DOUBLE, OPT(cmp.threshold_pct), 0, 1e6, NULL, "PCT",
     "smallest change of the median that counts, in percent"},
    {"--fail-on", BR_OPT_CHOICE, OPT(fail_on), 0, 0, fail_on, "WHAT",
     "exit 1 when a benchmark regressed, or never"},
    {"--if-contended", BR_OPT_CHOICE, OPT(cmp.unsure_if_contended), 0, 0, if_contended, "WHAT",
     "a change on a benchmark either run marks contended: warn, or make the verdict unsure"},
    {"--format", BR_OPT_CHOICE, OPT(format), 0, 0, formats, "FORMAT", "output format"},
    {"--metrics", BR_OPT_FLAG, OPT(cmp.show_metrics), 0, 0, NULL, NULL,
     "list every metric both files have under each benchmark (console)"},
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
         "Compares two results files (benchrun CSV, Google Benchmark JSON or hyperfine JSON,\n"
         "told apart by content) benchmark by benchmark: medians, change, Mann-Whitney U\n"
         "p-value, confidence interval, verdict.\n"
         "Exit status: 0 no regression, 1 a regression, 2 usage or input error.\n");
    br_options_usage(stdout, options, &d);
}

static int fail(void)
{
    fprintf(stderr, "benchcmp: %s\n", br_errmsg());
    return 2;
}

static int compare_files(const struct benchcmp_opts *o, const char *old_path, const char *new_path)
{
    struct br_results a, b;
    struct br_comparison c;
    if (br_results_read(old_path, &a) < 0) return fail();
    if (br_results_read(new_path, &b) < 0) {
        br_results_release(&a);
        return fail();
    }
    br_compare(&a, &b, &o->cmp, &c);
    for (size_t i = 0; i < c.nwarnings; i++) br_warn("%s", c.warnings[i]);
    int color = o->format == BR_CMP_CONSOLE && !o->no_color && isatty(1) && !getenv("NO_COLOR");
    int rc = c.count[BR_REGRESSION] && o->fail_on == FAIL_ON_REGRESSION ? 1 : 0;
    if (br_compare_report(stdout, &c, (enum br_cmp_format)o->format, color) < 0) rc = fail();
    br_comparison_release(&c);
    br_results_release(&a);
    br_results_release(&b);
    return rc;
}

int main(int argc, char **argv)
{
    struct benchcmp_opts o;
    struct br_args args;
    int rc = 0;
    br_set_progname("benchcmp");
    defaults(&o);
    if (br_options_parse(options, &o, argc, argv, NULL, &args) < 0) return fail();
    if (o.help)
        usage();
    else if (o.version)
        printf("benchcmp %s\n", PACKAGE_VERSION);
    else if (args.npositional != 2)
        rc = (br_error("expected two results files, OLD and NEW (see --help)"), fail());
    else
        rc = compare_files(&o, args.positional[0], args.positional[1]);
    br_args_release(&args);
    return rc;
}
