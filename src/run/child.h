/* child.h - a process this one forked, and the two pipes to it: start it, read what it writes
 * within a timeout, and say how it ended when it stops answering.
 *
 * The plumbing under a worker (worker.h, which speaks the protocol over it) and under a
 * one-shot child (br_child_call) that runs a piece of benchmark code and writes back one
 * answer: the counting batches with --no-fork and the fixture's teardown in a leak hunt
 * (memory.h), Google Benchmark's run of one benchmark (engine_gbench.cc).  A crash, exit() or
 * hang of the child costs only what it was doing: the caller reads why in `failed`.
 *
 * Hygiene: the pipes are close-on-exec, and a forked child closes the pipes of every other
 * live child, so no benchmark can write into another's; a child's death is seen through its
 * pidfd even when a process it started keeps the pipes open; a stop (Ctrl-Z) of the whole run
 * restarts the timeout of the wait in progress.
 */
#ifndef BR_CHILD_H
#define BR_CHILD_H

#include <stdarg.h>
#include <stddef.h>
#include <sys/types.h>

#include "base/error.h"

enum br_child_status {
    BR_CHILD_OK = 0,
    BR_CHILD_FAILED = -1,     /* `failed` says why; the child is finished */
    BR_CHILD_INTERRUPTED = -2 /* a stop signal arrived while waiting */
};

struct br_child {
    double timeout;  /* seconds one wait for the child may take */
    char *failed;    /* why it failed, or NULL */
    pid_t pid;       /* -1 once reaped */
    int cmd_fd;      /* ours to write, the child's to read; -1 when closed */
    int res_fd;      /* the child's to write, ours to read; -1 when closed */
    int pidfd;       /* readable when the child ended; -1 where the kernel has none */
    int finishing;   /* the child was asked to end: a clean exit is expected */
    int have_status; /* the child was reaped while waiting: `status` is its end */
    int status;
};

/* No process yet: every descriptor closed, `failed` NULL. */
void br_child_init(struct br_child *c, double timeout);
/* Two pipes and a fork: in the child, child(ctx, cmd_fd, res_fd) runs and must never return
 * (it ends with _exit or an exec).  An enum br_child_status. */
int br_child_spawn(struct br_child *c, void (*child)(void *ctx, int cmd_fd, int res_fd), void *ctx);
/* Reads exactly n bytes from the child within the timeout.  A child that times out is
 * killed; one that stops answering is reaped (br_child_ended).  `during` names the step for
 * `failed` ("a sample").  An enum br_child_status. */
int br_child_read(struct br_child *c, void *buf, size_t n, const char *during);
/* The child stopped answering (the end of its pipe, a failed write to it): reaps it, giving it
 * a grace period to exit, and says how it ended in `failed`.  BR_CHILD_OK only for an exit
 * with status 0 after `finishing` was set. */
int br_child_ended(struct br_child *c, const char *during);
/* Kills the child at once and closes its pipes; nothing when there is none. */
void br_child_kill(struct br_child *c);
/* Sets `failed` (printf format, at most 511 bytes) and returns BR_CHILD_FAILED. */
int br_child_fail(struct br_child *c, const char *fmt, ...) BR_PRINTF(2, 3);
int br_child_vfail(struct br_child *c, const char *fmt, va_list ap) BR_PRINTF(2, 0);
/* Frees `failed`. */
void br_child_release(struct br_child *c);

/* A one-shot child: fn(ctx, fd) runs in a forked child, writes its whole answer to fd and
 * returns; the child then exits 0.  The answer is read within the timeout (a stop of the run
 * restarts it; the first stop signal is passed on to the child, which answers with what it
 * has) into *answer (NUL-terminated, free() it) and *len.  A child that crashes, calls exit()
 * or hangs fails with `failed` saying so.  br_child_release(c) after it.  An enum
 * br_child_status. */
int br_child_call(struct br_child *c, void (*fn)(void *ctx, int fd), void *ctx, double timeout,
                  char **answer, size_t *len);

#endif
