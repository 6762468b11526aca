/* metric.h - the measures a result row carries, as data.
 *
 * A row of results (results.h) has its time samples - the measure every benchmark has - and a
 * list of named metrics.  A metric is either one value per sample (CPU time, context switches:
 * measured around each timed batch, like the time) or one value per benchmark (bytes per
 * operation, peak memory).  What a metric is called in each format, its unit and how it is
 * shown live in one table, br_metric_defs[] (metric.c); every writer and reader iterates over
 * it, so adding a metric is one entry there plus the code that produces it.
 *
 * Invariants: per-sample values are finite and non-negative and there are exactly
 * row->nsamples of them; a per-benchmark value is finite and non-negative.
 */
#ifndef BR_METRIC_H
#define BR_METRIC_H

#include <stddef.h>

#include "model/stats.h"

enum br_metric_scope {
    BR_PER_SAMPLE, /* one value per sample, in measurement order */
    BR_PER_BENCH   /* one value for the whole benchmark */
};

/* How the results file (CSV) writes a metric. */
enum br_metric_csv {
    BR_CSV_VALUE,   /* the value as it is (per-benchmark metrics) */
    BR_CSV_SAMPLES, /* the per-sample values joined with ';', like samples_ns */
    BR_CSV_RATE     /* value * 1e9 / median time: a per-operation amount as a rate per second
                       (bytes_per_second: Google Benchmark's convention, kept since version 0.1) */
};

struct br_metric_def {
    const char *name; /* the key in the model ("bytes_per_op", "cpu_ns") */
    const char *unit; /* of the model's value: "ns", "B", "KiB", "1" */
    enum br_metric_scope scope;
    const char *column; /* CSV column ("bytes_per_second", "cpu_samples_ns"); counters: NULL,
                           BR_COUNTER_PREFIX + the name */
    const char *json;   /* key in Google Benchmark JSON entries ("bytes_per_second", "cpu_ns");
                           NULL: none (GB's entries do not carry it), or a counter's name */
    enum br_metric_csv csv;
    int always;        /* the CSV column is written even when no row has the metric (the
                          columns of version 0.1, which readers may expect) */
    const char *about; /* one line for the documentation */
};

/* The table, terminated by an entry with name NULL; columns appear in files in this order. */
extern const struct br_metric_def br_metric_defs[];
/* The definition named `name`, or NULL. */
const struct br_metric_def *br_metric_def_find(const char *name);
/* The definition whose CSV column is `column`, or NULL. */
const struct br_metric_def *br_metric_def_by_column(const char *column);

/* The measure of a row's samples: what every benchmark of a run reports per operation.  Time
 * is read from the clock; instructions are counted (measure/instr_counter.h), exactly and
 * repeatably, and so compared by an exact rule instead of a test (analyze/compare.h).  A results
 * file names its measure twice - the `measure` context line and the unit in the names of the sample
 * columns (samples_ns, samples_instructions) - so no reader can take a count for a time. */
struct br_measure_def {
    const char *name;   /* --measure NAME, the `measure` context line: "time", "instructions" */
    const char *unit;   /* of one sample: "ns", "instructions" */
    const char *suffix; /* of the CSV sample and summary columns: "_ns", "_instructions" */
    const char *json;   /* the key of a sample in Google Benchmark JSON entries */
    int counted;        /* an exact count, not a time */
};

/* The table, terminated by an entry with name NULL; the first (time) is the default. */
extern const struct br_measure_def br_measures[];
/* The measure named `name`, or NULL. */
const struct br_measure_def *br_measure_find(const char *name);

/* User counters (bench_counter, bench.h) are metrics of one definition, "counter", told apart
 * by their names: each is a per-benchmark value, the CSV column BR_COUNTER_PREFIX + name and
 * the JSON key name (as Google Benchmark writes counters). */
#define BR_COUNTER_PREFIX "counter_"
/* The counter definition. */
const struct br_metric_def *br_counter_def(void);

/* Whether `key` is one of the keys a Google Benchmark JSON entry has of its own, or the JSON key
 * of one of benchmarks's metrics: not a user counter's name. */
int br_metric_gb_own_key(const char *key);

/* One metric of one row. */
struct br_metric {
    const struct br_metric_def *def;
    char *name;      /* a user counter's name (def br_counter_def()), owned; NULL otherwise */
    unsigned flags;  /* a counter's BENCH_COUNTER_* kind, for display (not kept in files) */
    double value;    /* BR_PER_BENCH */
    double *samples; /* BR_PER_SAMPLE: as many as the row has samples */
    struct br_summary summary; /* of the metric's value at each sample (br_metric_at) */
};

/* What a metric is called: a counter's own name, else its definition's. */
const char *br_metric_name(const struct br_metric *m);
/* Its key in Google Benchmark JSON entries, or NULL when it has none there. */
const char *br_metric_json(const struct br_metric *m);

#endif
