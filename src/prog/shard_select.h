/* shard_select.h - the flags --shard K/N and --shard-by FILE, read once for every runner:
 * benchrun cuts its registry to one job's part, benchcmp --run its paired jobs (the rule is
 * model/shard.h's; this reads the flags and the times file). */
#ifndef BR_SHARD_SELECT_H
#define BR_SHARD_SELECT_H

#include "model/registry.h"
#include "model/results.h"
#include "model/shard.h"

struct br_shard_flags {
    struct br_shard shard;   /* n = 0: not sharded */
    struct br_results times; /* --shard-by's file; shard.times points here when given */
};

/* `spec` ("K/N"; NULL: not sharded) and `times_path` (a results file, or NULL: by name) into
 * f.  0, or -1 with br_error naming the flag (a bad K/N, --shard-by without --shard, an
 * unreadable times file); release f either way. */
int br_shard_flags_read(struct br_shard_flags *f, const char *spec, const char *times_path);
void br_shard_flags_release(struct br_shard_flags *f);

/* Keeps shard `spec` of the registry (NULL: all), split by name or by `times_path`'s times. */
int br_shard_select_registry(struct br_registry *reg, const char *spec, const char *times_path);

#endif
