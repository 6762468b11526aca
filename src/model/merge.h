/* merge.h - one results file from the shards of a run (benchmerge).
 *
 * The shards of one run (benchrun --shard K/N, model/shard.h) are its parts: the merge is the
 * run as if it had been done in one job.  It is refused (-1 with one line naming the file and
 * the key) when the parts are not of one run:
 *
 *   not one split       an input without a `shard` line; different N; a K twice or missing;
 *                       a different `shard_split` or `shard_plan` (another --shard-by file);
 *                       an input without a `status` line (not known to have ended)
 *   different suites    suite_digest, suite_benchmarks (the selection before the split),
 *                       git_commit, git_dirty
 *   different machine   cpu_brand, cpu_vendor, cpu_cores, cpu_logical, num_cpus,
 *   kinds               cpus_online, cpus_allowed (where a BENCH_THREADS body's threads run),
 *                       cache_l1d_kib, cache_l2_kib, cache_l3_kib, compiler (the host name,
 *                       the kernel release, the clock's measured cost may differ: one CI pool)
 *   different measures  measure (absent: time), counter (callgrind or perf), engine (absent:
 *                       native), benchrun_version
 *
 * With `force` these are merged all the same, each disagreement kept as a `merge_forced`
 * context line of the result, except two that are always refused: a benchmark present in two
 * inputs (a results file holds a name once), and another `measure` or `counter` (a results
 * file holds samples of one unit, and its readers take every row in it).
 *
 * The result: the rows of every input, ordered by name (a numeric argument by value:
 * memcpy/64 before memcpy/4096); context lines in the order the inputs have them, where
 *   shard                 becomes one `merged_shard: K/N FILE` line per input, in shard order;
 *   date                  is the earliest (the run began then);
 *   status                is `complete` only when every input is (`unknown` when one has
 *                         none, merged under force);
 *   failed, short,        every line of every input (events of the benchmarks);
 *   contended
 *   reference_ns,         the median over the inputs (the machine's speed during the run, as
 *   reference_sort_ns,    benchcmp compares it);
 *   reference_cv
 *   any other key         once when every input has the same values, else each input's lines
 *                         in shard order (host, command, load_avg, pinned_cpu, ...).
 */
#ifndef BR_MERGE_H
#define BR_MERGE_H

#include <stddef.h>

#include "model/results.h"

/* Merges in[0..n) (labels[i] names in[i] in messages and merged_shard lines) into `out`
 * (initialised by the call).  0, or -1 with br_error and `out` released. */
int br_merge_shards(const struct br_results *in, const char *const *labels, size_t n, int force,
                    struct br_results *out);

#endif
