/* valgrind.h - a worker under valgrind's callgrind: finding valgrind, its command line, and a
 * scratch folder for its files.
 *
 * The worker is this program itself, exec'd under
 *
 *   valgrind -q --tool=callgrind --log-file=DIR/valgrind.log
 *            --callgrind-out-file=DIR/callgrind.out --collect-atstart=no --instr-atstart=no
 *            --cache-sim=yes --I1=32768,8,64 --D1=32768,8,64 --LL=8388608,16,64
 *            PROGRAM --br-worker=IN,OUT
 *
 * with ASLR off (personality, as `setarch -R`) and BR_CALLGRIND_OUT=DIR/callgrind.out in its
 * environment, so that instr_counter.c finds the dumps.  Nothing is collected until instr_counter.c
 * switches collection on around a batch, and nothing is simulated before the benchmark's
 * set-up hook has run.  The simulated caches are fixed (a common x86 configuration: 32 KiB
 * 8-way L1 instruction and data caches, an 8 MiB 16-way last level, 64-byte lines) instead of
 * the host's, so the miss counts and the cycle estimate do not depend on the machine either.
 * valgrind's own messages (among them its notes about the host's caches) go to its log, whose
 * last line explains a worker that did not start.
 */
#ifndef BR_VALGRIND_H
#define BR_VALGRIND_H

#include <limits.h>
#include <stddef.h>

#include "run/worker.h"

/* How much slower a snippet runs under callgrind with its cache simulation than natively:
 * 20x for an arithmetic loop here (bench/instr/truth_driver: 0.24 s of CPU natively, 4.8 s
 * under callgrind; docs/measurement.md), more for memory-heavy code (valgrind's manual: 20-100x
 * for callgrind and cachegrind).  Timeouts of steps under callgrind are scaled by the upper
 * end, so that only a real hang times out. */
#define BR_CALLGRIND_SLOWDOWN 100

/* The simulated caches (bytes, ways, line bytes), written to the results' context too. */
#define BR_CALLGRIND_I1 "32768,8,64"
#define BR_CALLGRIND_D1 "32768,8,64"
#define BR_CALLGRIND_LL "8388608,16,64"

struct br_valgrind_run {
    char dir[PATH_MAX];      /* the scratch folder */
    char out[PATH_MAX + 32]; /* DIR/callgrind.out: dumps are OUT.1, OUT.2, ...; the last, at
                                exit, is OUT */
    char opt_log[PATH_MAX + 64], opt_out[PATH_MAX + 64], env_out[PATH_MAX + 64];
    char *argv[20];
    char *env[2];
    struct br_exec_wrap wrap;
};

/* valgrind on the PATH, able to run callgrind: 0 with its version ("valgrind-3.19.0") in
 * `version`, or -1 with br_error naming the Debian package to install. */
int br_valgrind_find(char *version, size_t size);
/* A fresh scratch folder (under $TMPDIR, else /tmp) and the command line for one worker. */
int br_valgrind_prepare(struct br_valgrind_run *v);
/* valgrind's last message from its log, or "" when it said nothing. */
void br_valgrind_log_tail(const struct br_valgrind_run *v, char *buf, size_t size);
/* Removes the scratch folder and what is in it; first moves callgrind's final dump to `keep`
 * when not NULL (0, or -1 with br_error when that failed). */
int br_valgrind_cleanup(struct br_valgrind_run *v, const char *keep);
/* This program's own path (what the worker runs): 0, or -1 with br_error. */
int br_valgrind_self(char *path, size_t size);

#endif
