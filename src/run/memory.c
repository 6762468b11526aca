/* memory.c - where a benchmark's allocations are counted: in place in its worker after the
 * samples, or in a child forked for it (see memory.h). */
#include "run/memory.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "measure/batch.h"
#include "run/worker.h"

/* Operations in the shorter counting batch (the longer has twice as many): enough for a leak
 * of one block in a few dozen operations to show, few enough for a body of seconds.  The
 * counts of a deterministic body do not depend on it. */
#define COUNT_OPS 32

/* The child may take as long as it needs: the controller's --timeout bounds the worker that
 * waits for it (and a child dies with its parent). */
#define NO_TIMEOUT 1e9

struct count_call {
    const struct br_bench *b;
    bench_t st;
    uint64_t iterations;
};

/* The batches, in a process whose GOT is patched. */
static void count(const struct count_call *c, struct br_msg_counted *m, char *note, size_t size)
{
    uint64_t n1 = c->iterations < COUNT_OPS ? c->iterations : COUNT_OPS, n2 = 2 * n1;
    struct br_alloc_count c1, c2, hunt;
    bench_t st = c->st;
    br_batch_count(c->b, &st, n1, 0, &c1);
    br_batch_count(c->b, &st, n2, 0, &c2);
    m->allocs_per_op = (double)c2.allocs / (double)n2;
    m->alloc_bytes_per_op = (double)c2.bytes / (double)n2;
    m->retained_bytes_per_op = (double)c2.retained / (double)n2;
    m->max_bytes_used = (double)c2.peak;
    m->leak_bytes_per_op = br_alloc_leak_per_op(n1, c1.retained, n2, c2.retained);
    if (m->leak_bytes_per_op > 0) {
        uint64_t bytes;
        br_batch_count(c->b, &st, n1, 1, &hunt);
        uintptr_t pc = br_alloc_top_site(&bytes);
        if (pc) br_alloc_describe(pc, note, size);
    }
}

/* Patch, count, unpatch: m and note. */
static void count_here(const struct count_call *c, struct br_msg_counted *m, char *note,
                       size_t size)
{
    const char *why = br_alloc_patch();
    if (why) {
        m->off = 1;
        snprintf(note, size, "%s", why);
        return;
    }
    count(c, m, note, size);
    br_alloc_unpatch();
}

/* The child's answer: the counts, then the NUL-terminated note. */
static void count_child(void *ctx, int fd)
{
    char answer[sizeof(struct br_msg_counted) + 1024];
    struct br_msg_counted m;
    char *note = answer + sizeof m;
    memset(&m, 0, sizeof m);
    note[0] = '\0';
    count_here(ctx, &m, note, sizeof answer - sizeof m);
    memcpy(answer, &m, sizeof m);
    size_t len = sizeof m + strlen(note) + 1;
    for (size_t at = 0; at < len;) {
        ssize_t k = write(fd, answer + at, len - at);
        if (k <= 0) break;
        at += (size_t)k;
    }
}

/* This process's threads: a child of a fork has one. */
static int threads(void)
{
    DIR *d = opendir("/proc/self/task");
    int n = 0;
    for (struct dirent *e; d && (e = readdir(d));) n += e->d_name[0] != '.';
    if (d) closedir(d);
    return n;
}

static void off(struct br_msg_counted *m, char *note, size_t size, const char *why)
{
    m->off = 1;
    snprintf(note, size, "%s", why);
}

void br_memory_count(const struct br_bench *b, const bench_t *st, uint64_t iterations,
                     enum br_memory_where where, struct br_msg_counted *m, char *note, size_t size)
{
    memset(m, 0, sizeof *m);
    note[0] = '\0';
    struct count_call call = {b, *st, iterations};
    if (where == BR_MEMORY_HERE) {
        count_here(&call, m, note, size);
        return;
    }
    int n = threads();
    if (n > 1) {
        char why[128];
        snprintf(why, sizeof why,
                 "the process has %d threads, and a child forked to count would have one", n);
        off(m, note, size, why);
        return;
    }
    struct br_worker w;
    char *answer = NULL;
    size_t len = 0;
    int rc = br_worker_call(&w, count_child, &call, NO_TIMEOUT, &answer, &len);
    if (rc == BR_WORKER_OK && len > sizeof *m && answer[len - 1] == '\0') {
        memcpy(m, answer, sizeof *m);
        snprintf(note, size, "%s", answer + sizeof *m);
    } else if (rc == BR_WORKER_INTERRUPTED) {
        off(m, note, size, "the run was interrupted");
    } else {
        char why[1024];
        snprintf(why, sizeof why, "the child that counted %s", w.failed ? w.failed : "failed");
        off(m, note, size, why);
    }
    br_worker_release(&w);
    free(answer);
}
