/* compare.h - matching two results by name and giving each benchmark a verdict.
 *
 * For a benchmark in both files: the medians, delta = new/old - 1, the two-sided Mann-Whitney
 * U test on the per-repetition samples (mannwhitney.h) and the interval of new/old.  A change
 * counts only when it is both significant and large:
 *
 *   regression    p < alpha and delta > +threshold      (slower)
 *   improvement   p < alpha and delta < -threshold     (faster)
 *   no-change     otherwise                            (`~` on the console, as benchstat)
 *   too-few-samples  even completely separated samples of these sizes would give p >= alpha,
 *                 so the data cannot decide (br_mw_min_pvalue)
 *   no-test       a side has only its median (median_only, results.h: Google Benchmark's
 *                 --benchmark_report_aggregates_only): the medians and delta are shown, no test
 *                 and no interval are possible, as in Google Benchmark's compare.py
 *   added / removed  only in the new / only in the old file
 *   unsure        a regression or improvement on a benchmark that either run marks
 *                 `contended` (it lost time to other work), when the options ask not to trust
 *                 those (unsure_if_contended); in a paired comparison, a change whose interval
 *                 still straddles the threshold
 *   failed        in a paired comparison, a side's `# failed:` line names the benchmark and
 *                 that side has no row for it (it crashed, hung, exited or broke): nothing to
 *                 compare, and it fails the comparison as it fails benchrun, whichever side
 *                 it failed on.  Files of separate runs only warn (their own benchrun exited 1)
 *
 * Paired comparison: when both files come from one paired run (the same `paired_run` context,
 * benchcmp --run), sample i of a benchmark in each file is pair i, and the judgement is on the
 * per-pair log ratios d_i = ln(new_i / old_i) (wilcoxon.h): the Wilcoxon signed-rank p-value,
 * the Hodges-Lehmann estimate of the ratio as delta, and its interval at alpha / K, K being
 * the run's `paired_looks` (a Bonferroni split over the looks the adaptive run may take, so
 * that looking again cannot inflate false alarms).  The verdict compares that interval with
 * the threshold band [-threshold, +threshold]: above it regression, below it improvement,
 * inside it no-change, across an edge unsure (more pairs might decide).
 *
 * Instruction counts (files whose `measure` is counted, model/metric.h) repeat exactly - two
 * runs of unchanged code give the same samples - so the rank test has nothing to say (its
 * samples are ties) and an exact rule takes its place:
 *
 *   regression    delta > +threshold                   (more instructions)
 *   improvement   delta < -threshold
 *   no-change     |delta| <= threshold
 *   unsure        a side's samples spread (max - min) by more than the threshold of its
 *                 median: the count is not repeatable at that threshold (the snippet's work
 *                 varies from batch to batch), so no verdict is given and a warning says so
 *
 * with the threshold count_threshold_pct (default 0.5 %), and neither p-value nor interval.
 * Files of different measures, or counts by different counters, are not compared at all
 * (br_cmp_check).
 * Memory: when both rows carry allocation counts (allocs_per_op, alloc_bytes_per_op: counts of
 * counting batches, not samples), a row each beside the time, as benchstat prints allocs/op
 * and B/op.  No test: each side is a range, [min, max] of its counting batches where they
 * differed (allocs_per_op_min/_max...: the count depends on the state a batch starts from,
 * run/memory.h), else the exact value; with t = mem_threshold_pct of the old value (default 0)
 * and w the wider range (0 for exact counts):
 *
 *   regression    new min - old max > max(t, w)     (more allocations)
 *   improvement   old min - new max > max(t, w)
 *   no-change     every value of one range within t of every value of the other
 *   unsure        otherwise: counts that vary and overlap, or are apart by less than they
 *                 vary - two runs of unchanged code (issue 29: sqlite's INSERT, 2.016 and
 *                 2.031 allocs/op) - and a warning says so; never a failure but with
 *                 --fail-on unsure
 *
 * For exact counts this is the exact rule: any difference beyond t is a change.
 *
 * Summary: the geometric mean of new/old medians over the benchmarks in both files (those with
 * positive medians), and a count per verdict.  Warnings when the files' context lines say they
 * come from different CPUs, compilers or hosts, when a run reports failed benchmarks
 * (`# failed:` lines: a crash would otherwise look like "removed") or was interrupted, when a
 * file has median-only benchmarks (the note that no test was possible), and when the files
 * have no benchmark in common.
 */
#ifndef BR_COMPARE_H
#define BR_COMPARE_H

#include <stddef.h>
#include <stdio.h>

#include "model/results.h"

enum br_verdict {
    BR_NO_CHANGE,
    BR_REGRESSION,
    BR_IMPROVEMENT,
    BR_TOO_FEW,
    BR_NO_TEST,
    BR_ADDED,
    BR_REMOVED,
    BR_UNSURE,
    BR_FAILED,
    BR_NVERDICTS
};

