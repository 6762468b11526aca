/* worker.c - the controller's side of a worker (see worker.h). */
#include "run/worker.h"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/error.h"
#include "base/interrupt.h"
#include "base/strbuf.h"
#ifdef HAVE_VALGRIND_CALLGRIND_H
#include <valgrind/valgrind.h>
#endif

/* ---- the descriptors of live workers, which no forked child may keep ------------------------ */

/* A forked child inherits every descriptor of this process; the ones that reach other workers
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

/* The worker whose benchmark code ran last in this controller (set-up, a sample, counting
 * batches, teardown), or NULL.  A sample of another worker resumes its benchmark after other
 * code had the caches: it is re-warmed first (protocol.h: SAMPLE's `resumed`).  The reference
 * kernels the runner times between rounds (0.3 ms each on a few KiB) do not count as a switch. */
static const struct br_worker *ran_last;

/* Whether `w` resumes after another worker's code, and w is now the last to have run. */
static int switch_to(const struct br_worker *w)
{
    int resumed = ran_last != w;
    ran_last = w;
    return resumed;
}

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

static int set_failed(struct br_worker *w, const char *fmt, ...) BR_PRINTF(2, 3);
static int set_failed(struct br_worker *w, const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    free(w->failed);
    w->failed = br_xstrdup(buf);
    return BR_WORKER_FAILED;
}

static void close_pipes(struct br_worker *w)
{
    fds_close(&w->cmd_fd);
    fds_close(&w->res_fd);
}

static double elapsed_ms(uint64_t since) { return (double)(br_clock_monotonic_ns() - since) / 1e6; }

/* Waits up to `ms` for the process to end (its pidfd, or polling where there is none), and
 * reaps it: 1 with *status, 0 when it is still running. */
static int reap(struct br_worker *w, double ms, int *status)
{
    uint64_t start = br_clock_monotonic_ns();
    if (w->have_status) {
        *status = w->status;
        return 1;
    }
    for (;;) {
        pid_t got = waitpid(w->pid, status, WNOHANG);
        if (got == w->pid || got < 0) {
            if (got < 0) *status = 0;
            w->pid = -1;
            fds_close(&w->pidfd);
            return 1;
        }
        double left = ms - elapsed_ms(start);
        if (left <= 0) return 0;
        struct pollfd p = {w->pidfd, POLLIN, 0};
        if (w->pidfd >= 0)
            poll(&p, 1, (int)left + 1);
        else
            poll(NULL, 0, 10);
    }
}

void br_worker_kill(struct br_worker *w)
{
    int status;
    if (w->pid > 0) {
        kill(w->pid, SIGKILL);
        reap(w, 60000, &status);
    }
    close_pipes(w);
    fds_close(&w->pidfd);
}

/* How long a worker whose pipe closed may take to end.  Its pipe closes as it exits, and the
 * rest of its exit is quick on an idle machine; 10 s (1 s once) leaves room for a sanitizer
 * build's teardown or a wait for a CPU on a loaded 2-CPU runner.  Only a snippet that closes its
 * worker's pipe and goes on ever waits this long. */
#define EXIT_GRACE_MS 10000.0

/* The worker ended (end of its replies, or its pidfd): say how. */
static int worker_died(struct br_worker *w, const char *during)
{
    int status = 0;
    close_pipes(w);
    /* A worker that closed its pipe without exiting is given EXIT_GRACE_MS, then killed. */
    if ((w->pid > 0 || w->have_status) && !reap(w, EXIT_GRACE_MS, &status)) {
        br_worker_kill(w);
        return set_failed(w, "closed its result pipe during %s", during);
    }
    if (w->finishing && WIFEXITED(status) && WEXITSTATUS(status) == 0) return BR_WORKER_OK;
    if (WIFSIGNALED(status))
        return set_failed(w, "crashed with %s (%s) during %s", signal_name(WTERMSIG(status)),
                          strsignal(WTERMSIG(status)), during);
    return set_failed(w, "exited with status %d during %s", WEXITSTATUS(status), during);
}

