/* shard_select.c - benchrun's --shard and --shard-by. */
#include "prog/shard_select.h"

#include <stdio.h>

#include "base/error.h"
#include "format/results_read.h"
#include "model/shard.h"

/* br_error's message again, behind the flag that caused it. */
static int flag_error(const char *flag)
{
    char msg[1024];
    snprintf(msg, sizeof msg, "%s", br_errmsg());
    return br_error("%s: %s", flag, msg);
}

int br_shard_select_registry(struct br_registry *reg, const char *spec, const char *times_path)
{
    struct br_shard s = {0, 0, NULL};
    struct br_results times;
    if (!spec) return times_path ? br_error("--shard-by: only with --shard K/N") : 0;
    if (br_shard_parse(spec, &s) < 0) return flag_error("--shard");
    if (times_path) {
        if (br_results_read(times_path, &times) < 0) return flag_error("--shard-by");
        s.times = &times;
    }
    br_registry_shard(reg, &s);
    if (times_path) br_results_release(&times);
    return 0;
}
