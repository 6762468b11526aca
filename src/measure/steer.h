/* steer.h - measuring on whichever CPU the host is running at full speed right now.
 *
 * On a shared VM each virtual CPU is a thread on some host core, and its speed depends on what
 * the host runs beside it.  Measured on this project's 2-vCPU VM (docs/measurement.md, "The
 * benchmark of the benchmark", CPU steering): each vCPU switches on its own between a fast state
 * and slow ones in which loop- and call-heavy code runs 1.4-1.9x slower, lasting from seconds to
 * minutes.  In one 90 s probe of both vCPUs at once, CPU 1 (the one benchrun used to pin to) was
 * fast 25 % of the time, CPU 0 90 %, and at least one of them 92 %.  No statistic over the samples
 * can undo a run that happened entirely in a slow state, but moving can avoid it:
 *
 *   - at the start, the reference loop is timed on every candidate CPU and the run pins to the
 *     fastest;
 *   - after every round of samples the runner times the reference loop on the current CPU
 *     (reference.c); when it has been clearly slower than the fastest time seen for a few
 *     rounds, the other CPUs are timed, and the measurement (this process and every worker)
 *     moves to one that is clearly faster.
 *
 * The decisions are pure functions of the probe times, so tests drive them with a fake
 * machine; `br_steer_ops` does the probing and moving.
 */
#ifndef BR_STEER_H
#define BR_STEER_H

#define BR_STEER_MAX_CPUS 64
#define BR_STEER_KERNELS  2

struct br_steer_ops {
    /* Times each reference kernel once on `cpu` (the caller runs there meanwhile). */
    void (*probe)(void *ctx, int cpu, double ns[BR_STEER_KERNELS]);
    /* Moves the measurement to `cpu` (this process and its workers); 0 or -1. */
    int (*move)(void *ctx, int cpu);
    /* Returns this process to `cpu` after probing elsewhere without moving the workers. */
    int (*back)(void *ctx, int cpu);
    void *ctx;
};

struct br_steer {
    int cpus[BR_STEER_MAX_CPUS]; /* candidates */
    int ncpus;
    int current;                        /* CPU the measurement runs on */
    double fast_ns[BR_STEER_KERNELS];   /* per kernel, fastest median seen on any CPU */
    double recent[3][BR_STEER_KERNELS]; /* last probes on the current CPU, oldest first */
    int nrecent;
    unsigned since_check;   /* rounds since the other CPUs were last probed */
    unsigned moves, checks; /* during the run (the choice at the start is not a move) */
};

/* Candidates `cpus[0..ncpus)` (at most BR_STEER_MAX_CPUS are kept); the measurement runs on
 * `current` now.  With fewer than two candidates steering does nothing. */
void br_steer_init(struct br_steer *s, const int *cpus, int ncpus, int current);
/* Times every candidate and moves to the fastest.  Returns the CPU chosen. */
int br_steer_start(struct br_steer *s, const struct br_steer_ops *ops);
/* After a round: `ns` are the reference kernels just timed on the current CPU.  May probe the
 * others and move.  Returns 1 when it moved, else 0. */
int br_steer_round(struct br_steer *s, const double ns[BR_STEER_KERNELS],
                   const struct br_steer_ops *ops);
/* "started on CPU 1 of 0,1; 2 moves; ended on CPU 0" - for the results' context. */
void br_steer_describe(const struct br_steer *s, int start_cpu, char *buf, unsigned size);

#endif
