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

/* Runs one fixture hook of `b` when the block has it. */
void br_batch_hook(const struct br_bench *b, enum br_hook which, bench_t *st);
/* Before a batch of n operations: sets st->arg and st->iterations, runs sample_setup. */
void br_batch_begin(const struct br_bench *b, bench_t *st, uint64_t n);
/* After the batch: sample_teardown. */
void br_batch_end(const struct br_bench *b, bench_t *st);
/* begin, n operations between the meters' readings (meter.h), end: out[i] is meter i's amount
 * for the whole batch, hooks excluded. */
void br_batch_measure(const struct br_bench *b, bench_t *st, struct br_meter *meters,
                      size_t nmeters, uint64_t n, double *out);
/* begin, n operations while counting allocations (alloc.h; `sites`: with their backtraces),
 * end: frees in sample_teardown still count against the batch's allocations. */
void br_batch_count(const struct br_bench *b, bench_t *st, uint64_t n, int sites,
                    struct br_alloc_count *out);
/* The same with the clock alone: the ns of the loop. */
double br_batch_timed(const struct br_bench *b, bench_t *st, const struct br_clock *clk,
                      uint64_t n);

#ifdef __cplusplus
}
#endif

#endif