/* "regression", "improvement", "no-change", "too-few-samples", "no-test", "added",
 * "removed", "unsure", "failed". */
const char *br_verdict_name(enum br_verdict v);

struct br_cmp_opts {
    double alpha;               /* significance level, in (0, 1); default 0.05 */
    double threshold_pct;       /* smallest |delta| that counts, in percent; default 5 */
    double count_threshold_pct; /* the same for instruction counts; default 0.5 */
    int unsure_if_contended;    /* a change on a contended benchmark is BR_UNSURE; default 0 */
    int show_metrics;           /* the console and Markdown list every metric both sides have */
    double mem_threshold_pct;   /* smallest |change| of allocs/op or B/op that counts; default 0 */
};

void br_cmp_opts_default(struct br_cmp_opts *o);

/* The memory rows: allocs/op and B/op. */
enum br_mem_kind { BR_MEM_ALLOCS, BR_MEM_BYTES, BR_NMEM };
extern const char *const br_mem_metric[BR_NMEM]; /* "allocs_per_op", "alloc_bytes_per_op" */
extern const char *const br_mem_label[BR_NMEM];  /* "allocs/op", "B/op" */
struct br_cmp_mem {
    int have;                /* both sides have the count */
    double old_v, new_v;     /* per operation */
    double delta_pct;        /* 100 (new/old - 1); +inf from 0 */
    enum br_verdict verdict; /* no-change, regression (more), improvement (fewer), unsure */
    int varies;              /* a side's counting batches differed */
    double old_range[2], new_range[2]; /* [min, max]; both the value where exact */
};

/* The rule above on two ranges of counts [min, max] and an absolute threshold. */
enum br_verdict br_cmp_counts(const double old_r[2], const double new_r[2], double threshold);

struct br_cmp_row {
    const char *name;              /* points into the old or new results */
    size_t old_n, new_n;           /* samples; 0 where a side is missing */
    double old_median, new_median; /* ns; NAN where a side is missing */
    double delta_pct;              /* 100 (new/old - 1); NAN where a side is missing; +inf from 0 */
    double p;                      /* NAN where not tested */
    double ci_low_pct, ci_high_pct; /* interval of 100 (new/old - 1); NAN when there is none */
    enum br_verdict verdict;
    const struct br_measure_def *measure;   /* of the medians: ns, or a count */
    const struct br_row *old_row, *new_row; /* NULL where a side is missing: their metrics */
    struct br_cmp_mem mem[BR_NMEM];
    /* BR_FAILED: the side that failed ("old", "new") and why (its `failed` line after the
     * name); owned_name holds the name when neither side has a row (freed with the rows). */
    const char *failed_side, *failed_why;
    char *owned_name;
};

/* A metric's one number for a comparison: the median of a per-sample metric, the value of a
 * per-benchmark one. */
double br_metric_typical(const struct br_metric *m);

struct br_comparison {
    struct br_cmp_row *rows; /* old file's order, then benchmarks only in the new file */
    size_t nrows;
    size_t count[BR_NVERDICTS];
    size_t mem_count[BR_NVERDICTS]; /* verdicts of the memory rows */
    size_t nmem;                    /* memory rows */
    double geomean; /* of new/old medians over `ngeomean` common benchmarks; NAN if none */
    size_t ngeomean;
    char **warnings; /* one line each, about the context lines */
    size_t nwarnings;
    struct br_cmp_opts opts;              /* as applied: threshold_pct is the measure's threshold */
    const struct br_measure_def *measure; /* of both files */
    int paired;     /* both files are one paired run: the paired test judged */
    unsigned looks; /* its paired_looks (1 when not paired) */
};

/* Whether two results measure the same thing: the same measure, and for counts the same
 * counter (callgrind and perf count differently: a simulated CPU, or the real one).  0, or -1
 * with br_error naming both sides ("old.csv measures instructions (callgrind), new.csv
 * time"). */
int br_cmp_check(const struct br_results *old, const char *old_name, const struct br_results *new_,
                 const char *new_name);

/* The test a comparison used, as the outputs name it. */
const char *br_comparison_test(const struct br_comparison *c);

/* The paired judgement of one benchmark (see the top): fills `row` (medians, delta, p,
 * interval, verdict) from n pairs of ns per operation. */
void br_cmp_pairs(const double *old_ns, const double *new_ns, size_t n, const struct br_cmp_opts *o,
                  unsigned looks, struct br_cmp_row *row);

/* Compares; `out` keeps pointers into both results, which must outlive it.  Always succeeds
 * (the readers guarantee the invariants of results.h). */
void br_compare(const struct br_results *old, const struct br_results *new_,
                const struct br_cmp_opts *o, struct br_comparison *out);
void br_comparison_release(struct br_comparison *c);

#endif
