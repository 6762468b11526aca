/* worker.c - the controller's side of a worker (see worker.h). */
#include "run/worker.h"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "base/error.h"
#include "base/interrupt.h"
#include "run/serve.h"
#include "run/session.h"

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

/* A failure of the process is the worker's: `failed` moves over, word for word. */
static int took(struct br_worker *w, int rc)
{
    if (w->proc.failed) {
        free(w->failed);
        w->failed = w->proc.failed;
        w->proc.failed = NULL;
    }
    return rc;
}

/* The worker's own reasons (the protocol, its benchmark) are worded as its process's are. */
static int set_failed(struct br_worker *w, const char *fmt, ...) BR_PRINTF(2, 3);
static int set_failed(struct br_worker *w, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = took(w, br_child_vfail(&w->proc, fmt, ap));
    va_end(ap);
    return rc;
}

void br_worker_kill(struct br_worker *w) { br_child_kill(&w->proc); }

/* The worker ended (end of its replies, or its pidfd): say how. */
static int worker_died(struct br_worker *w, const char *during)
{
    return took(w, br_child_ended(&w->proc, during));
}

/* ---- reading replies ------------------------------------------------------------------------ */

/* Reads exactly n bytes of reply within the timeout. */
static int read_reply(struct br_worker *w, void *buf, size_t n, const char *during)
{
    return took(w, br_child_read(&w->proc, buf, n, during));
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
    br_child_init(&w->proc, timeout);
    for (int i = 0; i < BR_NVALUES; i++) w->value_at[i] = -1;
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
    int rc = took(w, br_child_spawn(&w->proc, fork_child, &ctx));
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
    int rc = took(w, br_child_spawn(&w->proc, exec_child, &ctx));
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
    w->session = br_xcalloc(1, sizeof *w->session);
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
    if (br_session_start(w->session, b, w->clk, plan) < 0) {
        w->session->b = NULL; /* finished already */
        return set_failed(w, "%s", br_errmsg());
    }
    if (w->session->failed) {
        set_failed(w, "%s", w->session->failed);
        br_session_finish(w->session);
        w->session->b = NULL;
        return BR_WORKER_FAILED;
    }
    w->iterations = w->session->iterations;
    w->target = w->session->target;
    w->counters = w->session->counters;
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
    if (br_msg_send(w->proc.cmd_fd, BR_MSG_START, buf, sizeof *plan + len) < 0)
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
    if (br_msg_send(w->proc.cmd_fd, BR_MSG_SAMPLE, &m, sizeof m) < 0)
        return worker_died(w, "a sample");
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
        exit_guard_arm(w->session->b->name);
        if (resumed) br_session_rewarm(w->session, iterations);
        int rc = br_session_sample(w->session, iterations, values);
        exit_guard_arm(NULL);
        if (rc < 0) return set_failed(w, "%s", br_errmsg());
        memcpy(w->counters.per_op, br_session_counters(w->session), w->counters.n * sizeof(double));
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
        /* benchrun times the next benchmarks in this process: a child counts (memory.h),
         * whose code then ran last - a sample of any worker after it resumes */
        br_session_memory(w->session, BR_MEMORY_CHILD, m, buf, sizeof buf);
        ran_last = NULL;
        *note = br_xstrdup(buf);
        return BR_WORKER_OK;
    }
    if (br_msg_send(w->proc.cmd_fd, BR_MSG_MEMORY, NULL, 0) < 0)
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
    if (br_msg_send(w->proc.cmd_fd, BR_MSG_LIST, NULL, 0) < 0) return worker_died(w, "the list");
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
        if (!w->session->b) return;
        exit_guard_arm(w->session->b->name);
        br_session_finish(w->session);
        exit_guard_arm(NULL);
        return;
    }
    if (w->proc.pid <= 0) return;
    /* QUIT asks for teardown; the worker then exits, and the end of its replies with exit
     * status 0 is success.  A crash or hang in teardown fails the benchmark. */
    char c;
    w->proc.finishing = 1;
    if (br_msg_send(w->proc.cmd_fd, BR_MSG_QUIT, NULL, 0) == 0)
        (void)read_reply(w, &c, 1, "teardown");
    br_worker_kill(w); /* reaped already, or it wrote after teardown, or we were interrupted */
}

void br_worker_release(struct br_worker *w)
{
    if (ran_last == w) ran_last = NULL; /* another worker may take its address */
    free(w->failed);
    free(w->version);
    free(w->session);
    w->failed = w->version = NULL;
    w->session = NULL;
}
