/* changepoint_rates.c - how often the change-point method (src/analyze/changepoint.c) finds a
 * known step at the right run, and how often it marks one where there is none:
 * `make bench-changepoint`.
 *
 * Synthetic histories as issue 24 sets them: run i's true level is 100 x (1 + step from run
 * `at`) x (1 + 0.01 N(0,1)) - 1 % run-to-run noise - and the run measures 20 samples of that
 * level x (1 + 0.01 N(0,1)) - 1 % within-run noise; the history holds each run's sample
 * median and the variance of that median (history.c's estimate, IQR based).  Seeds 1..20 for
 * every case (the seed is the case's generator state), so each figure is k of 20 and the
 * numbers in docs/reports.md come from this program.  `--dump` prints every history's medians
 * instead, one line per history ("case seed x0 x1 ..."), for Otava's code to read the same
 * series.  A hit is a change point at exactly the first run of the new level.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "analyze/changepoint.h"
#include "analyze/history.h"
#include "base/random.h"

#define SEEDS   20
#define SAMPLES 20

static int dump;

/* One run at `level`: the median of its samples and the median's variance, as benchreport
 * takes them from a results file's row. */
static void run(double level, uint64_t *rng, double *median, double *var)
{
    double s[SAMPLES];
    struct br_summary sum;
    for (int i = 0; i < SAMPLES; i++) s[i] = level * (1 + 0.01 * br_random_normal(rng));
    br_stats_summarize(s, SAMPLES, &sum);
    *median = sum.median;
    *var = br_history_median_variance(&sum);
}

/* A history of n runs: level +step_pct % from `at`, and `slow` (a factor) on runs listed in
 * slow_runs[] (SIZE_MAX-terminated). */
struct shape {
    size_t n, at;
    double step_pct;
    const size_t *slow_runs;
    double slow;
};

static void history(const struct shape *sh, uint64_t seed, double *x, double *v)
{
    uint64_t rng = seed * 0x9e3779b97f4a7c15ULL + 1;
    for (size_t i = 0; i < sh->n; i++) {
        double level = 100 * (i >= sh->at ? 1 + sh->step_pct / 100 : 1);
        level *= 1 + 0.01 * br_random_normal(&rng);
        for (const size_t *s = sh->slow_runs; s && *s != (size_t)-1; s++)
            if (*s == i) level *= sh->slow;
        run(level, &rng, &x[i], &v[i]);
    }
}

struct tally {
    int hit;     /* a change point at `at` */
    int pending; /* a step to confirm at `at` */
    int marks;   /* change points anywhere (not pending) */
    int early;   /* a change point at at - 1 */
    int flags;   /* a step to confirm anywhere */
};

static struct tally trial(const char *name, const struct shape *sh, uint64_t seed)
{
    double x[64], v[64];
    struct br_changepoint cp[64];
    struct br_cp_opts o;
    struct tally t = {0, 0, 0, 0, 0};
    br_cp_opts_default(&o);
    history(sh, seed, x, v);
    if (dump) {
        printf("%s %llu", name, (unsigned long long)seed);
        for (size_t i = 0; i < sh->n; i++) printf(" %.6f", x[i]);
        putchar('\n');
        return t;
    }
    size_t m = br_changepoints(x, v, sh->n, &o, cp, 64);
    for (size_t i = 0; i < m; i++) {
        if (cp[i].missing) {
            t.pending |= cp[i].index == sh->at;
            t.flags = 1;
            continue;
        }
        t.marks++;
        t.hit |= cp[i].index == sh->at;
        t.early |= cp[i].index + 1 == sh->at;
    }
    return t;
}

/* Over seeds 1..20: r[0] hits, r[1] "at least to confirm", r[2] histories with any mark,
 * r[3] marks one run early, r[4] histories with a step to confirm. */
static void cases(const char *name, const struct shape *sh, int *r)
{
    memset(r, 0, 5 * sizeof *r);
    for (uint64_t seed = 1; seed <= SEEDS; seed++) {
        struct tally t = trial(name, sh, seed);
        r[0] += t.hit;
        r[1] += t.hit || t.pending;
        r[2] += t.marks > 0;
        r[3] += t.early;
        r[4] += t.flags;
    }
}

