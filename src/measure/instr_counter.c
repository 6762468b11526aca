/* instr_counter.c - instruction counters as meters (see instr_counter.h). */
#include "measure/instr_counter.h"

#include <errno.h>
#include <linux/perf_event.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "base/error.h"
#include "config.h"
#include "format/callgrind.h"

#ifdef HAVE_VALGRIND_CALLGRIND_H
#include <valgrind/callgrind.h>
#endif

const char *br_counter_name(enum br_counter c)
{
    static const char *const names[BR_NCOUNTERS] = {"none", "perf", "callgrind"};
    BR_ASSERT((unsigned)c < BR_NCOUNTERS);
    return names[c];
}

/* The failure of the last batch (a dump that could not be read), shared by both counters. */
static char failed[512];

const char *br_counter_failed(void) { return *failed ? failed : NULL; }

/* ---- perf_event_open ------------------------------------------------------------------------ */

static int perf_fd = -1;

/* Instructions retired in user space by this thread, counting from now.  Pinned: the counter
 * is on the PMU whenever the thread runs, or reads as an error - never a multiplexed estimate. */
static int perf_open_fd(void)
{
    struct perf_event_attr a;
    memset(&a, 0, sizeof a);
    a.size = sizeof a;
    a.type = PERF_TYPE_HARDWARE;
    a.config = PERF_COUNT_HW_INSTRUCTIONS;
    a.exclude_kernel = 1;
    a.exclude_hv = 1;
    a.pinned = 1;
    return (int)syscall(SYS_perf_event_open, &a, 0, -1, -1, PERF_FLAG_FD_CLOEXEC);
}

static int perf_error(int err)
{
    const char *why = err == ENOENT || err == EOPNOTSUPP
                          ? "the kernel offers no hardware instruction counter here (a virtual "
                            "machine without a virtual PMU?)"
                      : err == EACCES || err == EPERM
                          ? "not permitted (see /proc/sys/kernel/perf_event_paranoid)"
                      : err == ENOSYS ? "this kernel has no perf events"
                                      : "the counter did not open";
    return br_error("perf_event_open: %s: %s", strerror(err), why);
}

int br_counter_perf_probe(void)
{
    int fd = perf_open_fd();
    if (fd < 0) return perf_error(errno);
    close(fd);
    return 0;
}

static uint64_t read_perf(const struct br_meter *m)
{
    uint64_t v = 0;
    (void)m;
    if (read(perf_fd, &v, sizeof v) != (ssize_t)sizeof v)
        snprintf(failed, sizeof failed, "perf_event_open: the counter could not be read");
    return v;
}

/* ---- callgrind ------------------------------------------------------------------------------ */

/* The cache events of callgrind's dumps, in this order (cl-format: the `events:` line). */
enum { IR, DR, DW, I1MR, D1MR, D1MW, ILMR, DLMR, DLMW, NEVENTS };
static const char *const event_names[NEVENTS] = {"Ir",   "Dr",   "Dw",   "I1mr", "D1mr",
                                                 "D1mw", "ILmr", "DLmr", "DLmw"};

/* One worker process is under one callgrind: its state is the process's. */
static struct {
    char out[4096];        /* callgrind's --callgrind-out-file: dumps are OUT.1, OUT.2, ... */
    unsigned dumps;        /* written so far */
    int collecting;        /* between the two readings of a batch */
    int profile;           /* batches are not dumped (br_counter_profile) */
    double total[NEVENTS]; /* every batch's events added up: counters that only grow */
} cg;

int br_counter_callgrind_built(void)
{
#ifdef HAVE_VALGRIND_CALLGRIND_H
    return 0;
#else
    return br_error("this benchrun was built without <valgrind/callgrind.h> (Debian: apt-get "
                    "install valgrind, then configure and build again)");
#endif
}

/* The events of dump number `part` added to the totals; the dump is removed (one per batch). */
static void take_dump(unsigned part)
{
    char path[sizeof cg.out + 16];
    struct br_callgrind d;
    snprintf(path, sizeof path, "%s.%u", cg.out, part);
    if (br_callgrind_read(path, 1, &d) < 0) {
        snprintf(failed, sizeof failed, "callgrind's dump: %s", br_errmsg());
        return;
    }
    for (int e = 0; e < NEVENTS; e++) {
        int at = br_callgrind_event(&d, event_names[e]);
        if (at >= 0)
            cg.total[e] += d.total[at];
        else if (e == IR)
            snprintf(failed, sizeof failed, "callgrind's dump has no Ir event");
    }
    br_callgrind_release(&d);
    unlink(path);
}

