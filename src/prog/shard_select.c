/* shard_select.c - the flags --shard and --shard-by. */
#include "prog/shard_select.h"

#include <stdio.h>

#include "base/error.h"
#include "format/results_read.h"

/* br_error's message again, behind the flag that caused it. */
static int flag_error(const char *flag) { return br_error_prefix("%s: ", flag); }

int br_shard_flags_read(struct br_shard_flags *f, const char *spec, const char *times_path)
{
    f->shard = (struct br_shard){0, 0, NULL};
    br_results_init(&f->times);
    if (!spec) return times_path ? br_error("--shard-by: only with --shard K/N") : 0;
    if (br_shard_parse(spec, &f->shard) < 0) return f->shard.n = 0, flag_error("--shard");
    if (!times_path) return 0;
    if (br_results_read(times_path, &f->times) < 0) {
        br_results_init(&f->times); /* the reader released what it had read */
        return f->shard.n = 0, flag_error("--shard-by");
    }
    f->shard.times = &f->times;
    return 0;
}

void br_shard_flags_release(struct br_shard_flags *f) { br_results_release(&f->times); }

int br_shard_select_registry(struct br_registry *reg, const char *spec, const char *times_path)
{
    struct br_shard_flags f;
    int rc = br_shard_flags_read(&f, spec, times_path);
    if (rc == 0 && f.shard.n) br_registry_shard(reg, &f.shard);
    br_shard_flags_release(&f);
    return rc;
}
