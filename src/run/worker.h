/* worker.h - the controller's side of a worker: one benchmark measured in another process.
 *
 * A worker is a forked child of this process (the default: a crash, exit() or hang costs only
 * that benchmark), a benchrun program started with the worker flag (benchcmp --run drives two
 * builds this way), or - with --no-fork - this process itself, for debugging.  All three speak
 * through the same calls; the first two through the protocol of protocol.h, over a child
 * process of child.h (its pipes, its timeout, how it ended), and their end of it is serve.h;
 * the third through a session (session.h) in this process.  Timing happens where the snippet
 * runs: the pipes, fork and exec are outside every timed batch.  A stop (Ctrl-Z) of the whole
 * run restarts the timeout of the step in progress and discards the sample it interrupted.
 */
#ifndef BR_WORKER_H
#define BR_WORKER_H

#include <stddef.h>
#include <stdint.h>

#include "measure/clock.h"
#include "model/registry.h"
#include "run/child.h"
#include "run/user_counters.h"
#include "run/protocol.h"
#include "run/values.h"

/* A worker's steps fail as its process does (child.h), or for reasons of their own. */
enum br_worker_status {
    BR_WORKER_OK = BR_CHILD_OK,
    BR_WORKER_FAILED = BR_CHILD_FAILED,          /* `failed` says why; the worker is finished */
    BR_WORKER_INTERRUPTED = BR_CHILD_INTERRUPTED /* a stop signal arrived while waiting; the
                                                    worker is finished */
};

enum br_worker_kind { BR_WORKER_FORK, BR_WORKER_EXEC, BR_WORKER_LOCAL };

struct br_session; /* session.h: a --no-fork worker's, the controller's only by pointer */

struct br_worker {
    enum br_worker_kind kind;
    uint64_t iterations;            /* per sample (READY) */
    uint64_t target;                /* samples the budget allows (READY) */
    int value_at[BR_NVALUES];       /* where each of br_value_names is in RESULT, or -1 */
    size_t nvalues;                 /* doubles in RESULT */
    struct br_counter_set counters; /* the user counters READY named; their last values */
    char *failed;                   /* why it failed, or NULL */
    char *version;                  /* the worker's benchrun version (HELLO) */
    /* The process (fork, exec): its pid, pipes and the seconds one step (set-up, a sample,
     * teardown) may take; `finishing` once QUIT was sent.  Its failures move into `failed`. */
    struct br_child proc;
    /* in-process (--no-fork) */
    const struct br_bench *benches;
    size_t nbenches;
    const struct br_clock *clk;
    struct br_session *session; /* the benchmark measured here (br_worker_local allocates it) */
};

/* A forked child over `benches` (it can measure any of them); waits for its greeting.
 * Returns an enum br_worker_status. */
int br_worker_fork(struct br_worker *w, const struct br_bench *benches, size_t n,
                   const struct br_clock *clk, double timeout);
/* `program` started with the worker flag, then `args` (NULL-terminated, may be NULL); waits
 * for its greeting.  A program that is not a benchrun worker, or speaks another protocol
 * version, fails with a message saying so. */
int br_worker_exec(struct br_worker *w, const char *program, char *const *args, double timeout);
/* How br_worker_exec_wrapped starts the program. */
struct br_exec_wrap {
    char *const *wrapper; /* a program and its arguments run first, the worker's command line
                             after them (valgrind --tool=callgrind ...); NULL-terminated, or NULL */
    char *const *env;     /* "KEY=VALUE" entries added to the environment; NULL-terminated, or
                             NULL (the strings must outlive the call) */
    int no_aslr;          /* address-space randomisation off (personality ADDR_NO_RANDOMIZE) */
};
/* br_worker_exec under a wrapper: `how` (may be NULL: as br_worker_exec). */
int br_worker_exec_wrapped(struct br_worker *w, const struct br_exec_wrap *how, const char *program,
                           char *const *args, double timeout);
/* This process (--no-fork): a session of its own, freed by br_worker_release. */
void br_worker_local(struct br_worker *w, const struct br_bench *benches, size_t n,
                     const struct br_clock *clk);
/* A body that calls exit() in this process (--no-fork) would end the run with its status -
 * 0 reads as success - and no results.  While a body may run in this process, exit() calls
 * `hook` (benchmark name, exit status or -1 where the C library cannot tell it, ctx): the
 * program reports the benchmark failed and saves what was measured, and the process ends with
 * the hook's return value (1 when it returns 0, or without a hook). */
typedef int (*br_worker_exit_hook)(const char *name, int status, void *ctx);
void br_worker_set_exit_hook(br_worker_exit_hook hook, void *ctx);

/* Set-up, calibration (unless plan->iterations) and warm-up of benchmark `name`. */
int br_worker_start(struct br_worker *w, const char *name, const struct br_msg_start *plan);
/* One timed batch of `iterations` (0: the calibrated count), after an untimed warm batch when
 * another worker's code ran since this worker's last batch (br_session_rewarm: the caches are
 * the other benchmark's; --no-interleave never switches between samples), or when a stop of
 * the run interrupted it: values[i] for br_value_names[i]
 * (NAN where the worker did not report one); the user counters' values into w->counters. */
int br_worker_sample(struct br_worker *w, uint64_t iterations, double *values);
/* After the samples: the counting batches (MEMORY): *m, and *note (the leak's site or why
 * counting is off; "" when neither; free() it). */
int br_worker_memory(struct br_worker *w, struct br_msg_counted *m, char **note);
/* The names of the program's benchmarks (LIST), in its order: *names[0..*n), each and the
 * array to free().  Before br_worker_start only. */
int br_worker_list(struct br_worker *w, char ***names, size_t *n);
/* Teardown (bounded by the timeout) and the end of the process; frees all but `failed`. */
void br_worker_finish(struct br_worker *w);
/* Kills the process at once (interrupted run, broken result); no teardown. */
void br_worker_kill(struct br_worker *w);
/* Frees `failed`, `version` and the session. */
void br_worker_release(struct br_worker *w);

/* The worker's end in a child (forked, or exec'd with the worker flag): serves the protocol on
 * the given descriptors (serve.h) and exits. */
__attribute__((noreturn)) void br_worker_child_main(int cmd_fd, int res_fd,
                                                    const struct br_bench *benches, size_t n,
                                                    const struct br_clock *clk);

#endif
