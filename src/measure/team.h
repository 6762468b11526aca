/* team.h - the threads of a BENCH_THREADS instance: N threads run one batch at once.
 *
 * Thread 0 is the measuring thread (the session's); threads 1 .. N-1 are started once per
 * benchmark and park between batches, so no thread is created inside a timed batch.  A batch:
 *
 *   br_team_ready    (after sample_setup, untimed) each thread gets a copy of thread 0's
 *                    bench_t (its own thread_index), is woken, and reaches the start line
 *   br_team_run      (timed) the start line opens for all at once; every thread runs the
 *                    block's loop over the batch; it returns when the last thread is done
 *
 * so the meters around br_team_run read the wall time of the whole batch, from the start to
 * the end of the last thread (Google Benchmark's threads also start behind a barrier).  The
 * start line and the end are spin-waits with sched_yield(): a woken thread is late by tens of
 * microseconds, a spinning one by well under one; between batches the threads sleep, so a
 * worker waiting for its next sample takes no CPU from the benchmarks sampled meanwhile.
 *
 * Placement: benchrun pins the measuring thread to one CPU.  Thread i runs on the i-th CPU
 * after thread 0's among those the process may use (br_affinity_team_cpus), round-robin when
 * there are more threads than CPUs; when steering moves thread 0, the others follow at the next
 * batch.
 */
#ifndef BR_TEAM_H
#define BR_TEAM_H

#include <stdint.h>

#include "bench.h"

struct br_team;

/* Starts threads 1 .. n-1 for the block `loop` beside thread 0's state `st0` (which keeps a
 * pointer to the team in st0->harness).  0, or -1 with br_error when a thread cannot start
 * (then none runs). */
int br_team_start(bench_t *st0, int n, bench_loop_fn loop);
/* The team of st0, or NULL when the block is not threaded. */
struct br_team *br_team_of(const bench_t *st0);
/* The state of thread i (0: st0 itself). */
const bench_t *br_team_state(const bench_t *st0, int i);
/* Untimed, before a batch of n operations: copies, wakes and gathers the threads. */
void br_team_ready(bench_t *st0, uint64_t n);
/* Timed: opens the start line, runs thread 0's share, waits for the last thread. */
void br_team_run(bench_t *st0, uint64_t n);
/* Ends the threads and frees the team; st0->harness is NULL again. */
void br_team_stop(bench_t *st0);

#endif
