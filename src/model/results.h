/* results.h - the in-memory results model: what a run produced, what a results file holds.
 *
 * Every writer (console, CSV, JSON), every reader (CSV results file, Google Benchmark JSON) and
 * benchcmp meet here.  A results file is:
 *
 *   # key: value            context lines, in order (keys may repeat, e.g. "failed")
 *   name,iterations,...      an RFC 4180 CSV header (see BR_CSV_COLUMNS in report_csv.c)
 *   rows                     one per benchmark
 *
 * Invariants: every row has nsamples >= 1 finite, non-negative samples (ns per operation), and
 * `summary` is br_stats_summarize() of them; a median_only row has exactly one.
 */
#ifndef BR_RESULTS_H
#define BR_RESULTS_H

#include <stddef.h>
#include <stdint.h>

#include "model/stats.h"

struct br_kv {
    char *key;
    char *value;
};

struct br_row {
    char *name;          /* full name: base or base/arg */
    uint64_t iterations; /* operations per sample (timed batch) */
    size_t nsamples;     /* = the `repetitions` column */
    double *samples;     /* ns per operation, one per sample, in measurement order */
    struct br_summary summary;
    double bytes_per_op; /* 0 when not declared */
    double items_per_op; /* 0 when not declared */
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
/* First value of `key`, or NULL. */
const char *br_results_get(const struct br_results *r, const char *key);
/* Appends a row taking a copy of the samples; computes its summary. */
struct br_row *br_results_add(struct br_results *r, const char *name, uint64_t iterations,
                              const double *samples, size_t nsamples);
/* Row named `name`, or NULL. */
const struct br_row *br_results_find(const struct br_results *r, const char *name);

#endif
