/* changepoint_rates.c - how often the change-point detector (src/analyze/changepoint.c) alarms
 * on flat histories and how often it finds real steps: `make bench-changepoint`.
 *
 * Synthetic histories: the median of each run is 100 x (1 + step from index `at`) x
 * (1 + 0.01 N(0,1)) - 1 % run-to-run noise - and, in the "slow runs" variant, each run is
 * also 10-30 % slower with probability 0.05 (the host's slow states seen on this project's
 * VM).  A hit is a change point within one run of the true step; a false alarm is any change
 * point on a flat history.  Rates come with 95 % Wilson intervals (E. B. Wilson, JASA 22,
 * 1927).  Deterministic (fixed seeds): the numbers in docs/reports.md come from this program.
 * Prints Markdown tables.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "analyze/changepoint.h"
#include "base/random.h"

enum { NOISE_GAUSS, NOISE_SLOW_RUNS };

static void history(double *x, size_t n, size_t at, double step_pct, int noise, uint64_t *rng)
{
    for (size_t i = 0; i < n; i++) {
        x[i] = 100 * (i >= at ? 1 + step_pct / 100 : 1) * (1 + 0.01 * br_random_normal(rng));
        if (noise == NOISE_SLOW_RUNS && br_random_uniform(rng) < 0.05)
            x[i] *= 1.1 + 0.2 * br_random_uniform(rng);
    }
}

/* The 95 % Wilson score interval of k successes in n. */
static void wilson(size_t k, size_t n, double *lo, double *hi)
{
    const double z = 1.959963984540054;
    double p = (double)k / (double)n, d = 1 + z * z / (double)n;
    double c = (p + z * z / (2 * (double)n)) / d;
    double h = z * sqrt(p * (1 - p) / (double)n + z * z / (4.0 * (double)n * (double)n)) / d;
    *lo = fmax(0, c - h);
    *hi = fmin(1, c + h);
}

static void rate(size_t k, size_t n)
{
    double lo, hi;
    wilson(k, n, &lo, &hi);
    printf(" %.1f %% (%.1f-%.1f) |", 100.0 * (double)k / (double)n, 100 * lo, 100 * hi);
}

/* Of `trials` histories: how many have any change point (false alarms when step_pct is 0),
 * and how many have one within one run of `at` (hits). */
static void run_trials(size_t n, size_t at, double step_pct, int noise, const struct br_cp_opts *o,
                       size_t trials, size_t *any, size_t *hits)
{
    double *x = malloc(n * sizeof *x);
    struct br_changepoint *cp = malloc(n * sizeof *cp);
    uint64_t rng = 12345 + (uint64_t)(step_pct * 1000) + 7919 * at + 104729 * (uint64_t)noise;
    *any = *hits = 0;
    for (size_t t = 0; t < trials; t++) {
        history(x, n, at, step_pct, noise, &rng);
        size_t m = br_changepoints(x, n, o, cp, n), hit = 0;
        for (size_t i = 0; i < m; i++)
            if (cp[i].index + 1 >= at && cp[i].index <= at + 1) hit = 1;
        *any += m > 0;
        *hits += hit;
    }
    free(x);
    free(cp);
}

static const char *const noise_name[] = {"1 % noise", "1 % noise + slow runs"};

static void false_alarms(const struct br_cp_opts *base)
{
    static const size_t lengths[] = {10, 20, 30, 50, 100};
    static const struct {
        double alpha;
        size_t min_size;
    } configs[] = {{0.01, 3}, {0.01, 2}, {0.05, 3}};
    puts("\n### False alarms: flat histories, 1000 each\n");
    printf("| noise | alpha, min size |");
    for (size_t l = 0; l < sizeof lengths / sizeof lengths[0]; l++)
        printf(" %zu runs |", lengths[l]);
    printf("\n| --- | --- |");
    for (size_t l = 0; l < sizeof lengths / sizeof lengths[0]; l++) printf(" ---: |");
    putchar('\n');
    for (int noise = 0; noise < 2; noise++)
        for (size_t c = 0; c < sizeof configs / sizeof configs[0]; c++) {
            struct br_cp_opts o = *base;
            o.alpha = configs[c].alpha;
            o.min_size = configs[c].min_size;
            printf("| %s | %g, %zu |", noise_name[noise], o.alpha, o.min_size);
            for (size_t l = 0; l < sizeof lengths / sizeof lengths[0]; l++) {
                size_t any, hits;
                run_trials(lengths[l], lengths[l], 0, noise, &o, 1000, &any, &hits);
                rate(any, 1000);
            }
            putchar('\n');
            fflush(stdout);
        }
}

static void hit_rates(const struct br_cp_opts *o)
{
    static const double steps[] = {1, 2, 3, 5, 10, 20};
    static const size_t after[] = {3, 5, 10, 15};
    puts("\n### Hits: a step in a history of 30 runs, 500 each (defaults)\n");
    puts("A hit: a change point within one run of the step.  Runs after the step: how many runs "
         "of the new level the history holds.\n");
    printf("| noise | runs after the step |");
    for (size_t s = 0; s < sizeof steps / sizeof steps[0]; s++) printf(" +%g %% |", steps[s]);
    printf("\n| --- | ---: |");
    for (size_t s = 0; s < sizeof steps / sizeof steps[0]; s++) printf(" ---: |");
    putchar('\n');
    for (int noise = 0; noise < 2; noise++)
        for (size_t a = 0; a < sizeof after / sizeof after[0]; a++) {
            printf("| %s | %zu |", noise_name[noise], after[a]);
            for (size_t s = 0; s < sizeof steps / sizeof steps[0]; s++) {
                size_t any, hits;
                run_trials(30, 30 - after[a], steps[s], noise, o, 500, &any, &hits);
                rate(hits, 500);
            }
            putchar('\n');
            fflush(stdout);
        }
}

int main(void)
{
    struct br_cp_opts o;
    br_cp_opts_default(&o);
    printf("Change-point detector: E-divisive means, %u permutations; defaults alpha %g, "
           "min size %zu.\n",
           o.permutations, o.alpha, o.min_size);
    false_alarms(&o);
    hit_rates(&o);
    return 0;
}
