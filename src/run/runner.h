/* runner.h - warm-up, calibrate, repeat: turns selected benchmarks into results.
 *
 * An engine takes the selected instances and the options and fills a br_results: one row per
 * benchmark (samples in ns per operation) plus the context lines that describe the run.  The
 * native engine is runner.c; engine_gbench.cc runs the same loops under Google Benchmark.
 */
#ifndef BR_RUNNER_H
#define BR_RUNNER_H

#include <stddef.h>
#include <stdint.h>

#include "measure/clock.h"
#include "model/registry.h"
#include "model/results.h"

struct br_run_opts {
    unsigned repetitions;     /* samples per benchmark (ceiling when max_time cuts in) */
    unsigned min_repetitions; /* floor of samples even for slow snippets */
    double min_time;          /* seconds: minimum duration of one timed batch; 0 = derived from
                                 the clock (resolution and read cost) */
    double max_time;          /* seconds: time budget per benchmark, beyond which fewer samples */
    double warmup;            /* seconds of warm-up before the samples */
    unsigned iterations;      /* operations per sample, fixed (--iterations); 0 = calibrate */
    int cpu;                  /* CPU to pin to; -1 = choose */
    const int *steer_cpus;    /* CPUs the native engine may move between (steer.h); the caller
                                 has pinned to one of them.  NULL or < 2: stays put */
    int steer_ncpus;          /* how many */
    int interleave;           /* round-robin samples across benchmarks */
    int fork;                 /* each benchmark in a forked child (crash/hang isolation) */
    double timeout;           /* seconds a forked benchmark may take for one step */
    int quiet;                /* no progress, no warnings */
    int progress;             /* progress line on stderr (a terminal) */
    char **engine_argv;       /* extra engine flags (--benchmark_*), NULL-terminated; may be NULL */
};

void br_run_opts_default(struct br_run_opts *o);

/* Runs benches[0..n) with the native engine, appending one row per benchmark that produced
 * samples and a "failed" context line ("NAME: REASON") per benchmark that failed.  Stops
 * sampling when br_interrupt_pending(); the rows then hold the samples taken so far.
 * 0, or -1 with br_error. */
int br_runner_run(const struct br_bench *benches, size_t n, const struct br_run_opts *o,
                  const struct br_clock *clk, struct br_results *out);

#endif