/* ---- reading replies ------------------------------------------------------------------------ */

/* Waits for the reply pipe or the process's end.  1: readable, 0: the process ended, -1:
 * timed out, -2: interrupted.  A stop of the run (SIGCONT seen) restarts the timeout. */
static int wait_readable(struct br_worker *w, uint64_t *start, unsigned *resumes)
{
    for (;;) {
        if (*resumes != br_interrupt_resumes()) {
            *resumes = br_interrupt_resumes();
            *start = br_clock_monotonic_ns();
        }
        double left = w->timeout * 1e3 - elapsed_ms(*start);
        struct pollfd p[2] = {{w->res_fd, POLLIN, 0}, {w->pidfd, POLLIN, 0}};
        /* without a pidfd, look at the process every 50 ms */
        int slice = w->pidfd >= 0 ? (left > 1e9 ? 1000000000 : (int)left + 1) : 50;
        int rc = poll(p, w->pidfd >= 0 ? 2 : 1, left > 0 ? slice : 0);
        if (rc < 0 && errno == EINTR) {
            if (br_interrupt_pending()) return -2;
            continue;
        }
        if (rc > 0 && p[0].revents) return 1; /* data (or end of file) first */
        if (rc > 0 && p[1].revents) return 0;
        if (w->pidfd < 0 && waitpid(w->pid, &w->status, WNOHANG) == w->pid) {
            w->pid = -1; /* reaped here: worker_died reads the status */
            w->have_status = 1;
            return 0;
        }
        if (left <= 0) return -1;
    }
}

/* Reads exactly n bytes of reply within the timeout. */
static int read_reply(struct br_worker *w, void *buf, size_t n, const char *during)
{
    char *p = buf;
    uint64_t start = br_clock_monotonic_ns();
    unsigned resumes = br_interrupt_resumes();
    while (n) {
        int rc = wait_readable(w, &start, &resumes);
        if (rc == -2) return BR_WORKER_INTERRUPTED;
        if (rc == -1) {
            br_worker_kill(w);
            return set_failed(w, "timed out after %g s during %s (see --timeout)", w->timeout,
                              during);
        }
        if (rc == 0) return worker_died(w, during);
        ssize_t k = read(w->res_fd, p, n);
        if (k < 0 && errno == EINTR) continue;
        if (k <= 0) return worker_died(w, during);
        p += k;
        n -= (size_t)k;
    }
    return BR_WORKER_OK;
}

/* One message: its header, and its payload into buf (at most size - 1 bytes, NUL-terminated). */
static int read_msg(struct br_worker *w, struct br_msg_header *h, char *buf, size_t size,
                    const char *during)
{
    int rc = read_reply(w, h, sizeof *h, during);
    if (rc != BR_WORKER_OK) return rc;
    if (br_msg_check(h) < 0 || h->length >= size) {
        char msg[256];
        snprintf(msg, sizeof msg, "%s",
                 h->length >= size ? "sent an oversized reply" : br_errmsg());
        br_worker_kill(w);
        return set_failed(w, "%s during %s", msg, during);
    }
    rc = read_reply(w, buf, h->length, during);
    if (rc == BR_WORKER_OK) buf[h->length] = '\0';
    return rc;
}

/* A message of `type` is expected; FAILED carries the worker's reason. */
static int expect(struct br_worker *w, enum br_msg_type type, char *buf, size_t size, size_t *len,
                  const char *during)
{
    struct br_msg_header h;
    int rc = read_msg(w, &h, buf, size, during);
    if (rc != BR_WORKER_OK) return rc;
    *len = h.length;
    if (h.type == type) return BR_WORKER_OK;
    br_worker_kill(w);
    if (h.type == BR_MSG_FAILED) return set_failed(w, "%s", buf);
    return set_failed(w, "sent message %u during %s, expected %u", (unsigned)h.type, during,
                      (unsigned)type);
}

