/* results.h - the in-memory results model: what a run produced, what a results file holds.
 *
 * Every writer (console, CSV, JSON), every reader (CSV results file, Google Benchmark JSON) and
 * benchcmp meet here.  A results file is:
 *
 *   # key: value            context lines, in order (keys may repeat, e.g. "failed")
 *   name,iterations,...      an RFC 4180 CSV header (see BR_CSV_COLUMNS in report_csv.c)
 *   rows                     one per benchmark
 *
 * Invariants: every row has nsamples >= 1 finite, non-negative samples (per operation, in the
 * unit of the run's measure: br_results_measure(), ns unless it says otherwise), and
 * `summary` is br_stats_summarize() of them; a median_only row has exactly one.
 */
#ifndef BR_RESULTS_H
#define BR_RESULTS_H

#include <stddef.h>
#include <stdint.h>

#include "model/metric.h"
#include "model/stats.h"

/* A context line.  `num` is the value as a number when it was set as one (NAN otherwise), so
 * a number travels from producer to writer without a round trip through text. */
struct br_kv {
    char *key;
    char *value;
    double num;
};

struct br_row {
    char *name;          /* full name: base or base/arg */
    uint64_t iterations; /* operations per sample (timed batch) */
    size_t nsamples;     /* = the `repetitions` column */
    double *samples;     /* per operation (ns, or the measure's unit), one per sample, in order */
    struct br_summary summary;
    struct br_metric *metrics; /* in the order of br_metric_defs[] */
    size_t nmetrics;
    /* 1 when the producer kept only summaries, not the samples (Google Benchmark's
     * --benchmark_report_aggregates_only): `samples` is then the one median, nsamples 1, and no
     * test of a change is possible (compare.c says so).  Read from Google Benchmark JSON only;
     * not written to a results file. */
    int median_only;
};

struct br_results {
    struct br_kv *ctx;
    size_t nctx, ctx_cap;
    struct br_row *rows;
    size_t nrows, rows_cap;
};

void br_results_init(struct br_results *r);
void br_results_release(struct br_results *r);
/* Appends a context line (copies both strings). */
void br_results_set(struct br_results *r, const char *key, const char *value);
/* Appends a context line holding a number, written with `digits` significant digits (%g). */
void br_results_set_num(struct br_results *r, const char *key, double v, int digits);
/* Removes every context line of `key`. */
void br_results_remove(struct br_results *r, const char *key);
/* First value of `key`, or NULL. */
const char *br_results_get(const struct br_results *r, const char *key);
/* First value of `key` as a number: 0, or -1 when absent or not a number. */
int br_results_get_num(const struct br_results *r, const char *key, double *out);
/* The measure of the samples: the `measure` context line's (time when there is none), or NULL
 * when it names no measure this program knows (the readers refuse such files). */
const struct br_measure_def *br_results_measure(const struct br_results *r);
/* Appends a row taking a copy of the samples; computes its summary. */
struct br_row *br_results_add(struct br_results *r, const char *name, uint64_t iterations,
                              const double *samples, size_t nsamples);
/* Appends a copy of `row` (from another results) with its metrics. */
struct br_row *br_results_copy_row(struct br_results *r, const struct br_row *row);
/* Puts the rows from `first` on in the order of names[0..n) (every row's name is there). */
void br_results_order_rows(struct br_results *r, size_t first, const char *const *names, size_t n);
/* Row named `name`, or NULL. */
const struct br_row *br_results_find(const struct br_results *r, const char *name);

/* Sets a per-benchmark metric (replacing an earlier value); `name` must be in br_metric_defs
 * with scope BR_PER_BENCH and `v` finite and non-negative (asserted: producers check). */
void br_row_set(struct br_row *row, const char *name, double v);
/* Sets a per-sample metric from row->nsamples values (copied), and its summary. */
void br_row_set_samples(struct br_row *row, const char *name, const double *v);
/* The metric named `name` of the row, or NULL. */
const struct br_metric *br_row_metric(const struct br_row *row, const char *name);
/* A per-benchmark metric's value, or `dflt` when the row does not have it. */
double br_row_value(const struct br_row *row, const char *name, double dflt);
/* The value of metric `m` of `row` at sample i: its own sample, the rate of a per-operation
 * amount at that sample's time (BR_CSV_RATE), or the per-benchmark value. */
double br_metric_at(const struct br_row *row, const struct br_metric *m, size_t i);
/* Per-operation amount as a rate per second at time `ns` per operation (B/s, items/s); 0 when
 * ns is 0, which has no rate. */
double br_rate_per_second(double per_op, double ns);

#endif
