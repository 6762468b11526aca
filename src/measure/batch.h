/* batch.h - calling a benchmark's code: its fixture hooks, and one timed batch.
 *
 * The one place that knows the order around a batch: arg and iterations set, sample_setup,
 * clock, the block's loop, clock, sample_teardown.  Both engines and the worker go through it,
 * so the hooks always stay outside the timed region.
 */
#ifndef BR_BATCH_H
#define BR_BATCH_H

#include <stdint.h>

#include "bench.h"
#include "measure/alloc.h"
#include "measure/clock.h"
#include "measure/meter.h"
#include "model/registry.h"

#ifdef __cplusplus
extern "C" {
#endif

enum br_hook { BR_HOOK_SETUP, BR_HOOK_TEARDOWN, BR_HOOK_SAMPLE_SETUP, BR_HOOK_SAMPLE_TEARDOWN };

/* Gives a fresh state the instance's identity: arg, args, nargs, threads, thread_index 0.
 * Called once, before the setup hook. */
void br_batch_init_state(const struct br_bench *b, bench_t *st);
/* For a threaded instance (b->threads > 1): starts its other threads (team.h) beside thread
 * 0's state `st`, which every batch then runs on all of them.  0, or -1 with br_error. */
int br_batch_threads_start(const struct br_bench *b, bench_t *st);
/* Ends them (nothing when the instance is not threaded). */
void br_batch_threads_stop(bench_t *st);
/* Runs one fixture hook of `b` when the block has it. */
void br_batch_hook(const struct br_bench *b, enum br_hook which, bench_t *st);
/* Before a batch of n operations: sets st->arg, st->args and st->iterations, runs
 * sample_setup, and with threads readies them (team.h: the threads' copies of st are made
 * after sample_setup). */
void br_batch_begin(const struct br_bench *b, bench_t *st, uint64_t n);
/* The batch itself, n operations (on every thread of a threaded instance), between
 * br_batch_begin and br_batch_end: for an engine that reads the clock itself. */
void br_batch_run(const struct br_bench *b, bench_t *st, uint64_t n);
/* After the batch: sample_teardown. */
void br_batch_end(const struct br_bench *b, bench_t *st);
/* begin, n operations between the meters' readings (meter.h), end: out[i] is meter i's amount
 * for the whole batch, hooks excluded.  With threads, n operations on each thread, and the
 * meters read on thread 0 around the whole batch (its wall time: team.h). */
void br_batch_measure(const struct br_bench *b, bench_t *st, struct br_meter *meters,
                      size_t nmeters, uint64_t n, double *out);
/* begin, n operations while counting allocations (alloc.h; `sites`: with their backtraces),
 * end: frees in sample_teardown still count against the batch's allocations. */
void br_batch_count(const struct br_bench *b, bench_t *st, uint64_t n, int sites,
                    struct br_alloc_count *out);
/* br_batch_count without the end: frees stay matched against the batch's blocks until the
 * caller's br_alloc_end() (a teardown hook may run first: run/memory.c). */
void br_batch_count_open(const struct br_bench *b, bench_t *st, uint64_t n, int sites);
/* The same with the clock alone: the ns of the loop. */
double br_batch_timed(const struct br_bench *b, bench_t *st, const struct br_clock *clk,
                      uint64_t n);

#ifdef __cplusplus
}
#endif

#endif
