/* benchreport.c - the benchreport program: one self-contained HTML report of results files.
 *   one file     the run: distributions, samples in order, numbers (page_run.c)
 *   two files    a comparison, as benchcmp judges it (page_compare.c)
 *   more         a history of the suite with its change points (page_history.c), or with
 *                --format json|markdown its change points only (history_out.c)
 * Exit status: 0 report written, 1 with --fail-on change when the newest run begins a change
 * point or a step to confirm, 2 usage or input error (one line naming the file or flag). */
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "analyze/changepoint.h"
#include "analyze/compare.h"
#include "analyze/history.h"
#include "base/error.h"
#include "base/options.h"
#include "base/strbuf.h"
#include "base/stream.h"
#include "config.h"
#include "format/baseline.h"
#include "format/html.h"
#include "format/results_read.h"
#include "prog/pages.h"

struct benchreport_opts {
    const char *out;
    struct br_cmp_opts cmp;
    struct br_cp_opts cp;
    int format;  /* index in formats[] */
    int fail_on; /* index in fail_on[] */
    int help, version;
};

/* How a history is written; the HTML page also serves one and two files. */
struct history_format {
    const char *name;
    void (*write)(struct br_strbuf *sb, const struct br_history *h, const struct br_cp_opts *o);
};
static const struct history_format formats[] = {{"html", br_page_history},
                                                {"json", br_history_write_json},
                                                {"markdown", br_history_write_markdown},
                                                {NULL, NULL}};
/* As benchcmp's --fail-on: what makes the exit status 1. */
static const char *const fail_on[] = {"none", "change", NULL};

#define OPT(field) offsetof(struct benchreport_opts, field)
static const struct br_option options[] = {
    {"-o", BR_OPT_STRING, OPT(out), 0, 0, NULL, "FILE", "the report to write (HTML)"},
    {"--out", BR_OPT_STRING, OPT(out), 0, 0, NULL, "FILE", "the same as -o"},
    {"--alpha", BR_OPT_DOUBLE, OPT(cmp.alpha), 1e-9, 0.5, NULL, "A",
     "two files: benchcmp's significance level"},
    {"--threshold", BR_OPT_DOUBLE, OPT(cmp.threshold_pct), 0, 1e6, NULL, "PCT",
     "two files: benchcmp's smallest change that counts, in percent"},
    {"--cp-alpha", BR_OPT_DOUBLE, OPT(cp.alpha), 1e-9, 0.5, NULL, "A",
     "history: significance level of a change point"},
    {"--format", BR_OPT_CHOICE, OPT(format), BR_OPT_CHOICE_TABLE(formats), "FORMAT",
     "history: json or markdown list its change points (stdout without -o)"},
    {"--fail-on", BR_OPT_CHOICE, OPT(fail_on), 0, 0, fail_on, "WHAT",
     "history: change - exit 1 when the newest run begins one (or a step to confirm)"},
    {"--help", BR_OPT_FLAG, OPT(help), 0, 0, NULL, NULL, "this help"},
    {"--version", BR_OPT_FLAG, OPT(version), 0, 0, NULL, NULL, "print the version"},
    {NULL, 0, 0, 0, 0, NULL, NULL, NULL}};

static void defaults(struct benchreport_opts *o)
{
    memset(o, 0, sizeof *o);
    br_cmp_opts_default(&o->cmp);
    br_cp_opts_default(&o->cp);
}

static void usage(void)
{
    struct benchreport_opts d;
    defaults(&d);
    puts("usage: benchreport [options] FILE... -o OUT.html\n"
         "Writes one self-contained HTML report (inline SVG, no scripts) of results files:\n"
         "one file: the run; two: a comparison as benchcmp judges it; more: the history of\n"
         "the suite, ordered by date, with its change points (and steps in the last runs\n"
         "to confirm); --format json or markdown lists them for a CI job.  A FILE may name\n"
         "a baseline saved in " BR_BASELINE_DIR "/.\n"
         "Exit status: 0 written, 1 with --fail-on change when the newest run begins a\n"
         "change, 2 usage or input error.\n");
    br_options_usage(stdout, options, &d);
}

static int fail(void)
{
    fprintf(stderr, "benchreport: %s\n", br_errmsg());
    return 2;
}

