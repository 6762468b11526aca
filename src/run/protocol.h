/* protocol.h - the worker protocol: how a controller drives the process that measures.
 *
 * A worker is a process that runs one benchmark's code: a child forked by benchrun, or any
 * benchrun program started with the hidden flag `--br-worker=IN,OUT` (its command and reply
 * file descriptors), which is how `benchcmp --run` drives the workers of two builds.  The
 * controller writes commands and reads replies; each is a message of a fixed header and a
 * payload, in the machine's own byte order (both ends run on one machine):
 *
 *   worker                              controller
 *   HELLO   version, benchrun version    (first, unasked: a program that never says it is not
 *                                        a benchrun worker, or speaks another version)
 *           LIST                         (optional: which benchmarks the program has)
 *   NAMES   every full name, in the program's order
 *           START   plan, benchmark name
 *   READY   iterations, sample target,
 *           the names of RESULT's values  (or FAILED: why, e.g. no such benchmark)
 *           SAMPLE  iterations (0: the calibrated count), resumed (other code ran since
 *                   this worker's last batch: an untimed warm batch first, session.c)
 *   RESULT  one double per name           (repeated)
 *           MEMORY                       (optional, after the samples: --no-memory skips it)
 *   COUNTED allocations, bytes, retained and leaked bytes per operation, peak bytes, the
 *           spread of the counting batches, bytes retained until teardown, a note (the
 *           leak's site or why it has none, or why counting is off)
 *           QUIT
 *   (teardown, then exit status 0)
 *
 * A crash, exit() or hang shows as the end of the reply stream and the process's status; the
 * controller never trusts the worker's memory.  BR_PROTOCOL_VERSION changes whenever a message
 * changes; both sides refuse another version, naming both.
 */
#ifndef BR_PROTOCOL_H
#define BR_PROTOCOL_H

#include <stddef.h>
#include <stdint.h>

/* 2: START says what to count (instruction counters, measure/instr_counter.h).
 * 3: READY names user counters, RESULT carries them (run/user_counters.h).
 * 4: MEMORY and COUNTED, the allocation counts after the samples (measure/alloc.h).
 * 5: COUNTED carries the least and most of the counting batches and the growth that the
 *    fixture's teardown freed (run/memory.h).
 * 6: SAMPLE says whether the worker resumes after other code ran (a warm batch first). */
#define BR_PROTOCOL_VERSION 6
/* "BRW" and a zero: marks our messages (a random program's output is not mistaken for them). */
#define BR_PROTOCOL_MAGIC 0x00575242u
/* The largest payload either side accepts: the NAMES of a suite of 100,000 benchmarks. */
#define BR_PROTOCOL_MAX_PAYLOAD (16u << 20)
/* The largest command or reply but NAMES: a benchmark name and a list of metric names. */
#define BR_PROTOCOL_MAX_MESSAGE 65536
/* The hidden flag that makes a benchrun program a worker. */
#define BR_WORKER_FLAG "--br-worker"

enum br_msg_type {
    BR_MSG_HELLO = 1,
    BR_MSG_START,
    BR_MSG_READY,
    BR_MSG_FAILED,
    BR_MSG_SAMPLE,
    BR_MSG_RESULT,
    BR_MSG_QUIT,
    BR_MSG_LIST,
    BR_MSG_NAMES,
    BR_MSG_MEMORY,
    BR_MSG_COUNTED
};

struct br_msg_header {
    uint32_t magic;
    uint16_t version;
    uint16_t type;   /* enum br_msg_type */
    uint32_t length; /* of the payload that follows */
};

/* HELLO's payload: the version string of the worker's benchrun, NUL-terminated. */

/* START: what to do before sampling, then the benchmark's full name (NUL-terminated). */
struct br_msg_start {
    uint64_t iterations;      /* per sample; 0: calibrate */
    double min_batch_ns;      /* calibration target for one batch */
    double max_ns;            /* the benchmark's time budget */
    double warmup_ns;         /* warm-up before the first sample */
    uint32_t repetitions;     /* samples wanted */
    uint32_t min_repetitions; /* samples even a slow snippet gets */
    /* What a sample is (measure/instr_counter.h): BR_COUNTER_NONE, the clock's time per operation;
     * otherwise instructions per operation by that counter, from two batches (n and 2n
     * operations) and their difference, calibrated to `min_batch_count` instructions per batch
     * instead of min_batch_ns, without warm-up.  `profile` (callgrind only): the samples'
     * batches are collected but not dumped, so the profile of all of them is callgrind's last
     * dump, written when the worker exits. */
    uint32_t counter;
    uint32_t profile;
    double min_batch_count;
};

/* READY: then the names of RESULT's values, each NUL-terminated ("ns" first; the primary, "ns"
 * or "instructions", is never NAN). */
struct br_msg_ready {
    uint64_t iterations; /* per sample */
    uint64_t target;     /* samples the budget allows */
};

/* SAMPLE: one batch.  `resumed`: another worker's code (or another benchmark's) ran since this
 * worker's last batch, and may have evicted its caches: an untimed warm batch comes first
 * (br_session_rewarm). */
struct br_msg_sample {
    uint64_t iterations; /* 0: the count READY gave */
    uint32_t resumed;
    uint32_t unused;
};

/* COUNTED: the counting batches after the samples (memory.c; serve.c sends them), then a
 * NUL-terminated note. */
struct br_msg_counted {
    double allocs_per_op;          /* calls that allocated */
    double alloc_bytes_per_op;     /* bytes they asked for */
    double retained_bytes_per_op;  /* of those, not freed by the end of the batch */
    double max_bytes_used;         /* most of them live at once, in the whole batch */
    double leak_bytes_per_op;      /* retained bytes that grow with the count, per operation,
                                      still live after the fixture's teardown */
    double allocs_min, allocs_max; /* allocs_per_op of the counting batches: least and most */
    double bytes_min, bytes_max;   /* alloc_bytes_per_op of the counting batches */
    double teardown_bytes_per_op;  /* retained bytes that grow with the count, per operation,
                                      that the fixture's teardown freed: not a leak */
    uint32_t off;                  /* 1: counting is off in the worker; the note says why */
    uint32_t loaded; /* 1: a counting batch loaded or unloaded an object (measure/alloc.h): the
                        counts leave out what the dynamic linker allocated.  It took the place
                        of padding that was always 0, so the version did not change: an older
                        worker says "none", as it always did */
};

/* RESULT: as many doubles as READY named.  FAILED: a NUL-terminated reason.  NAMES: the
 * names, each NUL-terminated. */

/* Writes one message; 0, or -1 with errno (EPIPE when the other end is gone). */
int br_msg_send(int fd, enum br_msg_type type, const void *payload, size_t len);
/* Checks a received header: 0, or -1 with br_error naming what is wrong ("speaks worker
 * protocol 2, this program 1"; "not a benchrun worker"). */
int br_msg_check(const struct br_msg_header *h);

#endif
