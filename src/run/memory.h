/* memory.h - counting a benchmark's allocations in a child forked for it.
 *
 * The counting batches run after the samples (as Google Benchmark's MemoryManager run does),
 * in a short-lived child forked from the process that measured: the child patches its GOT
 * (measure/alloc.h) so that malloc and its family reach the counting functions, runs the
 * batches, writes the counts back and exits.  The process that times never has a slot patched,
 * so its timed batches call glibc's malloc directly: counting costs them nothing, not even a
 * branch.  With --no-fork the child is forked from benchrun itself.
 *
 * A body that needs threads it started earlier (in set-up: a pool) cannot run in the child,
 * which has only the forking thread: counting is then off for it, with a note.
 */
#ifndef BR_MEMORY_H
#define BR_MEMORY_H

#include <stddef.h>
#include <stdint.h>

#include "bench.h"
#include "model/registry.h"
#include "run/protocol.h"

/* Where the counting batches run: in a child forked for them, or in this process (patched
 * for the batches, unpatched after: for a worker whose timed samples are over). */
enum br_memory_where { BR_MEMORY_CHILD, BR_MEMORY_HERE };

/* Counts the allocations of b's body where `where` says: batches of n1 = min(iterations, 32)
 * and 2 n1 operations, and when retained bytes grow with the count a leak hunt whose top site
 * goes into `note`.  Fixture hooks as around a timed batch (sample_setup, sample_teardown);
 * the set-up hook must have run.  When counting is off or failed, m->off = 1 and `note` says
 * why: never counts that may be wrong. */
void br_memory_count(const struct br_bench *b, const bench_t *st, uint64_t iterations,
                     enum br_memory_where where, struct br_msg_counted *m, char *note, size_t size);

#endif
