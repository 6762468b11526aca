/* memory.c - where a benchmark's allocations are counted: in place in its worker after the
 * samples, or in a child forked for it (see memory.h). */
#include "run/memory.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "measure/batch.h"
#include "run/child.h"

/* Operations in the shorter counting batch (the longer have twice as many): enough for a leak
 * of one block in a few dozen operations to show, few enough for a body of seconds.  The
 * counts of a deterministic body do not depend on it. */
#define COUNT_OPS 32

/* Batches of 2 n1 operations counted after the shorter one.  What an operation allocates may
 * depend on the state its batch starts from - a page cache that grows in steps, a B-tree that
 * splits every so many rows - so one batch is one sample of it: sqlite's INSERT gave 2.016
 * allocs/op in one run and 2.031 in the next, one batch each (issue 29).  Each batch starts
 * where the last one left off; their least and most go into the results, and counts that
 * differ are compared as measured, not as exact (analyze/compare.h).  Six batches: with the
 * shorter one 13 n1 operations in all, against 3 n1 before, still a fraction of the samples'
 * operations for any body whose calibrated count exceeds 32; docs/measurement.md shows how
 * often sqlite's batches differ. */
#define COUNT_BATCHES 6

/* Leak-hunt batches tried before giving up on finding retained blocks: growth that comes in
 * steps (a page of 4 KiB every ~30 rows) may leave a batch with nothing retained. */
#define HUNT_TRIES 3

/* The child may take as long as it needs: the controller's --timeout bounds the worker that
 * waits for it (and a child dies with its parent). */
#define NO_TIMEOUT 1e9

struct count_call {
    const struct br_bench *b;
    bench_t st;
    uint64_t iterations;
};

static void write_all(int fd, const char *buf, size_t len)
{
    for (size_t at = 0; at < len;) {
        ssize_t k = write(fd, buf + at, len - at);
        if (k <= 0) break;
        at += (size_t)k;
    }
}

/* "most allocated at SITE": where most of the blocks still live were allocated. */
static void top_site(char *note, size_t size)
{
    uint64_t bytes;
    uintptr_t pc = br_alloc_top_site(&bytes);
    int k = snprintf(note, size, "most allocated at ");
    if (k > 0 && (size_t)k < size) br_alloc_describe(pc, note + k, size - (size_t)k);
}

/* In a child forked after the hunt's batch, whose frees are still matched: the fixture's
 * teardown, then what of the batch's blocks is still live - its bytes and their site. */
static void teardown_child(void *ctx, int fd)
{
    struct count_call *c = ctx;
    char answer[sizeof(uint64_t) + 1024];
    struct br_alloc_count left;
    br_batch_hook(c->b, BR_HOOK_TEARDOWN, &c->st);
    br_alloc_end(&left);
    memcpy(answer, &left.retained, sizeof left.retained);
    answer[sizeof left.retained] = '\0';
    if (left.retained) top_site(answer + sizeof left.retained, sizeof answer - sizeof(uint64_t));
    write_all(fd, answer, sizeof left.retained + strlen(answer + sizeof left.retained) + 1);
}

/* The bytes of the open hunt batch still live after the fixture's teardown, which runs in a
 * child (this process still needs its fixture: the teardown runs once, later), and in `note`
 * their site; `before` itself (nothing to tear down, or the child failed: `note` says so). */
static uint64_t after_teardown(const struct count_call *c, const bench_t *st, uint64_t before,
                               char *note, size_t size)
{
    const bench_fixture *fx = c->b->desc->fixture;
    if (!fx || !fx->teardown) {
        top_site(note, size);
        return before;
    }
    struct count_call call = {c->b, *st, 0};
    struct br_child child;
    char *answer = NULL;
    size_t len = 0;
    uint64_t after = before;
    int rc = br_child_call(&child, teardown_child, &call, NO_TIMEOUT, &answer, &len);
    if (rc == BR_CHILD_OK && len > sizeof after && answer[len - 1] == '\0') {
        memcpy(&after, answer, sizeof after);
        snprintf(note, size, "%s", answer + sizeof after);
    } else {
        char site[512];
        top_site(site, sizeof site);
        snprintf(note, size,
                 "%s (not checked after the fixture's teardown: the child that ran it %s)", site,
                 child.failed ? child.failed : "failed");
    }
    br_child_release(&child);
    free(answer);
    return after < before ? after : before;
}

/* Retained bytes grow with the operation count (`growth` per operation): a batch that keeps
 * the backtrace of every block, then the fixture's teardown, then a look at what is still
 * live.  Teardown freed it: retained until teardown (a database the fixture closes), not a
 * leak; still live: a leak, with its site.  Split in proportion when teardown freed part. */
