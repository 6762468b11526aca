/* registry.h - the registered BENCH() blocks.
 *
 * Constructors link bench_desc's onto a list (bench_register, no allocation).  At start-up
 * br_registry_collect() expands each block into its instances as Google Benchmark names them -
 * one per argument ("name/arg"), per argument of a Range, per combination of a product
 * ("name/a/b"), per thread count ("name/threads:N") - sorts instances by block name (a block's
 * instances in their expansion order), and rejects duplicate names naming both places.
 */
#ifndef BR_REGISTRY_H
#define BR_REGISTRY_H

#include <stddef.h>
#include <stdint.h>

#include "bench.h"
#include "model/shard.h"

/* The most threads one instance of a BENCH_THREADS block may ask for. */
#define BR_MAX_THREADS 256
/* The most instances one block may expand into (a product of four long lists is a mistake). */
#define BR_MAX_INSTANCES 100000

/* One benchmark instance: a block, or a block with one of its arguments or combinations. */
struct br_bench {
    const bench_desc *desc;
    int64_t arg;                  /* args[0], or 0 */
    int64_t args[BENCH_MAX_ARGS]; /* the instance's arguments (GB's args), the rest 0 */
    size_t nargs;
    int threads; /* 1, or the thread count of a BENCH_THREADS instance */
    size_t argi; /* index of the instance in its block's expansion; 0 when none */
    char *name;  /* "name", "name/arg", "name/a/b" or "name/threads:N" */
};

struct br_registry {
    struct br_bench *benches;
    size_t n, cap;
    struct br_shard_info shard; /* set by br_registry_shard(); n = 0 when not sharded */
};

/* Expands and sorts the registered list (or the given one when `head` is not NULL, for tests).
 * -1 with br_error on duplicate names ("duplicate benchmark 'x': a.c:10 and b.c:20"), on an
 * ABI mismatch, or when nothing is registered (naming the static-archive cause and the fix). */
int br_registry_collect(struct br_registry *reg, const bench_desc *head);
/* The list the constructors built (NULL when empty). */
const bench_desc *br_registry_head(void);
/* Google Benchmark's Range(lo, hi) with multiplier `mult` (benchmark_register.h, AddRange):
 * lo, the powers of mult strictly between lo and hi (negated for the negative part, 0 when the
 * range crosses it), and hi.  Writes at most `max` values to out; returns how many there are
 * (possibly more than max).  Needs lo <= hi and mult >= 2. */
size_t br_range_expand(int64_t lo, int64_t hi, int64_t mult, int64_t *out, size_t max);
/* Keeps the instances whose full name matches the POSIX extended regex `pattern` (searched,
 * not anchored).  NULL keeps all.  -1 with br_error when the pattern does not compile. */
int br_registry_filter(struct br_registry *reg, const char *pattern);
/* Keeps the instances of shard s->k of s->n (model/shard.h: every job that computes it over the
 * same selection gets a disjoint part, together all of it) and records in reg->shard what the
 * selection was.  May leave none: a shard can be empty. */
void br_registry_shard(struct br_registry *reg, const struct br_shard *s);
void br_registry_release(struct br_registry *reg);

#endif
