/* registry.h - the registered BENCH() blocks.
 *
 * Constructors link bench_desc's onto a list (bench_register, no allocation).  At start-up
 * br_registry_collect() expands parameterised blocks into one instance per argument
 * ("name/arg"), sorts instances by name (arguments in declaration order), and rejects duplicate
 * names naming both places.
 */
#ifndef BR_REGISTRY_H
#define BR_REGISTRY_H

#include <stddef.h>
#include <stdint.h>

#include "bench.h"
#include "model/shard.h"

/* One benchmark instance: a block, or a block with one of its arguments. */
struct br_bench {
    const bench_desc *desc;
    int64_t arg; /* desc->args[argi], or 0 */
    size_t argi; /* index into desc->args; 0 when none */
    char *name;  /* "name" or "name/arg" */
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
/* Keeps the instances whose full name matches the POSIX extended regex `pattern` (searched,
 * not anchored).  NULL keeps all.  -1 with br_error when the pattern does not compile. */
int br_registry_filter(struct br_registry *reg, const char *pattern);
/* Keeps the instances of shard s->k of s->n (model/shard.h: every job that computes it over the
 * same selection gets a disjoint part, together all of it) and records in reg->shard what the
 * selection was.  May leave none: a shard can be empty. */
void br_registry_shard(struct br_registry *reg, const struct br_shard *s);
void br_registry_release(struct br_registry *reg);

#endif