static void hunt(const struct count_call *c, bench_t *st, uint64_t n, double growth,
                 struct br_msg_counted *m, char *note, size_t size)
{
    struct br_alloc_count done;
    uint64_t before = 0;
    for (int t = 0; t < HUNT_TRIES && !before; t++) {
        if (t) br_alloc_end(&done);
        br_batch_count_open(c->b, st, n, 1);
        before = br_alloc_live_bytes();
    }
    if (!before) {
        br_alloc_end(&done);
        m->leak_bytes_per_op = growth;
        snprintf(note, size,
                 "no allocation site, and not checked after the fixture's teardown: %d more "
                 "batches of %llu operations retained nothing (the growth comes in larger steps)",
                 HUNT_TRIES, (unsigned long long)n);
        return;
    }
    uint64_t after = after_teardown(c, st, before, note, size);
    br_alloc_end(&done);
    m->leak_bytes_per_op = growth * (double)after / (double)before;
    m->teardown_bytes_per_op = growth - m->leak_bytes_per_op;
    if (!after) note[0] = '\0';
}

/* Widens [*lo, *hi] to v (the first value sets it). */
static void widen(double *lo, double *hi, double v, int first)
{
    if (first || v < *lo) *lo = v;
    if (first || v > *hi) *hi = v;
}

/* The batches, in a process whose GOT is patched. */
static void count(const struct count_call *c, struct br_msg_counted *m, char *note, size_t size)
{
    uint64_t n1 = c->iterations < COUNT_OPS ? c->iterations : COUNT_OPS, n2 = 2 * n1;
    uint64_t allocs = 0, bytes = 0, retained = 0;
    struct br_alloc_count c1, ck;
    bench_t st = c->st;
    br_batch_count(c->b, &st, n1, 0, &c1);
    m->loaded = (uint32_t)c1.loaded;
    for (int k = 0; k < COUNT_BATCHES; k++) {
        br_batch_count(c->b, &st, n2, 0, &ck);
        m->loaded |= (uint32_t)ck.loaded;
        allocs += ck.allocs;
        bytes += ck.bytes;
        retained += ck.retained;
        widen(&m->allocs_min, &m->allocs_max, (double)ck.allocs / (double)n2, k == 0);
        widen(&m->bytes_min, &m->bytes_max, (double)ck.bytes / (double)n2, k == 0);
        if ((double)ck.peak > m->max_bytes_used) m->max_bytes_used = (double)ck.peak;
    }
    m->allocs_per_op = (double)allocs / (double)(COUNT_BATCHES * n2);
    m->alloc_bytes_per_op = (double)bytes / (double)(COUNT_BATCHES * n2);
    m->retained_bytes_per_op = (double)retained / (double)(COUNT_BATCHES * n2);
    /* The leak rule on the mean of the longer batches: growth that comes in steps (a page
     * every so many rows) shows in some batches and not in others. */
    double growth = br_alloc_leak_per_op(COUNT_BATCHES * n1, COUNT_BATCHES * c1.retained,
                                         COUNT_BATCHES * n2, retained);
    if (growth > 0) hunt(c, &st, n2, growth, m, note, size);
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
    write_all(fd, answer, sizeof m + strlen(note) + 1);
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
    struct br_child child;
    char *answer = NULL;
    size_t len = 0;
    int rc = br_child_call(&child, count_child, &call, NO_TIMEOUT, &answer, &len);
    if (rc == BR_CHILD_OK && len > sizeof *m && answer[len - 1] == '\0') {
        memcpy(m, answer, sizeof *m);
        snprintf(note, size, "%s", answer + sizeof *m);
    } else if (rc == BR_CHILD_INTERRUPTED) {
        off(m, note, size, "the run was interrupted");
    } else {
        char why[1024];
        snprintf(why, sizeof why, "the child that counted %s",
                 child.failed ? child.failed : "failed");
        off(m, note, size, why);
    }
    br_child_release(&child);
    free(answer);
}

void br_memory_spread(struct br_row *row, const struct br_msg_counted *m)
{
    if (m->allocs_min != m->allocs_max) {
        br_row_set(row, "allocs_per_op_min", m->allocs_min);
        br_row_set(row, "allocs_per_op_max", m->allocs_max);
    }
    if (m->bytes_min != m->bytes_max) {
        br_row_set(row, "alloc_bytes_per_op_min", m->bytes_min);
        br_row_set(row, "alloc_bytes_per_op_max", m->bytes_max);
    }
}
