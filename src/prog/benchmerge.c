/* benchmerge.c - the benchmerge program: one results file from the shards of a run.
 *
 *     benchrun --shard 1/3 --out s1.csv    (one CI job each)
 *     benchmerge s1.csv s2.csv s3.csv -o merged.csv
 *
 * The work and its rules are model/merge.h's.  Exit status: 0 merged, 2 usage or input error
 * (one line naming the file and what disagrees), 3 the merged file could not be written.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "base/interrupt.h"
#include "base/options.h"
#include "base/stream.h"
#include "config.h"
#include "format/results_read.h"
#include "model/merge.h"
#include "prog/results_out.h"

struct benchmerge_opts {
    const char *out;
    int force, quiet, help, version;
};

#define OPT(field) offsetof(struct benchmerge_opts, field)
static const struct br_option options[] = {
    {"-o", BR_OPT_STRING, OPT(out), 0, 0, NULL, "FILE",
     "the merged results file (.json: Google Benchmark JSON; else CSV)"},
    {"--out", BR_OPT_STRING, OPT(out), 0, 0, NULL, "FILE", "the same as -o"},
    {"--force", BR_OPT_FLAG, OPT(force), 0, 0, NULL, NULL,
     "merge shards that disagree (noted in the file), and replace an existing -o file"},
    {"--quiet", BR_OPT_FLAG, OPT(quiet), 0, 0, NULL, NULL, "no warnings or notes"},
    {"--help", BR_OPT_FLAG, OPT(help), 0, 0, NULL, NULL, "this help"},
    {"--version", BR_OPT_FLAG, OPT(version), 0, 0, NULL, NULL, "print the version"},
    {NULL, 0, 0, 0, 0, NULL, NULL, NULL}};

static const char synopsis[] = "benchmerge [options] SHARD... -o MERGED.csv";
static const char summary[] =
    "Merges the results files of the shards of one run (benchrun --shard K/N, one per CI job)\n"
    "into one results file, as if the run had been done in one job: benchcmp, benchreport and\n"
    "the paired runs read it like any other.  Refuses shards of different suites, machine\n"
    "kinds or measures, an incomplete set of shards (unless --force), and a benchmark present\n"
    "twice or samples of another measure or counter (even with --force).\n"
    "Exit status: 0 merged, 2 usage or input error, 3 the file could not be written.";

static int fail(int status)
{
    fprintf(stderr, "benchmerge: %s\n", br_errmsg());
    return status;
}

/* Reads every shard; on error releases what was read. */
static int read_all(char **paths, size_t n, struct br_results *res)
{
    for (size_t i = 0; i < n; i++) {
        if (br_results_read(paths[i], &res[i]) < 0) {
            while (i-- > 0) br_results_release(&res[i]);
            return -1;
        }
    }
    return 0;
}

/* What the merge kept although it disagreed (--force). */
static void forced_notes(const struct br_results *merged)
{
    for (size_t i = 0; i < merged->nctx; i++)
        if (strcmp(merged->ctx[i].key, "merge_forced") == 0)
            br_warn("merged under --force: %s", merged->ctx[i].value);
}

static int merge(const struct benchmerge_opts *o, char **paths, size_t n)
{
    struct br_results *in = br_xcalloc(n, sizeof *in), merged;
    char *saved_as = NULL;
    int rc = 0;
    if (read_all(paths, n, in) < 0) {
        free(in);
        return fail(2);
    }
    if (br_merge_shards(in, (const char *const *)paths, n, o->force, &merged) < 0) {
        rc = fail(2);
    } else {
        if (!o->quiet) forced_notes(&merged);
        if (br_results_out_save(o->out, o->force, &merged, &saved_as) < 0)
            rc = fail(BR_EXIT_NOT_SAVED);
        else if (!o->quiet)
            fprintf(stderr, "benchmerge: %zu benchmarks from %zu files saved to %s\n", merged.nrows,
                    n, saved_as);
        br_results_release(&merged);
    }
    free(saved_as);
    for (size_t i = 0; i < n; i++) br_results_release(&in[i]);
    free(in);
    return rc;
}

static int run(const struct benchmerge_opts *o, const struct br_args *args)
{
    if (!o->out)
        return br_error("-o: missing: where to write the merged file (see --help)"), fail(2);
    if (!args->npositional)
        return br_error("no shards given: benchmerge SHARD... -o MERGED.csv (see --help)"), fail(2);
    if (br_results_out_check("-o", o->out, o->force) < 0) return fail(2);
    return merge(o, args->positional, args->npositional);
}

int main(int argc, char **argv)
{
    struct benchmerge_opts o = {0};
    struct br_args args;
    int rc = 0;
    br_set_progname("benchmerge");
    if (br_options_parse(options, &o, argc, argv, NULL, &args) < 0) return fail(2);
    if (o.help) {
        printf("usage: %s\n%s\n\n", synopsis, summary);
        br_options_usage(stdout, options, &o);
    } else if (o.version) {
        printf("benchmerge %s\n", PACKAGE_VERSION);
    } else {
        rc = run(&o, &args);
    }
    br_args_release(&args);
    return br_stdout_close(rc);
}
