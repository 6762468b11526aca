/* metric.c - the table of metrics (see metric.h). */
#include "model/metric.h"

#include <string.h>

const struct br_metric_def br_metric_defs[] = {
    {"bytes_per_op", "B", BR_PER_BENCH, "bytes_per_second", "bytes_per_second", BR_CSV_RATE, 1,
     "bytes one operation processes (bench->bytes_per_op); written as B/s at the median time"},
    {"items_per_op", "1", BR_PER_BENCH, "items_per_second", "items_per_second", BR_CSV_RATE, 1,
     "items one operation processes (bench->items_per_op); written as items/s at the median"},
    {"cpu_ns", "ns", BR_PER_SAMPLE, "cpu_samples_ns", "cpu_ns", BR_CSV_SAMPLES, 0,
     "thread CPU time per operation, per sample (CLOCK_THREAD_CPUTIME_ID around each batch)"},
    {"involuntary_switches", "1", BR_PER_SAMPLE, "involuntary_switches", "involuntary_switches",
     BR_CSV_SAMPLES, 0,
     "times the kernel preempted the measuring thread during each sample's batch"},
    {"voluntary_switches", "1", BR_PER_SAMPLE, "voluntary_switches", "voluntary_switches",
     BR_CSV_SAMPLES, 0,
     "times the measuring thread waited (sleep, I/O, a lock) during each sample's batch"},
    {"wall_cpu_ratio", "1", BR_PER_BENCH, "wall_cpu_ratio", "wall_cpu_ratio", BR_CSV_VALUE, 0,
     "median over samples of wall time / thread CPU time (1 for code that neither waits nor is "
     "preempted)"},
    {"max_rss_kib", "KiB", BR_PER_BENCH, "max_rss_kib", "max_rss_kib", BR_CSV_VALUE, 0,
     "peak resident set of the process that ran the benchmark (its worker; benchrun itself "
     "with --no-fork), benchrun's own pages included"},
    /* callgrind's cache simulation (--measure instructions): fixed caches, not the host's, so
     * advisory - see docs/guide/instructions.md */
    {"l1_misses", "1", BR_PER_SAMPLE, "l1_misses_samples", "l1_misses", BR_CSV_SAMPLES, 0,
     "simulated first-level cache misses per operation, per sample (I1mr + D1mr + D1mw)"},
    {"ll_misses", "1", BR_PER_SAMPLE, "ll_misses_samples", "ll_misses", BR_CSV_SAMPLES, 0,
     "simulated last-level cache misses per operation, per sample (ILmr + DLmr + DLmw)"},
    {"est_cycles", "1", BR_PER_SAMPLE, "est_cycles_samples", "est_cycles", BR_CSV_SAMPLES, 0,
     "estimated cycles per operation, per sample: L1 hits + 5 LL hits + 35 RAM accesses"},
    {"allocs_per_op", "1", BR_PER_BENCH, "allocs_per_op", "allocs_per_iter", BR_CSV_VALUE, 0,
     "allocation calls per operation (malloc, calloc, realloc, aligned and C++ new), counted in "
     "a batch after the samples, on the benchmark's thread"},
    {"alloc_bytes_per_op", "B", BR_PER_BENCH, "alloc_bytes_per_op", "alloc_bytes_per_op",
     BR_CSV_VALUE, 0, "bytes those allocation calls asked for, per operation"},
    {"retained_bytes_per_op", "B", BR_PER_BENCH, "retained_bytes_per_op", "retained_bytes_per_op",
     BR_CSV_VALUE, 0,
     "bytes allocated in the counting batch and not freed by its end (sample_teardown "
     "included), per operation"},
    /* Only where the counting batches differ (run/memory.h): counts that depend on the state
     * a batch starts from, compared as measured (analyze/compare.h). */
    {"allocs_per_op_min", "1", BR_PER_BENCH, "allocs_per_op_min", "allocs_per_op_min", BR_CSV_VALUE,
     0, "the fewest allocation calls per operation of the counting batches, where they differ"},
    {"allocs_per_op_max", "1", BR_PER_BENCH, "allocs_per_op_max", "allocs_per_op_max", BR_CSV_VALUE,
     0, "the most allocation calls per operation of the counting batches, where they differ"},
    {"alloc_bytes_per_op_min", "B", BR_PER_BENCH, "alloc_bytes_per_op_min",
     "alloc_bytes_per_op_min", BR_CSV_VALUE, 0,
     "the fewest bytes asked per operation of the counting batches, where they differ"},
    {"alloc_bytes_per_op_max", "B", BR_PER_BENCH, "alloc_bytes_per_op_max",
     "alloc_bytes_per_op_max", BR_CSV_VALUE, 0,
     "the most bytes asked per operation of the counting batches, where they differ"},
    {"max_bytes_used", "B", BR_PER_BENCH, "max_bytes_used", "max_bytes_used", BR_CSV_VALUE, 0,
     "most bytes of the counting batch's allocations live at once (Google Benchmark's "
     "MemoryManager field of that name)"},
    {"pair_first", "1", BR_PER_SAMPLE, "pair_first", "pair_first", BR_CSV_SAMPLES, 0,
     "paired runs: 1 where this side's sample of the pair ran first, 0 where it ran second"},
    {"complexity_n", "1", BR_PER_BENCH, "complexity_n", NULL, BR_CSV_VALUE, 0,
     "the problem size N the benchmark declared (bench->complexity_n) for complexity fitting; "
     "Google Benchmark's JSON entries do not carry it"},
    {"counter", "1", BR_PER_BENCH, NULL, NULL, BR_CSV_VALUE, 0,
     "a user counter (bench_counter): column counter_NAME, JSON key NAME; its value as Google "
     "Benchmark reports it (a rate at the median time)"},
    {NULL, NULL, BR_PER_BENCH, NULL, NULL, BR_CSV_VALUE, 0, NULL}};

