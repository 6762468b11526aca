/* sysinfo.c - machine description from libcpuid and the OS. */
#include "measure/sysinfo.h"

#include <libcpuid.h>
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "measure/affinity.h"

static void set_int(struct br_results *r, const char *key, long v)
{
    if (v < 0)
        br_results_set(r, key, "unknown");
    else
        br_results_set_num(r, key, (double)v, 15);
}

/* The brand string from /proc/cpuinfo, for when CPUID is not available. */
static void cpuinfo_field(const char *field, char *out, size_t size)
{
    char line[512];
    FILE *f = fopen("/proc/cpuinfo", "r");
    snprintf(out, size, "unknown");
    if (!f) return;
    while (fgets(line, sizeof line, f)) {
        char *colon = strchr(line, ':');
        if (colon && strncmp(line, field, strlen(field)) == 0) {
            colon++;
            while (*colon == ' ') colon++;
            colon[strcspn(colon, "\n")] = '\0';
            snprintf(out, size, "%s", colon);
            break;
        }
    }
    fclose(f);
}

/* CPUID pads the brand string with spaces. */
static void trim(char *s)
{
    size_t n = strlen(s);
    while (n && s[n - 1] == ' ') s[--n] = '\0';
}

void br_sysinfo_cpu_counts(struct br_results *r, const struct br_cpu_counts *c)
{
    set_int(r, "cpu_cores", c->cpuid_cores);
    set_int(r, "cpu_logical", c->cpuid_logical);
    set_int(r, "cpus_online", c->online);
    set_int(r, "cpus_allowed", c->allowed);
}

static void cpu_context(struct br_results *r)
{
    struct cpu_raw_data_t raw;
    struct cpu_id_t id;
    char buf[512];
    long online = sysconf(_SC_NPROCESSORS_ONLN);
    /* without CPUID the package's counts are the OS's, as before the OS's lines existed */
    struct br_cpu_counts n = {online, online, online, br_affinity_usable_count()};
    memset(&id, 0, sizeof id);
    int have = cpuid_present() && cpuid_get_raw_data(&raw) == 0 && cpu_identify(&raw, &id) == 0;
    if (have) {
        trim(id.brand_str);
        br_results_set(r, "cpu_brand", id.brand_str);
        br_results_set(r, "cpu_vendor", id.vendor_str);
        n.cpuid_cores = id.num_cores;
        n.cpuid_logical = id.num_logical_cpus;
    } else {
        cpuinfo_field("model name", buf, sizeof buf);
        br_results_set(r, "cpu_brand", buf);
        cpuinfo_field("vendor_id", buf, sizeof buf);
        br_results_set(r, "cpu_vendor", buf);
    }
    br_sysinfo_cpu_counts(r, &n);
    set_int(r, "cache_l1d_kib", have ? id.l1_data_cache : -1);
    set_int(r, "cache_l2_kib", have ? id.l2_cache : -1);
    set_int(r, "cache_l3_kib", have ? id.l3_cache : -1);
    /* The OS's idea of the clock (cheap, no busy loop); libcpuid's cpu_clock_measure() would
     * cost a timed loop of its own at every start. */
    set_int(r, "cpu_mhz", cpu_clock_by_os());
    /* Google Benchmark's name for the online CPUs (its JSON context's num_cpus) */
    set_int(r, "num_cpus", online);
}

void br_sysinfo_collect(struct br_results *r)
{
    char buf[512];
    struct utsname u;
    if (gethostname(buf, sizeof buf) != 0) snprintf(buf, sizeof buf, "unknown");
    buf[sizeof buf - 1] = '\0';
    br_results_set(r, "host", buf);
    if (uname(&u) == 0) {
        snprintf(buf, sizeof buf, "%s %s %s", u.sysname, u.release, u.machine);
        br_results_set(r, "os", buf);
    } else {
        br_results_set(r, "os", "unknown");
    }
    cpu_context(r);
    /* the load when the run started, as Google Benchmark records it (its JSON's load_avg) */
    FILE *f = fopen("/proc/loadavg", "r");
    double l[3];
    if (f && fscanf(f, "%lf %lf %lf", &l[0], &l[1], &l[2]) == 3) {
        snprintf(buf, sizeof buf, "%g %g %g", l[0], l[1], l[2]);
        br_results_set(r, "load_avg", buf);
    }
    if (f) fclose(f);
#if defined(__clang__)
    snprintf(buf, sizeof buf, "clang %s", __clang_version__);
#elif defined(__GNUC__)
    snprintf(buf, sizeof buf, "gcc %s", __VERSION__);
#else
    snprintf(buf, sizeof buf, "unknown");
#endif
    /* __clang_version__ ends in a blank ("14.0.6 "), which a CSV reader trims and JSON keeps:
     * the two files of one build then disagree on the compiler (benchmerge refused them) */
    size_t len = strlen(buf);
    while (len && buf[len - 1] == ' ') buf[--len] = '\0';
    br_results_set(r, "compiler", buf);
}
