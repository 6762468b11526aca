/* affinity.c - pinning, priority and noise warnings (Linux). */
#include "measure/affinity.h"

#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>

#include "base/error.h"

int br_affinity_cpu_allowed(int cpu)
{
    cpu_set_t set;
    if (cpu < 0 || cpu >= CPU_SETSIZE) return 0;
    if (sched_getaffinity(0, sizeof set, &set) != 0) return 0;
    return CPU_ISSET(cpu, &set);
}

int br_affinity_allowed(int *cpus, int max)
{
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof set, &set) != 0)
        return br_error("cannot read this process's CPU set: %s", strerror(errno));
    int n = 0;
    for (int c = 0; c < CPU_SETSIZE && n < max; c++)
        if (CPU_ISSET(c, &set)) cpus[n++] = c;
    return n;
}

/* The set before the first pin: where a threaded benchmark's threads may go. */
static cpu_set_t before_pin;
static int have_before_pin;

/* The CPUs of `set`, lowest first, at most `max`; at least CPU 0. */
static int cpus_in(const cpu_set_t *set, int *cpus, int max)
{
    int n = 0;
    for (int c = 0; c < CPU_SETSIZE && n < max; c++)
        if (CPU_ISSET(c, set)) cpus[n++] = c;
    if (n == 0) cpus[n++] = 0;
    return n;
}

int br_affinity_team_cpus_unpinned(const cpu_set_t *set, long online, int *cpus, int max)
{
    if (set && CPU_COUNT(set) > 1) return cpus_in(set, cpus, max);
    /* One CPU in a process that never pinned itself is a pin inherited across exec (a worker
     * of benchcmp --run started by a pinned controller), not where its threads belong. */
    cpu_set_t all;
    CPU_ZERO(&all);
    for (long c = 0; c < online && c < CPU_SETSIZE; c++) CPU_SET((int)c, &all);
    return cpus_in(&all, cpus, max);
}

int br_affinity_team_cpus(int *cpus, int max)
{
    cpu_set_t now;
    if (have_before_pin) return cpus_in(&before_pin, cpus, max);
    int have_now = sched_getaffinity(0, sizeof now, &now) == 0;
    return br_affinity_team_cpus_unpinned(have_now ? &now : NULL, sysconf(_SC_NPROCESSORS_ONLN),
                                          cpus, max);
}

long br_affinity_usable_count(void)
{
    cpu_set_t set;
    if (have_before_pin) return CPU_COUNT(&before_pin);
    if (sched_getaffinity(0, sizeof set, &set) != 0) return -1;
    return CPU_COUNT(&set);
}

int br_affinity_move(pid_t pid, int cpu)
{
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    if (sched_setaffinity(pid, sizeof set, &set) != 0)
        return br_error("moving to CPU %d failed: %s", cpu, strerror(errno));
    return 0;
}

static int last_allowed_cpu(void)
{
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof set, &set) != 0) return -1;
    for (int c = CPU_SETSIZE - 1; c >= 0; c--)
        if (CPU_ISSET(c, &set)) return c;
    return -1;
}

int br_affinity_pin(int cpu)
{
    if (cpu < 0) cpu = last_allowed_cpu();
    if (cpu < 0) return br_error("cannot read this process's CPU set: %s", strerror(errno));
    if (!br_affinity_cpu_allowed(cpu))
        return br_error("--cpu: CPU %d does not exist or is not available to this process", cpu);
    cpu_set_t set;
    if (!have_before_pin)
        have_before_pin = sched_getaffinity(0, sizeof before_pin, &before_pin) == 0;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    if (sched_setaffinity(0, sizeof set, &set) != 0)
        return br_error("pinning to CPU %d failed: %s", cpu, strerror(errno));
    /* Check it took: the mask reads back as one CPU and we are running on it now. */
    cpu_set_t got;
    if (sched_getaffinity(0, sizeof got, &got) != 0 || CPU_COUNT(&got) != 1 ||
        !CPU_ISSET(cpu, &got))
        return br_error("pinning to CPU %d did not take", cpu);
    sched_yield();
    if (sched_getcpu() != cpu) return br_error("pinned to CPU %d but running elsewhere", cpu);
    return cpu;
}

const char *br_affinity_boost(void)
{
    static char desc[96];
    int nice_ok = setpriority(PRIO_PROCESS, 0, -20) == 0;
    /* The pages benchrun has now, not MCL_FUTURE: that would pre-fault every later mmap and
     * heap growth of an in-process (--no-fork) snippet, which an ordinary process does not do
     * (allocation-heavy code then measures faster than in a worker, which locks nothing). */
    int lock_ok = mlockall(MCL_CURRENT) == 0;
    /* Linux lets a sleeping thread wake up to 50 us late by default (timer slack), to batch
     * wake-ups; a 1 ms sleep would then report ~1.05 ms.  1 ns asks for the exact time. */
    int slack_ok = prctl(PR_SET_TIMERSLACK, 1UL, 0UL, 0UL, 0UL) == 0;
    snprintf(desc, sizeof desc, "%s, %s%s", nice_ok ? "nice -20" : "normal priority",
             lock_ok ? "memory locked" : "memory not locked", slack_ok ? ", timer slack 1 ns" : "");
    return desc;
}

static int read_line(const char *path, char *buf, size_t size)
{
    FILE *f = fopen(path, "r");
    if (!f) return -1;
    char *ok = fgets(buf, (int)size, f);
    fclose(f);
    if (!ok) return -1;
    buf[strcspn(buf, "\n")] = '\0';
    return 0;
}

void br_noise_check(struct br_strbuf *out, int pinned_cpu, int all_optimized, int any_sanitized)
{
    char path[128], buf[256];
    int cpu = pinned_cpu >= 0 ? pinned_cpu : 0;
    snprintf(path, sizeof path, "/sys/devices/system/cpu/cpu%d/cpufreq/scaling_governor", cpu);
    if (read_line(path, buf, sizeof buf) == 0 && strcmp(buf, "performance") != 0)
        br_strbuf_addf(out,
                       "CPU %d frequency governor is '%s', not 'performance': timings may "
                       "vary with clock speed\n",
                       cpu, buf);
    double load;
    long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
    if (read_line("/proc/loadavg", buf, sizeof buf) == 0 && sscanf(buf, "%lf", &load) == 1 &&
        ncpu > 0 && load > 0.5 * (double)ncpu)
        br_strbuf_addf(out,
                       "load average is %.2f on %ld CPUs: other work competes for the "
                       "machine\n",
                       load, ncpu);
    if (pinned_cpu < 0)
        br_strbuf_adds(out, "the measuring thread is not pinned: migrations add noise\n");
    if (!all_optimized)
        br_strbuf_adds(out, "benchmark code was built without optimisation (-O0): timings say "
                            "little about optimised code\n");
    if (any_sanitized)
        br_strbuf_adds(out, "benchmark code was built with sanitizers: timings are inflated\n");
}