/* +20 % with at least 3 runs (or exactly 2) after it, every position in 6-15 runs: the worst. */
static void short_histories(size_t after_exact)
{
    int worst = SEEDS + 1;
    size_t wn = 0, wat = 0;
    for (size_t n = 6; n <= 15; n++)
        for (size_t at = 3; at + (after_exact ? after_exact : 3) <= n; at++) {
            if (after_exact && at + after_exact != n) continue;
            struct shape sh = {n, at, 20, NULL, 1};
            char name[32];
            int r[5];
            snprintf(name, sizeof name, "step20_%zu_at_%zu", n, at);
            cases(name, &sh, r);
            int got = after_exact ? r[1] : r[0];
            if (!dump && got < worst) worst = got, wn = n, wat = at;
        }
    if (dump) return;
    if (after_exact)
        printf("| +20 %%, %zu run%s after it, 6-15 runs (worst: at %zu of %zu) | flagged (mark "
               "or to confirm) | %d/20 |\n",
               after_exact, after_exact == 1 ? "" : "s", wat, wn, worst);
    else
        printf("| +20 %%, >= 3 runs a side, 6-15 runs, every position (worst: at %zu of %zu) | "
               "right run | %d/20 |\n",
               wat, wn, worst);
}

static void one(const char *label, const char *what, const char *name, const struct shape *sh,
                int which)
{
    int r[5];
    cases(name, sh, r);
    if (!dump) printf("| %s | %s | %d/20 |\n", label, what, r[which]);
}

/* The level on many flat histories: marks and steps to confirm in 1000 each. */
static void flat_level(void)
{
    static const size_t lengths[] = {10, 20, 30, 50};
    puts("\n| flat history, 1000 seeds | any mark | a step to confirm |\n| --- | ---: | ---: |");
    for (size_t l = 0; l < sizeof lengths / sizeof lengths[0]; l++) {
        struct shape sh = {lengths[l], lengths[l], 0, NULL, 1};
        int marks = 0, flags = 0;
        for (uint64_t seed = 1000; seed < 2000; seed++) {
            struct tally t = trial("flat", &sh, seed);
            marks += t.marks > 0;
            flags += t.flags;
        }
        printf("| %zu runs | %.1f %% | %.1f %% |\n", lengths[l], marks / 10.0, flags / 10.0);
    }
}

int main(int argc, char **argv)
{
    static const size_t outlier_mid[] = {7, (size_t)-1}, outlier_30[] = {12, (size_t)-1},
                        slow_end[] = {18, 19, (size_t)-1};
    dump = argc > 1 && strcmp(argv[1], "--dump") == 0;
    if (!dump) puts("| history | counted | of 20 seeds |\n| --- | --- | ---: |");
    short_histories(0);
    short_histories(2);
    short_histories(1);
    one("+10 % at run 20 of 30", "right run", "step10_30_at_20",
        &(struct shape){30, 20, 10, NULL, 1}, 0);
    one("+5 % at run 15 of 30", "right run", "step5_30_at_15", &(struct shape){30, 15, 5, NULL, 1},
        0);
    one("flat, 15 runs", "any mark", "flat_15", &(struct shape){15, 15, 0, NULL, 1}, 2);
    one("flat, 30 runs", "any mark", "flat_30", &(struct shape){30, 30, 0, NULL, 1}, 2);
    one("flat, 15 runs", "a step to confirm", "flat_15", &(struct shape){15, 15, 0, NULL, 1}, 4);
    one("flat, 30 runs", "a step to confirm", "flat_30", &(struct shape){30, 30, 0, NULL, 1}, 4);
    one("flat 15 runs, run 7 +30 %", "any mark", "outlier_15",
        &(struct shape){15, 15, 0, outlier_mid, 1.3}, 2);
    one("flat 30 runs, run 12 +30 %", "any mark", "outlier_30",
        &(struct shape){30, 30, 0, outlier_30, 1.3}, 2);
    one("20 runs, the last two +20 %", "a mark at run 17 (the one before)", "slow_end_20",
        &(struct shape){20, 18, 0, slow_end, 1.2}, 3);
    one("20 runs, the last two +20 %", "flagged at run 18 (to confirm)", "slow_end_20",
        &(struct shape){20, 18, 0, slow_end, 1.2}, 1);
    if (!dump) flat_level();
    return 0;
}
