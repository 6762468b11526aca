/* shard.h - which benchmarks one job of a CI matrix runs: `--shard K/N` over the selected names.
 *
 * The one rule for every program that runs a suite in parts (benchrun's --shard, the paired
 * runs of benchcmp --run, instruction-count runs): each job computes the partition of the same
 * selected names (after --filter) and keeps its own part, so the N jobs together run every
 * benchmark exactly once.  Call br_shard_select() over the names; nothing else decides.
 *
 * By name (the default): shard = jump(fnv1a64(name), N) + 1, where
 *   fnv1a64  is 64-bit FNV-1a over the name's bytes (offset basis 0xcbf29ce484222325, prime
 *            0x100000001b3), and
 *   jump     is the jump consistent hash of Lamping and Veach ("A Fast, Minimal Memory,
 *            Consistent Hash Algorithm", 2014, arXiv:1406.2294), a bucket in [0, N).
 * A benchmark's shard depends on its name and N alone: adding or removing a benchmark moves no
 * other one, and going from N to N+1 jobs moves only about 1/(N+1) of them (jump's property).
 *
 * By time (`--shard-by FILE`, a previous results file): the benchmarks the file has are dealt
 * longest first (iterations x the sum of its samples: the time the run spent timing it) to the
 * shard with the least time so far (Graham's LPT rule, within 4/3 of the best split; ties: the
 * name, then the lower shard); those it lacks (added since) go by name as above, so adding a
 * benchmark still moves no other.  Every job must read the same file.
 */
#ifndef BR_SHARD_H
#define BR_SHARD_H

#include <stddef.h>
#include <stdint.h>

#include "model/results.h"

/* The largest N: more jobs than that is not a CI matrix. */
#define BR_SHARD_MAX 10000

struct br_shard {
    unsigned k, n;                  /* this job runs shard k of n: 1 <= k <= n */
    const struct br_results *times; /* --shard-by: a previous run; NULL: by name */
};

/* What a sharded selection was cut from: recorded in the results (br_shard_context) so that
 * benchmerge can tell shards of one suite from shards of another. */
struct br_shard_info {
    unsigned k, n;   /* 0 when the selection is not sharded */
    size_t total;    /* benchmarks in the whole selection, every shard together */
    uint64_t digest; /* br_shard_digest() of the whole selection */
    uint64_t plan;   /* br_shard_plan() of the whole partition */
    int by_times;    /* split by a times file */
};

/* "K/N" (1 <= K <= N <= BR_SHARD_MAX) into s->k, s->n; s->times is left alone.  0, or -1 with
 * br_error("'TEXT' is not K/N ...") for the caller to prefix with its flag. */
int br_shard_parse(const char *text, struct br_shard *s);
/* 64-bit FNV-1a of the bytes of `name`. */
uint64_t br_shard_hash(const char *name);
/* The shard (1..n) of `name` by name. */
unsigned br_shard_of_name(const char *name, unsigned n);
/* shard_of[i] = the shard (1..s->n) of names[i], for the whole partition of names[0..count). */
void br_shard_assign(const struct br_shard *s, const char *const *names, size_t count,
                     unsigned *shard_of);
/* keep[i] = 1 when names[i] is in shard s->k, else 0, and (when `info` is not NULL) what the
 * selection was: k, n, the count, br_shard_digest() and br_shard_plan().  The one entry point of
 * every runner that shards (benchrun's registry, benchcmp --run's jobs).  Returns how many are
 * kept; it may be none (a shard can be empty). */
size_t br_shard_select(const struct br_shard *s, const char *const *names, size_t count,
                       unsigned char *keep, struct br_shard_info *info);
/* FNV-1a over the names in order, each followed by a newline: one value per selection. */
uint64_t br_shard_digest(const char *const *names, size_t count);
/* FNV-1a over each name and its shard: jobs that agree on it split one selection the same way,
 * so their parts are disjoint and together whole (different --shard-by files would not). */
uint64_t br_shard_plan(const char *const *names, const unsigned *shard_of, size_t count);
/* The context lines of a sharded run (nothing when info->n is 0):
 *   shard: K/N, shard_split: name | times, shard_by: TIMES_LABEL (by time),
 *   suite_benchmarks: TOTAL, suite_digest: 16 hex digits, shard_plan: 16 hex digits. */
void br_shard_context(struct br_results *r, const struct br_shard_info *info,
                      const char *times_label);

#endif
