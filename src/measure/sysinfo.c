/* sysinfo.c - machine description from libcpuid and the OS. */
#include "measure/sysinfo.h"

#include <libcpuid.h>
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

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

static void cpu_context(struct br_results *r)
{
    struct cpu_raw_data_t raw;
    struct cpu_id_t id;
    char buf[512];
    if (cpuid_present() && cpuid_get_raw_data(&raw) == 0 && cpu_identify(&raw, &id) == 0) {
        trim(id.brand_str);
        br_results_set(r, "cpu_brand", id.brand_str);
        br_results_set(r, "cpu_vendor", id.vendor_str);
        set_int(r, "cpu_cores", id.num_cores);
        set_int(r, "cpu_logical", id.num_logical_cpus);
        set_int(r, "cache_l1d_kib", id.l1_data_cache);
        set_int(r, "cache_l2_kib", id.l2_cache);
        set_int(r, "cache_l3_kib", id.l3_cache);
    } else {
        cpuinfo_field("model name", buf, sizeof buf);
        br_results_set(r, "cpu_brand", buf);
        cpuinfo_field("vendor_id", buf, sizeof buf);
        br_results_set(r, "cpu_vendor", buf);
        set_int(r, "cpu_cores", sysconf(_SC_NPROCESSORS_ONLN));
        set_int(r, "cpu_logical", sysconf(_SC_NPROCESSORS_ONLN));
        set_int(r, "cache_l1d_kib", -1);
        set_int(r, "cache_l2_kib", -1);
        set_int(r, "cache_l3_kib", -1);
    }
    /* The OS's idea of the clock (cheap, no busy loop); libcpuid's cpu_clock_measure() would
     * cost a timed loop of its own at every start. */
    set_int(r, "cpu_mhz", cpu_clock_by_os());
    set_int(r, "num_cpus", sysconf(_SC_NPROCESSORS_ONLN));
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
    br_results_set(r, "compiler", buf);
}
