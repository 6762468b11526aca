/* serve.c - the worker's end of the protocol: commands in, the session's answers out (see
 * serve.h and protocol.h). */
#include "run/serve.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/error.h"
#include "config.h"
#include "run/protocol.h"
#include "run/session.h"

static int read_all(int fd, void *buf, size_t n)
{
    char *p = buf;
    while (n) {
        ssize_t k = read(fd, p, n);
        if (k < 0 && errno == EINTR) continue;
        if (k <= 0) return -1;
        p += k;
        n -= (size_t)k;
    }
    return 0;
}

/* One command: its type, its payload in buf (NUL-terminated after it).  -1 at the end of the
 * stream or on a broken message. */
static int read_command(int fd, char *buf, size_t size, struct br_msg_header *h)
{
    if (read_all(fd, h, sizeof *h) < 0 || br_msg_check(h) < 0 || h->length >= size) return -1;
    if (read_all(fd, buf, h->length) < 0) return -1;
    buf[h->length] = '\0';
    return 0;
}

static const struct br_bench *find(const struct br_bench *benches, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(benches[i].name, name) == 0) return &benches[i];
    return NULL;
}

/* START: READY with the value names, or FAILED. */
static int serve_start(int res_fd, struct br_session *s, const char *payload, size_t len,
                       const struct br_bench *benches, size_t n, const struct br_clock *clk)
{
    struct br_msg_start plan;
    char reply[2048];
    if (len <= sizeof plan) return -1;
    memcpy(&plan, payload, sizeof plan);
    const struct br_bench *b = find(benches, n, payload + sizeof plan);
    if (!b) {
        snprintf(reply, sizeof reply, "this program has no benchmark named '%.200s'",
                 payload + sizeof plan);
        return br_msg_send(res_fd, BR_MSG_FAILED, reply, strlen(reply) + 1) < 0 ? -1 : 1;
    }
    if (br_session_start(s, b, clk, &plan) < 0) {
        snprintf(reply, sizeof reply, "%s", br_errmsg());
        return br_msg_send(res_fd, BR_MSG_FAILED, reply, strlen(reply) + 1) < 0 ? -1 : 1;
    }
    if (s->failed) {
        snprintf(reply, sizeof reply, "%.1000s", s->failed);
        br_session_finish(s);
        return br_msg_send(res_fd, BR_MSG_FAILED, reply, strlen(reply) + 1) < 0 ? -1 : 1;
    }
    struct br_msg_ready ready = {s->iterations, s->target};
    size_t at = sizeof ready;
    memcpy(reply, &ready, sizeof ready);
    for (int i = 0; i < BR_NVALUES; i++) {
        size_t k = strlen(br_value_names[i]) + 1;
        memcpy(reply + at, br_value_names[i], k);
        at += k;
    }
    for (size_t i = 0; i < s->counters.n; i++) { /* 16 names of at most 60 bytes: it fits */
        br_counters_value_name(&s->counters, i, reply + at, sizeof reply - at);
        at += strlen(reply + at) + 1;
    }
    return br_msg_send(res_fd, BR_MSG_READY, reply, at) < 0 ? -1 : 0;
}

/* NAMES: every benchmark's full name, NUL-terminated, in the registry's order. */
static int send_names(int res_fd, const struct br_bench *benches, size_t n)
{
    size_t len = 0;
    for (size_t i = 0; i < n; i++) len += strlen(benches[i].name) + 1;
    if (len > BR_PROTOCOL_MAX_PAYLOAD) return -1;
    char *buf = br_xmalloc(len + 1), *p = buf;
    for (size_t i = 0; i < n; i++) p = stpcpy(p, benches[i].name) + 1;
    int rc = br_msg_send(res_fd, BR_MSG_NAMES, buf, len);
    free(buf);
    return rc;
}

/* MEMORY: COUNTED, the counts and the note. */
static int send_counted(int res_fd, struct br_session *s)
{
    char reply[sizeof(struct br_msg_counted) + 1024];
    struct br_msg_counted m;
    /* A worker's timed samples are over: it counts in place (memory.h) */
    br_session_memory(s, BR_MEMORY_HERE, &m, reply + sizeof m, sizeof reply - sizeof m);
    memcpy(reply, &m, sizeof m);
    return br_msg_send(res_fd, BR_MSG_COUNTED, reply, sizeof m + strlen(reply + sizeof m) + 1);
}

int br_worker_serve(int cmd_fd, int res_fd, const struct br_bench *benches, size_t n,
                    const struct br_clock *clk)
{
    static char buf[BR_PROTOCOL_MAX_MESSAGE + 1];
    struct br_msg_header h;
    struct br_session s;
    int started = 0;
    if (br_msg_send(res_fd, BR_MSG_HELLO, PACKAGE_VERSION, sizeof PACKAGE_VERSION) < 0) return -1;
    while (read_command(cmd_fd, buf, sizeof buf, &h) == 0) {
        if (h.type == BR_MSG_START && !started) {
            int rc = serve_start(res_fd, &s, buf, h.length, benches, n, clk);
            if (rc < 0) return -1;
            started = rc == 0;
        } else if (h.type == BR_MSG_SAMPLE && started && h.length == sizeof(struct br_msg_sample)) {
            struct br_msg_sample m;
            double values[BR_NVALUES + BENCH_MAX_COUNTERS];
            memcpy(&m, buf, sizeof m);
            if (m.resumed) br_session_rewarm(&s, m.iterations);
            if (br_session_sample(&s, m.iterations, values) < 0) {
                /* the controller reads the reason instead of a result, and finishes us */
                const char *why = br_errmsg();
                return br_msg_send(res_fd, BR_MSG_FAILED, why, strlen(why) + 1) < 0 ? -1 : 0;
            }
            memcpy(values + BR_NVALUES, s.counters.per_op, s.counters.n * sizeof(double));
            if (br_msg_send(res_fd, BR_MSG_RESULT, values,
                            (BR_NVALUES + s.counters.n) * sizeof(double)) < 0)
                return -1;
        } else if (h.type == BR_MSG_MEMORY && started) {
            if (send_counted(res_fd, &s) < 0) return -1;
        } else if (h.type == BR_MSG_LIST && !started) {
            if (send_names(res_fd, benches, n) < 0) return -1;
        } else if (h.type == BR_MSG_QUIT) {
            if (started) br_session_finish(&s);
            return 0;
        } else {
            return -1;
        }
    }
    return -1;
}
