/* worker.c - measuring one benchmark, in-process or in a forked child. */
#include "run/worker.h"

#include <errno.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "measure/batch.h"
#include "measure/calibrate.h"
#include "base/error.h"
#include "base/interrupt.h"
#include "base/strbuf.h"

/* ---- the measurement itself (runs wherever the snippet runs) ---------------------------- */

static double timed_batch(struct br_worker *w, uint64_t n)
{
    return br_batch_timed(w->b, &w->st, w->clk, n);
}

/* br_calibrate reads the clock around this whole call, hooks included: acceptable, since a
 * calibration batch only decides the count and never becomes a sample. */
static void calib_batch(void *arg, uint64_t n) { (void)timed_batch(arg, n); }

static void local_start(struct br_worker *w)
{
    const struct br_run_opts *o = w->o;
    memset(&w->st, 0, sizeof w->st);
    w->st.arg = w->b->arg;
    br_batch_hook(w->b, BR_HOOK_SETUP, &w->st);

    struct br_calibration cal;
    double max_ns = o->max_time * 1e9;
    if (o->iterations) { /* a fixed count: one batch at it stands in for calibration */
        cal.iterations = o->iterations;
        cal.batch_ns = cal.spent_ns = timed_batch(w, o->iterations);
    } else {
        br_calibrate(w->clk, calib_batch, w, w->min_batch_ns, max_ns, &cal);
    }
    w->iterations = cal.iterations;

    /* Warm-up at the final count until `warmup` seconds were spent in all (calibration ran
     * the same code, so it counts). */
    double spent = cal.spent_ns, batch = cal.batch_ns;
    while (spent < o->warmup * 1e9) {
        batch = timed_batch(w, w->iterations);
        spent += batch;
    }
    w->target = br_sample_target(batch, max_ns, o->repetitions, o->min_repetitions);
}

static double local_sample(struct br_worker *w)
{
    double ns = timed_batch(w, w->iterations) / (double)w->iterations;
    w->bytes_per_op = w->st.bytes_per_op;
    w->items_per_op = w->st.items_per_op;
    return ns;
}

static void local_finish(struct br_worker *w) { br_batch_hook(w->b, BR_HOOK_TEARDOWN, &w->st); }

/* ---- the child's side of the pipes ----------------------------------------------------- */

struct ready_msg {
    uint64_t iterations;
    uint64_t target;
};
struct sample_msg {
    double ns_per_op, bytes_per_op, items_per_op;
};

static int write_all(int fd, const void *buf, size_t n)
{
    const char *p = buf;
    while (n) {
        ssize_t k = write(fd, p, n);
        if (k < 0 && errno == EINTR) continue;
        if (k <= 0) return -1;
        p += k;
        n -= (size_t)k;
    }
    return 0;
}

static _Noreturn void child_main(struct br_worker *w, int cmd_fd, int res_fd)
{
    /* The parent handles Ctrl-C for the whole run; a child dies with its parent. */
    signal(SIGINT, SIG_IGN);
    signal(SIGTERM, SIG_IGN);
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    local_start(w);
    struct ready_msg r = {w->iterations, w->target};
    if (write_all(res_fd, &r, sizeof r) < 0) _exit(0);
    char cmd;
    while (read(cmd_fd, &cmd, 1) == 1 && cmd == 'S') {
        struct sample_msg m;
        m.ns_per_op = local_sample(w);
        m.bytes_per_op = w->bytes_per_op;
        m.items_per_op = w->items_per_op;
        if (write_all(res_fd, &m, sizeof m) < 0) _exit(0);
    }
    local_finish(w);
    _exit(0); /* never exit(): the parent's stdio buffers and atexit handlers are not ours */
}

/* ---- the parent's side ----------------------------------------------------------------- */

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

