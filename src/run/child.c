/* child.c - a forked process and its pipes (see child.h). */
#include "run/child.h"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/interrupt.h"
#include "base/strbuf.h"
#include "measure/clock.h"
#ifdef HAVE_VALGRIND_CALLGRIND_H
#include <valgrind/valgrind.h>
#endif

/* ---- the descriptors of live children, which no forked child may keep ---------------------- */

/* A forked child inherits every descriptor of this process; the ones that reach other children
 * must be closed in it, or a snippet writing to a stray descriptor could land in another
 * benchmark's command pipe (and one child's pipes would outlive it in its siblings). */
static int *live_fds;
static size_t nlive, live_cap;

static void fds_add(int fd)
{
    if (fd < 0) return;
    BR_GROW(live_fds, live_cap, nlive + 1);
    live_fds[nlive++] = fd;
}

static void fds_close(int *fd)
{
    if (*fd < 0) return;
    for (size_t i = 0; i < nlive; i++)
        if (live_fds[i] == *fd) live_fds[i] = live_fds[--nlive];
    close(*fd);
    *fd = -1;
}

static void close_all_live(void)
{
    for (size_t i = 0; i < nlive; i++) close(live_fds[i]);
    nlive = 0;
}

/* ---- failures ------------------------------------------------------------------------------ */

static const char *signal_name(int sig)
{
    static const struct {
        int sig;
        const char *name;
    } names[] = {{SIGSEGV, "SIGSEGV"}, {SIGBUS, "SIGBUS"},   {SIGFPE, "SIGFPE"},
                 {SIGABRT, "SIGABRT"}, {SIGILL, "SIGILL"},   {SIGKILL, "SIGKILL"},
                 {SIGTERM, "SIGTERM"}, {SIGINT, "SIGINT"},   {SIGPIPE, "SIGPIPE"},
                 {SIGTRAP, "SIGTRAP"}, {SIGSYS, "SIGSYS"},   {SIGXCPU, "SIGXCPU"},
                 {SIGALRM, "SIGALRM"}, {SIGHUP, "SIGHUP"},   {SIGQUIT, "SIGQUIT"},
                 {SIGUSR1, "SIGUSR1"}, {SIGUSR2, "SIGUSR2"}, {SIGXFSZ, "SIGXFSZ"}};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (names[i].sig == sig) return names[i].name;
    return "signal";
}

int br_child_vfail(struct br_child *c, const char *fmt, va_list ap)
{
    char buf[512];
    vsnprintf(buf, sizeof buf, fmt, ap);
    free(c->failed);
    c->failed = br_xstrdup(buf);
    return BR_CHILD_FAILED;
}

int br_child_fail(struct br_child *c, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = br_child_vfail(c, fmt, ap);
    va_end(ap);
    return rc;
}

static void close_pipes(struct br_child *c)
{
    fds_close(&c->cmd_fd);
    fds_close(&c->res_fd);
}

static double elapsed_ms(uint64_t since) { return (double)(br_clock_monotonic_ns() - since) / 1e6; }

/* Waits up to `ms` for the process to end (its pidfd, or polling where there is none), and
 * reaps it: 1 with *status, 0 when it is still running. */
static int reap(struct br_child *c, double ms, int *status)
{
    uint64_t start = br_clock_monotonic_ns();
    if (c->have_status) {
        *status = c->status;
        return 1;
    }
    for (;;) {
        pid_t got = waitpid(c->pid, status, WNOHANG);
        if (got == c->pid || got < 0) {
            if (got < 0) *status = 0;
            c->pid = -1;
            fds_close(&c->pidfd);
            return 1;
        }
        double left = ms - elapsed_ms(start);
        if (left <= 0) return 0;
        struct pollfd p = {c->pidfd, POLLIN, 0};
        if (c->pidfd >= 0)
            poll(&p, 1, (int)left + 1);
        else
            poll(NULL, 0, 10);
    }
}

void br_child_kill(struct br_child *c)
{
    int status;
    if (c->pid > 0) {
        kill(c->pid, SIGKILL);
        reap(c, 60000, &status);
    }
    close_pipes(c);
    fds_close(&c->pidfd);
}

