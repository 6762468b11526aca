/* affinity.h - keeping the measuring thread still, and saying when the machine is noisy.
 *
 * Pinning keeps caches and the branch predictor warm and stops migrations between samples;
 * raising priority (when permitted) keeps other work off the CPU; the noise checks tell the
 * user what they can fix (governor, load) before they trust a number.
 */
#ifndef BR_AFFINITY_H
#define BR_AFFINITY_H

#include <sched.h>
#include <sys/types.h>

#include "base/strbuf.h"

/* Pins the calling thread to `cpu` (-1: the last CPU this process may use, since CPU 0 takes
 * most device interrupts on Linux).  Checks that it took with sched_getaffinity and
 * sched_getcpu.  Returns the CPU pinned to, or -1 with br_error() when pinning failed or the
 * CPU does not exist / is not allowed. */
int br_affinity_pin(int cpu);
/* The CPUs this process may run on, lowest first, at most `max` of them; -1 with br_error when
 * the set cannot be read. */
int br_affinity_allowed(int *cpus, int max);
/* The CPUs the threads of a threaded benchmark may use (measure/team.h), lowest first, at most
 * `max`: those this process could use before br_affinity_pin pinned it (a forked worker
 * inherits that set), else - in a process that never pinned itself, such as an exec'd worker -
 * br_affinity_team_cpus_unpinned of its CPU set.  Returns how many (at least 1). */
int br_affinity_team_cpus(int *cpus, int max);
/* The same for a process that never pinned itself, given its CPU set (NULL: unknown) and the
 * online count (sysconf): the set when it holds two CPUs or more (taskset -c 2,3 keeps the
 * threads on 2 and 3), else CPUs 0 .. online - 1 (one CPU is a pin inherited across exec). */
int br_affinity_team_cpus_unpinned(const cpu_set_t *set, long online, int *cpus, int max);
/* How many CPUs this process may use: its set before br_affinity_pin pinned it, else its set
 * now (the OS's count, unlike CPUID's); -1 when the set cannot be read. */
long br_affinity_usable_count(void);
/* Pins process `pid` (0: the calling thread) to `cpu`, without the checks of br_affinity_pin:
 * for moving a running measurement (steer.h).  0, or -1 with br_error. */
int br_affinity_move(pid_t pid, int cpu);
/* Whether CPU `cpu` exists and this process may run on it. */
int br_affinity_cpu_allowed(int cpu);
/* Raises scheduling priority and locks memory when permitted (root); silently keeps what it
 * cannot change.  Returns a short description, e.g. "nice -20, memory locked". */
const char *br_affinity_boost(void);

/* Noise warnings (one line each, appended to `out` separated by '\n'): a CPU frequency governor
 * other than "performance", a load average above half the CPUs, code built without
 * optimisation or with sanitizers (`bench_flags`: union of the blocks' BENCH_BUILT_* flags,
 * `all_optimized`: every block was optimised). */
void br_noise_check(struct br_strbuf *out, int pinned_cpu, int all_optimized, int any_sanitized);

#endif
