/* instr_counter.h - instruction counters as meters: exact, repeatable counts instead of time.
 *
 *   callgrind  the worker runs under valgrind's callgrind (run/valgrind.c starts it so):
 *              collection is switched on only around a batch, with the client requests of
 *              <valgrind/callgrind.h>, and after the batch its costs are dumped
 *              (CALLGRIND_DUMP_STATS_AT) and read back from the dump's `summary:` line
 *              (format/callgrind.h).  With callgrind's cache simulation also first-level and
 *              last-level misses and an estimated cycle count (see BR_EST_CYCLES below).
 *   perf       perf_event_open(2): the hardware count of instructions retired in user space
 *              (exclude_kernel, exclude_hv) by the calling thread.  Where the kernel offers no
 *              hardware counters - most virtual machines, where it fails with ENOENT - it does
 *              not open.
 *
 * The meters read counters that only grow (meter.h): the primary, `instructions`, is listed
 * last and so sits innermost, closest to the loop; the others (callgrind's misses and cycle
 * estimate) read what the primary's last dump added.  What a meter reads around the loop
 * besides the loop - the meter's own entry and exit, the call of the loop function - is the
 * same in every batch: the session cancels it by taking two batch lengths and their difference
 * (run/session.c).
 */
#ifndef BR_INSTR_COUNTER_H
#define BR_INSTR_COUNTER_H

#include <stddef.h>

#include "measure/meter.h"

enum br_counter { BR_COUNTER_NONE, BR_COUNTER_PERF, BR_COUNTER_CALLGRIND, BR_NCOUNTERS };

/* "none", "perf", "callgrind": the `counter` context line. */
const char *br_counter_name(enum br_counter c);

/* The environment variable through which the controller tells a worker under callgrind where
 * its dumps go: the value of --callgrind-out-file (run/valgrind.c). */
#define BR_CALLGRIND_OUT_ENV "BR_CALLGRIND_OUT"

/* The meters of a counter, primary last. */
#define BR_COUNTER_MAX_METERS 4

/* Estimated cycles from callgrind's cache events: L1 hits + 5 x last-level hits + 35 x
 * last-level misses, the accesses counted as instruction fetches and data reads and writes
 * (Ir + Dr + Dw).  The weights are Itamar Turner-Trauring's ("Consistent benchmarking in CI",
 * pythonspeed.com, 2022), as iai and iai-callgrind/gungraun compute "estimated cycles": a
 * rough model with no branch mispredictions, no overlap of misses and no prefetching, so the
 * estimate is advisory. */
#define BR_EST_LL_HIT_CYCLES 5
#define BR_EST_RAM_CYCLES    35

/* Opens `c` in this process, the one that runs the batches: 0, or -1 with br_error saying why
 * (perf: the errno and what it means; callgrind: not running under valgrind, or built without
 * <valgrind/callgrind.h>).  callgrind also starts its instrumentation here, after the set-up
 * hook: what runs before is not simulated (faster), what runs after warms the simulated
 * caches. */
int br_counter_open(enum br_counter c);
/* Its meters into m[0..BR_COUNTER_MAX_METERS), primary last; returns how many. */
size_t br_counter_meters(enum br_counter c, struct br_meter *m);
/* Why the last batch has no count (a dump that could not be read), or NULL: the meters'
 * readings are then meaningless. */
const char *br_counter_failed(void);
/* callgrind: from now on batches are collected but not dumped, so callgrind's last dump (at
 * the worker's exit) is the profile of all of them (--profile); the meters then read no
 * more. */
void br_counter_profile(void);
/* Closes what br_counter_open opened. */
void br_counter_close(enum br_counter c);

/* Whether perf_event_open gives this process a user-space instruction counter: 0, or -1 with
 * br_error naming the errno (the controller's check before any worker starts). */
int br_counter_perf_probe(void);

/* Whether this build can count under callgrind (it has <valgrind/callgrind.h>'s client
 * requests): 0, or -1 with br_error saying what to install. */
int br_counter_callgrind_built(void);

#endif