/* ---- starting processes --------------------------------------------------------------------- */

static void init(struct br_worker *w, enum br_worker_kind kind, double timeout)
{
    memset(w, 0, sizeof *w);
    w->kind = kind;
    w->timeout = timeout;
    w->pid = -1;
    w->cmd_fd = w->res_fd = w->pidfd = -1;
    for (int i = 0; i < BR_NVALUES; i++) w->value_at[i] = -1;
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

/* Two pipes and a fork; in the child `child` runs and never returns. */
static int spawn(struct br_worker *w, void (*child)(void *ctx, int cmd_fd, int res_fd), void *ctx)
{
    int cmd[2], res[2];
    if (pipe2(cmd, O_CLOEXEC) != 0) return set_failed(w, "pipe: %s", strerror(errno));
    if (pipe2(res, O_CLOEXEC) != 0) {
        close(cmd[0]);
        close(cmd[1]);
        return set_failed(w, "pipe: %s", strerror(errno));
    }
    fflush(NULL); /* else a snippet's exit() would print our buffered output twice */
    w->pid = fork();
    if (w->pid == 0) {
        close(cmd[1]);
        close(res[0]);
        close_all_live();
        child(ctx, cmd[0], res[1]);
    }
    close(cmd[0]);
    close(res[1]);
    w->cmd_fd = cmd[1];
    w->res_fd = res[0];
    fds_add(w->cmd_fd);
    fds_add(w->res_fd);
    if (w->pid < 0) {
        close_pipes(w);
        return set_failed(w, "fork: %s", strerror(errno));
    }
    w->pidfd = pidfd_of(w->pid);
    fds_add(w->pidfd);
    return BR_WORKER_OK;
}

static int greeting(struct br_worker *w, const char *who)
{
    char buf[256];
    struct br_msg_header h;
    int rc = read_msg(w, &h, buf, sizeof buf, "start-up");
    if (rc == BR_WORKER_OK && h.type != BR_MSG_HELLO) {
        br_worker_kill(w);
        rc = set_failed(w, "%s did not greet as a benchrun worker", who);
    }
    if (rc == BR_WORKER_OK) w->version = br_xstrdup(buf);
    return rc;
}

struct fork_ctx {
    const struct br_bench *benches;
    size_t n;
    const struct br_clock *clk;
};

static void fork_child(void *ctx, int cmd_fd, int res_fd)
{
    struct fork_ctx *f = ctx;
    br_worker_child_main(cmd_fd, res_fd, f->benches, f->n, f->clk);
}

int br_worker_fork(struct br_worker *w, const struct br_bench *benches, size_t n,
                   const struct br_clock *clk, double timeout)
{
    struct fork_ctx ctx = {benches, n, clk};
    init(w, BR_WORKER_FORK, timeout);
    int rc = spawn(w, fork_child, &ctx);
    return rc == BR_WORKER_OK ? greeting(w, "the forked worker") : rc;
}

struct exec_ctx {
    const struct br_exec_wrap *how;
    const char *program;
    char *const *args;
};

static size_t count_strings(char *const *v)
{
    size_t n = 0;
    while (v && v[n]) n++;
    return n;
}

/* In the child: [wrapper...] program --br-worker=IN,OUT [args...], with the wrapper's
 * environment entries and personality. */
static void exec_child(void *ctx, int cmd_fd, int res_fd)
{
    struct exec_ctx *e = ctx;
    static const struct br_exec_wrap none = {NULL, NULL, 0};
    const struct br_exec_wrap *how = e->how ? e->how : &none;
    char flag[64];
    size_t nwrap = count_strings(how->wrapper), nargs = count_strings(e->args), at = 0;
    char **argv = br_xcalloc(nwrap + nargs + 3, sizeof *argv);
    snprintf(flag, sizeof flag, "%s=%d,%d", BR_WORKER_FLAG, cmd_fd, res_fd);
    for (size_t i = 0; i < nwrap; i++) argv[at++] = how->wrapper[i];
    argv[at++] = (char *)(uintptr_t)e->program;
    argv[at++] = flag;
    for (size_t i = 0; i < nargs; i++) argv[at++] = e->args[i];
    for (size_t i = 0; how->env && how->env[i]; i++) putenv(how->env[i]);
    /* The same addresses in every run: a count that depends on an address (alignment, hashing
     * of pointers) then repeats.  As `setarch -R` does. */
    if (how->no_aslr) personality((unsigned long)personality(0xffffffff) | ADDR_NO_RANDOMIZE);
    fcntl(cmd_fd, F_SETFD, 0); /* these two, and only these, survive the exec */
    fcntl(res_fd, F_SETFD, 0);
    dup2(2, 1); /* whatever the program prints is no report of ours */
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    execvp(argv[0], argv);
    fprintf(stderr, "%s: cannot run: %s\n", argv[0], strerror(errno));
    _exit(127);
}

int br_worker_exec(struct br_worker *w, const char *program, char *const *args, double timeout)
{
    return br_worker_exec_wrapped(w, NULL, program, args, timeout);
}

int br_worker_exec_wrapped(struct br_worker *w, const struct br_exec_wrap *how, const char *program,
                           char *const *args, double timeout)
{
    struct exec_ctx ctx = {how, program, args};
    init(w, BR_WORKER_EXEC, timeout);
    if (strchr(program, '/') && access(program, X_OK) != 0)
        return set_failed(w, "%s: cannot run it: %s", program, strerror(errno));
    int rc = spawn(w, exec_child, &ctx);
    if (rc != BR_WORKER_OK) return rc;
    rc = greeting(w, program);
    if (rc == BR_WORKER_FAILED && !w->version) {
        char *why = w->failed;
        w->failed = NULL;
        if (how && how->wrapper) /* the wrapper may be what failed: its caller knows more */
            set_failed(w, "%s under %s: %s", program, how->wrapper[0], why);
        else
            set_failed(w, "%s is not a benchrun program, or not one this benchcmp can drive (%s)",
                       program, why);
        free(why);
    }
    return rc;
}

struct call_ctx {
    void (*fn)(void *ctx, int fd);
    void *ctx;
};

static void call_child(void *ctx, int cmd_fd, int res_fd)
{
    struct call_ctx *c = ctx;
    close(cmd_fd);
    /* A stop signal, the controller's forwarded or the terminal's, ends the work early with
     * what it has (interrupt.h), as it does the controller's. */
    br_interrupt_install();
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    c->fn(c->ctx, res_fd);
    fflush(NULL);
    _exit(0);
}

int br_worker_call(struct br_worker *w, void (*fn)(void *ctx, int fd), void *ctx, double timeout,
                   char **answer, size_t *len)
{
    struct call_ctx c = {fn, ctx};
    struct br_strbuf sb;
    char buf[65536];
    uint64_t start = br_clock_monotonic_ns();
    unsigned resumes = br_interrupt_resumes();
    int forwarded = 0;
    init(w, BR_WORKER_FORK, timeout);
    switch_to(w);
    int rc = spawn(w, call_child, &c);
    br_strbuf_init(&sb);
    while (rc == BR_WORKER_OK) {
        int ready = wait_readable(w, &start, &resumes);
        ssize_t k = ready == 1 ? read(w->res_fd, buf, sizeof buf) : 0;
        if (ready == -2 && !forwarded) { /* the child keeps what it measured and answers */
            kill(w->pid, br_interrupt_pending());
            forwarded = 1;
            continue;
        }
        if (ready == -2) rc = BR_WORKER_INTERRUPTED;
        if (ready == -1) {
            br_worker_kill(w);
            rc = set_failed(w, "timed out after %g s (see --timeout)", timeout);
        }
        if (k > 0) br_strbuf_add(&sb, buf, (size_t)k);
        if (rc != BR_WORKER_OK || (k < 0 && errno == EINTR) || k > 0) continue;
        w->finishing = 1; /* the end of the answer: exit status 0 is success */
        rc = worker_died(w, "the run");
        break;
    }
    if (rc == BR_WORKER_INTERRUPTED) br_worker_kill(w);
    *len = sb.len;
    *answer = br_strbuf_detach(&sb);
    return rc;
}

/* ---- a body's exit() in this process (--no-fork, see worker.h) ------------------------------ */

static const char *exit_guarded; /* the benchmark whose body may be running here, or NULL */
static br_worker_exit_hook exit_hook;
static void *exit_hook_ctx;

static void exit_guard_fire(int status)
{
    const char *name = exit_guarded;
    if (!name) return;
    exit_guarded = NULL;
    int rc = exit_hook ? exit_hook(name, status, exit_hook_ctx) : 0;
    if (!exit_hook) fprintf(stderr, "%s called exit() in this process (--no-fork)\n", name);
    fflush(NULL);
    _exit(rc ? rc : 1); /* never the body's status: 0 would read as success */
}

#ifdef HAVE_ON_EXIT
static void exit_guard(int status, void *unused)
{
    (void)unused;
    exit_guard_fire(status);
}
#else
static void exit_guard(void) { exit_guard_fire(-1); }
#endif

void br_worker_set_exit_hook(br_worker_exit_hook hook, void *ctx)
{
    exit_hook = hook;
    exit_hook_ctx = ctx;
}

/* Arms the guard for `name` (NULL disarms it); registered with the C library once. */
static void exit_guard_arm(const char *name)
{
    static int registered;
#ifdef HAVE_ON_EXIT
    if (!registered) registered = on_exit(exit_guard, NULL) == 0;
#else
    if (!registered) registered = atexit(exit_guard) == 0;
#endif
    exit_guarded = name;
}

void br_worker_local(struct br_worker *w, const struct br_bench *benches, size_t n,
                     const struct br_clock *clk)
{
    init(w, BR_WORKER_LOCAL, 0);
    w->benches = benches;
    w->nbenches = n;
    w->clk = clk;
    w->nvalues = BR_NVALUES;
    for (int i = 0; i < BR_NVALUES; i++) w->value_at[i] = i;
}

__attribute__((noreturn)) void br_worker_child_main(int cmd_fd, int res_fd,
                                                    const struct br_bench *benches, size_t n,
                                                    const struct br_clock *clk)
{
    /* The controller handles Ctrl-C for the whole run; a worker dies with its controller. */
    signal(SIGINT, SIG_IGN);
    signal(SIGTERM, SIG_IGN);
    signal(SIGPIPE, SIG_DFL);
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    int rc = br_worker_serve(cmd_fd, res_fd, benches, n, clk);
    fflush(NULL);           /* a snippet's printf is not lost */
    _exit(rc == 0 ? 0 : 3); /* never exit(): the parent's stdio and atexit handlers are not ours */
}

/* ---- the steps ------------------------------------------------------------------------------- */

static const struct br_bench *find_local(const struct br_worker *w, const char *name)
{
    for (size_t i = 0; i < w->nbenches; i++)
        if (strcmp(w->benches[i].name, name) == 0) return &w->benches[i];
    return NULL;
}

/* READY's payload: counts, then the value names. */
static int take_ready(struct br_worker *w, const char *buf, size_t len)
{
    struct br_msg_ready r;
    if (len < sizeof r) return set_failed(w, "sent a short READY");
    memcpy(&r, buf, sizeof r);
    w->iterations = r.iterations;
    w->target = r.target;
    w->nvalues = 0;
    memset(&w->counters, 0, sizeof w->counters);
    for (size_t at = sizeof r; at < len; at += strlen(buf + at) + 1, w->nvalues++) {
        for (int i = 0; i < BR_NVALUES; i++)
            if (strcmp(buf + at, br_value_names[i]) == 0) w->value_at[i] = (int)w->nvalues;
        br_counters_take_name(&w->counters, buf + at, (int)w->nvalues);
    }
    if (w->value_at[BR_VALUE_NS] < 0 || w->iterations == 0)
        return set_failed(w, "sent a READY without a time or an iteration count");
    return BR_WORKER_OK;
}

static int start_local(struct br_worker *w, const struct br_bench *b,
                       const struct br_msg_start *plan)
{
    if (br_session_start(&w->session, b, w->clk, plan) < 0) {
        w->session.b = NULL; /* finished already */
        return set_failed(w, "%s", br_errmsg());
    }
    if (w->session.failed) {
        set_failed(w, "%s", w->session.failed);
        br_session_finish(&w->session);
        w->session.b = NULL;
        return BR_WORKER_FAILED;
    }
    w->iterations = w->session.iterations;
    w->target = w->session.target;
    w->counters = w->session.counters;
    for (size_t i = 0; i < w->counters.n; i++) w->counters.at[i] = BR_NVALUES + (int)i;
    return BR_WORKER_OK;
}

int br_worker_start(struct br_worker *w, const char *name, const struct br_msg_start *plan)
{
    static char buf[BR_PROTOCOL_MAX_MESSAGE];
    size_t len = strlen(name) + 1;
    switch_to(w);
    if (w->kind == BR_WORKER_LOCAL) {
        const struct br_bench *b = find_local(w, name);
        if (!b) return set_failed(w, "no benchmark named '%s'", name);
        exit_guard_arm(b->name);
        int rc = start_local(w, b, plan);
        exit_guard_arm(NULL);
        return rc;
    }
    if (sizeof *plan + len > sizeof buf) return set_failed(w, "benchmark name too long");
    memcpy(buf, plan, sizeof *plan);
    memcpy(buf + sizeof *plan, name, len);
    if (br_msg_send(w->cmd_fd, BR_MSG_START, buf, sizeof *plan + len) < 0)
        return worker_died(w, "set-up");
    int rc = expect(w, BR_MSG_READY, buf, sizeof buf, &len, "set-up and calibration");
    if (rc != BR_WORKER_OK) return rc;
    rc = take_ready(w, buf, len);
    if (rc != BR_WORKER_OK) br_worker_kill(w);
    return rc;
}

/* One RESULT, in br_value_names order. */
static int one_sample(struct br_worker *w, uint64_t iterations, int resumed, double *values)
{
    double got[64];
    size_t len;
    struct br_msg_sample m = {iterations, (uint32_t)resumed, 0};
    if (br_msg_send(w->cmd_fd, BR_MSG_SAMPLE, &m, sizeof m) < 0) return worker_died(w, "a sample");
    int rc = expect(w, BR_MSG_RESULT, (char *)got, sizeof got, &len, "a sample");
    if (rc != BR_WORKER_OK) return rc;
    if (len != w->nvalues * sizeof(double)) {
        br_worker_kill(w);
        return set_failed(w, "sent a result of %zu bytes, expected %zu", len,
                          w->nvalues * sizeof(double));
    }
    for (int i = 0; i < BR_NVALUES; i++)
        values[i] = w->value_at[i] >= 0 ? got[w->value_at[i]] : NAN;
    br_counters_take_values(&w->counters, got, w->nvalues);
    return BR_WORKER_OK;
}

int br_worker_sample(struct br_worker *w, uint64_t iterations, double *values)
{
    int resumed = switch_to(w);
    if (w->kind == BR_WORKER_LOCAL) {
        exit_guard_arm(w->session.b->name);
        if (resumed) br_session_rewarm(&w->session, iterations);
        int rc = br_session_sample(&w->session, iterations, values);
        exit_guard_arm(NULL);
        if (rc < 0) return set_failed(w, "%s", br_errmsg());
        memcpy(w->counters.per_op, br_session_counters(&w->session),
               w->counters.n * sizeof(double));
        return BR_WORKER_OK;
    }
    /* A sample that a stop of the run (Ctrl-Z) interrupted measured the stop: taken again,
     * re-warmed (whatever ran during the stop had the caches). */
    for (int tries = 0;; tries++) {
        unsigned resumes = br_interrupt_resumes();
        int rc = one_sample(w, iterations, resumed || tries > 0, values);
        if (rc != BR_WORKER_OK || resumes == br_interrupt_resumes() || tries == 3) return rc;
    }
}

int br_worker_memory(struct br_worker *w, struct br_msg_counted *m, char **note)
{
    static char buf[BR_PROTOCOL_MAX_MESSAGE];
    size_t len;
    *note = NULL;
    switch_to(w);
    if (w->kind == BR_WORKER_LOCAL) {
        /* benchrun times the next benchmarks in this process: a child counts */
        br_session_memory(&w->session, BR_MEMORY_CHILD, m, buf, sizeof buf);
        *note = br_xstrdup(buf);
        return BR_WORKER_OK;
    }
    if (br_msg_send(w->cmd_fd, BR_MSG_MEMORY, NULL, 0) < 0)
        return worker_died(w, "counting allocations");
    int rc = expect(w, BR_MSG_COUNTED, buf, sizeof buf - 1, &len, "counting allocations");
    if (rc != BR_WORKER_OK) return rc;
    if (len <= sizeof *m) {
        br_worker_kill(w);
        return set_failed(w, "sent a short COUNTED");
    }
    memcpy(m, buf, sizeof *m);
    buf[len] = '\0';
    *note = br_xstrdup(buf + sizeof *m);
    return BR_WORKER_OK;
}

int br_worker_list(struct br_worker *w, char ***names, size_t *n)
{
    struct br_msg_header h;
    *names = NULL;
    *n = 0;
    if (br_msg_send(w->cmd_fd, BR_MSG_LIST, NULL, 0) < 0) return worker_died(w, "the list");
    int rc = read_reply(w, &h, sizeof h, "the list");
    if (rc != BR_WORKER_OK) return rc;
    if (br_msg_check(&h) < 0 || h.type != BR_MSG_NAMES) {
        br_worker_kill(w);
        return set_failed(w, "did not answer LIST with its names");
    }
    char *buf = br_xmalloc(h.length + 1);
    size_t cap = 0;
    rc = read_reply(w, buf, h.length, "the list");
    buf[rc == BR_WORKER_OK ? h.length : 0] = '\0';
    for (size_t at = 0; rc == BR_WORKER_OK && at < h.length; at += strlen(buf + at) + 1) {
        BR_GROW(*names, cap, *n + 1);
        (*names)[(*n)++] = br_xstrdup(buf + at);
    }
    free(buf);
    return rc;
}

void br_worker_finish(struct br_worker *w)
{
    switch_to(w);
    if (w->kind == BR_WORKER_LOCAL) {
        if (!w->session.b) return;
        exit_guard_arm(w->session.b->name);
        br_session_finish(&w->session);
        exit_guard_arm(NULL);
        return;
    }
    if (w->pid <= 0) return;
    /* QUIT asks for teardown; the worker then exits, and the end of its replies with exit
     * status 0 is success.  A crash or hang in teardown fails the benchmark. */
    char c;
    w->finishing = 1;
    if (br_msg_send(w->cmd_fd, BR_MSG_QUIT, NULL, 0) == 0) (void)read_reply(w, &c, 1, "teardown");
    br_worker_kill(w); /* reaped already, or it wrote after teardown, or we were interrupted */
}

void br_worker_release(struct br_worker *w)
{
    if (ran_last == w) ran_last = NULL; /* another worker may take its address */
    free(w->failed);
    free(w->version);
    w->failed = w->version = NULL;
}
