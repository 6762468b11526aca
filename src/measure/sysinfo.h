/* sysinfo.h - what machine a result came from (libcpuid and the OS). */
#ifndef BR_SYSINFO_H
#define BR_SYSINFO_H

#include "model/results.h"

/* Adds the context lines that describe the machine and the build:
 *   host, os, cpu_brand, cpu_vendor, cpu_cores, cpu_logical, cpus_online, cpus_allowed,
 *   cache_l1d_kib, cache_l2_kib, cache_l3_kib, cpu_mhz, num_cpus, load_avg, compiler.
 * Values libcpuid cannot give (non-x86, a VM hiding CPUID) fall back to /proc/cpuinfo or
 * "unknown"; nothing here fails. */
void br_sysinfo_collect(struct br_results *r);

/* How many CPUs, as CPUID and as the OS see them; -1: unknown.  CPUID describes the package:
 * in a VM it is often the host's (a 2-vCPU guest read cpu_cores 1, cpu_logical 254), so a count
 * that matters (where threads run, whether shards ran on one kind of machine) is the OS's. */
struct br_cpu_counts {
    long cpuid_cores, cpuid_logical; /* libcpuid: cores and logical CPUs of the package */
    long online;                     /* sysconf(_SC_NPROCESSORS_ONLN): the machine's */
    long allowed;                    /* this process's CPU set before it pinned itself */
};
/* The lines cpu_cores, cpu_logical (CPUID's), cpus_online, cpus_allowed (the OS's). */
void br_sysinfo_cpu_counts(struct br_results *r, const struct br_cpu_counts *c);

#endif
