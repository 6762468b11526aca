/* machine.h - where the measurement runs: the CPU, and moving between CPUs while it runs.
 *
 * What the run decided about the machine (as opposed to what the user asked, the run options):
 * the CPU pinned at the start - the one asked with --cpu, or without it the fastest of the
 * allowed CPUs by the reference kernels (steer.h) - whether the run may move, where steering
 * took it, and what raising the priority could do.  benchrun settles the machine before it
 * prints its start-up line, so the line names the CPU the run really uses.
 */
#ifndef BR_MACHINE_H
#define BR_MACHINE_H

#include "measure/clock.h"
#include "measure/reference.h"
#include "measure/steer.h"
#include "model/results.h"

struct br_machine {
    int start_cpu;         /* where the measurement started; -1: not pinned */
    int steering;          /* the run may move between allowed CPUs */
    struct br_steer steer; /* steering's state and counts (when steering) */
    const char *boost;     /* "nice -20, memory not locked, timer slack 1 ns" */
    const struct br_clock *clk;
    /* while running: moves the workers too (the runner's); NULL: only this process */
    int (*move_others)(void *ctx, int cpu);
    void *ctx;
};

/* Pins to `cpu`, or (cpu < 0) to the fastest allowed CPU and, when `may_steer` and two or more
 * CPUs are allowed, lets the run move (the engine can follow); then raises the priority.  Never
 * fails: a pin that does not take leaves the run unpinned (start_cpu -1) and `warning` says why. */
void br_machine_settle(struct br_machine *m, int cpu, int may_steer, const struct br_clock *clk,
                       char *warning, size_t size);
/* The machine as it is: nothing pinned, no steering (tests, and runs that may not move). */
void br_machine_unpinned(struct br_machine *m, const struct br_clock *clk);
/* The CPU the measurement runs on now (-1: not pinned). */
int br_machine_cpu(const struct br_machine *m);
/* After a round of samples: `ns` are the reference kernels just timed on the current CPU.
 * May move the measurement (this process, then m->move_others).  1 when it moved. */
int br_machine_round(struct br_machine *m, const double ns[BR_REF_KERNELS]);
/* The reference kernels timed once more into `ref`, then br_machine_round on them: what a
 * runner does after each round of samples. */
void br_machine_check(struct br_machine *m, struct br_reference *ref);
/* Context lines: pinned_cpu (the start), cpu_steering (when steering), priority. */
void br_machine_report(const struct br_machine *m, struct br_results *out);

#endif