static void set_failed(struct br_worker *w, const char *fmt, ...) BR_PRINTF(2, 3);
static void set_failed(struct br_worker *w, const char *fmt, ...)
{
    char buf[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    free(w->failed);
    w->failed = br_xstrdup(buf);
}

static void close_pipes(struct br_worker *w)
{
    if (w->cmd_fd >= 0) close(w->cmd_fd);
    if (w->res_fd >= 0) close(w->res_fd);
    w->cmd_fd = w->res_fd = -1;
}

/* The child ended (EOF on its pipe): say how. */
static int child_died(struct br_worker *w, const char *during)
{
    int status = 0;
    close_pipes(w);
    if (waitpid(w->pid, &status, 0) < 0) status = 0;
    w->pid = -1;
    if (w->finishing && WIFEXITED(status) && WEXITSTATUS(status) == 0) return BR_WORKER_OK;
    if (WIFSIGNALED(status))
        set_failed(w, "crashed with %s (%s) during %s", signal_name(WTERMSIG(status)),
                   strsignal(WTERMSIG(status)), during);
    else
        set_failed(w, "exited with status %d during %s", WEXITSTATUS(status), during);
    return BR_WORKER_FAILED;
}

/* Reads one message of `n` bytes within the timeout. */
static int wait_msg(struct br_worker *w, void *buf, size_t n, const char *during)
{
    char *p = buf;
    double timeout_ms = w->o->timeout * 1e3;
    uint64_t start = br_clock_monotonic_ns();
    while (n) {
        double left = timeout_ms - (double)(br_clock_monotonic_ns() - start) / 1e6;
        struct pollfd pfd = {w->res_fd, POLLIN, 0};
        int rc = left > 0 ? poll(&pfd, 1, left > 2e9 ? 2000000000 : (int)left + 1) : 0;
        if (rc < 0 && errno == EINTR) {
            if (br_interrupt_pending()) return BR_WORKER_INTERRUPTED;
            continue;
        }
        if (rc == 0) {
            br_worker_kill(w);
            set_failed(w, "timed out after %g s during %s (see --timeout)", w->o->timeout, during);
            return BR_WORKER_FAILED;
        }
        ssize_t k = read(w->res_fd, p, n);
        if (k < 0 && errno == EINTR) continue;
        if (k <= 0) return child_died(w, during);
        p += k;
        n -= (size_t)k;
    }
    return BR_WORKER_OK;
}

static int fork_start(struct br_worker *w)
{
    int cmd[2], res[2];
    if (pipe(cmd) != 0) return set_failed(w, "pipe: %s", strerror(errno)), BR_WORKER_FAILED;
    if (pipe(res) != 0) {
        close(cmd[0]);
        close(cmd[1]);
        return set_failed(w, "pipe: %s", strerror(errno)), BR_WORKER_FAILED;
    }
    fflush(NULL); /* else a snippet's exit() would print our buffered output twice */
    w->pid = fork();
    if (w->pid == 0) {
        close(cmd[1]);
        close(res[0]);
        child_main(w, cmd[0], res[1]);
    }
    close(cmd[0]);
    close(res[1]);
    w->cmd_fd = cmd[1];
    w->res_fd = res[0];
    if (w->pid < 0) {
        close_pipes(w);
        return set_failed(w, "fork: %s", strerror(errno)), BR_WORKER_FAILED;
    }
    struct ready_msg r;
    int rc = wait_msg(w, &r, sizeof r, "set-up and calibration");
    if (rc != BR_WORKER_OK) return rc;
    w->iterations = r.iterations;
    w->target = (size_t)r.target;
    return BR_WORKER_OK;
}

int br_worker_start(struct br_worker *w, const struct br_bench *b, const struct br_run_opts *o,
                    const struct br_clock *clk, double min_batch_ns)
{
    memset(w, 0, sizeof *w);
    w->b = b;
    w->o = o;
    w->clk = clk;
    w->min_batch_ns = min_batch_ns;
    w->pid = -1;
    w->cmd_fd = w->res_fd = -1;
    if (!o->fork) {
        local_start(w);
        return BR_WORKER_OK;
    }
    return fork_start(w);
}

static int check_sample(struct br_worker *w, double ns)
{
    if (isfinite(ns) && ns >= 0) return BR_WORKER_OK;
    set_failed(w, "returned a broken result (%g ns per operation)", ns);
    br_worker_kill(w);
    return BR_WORKER_FAILED;
}

int br_worker_sample(struct br_worker *w, double *ns_per_op)
{
    if (!w->o->fork) {
        *ns_per_op = local_sample(w);
        return check_sample(w, *ns_per_op);
    }
    struct sample_msg m;
    if (write_all(w->cmd_fd, "S", 1) < 0) return child_died(w, "a sample");
    int rc = wait_msg(w, &m, sizeof m, "a sample");
    if (rc != BR_WORKER_OK) return rc;
    *ns_per_op = m.ns_per_op;
    w->bytes_per_op = m.bytes_per_op;
    w->items_per_op = m.items_per_op;
    return check_sample(w, m.ns_per_op);
}

void br_worker_kill(struct br_worker *w)
{
    if (w->pid > 0) {
        kill(w->pid, SIGKILL);
        waitpid(w->pid, NULL, 0);
        w->pid = -1;
    }
    close_pipes(w);
}

void br_worker_finish(struct br_worker *w)
{
    if (!w->o->fork) {
        local_finish(w);
        return;
    }
    if (w->pid <= 0) return;
    /* 'Q' (anything but 'S') asks for teardown; the child then exits, and EOF on the result
     * pipe with exit status 0 is success.  A crash or hang in teardown fails the benchmark. */
    char c;
    w->finishing = 1;
    if (write_all(w->cmd_fd, "Q", 1) == 0) (void)wait_msg(w, &c, 1, "teardown");
    br_worker_kill(w); /* reaped already, or it wrote after teardown, or we were interrupted */
}