const struct br_measure_def br_measures[] = {
    {"time", "ns", "_ns", "real_time", 0},
    {"instructions", "instructions", "_instructions", "instructions", 1},
    {NULL, NULL, NULL, NULL, 0}};

const struct br_measure_def *br_measure_find(const char *name)
{
    for (const struct br_measure_def *m = br_measures; m->name; m++)
        if (strcmp(m->name, name) == 0) return m;
    return NULL;
}

const char *br_metric_name(const struct br_metric *m) { return m->name ? m->name : m->def->name; }

const char *br_metric_json(const struct br_metric *m) { return m->name ? m->name : m->def->json; }

const struct br_metric_def *br_metric_def_find(const char *name)
{
    for (const struct br_metric_def *d = br_metric_defs; d->name; d++)
        if (strcmp(d->name, name) == 0) return d;
    return NULL;
}

const struct br_metric_def *br_metric_def_by_column(const char *column)
{
    for (const struct br_metric_def *d = br_metric_defs; d->name; d++)
        if (d->column && strcmp(d->column, column) == 0) return d;
    return NULL;
}

const struct br_metric_def *br_counter_def(void)
{
    static const struct br_metric_def *def;
    if (!def) def = br_metric_def_find("counter");
    return def;
}

int br_metric_gb_own_key(const char *key)
{
    /* The keys of a Google Benchmark JSON entry that are not counters (json_reporter.cc), and
     * ours: a counter of such a name would make an entry hold a key twice. */
    static const char *const keys[] = {"name",
                                       "family_index",
                                       "per_family_instance_index",
                                       "run_name",
                                       "run_type",
                                       "repetitions",
                                       "repetition_index",
                                       "threads",
                                       "iterations",
                                       "real_time",
                                       "cpu_time",
                                       "time_unit",
                                       "aggregate_name",
                                       "aggregate_unit",
                                       "error_occurred",
                                       "error_message",
                                       "label",
                                       "big_o",
                                       "rms",
                                       "cpu_coefficient",
                                       "real_coefficient",
                                       "total_allocated_bytes", /* GB's MemoryManager */
                                       "net_heap_growth",
                                       NULL};
    for (size_t i = 0; keys[i]; i++)
        if (strcmp(keys[i], key) == 0) return 1;
    for (const struct br_metric_def *d = br_metric_defs; d->name; d++)
        if (d->json && strcmp(d->json, key) == 0) return 1;
    for (const struct br_measure_def *m = br_measures; m->name; m++)
        if (strcmp(m->json, key) == 0) return 1; /* "instructions" of a run of counts */
    return 0;
}
