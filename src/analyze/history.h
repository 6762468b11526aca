/* history.h - many runs of one suite as a history: per benchmark the median of every run in
 * order of date, and the change points of that series (changepoint.h).
 *
 * Runs are ordered by their `date` context lines (ISO 8601, compared as text) when every run
 * has one, else kept in the order given.  A run is labelled by its `git_commit` context line
 * (the first 7 characters, as `git log --oneline`, more where two different commits of the
 * history would share them, as git lengthens an abbreviation; a "+" when `git_dirty` says the
 * tree had changes), else by its file name without folder and extension.  A change point is named
 * by the run where the new level begins, and its size is the change between the medians of the
 * segments on either side.
 *
 * The search costs O(n^2) time per change point and n^2 doubles for n runs (changepoint.h); it
 * weighs each run's median by its variance from the run's samples.  It looks at the
 * latest BR_HISTORY_MAX_SEARCH runs of each benchmark (older ones are drawn, without levels).
 */
#ifndef BR_HISTORY_H
#define BR_HISTORY_H

#include <stddef.h>

#include "analyze/changepoint.h"
#include "model/results.h"

/* 1000 runs: 8 MB and a few ms per benchmark and change point; years of daily runs. */
#define BR_HISTORY_MAX_SEARCH 1000

struct br_history_run {
    const struct br_results *results;
    const char *path;
    const char *date; /* the `date` line, or NULL */
    char *label;
};

/* The levels either side of a change point: the medians of the two segments' medians. */
struct br_history_step {
    double before, after;
    double pct; /* 100 (after / before - 1) */
};

struct br_history_series {
    const char *name;              /* points into one of the results */
    double *median, *q1, *q3;      /* per run; NAN where the run lacks this benchmark */
    double *level;                 /* per run: the level of its segment; NAN as above */
    double *var;                   /* per run: the variance of its median from its samples */
    struct br_changepoint *cps;    /* index: the RUN where the new level begins */
    struct br_history_step *steps; /* one per change point */
    size_t ncps;                   /* with the pending one, if any */
    int pending;                   /* 1: cps[ncps - 1] is a step awaiting more runs */
};

struct br_history {
    struct br_history_run *runs; /* oldest first */
    size_t nruns;
    struct br_history_series *series; /* in order of first appearance */
    size_t nseries;
    int by_date; /* 1: ordered by date lines; 0: some run had none, order as given */
};

/* The history of n runs, results[i] read from paths[i]; the results must outlive it. */
void br_history_build(const struct br_results *results, const char *const *paths, size_t n,
                      const struct br_cp_opts *o, struct br_history *out);
void br_history_release(struct br_history *h);

/* 1 when some benchmark's change point or step to confirm begins at the newest run. */
int br_history_newest_starts_change(const struct br_history *h);

/* The variance of a run's median from its samples: (pi / 2) sigma^2 / n for a normal sample
 * (the median's asymptotic variance), sigma estimated robustly by IQR / 1.349, so one slow
 * sample does not widen it.  0 for fewer than 2 samples. */
double br_history_median_variance(const struct br_summary *sum);

/* The label of one run on its own (7 characters of a commit), in a buffer the caller frees. */
char *br_history_label(const struct br_results *r, const char *path);

#endif