/* How long a child whose pipe closed may take to end.  Its pipe closes as it exits, and the
 * rest of its exit is quick on an idle machine; 10 s (1 s once) leaves room for a sanitizer
 * build's teardown or a wait for a CPU on a loaded 2-CPU runner.  Only a snippet that closes its
 * worker's pipe and goes on ever waits this long. */
#define EXIT_GRACE_MS 10000.0

int br_child_ended(struct br_child *c, const char *during)
{
    int status = 0;
    close_pipes(c);
    /* A child that closed its pipe without exiting is given EXIT_GRACE_MS, then killed. */
    if ((c->pid > 0 || c->have_status) && !reap(c, EXIT_GRACE_MS, &status)) {
        br_child_kill(c);
        return br_child_fail(c, "closed its result pipe during %s", during);
    }
    if (c->finishing && WIFEXITED(status) && WEXITSTATUS(status) == 0) return BR_CHILD_OK;
    if (WIFSIGNALED(status))
        return br_child_fail(c, "crashed with %s (%s) during %s", signal_name(WTERMSIG(status)),
                             strsignal(WTERMSIG(status)), during);
    return br_child_fail(c, "exited with status %d during %s", WEXITSTATUS(status), during);
}

/* ---- reading ------------------------------------------------------------------------------- */

/* Waits for the reply pipe or the process's end.  1: readable, 0: the process ended, -1:
 * timed out, -2: interrupted.  A stop of the run (SIGCONT seen) restarts the timeout. */
static int wait_readable(struct br_child *c, uint64_t *start, unsigned *resumes)
{
    for (;;) {
        if (*resumes != br_interrupt_resumes()) {
            *resumes = br_interrupt_resumes();
            *start = br_clock_monotonic_ns();
        }
        double left = c->timeout * 1e3 - elapsed_ms(*start);
        struct pollfd p[2] = {{c->res_fd, POLLIN, 0}, {c->pidfd, POLLIN, 0}};
        /* without a pidfd, look at the process every 50 ms */
        int slice = c->pidfd >= 0 ? (left > 1e9 ? 1000000000 : (int)left + 1) : 50;
        int rc = poll(p, c->pidfd >= 0 ? 2 : 1, left > 0 ? slice : 0);
        if (rc < 0 && errno == EINTR) {
            if (br_interrupt_pending()) return -2;
            continue;
        }
        if (rc > 0 && p[0].revents) return 1; /* data (or end of file) first */
        if (rc > 0 && p[1].revents) return 0;
        if (c->pidfd < 0 && waitpid(c->pid, &c->status, WNOHANG) == c->pid) {
            c->pid = -1; /* reaped here: br_child_ended reads the status */
            c->have_status = 1;
            return 0;
        }
        if (left <= 0) return -1;
    }
}

int br_child_read(struct br_child *c, void *buf, size_t n, const char *during)
{
    char *p = buf;
    uint64_t start = br_clock_monotonic_ns();
    unsigned resumes = br_interrupt_resumes();
    while (n) {
        int rc = wait_readable(c, &start, &resumes);
        if (rc == -2) return BR_CHILD_INTERRUPTED;
        if (rc == -1) {
            br_child_kill(c);
            return br_child_fail(c, "timed out after %g s during %s (see --timeout)", c->timeout,
                                 during);
        }
        if (rc == 0) return br_child_ended(c, during);
        ssize_t k = read(c->res_fd, p, n);
        if (k < 0 && errno == EINTR) continue;
        if (k <= 0) return br_child_ended(c, during);
        p += k;
        n -= (size_t)k;
    }
    return BR_CHILD_OK;
}

/* ---- starting ------------------------------------------------------------------------------ */

void br_child_init(struct br_child *c, double timeout)
{
    memset(c, 0, sizeof *c);
    c->timeout = timeout;
    c->pid = -1;
    c->cmd_fd = c->res_fd = c->pidfd = -1;
}

