/* paired.h - paired A/B runs: two builds measured pair by pair on one machine.
 *
 * benchcmp --run OLD NEW starts each program as a worker (protocol.h: exec with the worker
 * flag), lists their benchmarks, and for every benchmark both have:
 *   - one worker of each build, both on the CPU the controller runs on (steering moves all);
 *   - the old build calibrates, and the new one runs the same iteration count, so a sample of
 *     each is the same batch of work; both warm up;
 *   - pairs of samples, each pair back to back in an order chosen at random (AB or BA), so
 *     whatever the host does during a pair happens to both sides, and neither side always
 *     runs second (RMIT: Abedi & Brecht, ICPE 2017; Duet benchmarking: Bulej et al., ICPE
 *     2020);
 *   - benchmarks interleaved round-robin, as benchrun does, at most BR_RUN_WINDOW at once;
 *   - after each block of pairs (a "look") the caller's `undecided` decides whether more pairs
 *     are worth taking, within the looks and the time budget.
 * The results are two ordinary results files' worth: sample i of a row in `old` and in `new`
 * are pair i (the per-sample metric pair_first says which ran first), marked by the context
 * lines paired_run (an id shared by both), paired_side and paired_looks.  With a shard, both
 * files are that shard (its context lines, model/shard.h), so benchmerge merges each side.
 */
#ifndef BR_PAIRED_H
#define BR_PAIRED_H

#include <stddef.h>
#include <stdint.h>

#include "measure/clock.h"
#include "measure/machine.h"
#include "model/results.h"
#include "model/shard.h"
#include "run/runner.h"

struct br_paired_opts {
    struct br_run_opts run; /* repetitions = pairs per look; min_time, warmup, timeout, ... */
    const char *filter;     /* POSIX extended regex over the names, or NULL */
    char **program_args;    /* passed to both programs after the worker flag; may be NULL */
    unsigned max_looks;     /* blocks of pairs at most */
    double budget_s;        /* sampling time per benchmark beyond which no more looks */
    uint64_t seed;          /* of the pair orders */
    /* After each look: 1 when more pairs could decide the benchmark.  old/new: ns per
     * operation, pair by pair.  NULL: one look. */
    int (*undecided)(void *ctx, const double *old_ns, const double *new_ns, size_t n,
                     unsigned look);
    void *ctx;
    /* --shard K/N: only this job's part of the jobs (model/shard.h's rule, over the names both
     * programs have after the filter, in job order); NULL: all.  shard_by labels the times. */
    const struct br_shard *shard;
    const char *shard_by;
};

/* Runs the benchmarks both programs have (matching the filter) in pairs, and those only one
 * has on their own (they compare as added or removed), and fills `old` and `new` (initialised
 * by the caller): rows, `failed` lines naming the side ("NAME: new: crashed ..."), the paired
 * context.  0, or -1 with br_error when a program cannot be a worker (not a benchrun program,
 * another protocol version), or the filter is bad or matches nothing. */
int br_paired_run(const char *old_prog, const char *new_prog, const struct br_paired_opts *o,
                  struct br_machine *m, const struct br_clock *clk, struct br_results *old,
                  struct br_results *new_);

#endif
