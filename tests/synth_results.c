/* synth_results.c - writes a synthetic, deterministic results file for the report tests.
 *
 *   synth_results --out FILE [--run I] [--benchmarks N] [--samples S] [--no-commit]
 *
 * Run I of a made-up suite, dated 2026-01-01 + I days (of 28-day months), with a made-up
 * git_commit: the first names are curated (a parameter family memcpy/64, /4096, /65536 and a few
 * singles), the rest synthetic_NNN.  Two benchmarks change on purpose, so that a history of runs
 * 0..15 has known change points: sort/1024 is 25 % slower from run 8 on, hash/fnv1a 20 % faster
 * from run 5 on. Noise: each run's level moves by ~1.5 % (sd) and each sample by ~1 %, with a few
 * slow outliers, from a generator seeded by the run, so the same arguments give the same file.
 */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "base/error.h"
#include "base/options.h"
#include "base/random.h"
#include "format/report.h"
#include "model/results.h"

struct synth_opts {
    const char *out;
    unsigned run, benchmarks, samples;
    int no_commit;
};

#define OPT(f) offsetof(struct synth_opts, f)
static const struct br_option options[] = {
    {"--out", BR_OPT_STRING, OPT(out), 0, 0, NULL, "FILE", "the results file to write"},
    {"--run", BR_OPT_UINT, OPT(run), 0, 1000, NULL, "I", "which run of the history (0)"},
    {"--benchmarks", BR_OPT_UINT, OPT(benchmarks), 1, 100000, NULL, "N", "how many (8)"},
    {"--samples", BR_OPT_UINT, OPT(samples), 1, 100000, NULL, "S", "samples each (30)"},
    {"--no-commit", BR_OPT_FLAG, OPT(no_commit), 0, 0, NULL, NULL, "no git_commit line"},
    {NULL, 0, 0, 0, 0, NULL, NULL, NULL}};

static const struct {
    const char *name;
    double ns;
} curated[] = {{"sort/1024", 5400},  {"hash/fnv1a", 230},   {"memcpy/64", 2.4},
               {"memcpy/4096", 35},  {"memcpy/65536", 640}, {"strlen/16", 4.2},
               {"parse_json", 1800}, {"sqrt_double", 2.5}};
#define NCURATED (sizeof curated / sizeof curated[0])

/* The level of benchmark i in run `run`: its base time and the deliberate steps. */
static double level(size_t i, unsigned run)
{
    double ns = i < NCURATED ? curated[i].ns : 10 * pow(1.07, (double)(i % 100));
    if (i == 0 && run >= 8) ns *= 1.25;
    if (i == 1 && run >= 5) ns *= 0.80;
    return ns;
}

static void add_benchmark(struct br_results *r, size_t i, const struct synth_opts *o, uint64_t *s)
{
    char name[32];
    double *x = br_xmalloc(o->samples * sizeof *x), run_level = 1 + 0.015 * br_random_normal(s);
    for (unsigned k = 0; k < o->samples; k++) {
        double outlier = br_random_uniform(s) < 0.04 ? 1.1 + 0.3 * br_random_uniform(s) : 1;
        x[k] = level(i, o->run) * run_level * (1 + 0.01 * br_random_normal(s)) * outlier;
    }
    if (i >= NCURATED) snprintf(name, sizeof name, "synthetic_%03zu", i);
    br_results_add(r, i < NCURATED ? curated[i].name : name, 1000, x, o->samples);
    free(x);
}

static void context(struct br_results *r, const struct synth_opts *o, uint64_t *s)
{
    char buf[64];
    /* Months of 28 days: dates stay in order for the 1001 runs --run allows. */
    snprintf(buf, sizeof buf, "%u-%02u-%02uT10:00:00Z", 2026 + o->run / 336, 1 + o->run / 28 % 12,
             1 + o->run % 28);
    br_results_set(r, "date", buf);
    br_results_set(r, "host", "synth-host");
    br_results_set(r, "cpu_brand", "Synthetic CPU @ 3.00GHz");
    br_results_set(r, "compiler", "gcc 12.2.0");
    snprintf(buf, sizeof buf, "%016llx%016llx%08llx", (unsigned long long)br_random_next(s),
             (unsigned long long)br_random_next(s), (unsigned long long)(br_random_next(s) >> 32));
    if (!o->no_commit) br_results_set(r, "git_commit", buf);
    br_results_set(r, "status", "complete");
}

int main(int argc, char **argv)
{
    struct synth_opts o = {NULL, 0, 8, 30, 0};
    struct br_args args;
    struct br_results r;
    uint64_t seed = 0;
    if (br_options_parse(options, &o, argc, argv, NULL, &args) < 0 || !o.out || args.npositional) {
        fprintf(stderr, "synth_results: %s\n", *br_errmsg() ? br_errmsg() : "--out FILE needed");
        return 2;
    }
    seed = 1000003u * (o.run + 1);
    br_results_init(&r);
    context(&r, &o, &seed);
    for (size_t i = 0; i < o.benchmarks; i++) add_benchmark(&r, i, &o, &seed);
    FILE *fp = fopen(o.out, "w");
    int rc = fp && br_report_csv(fp, &r) == 0 ? 0 : 2;
    if (fp && fclose(fp) != 0) rc = 2;
    if (rc) fprintf(stderr, "synth_results: %s: cannot write\n", o.out);
    br_results_release(&r);
    br_args_release(&args);
    return rc;
}
