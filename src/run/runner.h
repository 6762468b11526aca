/* runner.h - warm-up, calibrate, repeat: turns selected benchmarks into results.
 *
 * An engine (engine.h) takes the selected instances, the options and the settled machine and
 * fills a br_results: one row per benchmark plus the context lines that describe the run.  The
 * native engine is runner.c; engine_gbench.cc runs the same loops under Google Benchmark.
 */
#ifndef BR_RUNNER_H
#define BR_RUNNER_H

#include <stddef.h>
#include <stdint.h>

#include "measure/clock.h"
#include "measure/machine.h"
#include "model/registry.h"
#include "model/results.h"
#include "run/session.h"

/* What the user asked (the run's decisions live in struct br_machine and the results). */
struct br_run_opts {
    unsigned repetitions;     /* samples per benchmark (ceiling when max_time cuts in) */
    unsigned min_repetitions; /* floor of samples even for slow snippets */
    uint64_t iterations;      /* operations per sample; 0: calibrate */
    double min_time;          /* seconds: minimum duration of one timed batch; 0 = derived from
                                 the clock (resolution and read cost) */
    double max_time;          /* seconds: time budget per benchmark, beyond which fewer samples */
    double warmup;            /* seconds of warm-up before the samples */
    int cpu;                  /* CPU to pin to; -1 = choose (and steer) */
    int interleave;           /* round-robin samples across benchmarks */
    int fork;                 /* each benchmark in a forked child (crash/hang isolation) */
    double timeout;           /* seconds a forked benchmark may take for one step */
    int memory;               /* count allocations after the samples (alloc.h) */
    int quiet;                /* no progress, no warnings */
    int progress;             /* progress line on stderr (a terminal) */
    char **engine_argv;       /* extra engine flags (--benchmark_*), NULL-terminated; may be NULL */
    /* --measure instructions: the counter (measure/instr_counter.h); BR_COUNTER_NONE: time.  Under
     * callgrind each benchmark's worker is this program exec'd under valgrind (valgrind.h). */
    int counter;
};

/* Defaults that differ when counting: counts repeat exactly, so a few samples show that they
 * do (5, and at least 5), and a batch of a million instructions leaves the harness's cost - the
 * same in the two batches of a sample, and cancelled - no room to matter. */
#define BR_COUNT_REPETITIONS 5
#define BR_COUNT_MIN_BATCH   1e6

/* The defaults: the one place they are set (benchrun's --help prints them from here). */
void br_run_opts_default(struct br_run_opts *o);

/* At most this many benchmarks are live at once (a worker each): interleaving spreads their
 * samples over the run, and a suite of 10,000 blocks needs neither 10,000 processes nor
 * 30,000 descriptors.  64 covers every suite of the examples and keeps 3 descriptors each far
 * below the default limit of 1024. */
#define BR_RUN_WINDOW 64

/* Runs benches[0..n) with the native engine on the settled machine (it may move between
 * CPUs), appending one row per benchmark that produced samples, a `failed` context line
 * ("NAME: REASON") per benchmark that failed, a `short` line per benchmark that got fewer
 * samples than asked and a `contended` line per benchmark that lost time to other work.
 * Stops sampling when br_interrupt_pending(); the rows then hold the samples taken so far.
 * 0, or -1 with br_error. */
int br_runner_run(const struct br_bench *benches, size_t n, const struct br_run_opts *o,
                  struct br_machine *m, const struct br_clock *clk, struct br_results *out);

/* Whether a sample's time was taken by other work: its batch never waited (no voluntary
 * switch) yet took more than 5 % longer on the clock than on the CPU (runner.c). */
int br_sample_robbed(const double v[BR_NVALUES]);
/* A row from a worker's per-sample values (series[v][0..n) for br_value_names[v]): the samples
 * of `primary` (BR_VALUE_NS, or BR_VALUE_INSTRUCTIONS when counting), CPU time and switches, the
 * simulated cache's misses and estimated cycles, the declared amounts, peak memory, and the
 * `contended` and `short` (fewer than `asked` samples) context lines.  Shared by the runners. */
struct br_row *br_run_add_row(struct br_results *out, const char *name, uint64_t iterations,
                              double *const series[BR_NVALUES], int primary, size_t n,
                              unsigned asked);
/* The counts of the batches after the samples (protocol.h) onto `row`: allocs_per_op,
 * alloc_bytes_per_op, retained_bytes_per_op, max_bytes_used, the least and most of the counting
 * batches where they differ (run/memory.h), a `leak` context line naming the site or why there
 * is none (`note`), and a `retained` line for growth the fixture's teardown frees; when
 * counting was off, one `memory` line saying why.  -1 when a count is not a finite,
 * non-negative number (nothing set). */
int br_run_add_memory(struct br_results *out, struct br_row *row, const struct br_msg_counted *m,
                      const char *note);

#endif
