/* user_counters.h - user counters (bench_counter, bench.h) on their way from the body to the row.
 *
 * Where the snippet runs, the session gathers the counters of every thread's bench_t after
 * each batch: by name, summed over the threads (Google Benchmark sums its counters over threads,
 * counter.cc Increment), the mean with BENCH_COUNTER_AVG_THREADS.  The set of counters is fixed
 * when sampling starts: READY names each counter "counter:FLAGS:NAME" after the fixed values
 * (protocol.h), and RESULT carries their values in that order after the fixed ones; a counter
 * set for the first time later cannot be named, and fails the benchmark.  The controller keeps
 * the values of the last sample, which become the row's counters at the median time
 * (br_counter_finish, results.h), as bytes_per_op does.
 */
#ifndef BR_USER_COUNTERS_H
#define BR_USER_COUNTERS_H

#include <stddef.h>

#include "bench.h"
#include "model/results.h"

/* The longest counter name (bench.h says so to users). */
#define BR_COUNTER_NAME_MAX 48
/* The prefix of a counter's name in READY. */
#define BR_COUNTER_VALUE_PREFIX "counter:"

struct br_counter_set {
    size_t n;
    char names[BENCH_MAX_COUNTERS][BR_COUNTER_NAME_MAX + 1];
    unsigned flags[BENCH_MAX_COUNTERS];
    double per_op[BENCH_MAX_COUNTERS]; /* over the threads, as of the last batch */
    int at[BENCH_MAX_COUNTERS];        /* controller: the counter's place in RESULT */
    int late;                          /* a counter appeared after the set was fixed */
};

/* The counters of states[0..n) into `set`: when `fixed`, only those already in it (another
 * sets `late`), else new names are added.  -1 with `why` (a sentence naming the counter) for a
 * bad name, unknown flags, kinds that differ between threads or more than BENCH_MAX_COUNTERS. */
int br_counters_gather(struct br_counter_set *set, const bench_t *const *states, int n, int fixed,
                       char *why, size_t size);
/* "counter:FLAGS:NAME" of counter i into buf. */
void br_counters_value_name(const struct br_counter_set *set, size_t i, char *buf, size_t size);
/* Controller: a READY value name; adds the counter found at RESULT index `at` and returns 1,
 * or 0 when the name is not a counter's. */
int br_counters_take_name(struct br_counter_set *set, const char *value_name, int at);
/* Controller: the counters' values from a RESULT of `n` doubles. */
void br_counters_take_values(struct br_counter_set *set, const double *result, size_t n);
/* Counting instructions there is no time per operation, so a rate per second
 * (BENCH_COUNTER_RATE) has no value: removes the rate counters from `set`, their names quoted
 * and comma-separated into `names` (empty when none).  How many it removed. */
size_t br_counters_drop_rates(struct br_counter_set *set, char *names, size_t size);
/* Whether every counter's reported value at `median_ns` per operation is a finite number (an
 * inverted 0 is not): 0, or -1 with `why`. */
int br_counters_check(const struct br_counter_set *set, double median_ns, char *why, size_t size);
/* The row's counters: each per-operation amount made the reported value at the row's median
 * time (checked by br_counters_check first). */
void br_counters_to_row(const struct br_counter_set *set, struct br_row *row);

#endif
