/* shard_select.h - benchrun's --shard K/N and --shard-by FILE: the selection cut to one job's
 * part (the rule is model/shard.h's; this reads the flags and the times file). */
#ifndef BR_SHARD_SELECT_H
#define BR_SHARD_SELECT_H

#include "model/registry.h"

/* Keeps shard `spec` ("K/N"; NULL: all) of the registry, split by name or - with `times_path`,
 * a results file - by the times it records.  0, or -1 with br_error naming the flag (a bad
 * K/N, --shard-by without --shard, an unreadable times file). */
int br_shard_select_registry(struct br_registry *reg, const char *spec, const char *times_path);

#endif
