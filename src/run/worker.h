/* worker.h - one benchmark being measured, in this process or isolated in a forked child.
 *
 * A worker owns the benchmark's state from setup to teardown.  Forked (the default), the
 * snippet runs in a child process that the parent drives over two pipes, one command at a
 * time, so a crash, exit() or hang costs only that benchmark; in-process (--no-fork) the same
 * functions are called directly, for debugging.  Timing happens where the snippet runs: the
 * pipes and the fork are outside every timed batch.  The child inherits the parent's CPU pin.
 */
#ifndef BR_WORKER_H
#define BR_WORKER_H

#include <stdint.h>
#include <sys/types.h>

#include "bench.h"
#include "measure/clock.h"
#include "model/registry.h"
#include "run/runner.h"

enum br_worker_status {
    BR_WORKER_OK = 0,
    BR_WORKER_FAILED = -1,     /* `failed` says why; the worker is finished */
    BR_WORKER_INTERRUPTED = -2 /* a stop signal arrived while waiting; the worker is finished */
};

struct br_worker {
    const struct br_bench *b;
    const struct br_run_opts *o;
    const struct br_clock *clk;
    double min_batch_ns;
    bench_t st;          /* the benchmark's state (in the child when forked) */
    uint64_t iterations; /* per sample, from calibration */
    size_t target;       /* samples the time budget allows */
    double bytes_per_op, items_per_op;
    char *failed; /* why it failed, or NULL */
    /* forked only */
    pid_t pid;
    int cmd_fd, res_fd;
    int finishing; /* teardown requested: a clean exit is expected */
};

/* Set-up, calibration and warm-up.  Returns an enum br_worker_status. */
int br_worker_start(struct br_worker *w, const struct br_bench *b, const struct br_run_opts *o,
                    const struct br_clock *clk, double min_batch_ns);
/* One timed batch: *ns_per_op.  Returns an enum br_worker_status. */
int br_worker_sample(struct br_worker *w, double *ns_per_op);
/* Teardown (bounded by the timeout when forked); frees what the worker holds but `failed`. */
void br_worker_finish(struct br_worker *w);
/* Kills a forked child at once (interrupted run); no teardown. */
void br_worker_kill(struct br_worker *w);

#endif
