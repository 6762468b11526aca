/* memory.h - counting a benchmark's allocations after its timed samples.
 *
 * The counting batches run after the samples (as Google Benchmark's MemoryManager run does) in
 * a process whose GOT is patched for them (measure/alloc.h), so that malloc and its family reach
 * the counting functions; no timed batch ever runs with a slot patched, so timed batches call
 * glibc's malloc directly: counting costs them nothing, not even a branch.  Where:
 *
 * - a worker (forked or exec'd, one benchmark each) counts in place once its samples are over:
 *   patch, batches, unpatch (every slot restored).  A child forked for it instead would cost a
 *   fork per benchmark - 4.5 ms on this VM, minutes over CI's suite of 10,000 blocks
 *   (docs/measurement.md) - and buy nothing: the worker never times again;
 * - with --no-fork, benchrun times the next benchmarks in its own process, so a short-lived
 *   child forked for the purpose counts and exits, and the timed process is never patched.
 *   A body that needs threads it started earlier (in set-up: a pool) cannot run in that child,
 *   which has only the forking thread: counting is then off for it, with a note.
 */
#ifndef BR_MEMORY_H
#define BR_MEMORY_H

#include <stddef.h>
#include <stdint.h>

#include "bench.h"
#include "model/registry.h"
#include "model/results.h"
#include "run/protocol.h"

/* Where the counting batches run: in a child forked for them, or in this process (patched
 * for the batches, unpatched after: for a worker whose timed samples are over). */
enum br_memory_where { BR_MEMORY_CHILD, BR_MEMORY_HERE };

/* Counts the allocations of b's body where `where` says: a batch of n1 = min(iterations, 32)
 * operations, then COUNT_BATCHES of 2 n1, each starting where the last ended; the counts per
 * operation are their mean, with their least and most.  When retained bytes grow with the
 * count (n1 against the first 2 n1), a leak hunt: a batch of 2 n1 that keeps backtraces, then
 * the fixture's teardown in a child forked for it (this process's fixture stays for its own
 * teardown later); what teardown freed is m->teardown_bytes_per_op (retained until teardown,
 * not a leak), what is still live m->leak_bytes_per_op, whose site, or why there is none, goes
 * into `note` ("most allocated at SITE").  Fixture hooks as around a timed batch
 * (sample_setup, sample_teardown); the set-up hook must have run.  When counting is off or
 * failed, m->off = 1 and `note` says why: never counts that may be wrong. */
void br_memory_count(const struct br_bench *b, const bench_t *st, uint64_t iterations,
                     enum br_memory_where where, struct br_msg_counted *m, char *note, size_t size);

/* Onto `row`, the least and most per-operation counts of the counting batches -
 * allocs_per_op_min/_max, alloc_bytes_per_op_min/_max - when they differ: counts that vary
 * with the state a batch starts from, to be compared as measured (analyze/compare.h).  Counts
 * the same in every batch add nothing: exact, as a file without the columns says. */
void br_memory_spread(struct br_row *row, const struct br_msg_counted *m);

#endif
