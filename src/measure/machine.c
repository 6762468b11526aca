/* machine.c - pinning, the CPU chosen at the start, and steering during the run. */
#include "measure/machine.h"

#include <sched.h>
#include <stdio.h>
#include <string.h>

#include "base/error.h"
#include "measure/affinity.h"

_Static_assert(BR_STEER_KERNELS == BR_REF_KERNELS, "steering judges the reference kernels");

static void probe(void *ctx, int cpu, double ns[BR_STEER_KERNELS])
{
    struct br_machine *m = ctx;
    if (sched_getcpu() != cpu) br_affinity_move(0, cpu);
    br_reference_time(m->clk, ns);
}

static int back(void *ctx, int cpu)
{
    (void)ctx;
    return br_affinity_move(0, cpu);
}

/* This process, then the workers.  A worker that exited meanwhile is the runner's to report. */
static int move(void *ctx, int cpu)
{
    struct br_machine *m = ctx;
    if (br_affinity_move(0, cpu) < 0) return -1;
    if (m->move_others) m->move_others(m->ctx, cpu);
    return 0;
}

void br_machine_settle(struct br_machine *m, int cpu, int may_steer, const struct br_clock *clk,
                       char *warning, size_t size)
{
    int allowed[BR_STEER_MAX_CPUS];
    memset(m, 0, sizeof *m);
    m->clk = clk;
    warning[0] = '\0';
    int nallowed = cpu < 0 ? br_affinity_allowed(allowed, BR_STEER_MAX_CPUS) : 0;
    m->start_cpu = br_affinity_pin(cpu);
    if (m->start_cpu < 0) snprintf(warning, size, "%s; carrying on unpinned", br_errmsg());
    int choose = m->start_cpu >= 0 && nallowed > 1;
    br_steer_init(&m->steer, allowed, choose ? nallowed : 0, m->start_cpu);
    /* The fastest CPU at the start serves every engine; moving later needs one that can. */
    if (choose) {
        struct br_steer_ops ops = {probe, move, back, m};
        m->start_cpu = br_steer_start(&m->steer, &ops);
    }
    m->steering = choose && may_steer;
    m->boost = br_affinity_boost();
}

void br_machine_unpinned(struct br_machine *m, const struct br_clock *clk)
{
    memset(m, 0, sizeof *m);
    m->start_cpu = -1;
    m->clk = clk;
    m->boost = "unchanged";
}

int br_machine_cpu(const struct br_machine *m)
{
    return m->steering ? m->steer.current : m->start_cpu;
}

int br_machine_round(struct br_machine *m, const double ns[BR_REF_KERNELS])
{
    if (!m->steering) return 0;
    struct br_steer_ops ops = {probe, move, back, m};
    return br_steer_round(&m->steer, ns, &ops);
}

void br_machine_check(struct br_machine *m, struct br_reference *ref)
{
    double last[BR_REF_KERNELS];
    br_reference_sample(ref, m->clk);
    for (int k = 0; k < BR_REF_KERNELS; k++) last[k] = ref->ns[k][ref->n - 1];
    br_machine_round(m, last);
}

void br_machine_report(const struct br_machine *m, struct br_results *out)
{
    char buf[256];
    if (m->start_cpu >= 0)
        br_results_set_num(out, "pinned_cpu", m->start_cpu, 6);
    else
        br_results_set(out, "pinned_cpu", "none");
    if (m->steering) {
        br_steer_describe(&m->steer, m->start_cpu, buf, sizeof buf);
        br_results_set(out, "cpu_steering", buf);
    }
    br_results_set(out, "priority", m->boost);
}