static int pidfd_of(pid_t pid)
{
#ifdef HAVE_VALGRIND_CALLGRIND_H
    /* valgrind 3.19 does not know pidfd_open: it fails, and valgrind says so on stderr */
    if (RUNNING_ON_VALGRIND) return -1;
#endif
#ifdef SYS_pidfd_open
    int fd = (int)syscall(SYS_pidfd_open, pid, 0);
    if (fd >= 0) fcntl(fd, F_SETFD, FD_CLOEXEC);
    return fd;
#else
    (void)pid;
    return -1; /* without pidfds, wait_readable polls waitpid */
#endif
}

int br_child_spawn(struct br_child *c, void (*child)(void *ctx, int cmd_fd, int res_fd), void *ctx)
{
    int cmd[2], res[2];
    if (pipe2(cmd, O_CLOEXEC) != 0) return br_child_fail(c, "pipe: %s", strerror(errno));
    if (pipe2(res, O_CLOEXEC) != 0) {
        close(cmd[0]);
        close(cmd[1]);
        return br_child_fail(c, "pipe: %s", strerror(errno));
    }
    fflush(NULL); /* else a snippet's exit() would print our buffered output twice */
    c->pid = fork();
    if (c->pid == 0) {
        close(cmd[1]);
        close(res[0]);
        close_all_live();
        child(ctx, cmd[0], res[1]);
    }
    close(cmd[0]);
    close(res[1]);
    c->cmd_fd = cmd[1];
    c->res_fd = res[0];
    fds_add(c->cmd_fd);
    fds_add(c->res_fd);
    if (c->pid < 0) {
        close_pipes(c);
        return br_child_fail(c, "fork: %s", strerror(errno));
    }
    c->pidfd = pidfd_of(c->pid);
    fds_add(c->pidfd);
    return BR_CHILD_OK;
}

void br_child_release(struct br_child *c)
{
    free(c->failed);
    c->failed = NULL;
}

/* ---- a one-shot child ---------------------------------------------------------------------- */

struct call_ctx {
    void (*fn)(void *ctx, int fd);
    void *ctx;
};

static void call_child(void *ctx, int cmd_fd, int res_fd)
{
    struct call_ctx *call = ctx;
    close(cmd_fd);
    /* A stop signal, the controller's forwarded or the terminal's, ends the work early with
     * what it has (interrupt.h), as it does the controller's. */
    br_interrupt_install();
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    call->fn(call->ctx, res_fd);
    fflush(NULL);
    _exit(0);
}

int br_child_call(struct br_child *c, void (*fn)(void *ctx, int fd), void *ctx, double timeout,
                  char **answer, size_t *len)
{
    struct call_ctx call = {fn, ctx};
    struct br_strbuf sb;
    char buf[65536];
    uint64_t start = br_clock_monotonic_ns();
    unsigned resumes = br_interrupt_resumes();
    int forwarded = 0;
    br_child_init(c, timeout);
    int rc = br_child_spawn(c, call_child, &call);
    br_strbuf_init(&sb);
    while (rc == BR_CHILD_OK) {
        int ready = wait_readable(c, &start, &resumes);
        ssize_t k = ready == 1 ? read(c->res_fd, buf, sizeof buf) : 0;
        if (ready == -2 && !forwarded) { /* the child keeps what it measured and answers */
            kill(c->pid, br_interrupt_pending());
            forwarded = 1;
            continue;
        }
        if (ready == -2) rc = BR_CHILD_INTERRUPTED;
        if (ready == -1) {
            br_child_kill(c);
            rc = br_child_fail(c, "timed out after %g s (see --timeout)", timeout);
        }
        if (k > 0) br_strbuf_add(&sb, buf, (size_t)k);
        if (rc != BR_CHILD_OK || (k < 0 && errno == EINTR) || k > 0) continue;
        c->finishing = 1; /* the end of the answer: exit status 0 is success */
        rc = br_child_ended(c, "the run");
        break;
    }
    if (rc == BR_CHILD_INTERRUPTED) br_child_kill(c);
    *len = sb.len;
    *answer = br_strbuf_detach(&sb);
    return rc;
}