/* The primary: collection on at the first reading, off (and the batch dumped and added) at the
 * second; the count of instructions so far either way. */
static uint64_t read_instructions(const struct br_meter *m)
{
    (void)m;
#ifdef HAVE_VALGRIND_CALLGRIND_H
    if (!cg.collecting) {
        cg.collecting = 1;
        uint64_t v = (uint64_t)cg.total[IR];
        CALLGRIND_TOGGLE_COLLECT;
        return v;
    }
    CALLGRIND_TOGGLE_COLLECT;
    cg.collecting = 0;
    if (cg.profile) return 0;
    CALLGRIND_DUMP_STATS_AT("benchrun batch");
    take_dump(++cg.dumps);
#endif
    return (uint64_t)cg.total[IR];
}

static uint64_t read_l1_misses(const struct br_meter *m)
{
    (void)m;
    return (uint64_t)(cg.total[I1MR] + cg.total[D1MR] + cg.total[D1MW]);
}

static uint64_t read_ll_misses(const struct br_meter *m)
{
    (void)m;
    return (uint64_t)(cg.total[ILMR] + cg.total[DLMR] + cg.total[DLMW]);
}

/* BR_EST_CYCLES of instr_counter.h over the totals (linear, so the difference of two readings is
 * the estimate of the batch between them). */
static uint64_t read_est_cycles(const struct br_meter *m)
{
    (void)m;
    double accesses = cg.total[IR] + cg.total[DR] + cg.total[DW];
    double l1m = (double)read_l1_misses(NULL), llm = (double)read_ll_misses(NULL);
    return (uint64_t)(accesses - l1m + BR_EST_LL_HIT_CYCLES * (l1m - llm) +
                      BR_EST_RAM_CYCLES * llm);
}

static int callgrind_open(void)
{
    if (br_counter_callgrind_built() < 0) return -1;
#ifdef HAVE_VALGRIND_CALLGRIND_H
    const char *out = getenv(BR_CALLGRIND_OUT_ENV);
    if (!RUNNING_ON_VALGRIND)
        return br_error("--counter callgrind: this worker is not running under valgrind");
    if (!out || !*out || strlen(out) >= sizeof cg.out)
        return br_error("--counter callgrind: %s does not name callgrind's output file",
                        BR_CALLGRIND_OUT_ENV);
    memset(&cg, 0, sizeof cg);
    snprintf(cg.out, sizeof cg.out, "%s", out);
    CALLGRIND_START_INSTRUMENTATION;
    CALLGRIND_ZERO_STATS;
#endif
    return 0;
}

void br_counter_profile(void) { cg.profile = 1; }

/* ---- the counters --------------------------------------------------------------------------- */

int br_counter_open(enum br_counter c)
{
    *failed = '\0';
    if (c == BR_COUNTER_CALLGRIND) return callgrind_open();
    BR_ASSERT(c == BR_COUNTER_PERF);
    perf_fd = perf_open_fd();
    return perf_fd < 0 ? perf_error(errno) : 0;
}

size_t br_counter_meters(enum br_counter c, struct br_meter *m)
{
    if (c == BR_COUNTER_PERF) {
        m[0] = (struct br_meter){"instructions", 1, read_perf, NULL, 0};
        return 1;
    }
    m[0] = (struct br_meter){"l1_misses", 1, read_l1_misses, NULL, 0};
    m[1] = (struct br_meter){"ll_misses", 1, read_ll_misses, NULL, 0};
    m[2] = (struct br_meter){"est_cycles", 1, read_est_cycles, NULL, 0};
    m[3] = (struct br_meter){"instructions", 1, read_instructions, NULL, 0};
    return 4;
}

void br_counter_close(enum br_counter c)
{
    if (c == BR_COUNTER_PERF && perf_fd >= 0) {
        close(perf_fd);
        perf_fd = -1;
    }
}
