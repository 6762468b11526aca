/* The machine's CPU counts (issue 29 point 8): CPUID's view of the package beside the OS's,
 * and the OS's count where a count matters (the CPUs a threaded benchmark's threads use). */
#include <check.h>
#include <sched.h>
#include <stdio.h>
#include <unistd.h>

#include "check_main.h"
#include "measure/affinity.h"
#include "measure/sysinfo.h"
#include "model/results.h"

/* What this VM's libcpuid reported (the host's package) beside what its OS gives. */
START_TEST(counts_side_by_side)
{
    struct br_results r;
    br_results_init(&r);
    struct br_cpu_counts c = {1, 254, 2, 1};
    br_sysinfo_cpu_counts(&r, &c);
    ck_assert_str_eq(br_results_get(&r, "cpu_cores"), "1");
    ck_assert_str_eq(br_results_get(&r, "cpu_logical"), "254");
    ck_assert_str_eq(br_results_get(&r, "cpus_online"), "2");
    ck_assert_str_eq(br_results_get(&r, "cpus_allowed"), "1");
    br_results_release(&r);
    br_results_init(&r);
    struct br_cpu_counts unknown = {-1, -1, 4, -1};
    br_sysinfo_cpu_counts(&r, &unknown);
    ck_assert_str_eq(br_results_get(&r, "cpu_logical"), "unknown");
    ck_assert_str_eq(br_results_get(&r, "cpus_online"), "4");
    ck_assert_str_eq(br_results_get(&r, "cpus_allowed"), "unknown");
    br_results_release(&r);
}
END_TEST

static cpu_set_t set_of(const int *cpus, int n)
{
    cpu_set_t s;
    CPU_ZERO(&s);
    for (int i = 0; i < n; i++) CPU_SET(cpus[i], &s);
    return s;
}

/* A process that never pinned itself (an exec'd worker): its own set when it has two CPUs or
 * more, else the online CPUs.  The old code always took CPUs 0 .. online - 1, so threads under
 * `taskset -c 2,3` were sent to CPUs 0 and 1, which they may not use. */
START_TEST(team_cpus_of_an_unpinned_process)
{
    int cpus[8];
    cpu_set_t two = set_of((int[]){2, 3}, 2);
    ck_assert_int_eq(br_affinity_team_cpus_unpinned(&two, 4, cpus, 8), 2);
    ck_assert_int_eq(cpus[0], 2);
    ck_assert_int_eq(cpus[1], 3);
    cpu_set_t one = set_of((int[]){1}, 1); /* a pin inherited across exec */
    ck_assert_int_eq(br_affinity_team_cpus_unpinned(&one, 4, cpus, 8), 4);
    ck_assert_int_eq(cpus[0], 0);
    ck_assert_int_eq(cpus[3], 3);
    ck_assert_int_eq(br_affinity_team_cpus_unpinned(NULL, 2, cpus, 8), 2);
    ck_assert_int_eq(br_affinity_team_cpus_unpinned(NULL, -1, cpus, 8), 1); /* unknown: CPU 0 */
    ck_assert_int_eq(cpus[0], 0);
    ck_assert_int_eq(br_affinity_team_cpus_unpinned(&two, 4, cpus, 1), 1); /* at most max */
    ck_assert_int_eq(cpus[0], 2);
}
END_TEST

/* The context of a process restricted to one CPU (as `taskset -c 0` does): cpus_allowed 1,
 * cpus_online the machine's.  Check runs each test in a child of its own, so the restriction
 * ends with it. */
START_TEST(collect_restricted_to_one_cpu)
{
    cpu_set_t one = set_of((int[]){0}, 1);
    ck_assert_int_eq(sched_setaffinity(0, sizeof one, &one), 0);
    struct br_results r;
    br_results_init(&r);
    br_sysinfo_collect(&r);
    ck_assert_str_eq(br_results_get(&r, "cpus_allowed"), "1");
    char online[32];
    snprintf(online, sizeof online, "%ld", sysconf(_SC_NPROCESSORS_ONLN));
    ck_assert_str_eq(br_results_get(&r, "cpus_online"), online);
    ck_assert_str_eq(br_results_get(&r, "num_cpus"), online);
    br_results_release(&r);
}
END_TEST

/* After benchrun pins itself to one CPU, the context still says what it was allowed before. */
START_TEST(collect_after_the_pin)
{
    cpu_set_t two = set_of((int[]){0, 1}, 2);
    if (sched_setaffinity(0, sizeof two, &two) != 0) return; /* one CPU: nothing to tell apart */
    ck_assert_int_eq(br_affinity_pin(1), 1);
    struct br_results r;
    br_results_init(&r);
    br_sysinfo_collect(&r);
    ck_assert_str_eq(br_results_get(&r, "cpus_allowed"), "2");
    br_results_release(&r);
    int cpus[8];
    ck_assert_int_eq(br_affinity_team_cpus(cpus, 8), 2);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("sysinfo");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, counts_side_by_side);
    tcase_add_test(tc, team_cpus_of_an_unpinned_process);
    tcase_add_test(tc, collect_restricted_to_one_cpu);
    tcase_add_test(tc, collect_after_the_pin);
    suite_add_tcase(s, tc);
    return s;
}

int main(void) { return check_run_suite(suite()); }