/* Reads every file (or baseline) into res[]; on error releases what was read. */
static int read_all(char **args, size_t n, struct br_results *res)
{
    char path[PATH_MAX];
    for (size_t i = 0; i < n; i++) {
        if (br_baseline_resolve(args[i], path, sizeof path) < 0 ||
            br_results_read(path, &res[i]) < 0 ||
            /* the charts are drawn in time units: counts would be shown as times */
            (br_results_measure(&res[i])->counted &&
             br_error("%s: a file of instruction counts; the reports draw times (compare counts "
                      "with benchcmp)",
                      path) < 0)) {
            if (res[i].rows) br_results_release(&res[i]);
            while (i-- > 0) br_results_release(&res[i]);
            return -1;
        }
    }
    return 0;
}

/* -o never replaces what benchreport reads - under any name, a symbolic or hard link - nor any
 * other results file: a report written over the run it reports loses the run.  0, or -1 with
 * br_error. */
static int check_out(const char *out, char **args, size_t n)
{
    struct stat o, in;
    char path[PATH_MAX];
    if (stat(out, &o) != 0) return 0; /* a new file (a bad folder is refused when writing) */
    for (size_t i = 0; i < n; i++)
        if (br_baseline_resolve(args[i], path, sizeof path) == 0 && stat(path, &in) == 0 &&
            in.st_dev == o.st_dev && in.st_ino == o.st_ino)
            return br_error("-o: %s is the results file %s, which the report reads; no file "
                            "written",
                            out, args[i]);
    struct br_results r;
    if (!S_ISREG(o.st_mode) || br_results_read(out, &r) < 0) return 0;
    br_results_release(&r);
    return br_error("-o: %s is a results file; benchreport replaces no results file", out);
}

/* The page in sb; the exit status --fail-on asks for. */
static int build_page(struct br_strbuf *sb, const struct benchreport_opts *o, char **args, size_t n,
                      const struct br_results *res)
{
    int rc = 0;
    if (n == 1) {
        br_page_run(sb, &res[0], args[0]);
    } else if (n == 2) {
        struct br_comparison c;
        br_compare(&res[0], &res[1], &o->cmp, &c);
        br_page_compare(sb, &res[0], args[0], &res[1], args[1], &c);
        br_comparison_release(&c);
    } else {
        struct br_history h;
        br_history_build(res, (const char *const *)args, n, &o->cp, &h);
        if (!h.by_date) br_warn("not every file has a date line: the history keeps their order");
        formats[o->format].write(sb, &h, &o->cp);
        rc = o->fail_on == 1 && br_history_newest_starts_change(&h);
        br_history_release(&h);
    }
    return rc;
}

static int report(const struct benchreport_opts *o, const struct br_args *args)
{
    size_t n = args->npositional;
    if (!n) return br_error("no results file given (see --help)"), fail();
    if (!o->out && o->format == 0)
        return br_error("-o: the report's file is missing (-o OUT.html)"), fail();
    if (o->format != 0 && n < 3)
        return br_error("--format %s: a history's change points, of three or more files",
                        formats[o->format].name),
               fail();
    if (o->fail_on && n < 3)
        return br_error("--fail-on change: a history's, of three or more files"), fail();
    if (o->out && check_out(o->out, args->positional, n) < 0) return fail();
    struct br_results *res = br_xcalloc(n, sizeof *res);
    if (read_all(args->positional, n, res) < 0) {
        free(res);
        return fail();
    }
    struct br_strbuf sb;
    br_strbuf_init(&sb);
    int rc = build_page(&sb, o, args->positional, n, res);
    if (br_html_write(o->out, &sb) < 0) rc = fail();
    br_strbuf_release(&sb);
    for (size_t i = 0; i < n; i++) br_results_release(&res[i]);
    free(res);
    return rc;
}

int main(int argc, char **argv)
{
    struct benchreport_opts o;
    struct br_args args;
    int rc = 0;
    br_set_progname("benchreport");
    defaults(&o);
    if (br_options_parse(options, &o, argc, argv, NULL, &args) < 0) return fail();
    if (o.help)
        usage();
    else if (o.version)
        printf("benchreport %s\n", PACKAGE_VERSION);
    else
        rc = report(&o, &args);
    br_args_release(&args);
    return br_stdout_close(rc);
}
