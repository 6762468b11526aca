/* sysinfo.h - what machine a result came from (libcpuid and the OS). */
#ifndef BR_SYSINFO_H
#define BR_SYSINFO_H

#include "model/results.h"

/* Adds the context lines that describe the machine and the build:
 *   host, os, cpu_brand, cpu_vendor, cpu_cores, cpu_logical, cpu_mhz, cache_l1d_kib,
 *   cache_l2_kib, cache_l3_kib, num_cpus, compiler.
 * Values libcpuid cannot give (non-x86, a VM hiding CPUID) fall back to /proc/cpuinfo or
 * "unknown"; nothing here fails. */
void br_sysinfo_collect(struct br_results *r);

#endif
