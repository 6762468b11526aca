/* user_counters.c - user counters from the threads' states to the row (see user_counters.h). */
#include "run/user_counters.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/metric.h"

static const char *bad_name(const char *name)
{
    size_t len = strlen(name);
    if (len == 0) return "is empty";
    if (len > BR_COUNTER_NAME_MAX) return "is longer than 48 characters";
    for (const char *c = name; *c; c++)
        if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-", *c))
            return "holds a character other than letters, digits, '_', '.' and '-'";
    if (br_metric_gb_own_key(name))
        return "is a key Google Benchmark's JSON entries have already, or a benchrun metric's";
    return NULL;
}

static const unsigned known_flags =
    BENCH_COUNTER_RATE | BENCH_COUNTER_AVG_THREADS | BENCH_COUNTER_INVERT;

/* Index of `name` in the set, adding it unless `fixed`; -1 when it cannot be there. */
static int find_or_add(struct br_counter_set *set, const bench_counter_slot *c, int fixed,
                       char *why, size_t size)
{
    for (size_t i = 0; i < set->n; i++)
        if (strcmp(set->names[i], c->name) == 0) {
            if (set->flags[i] == c->flags) return (int)i;
            snprintf(why, size, "counter '%s' has different kinds on different threads", c->name);
            return -2;
        }
    if (fixed) return set->late = 1, -1;
    const char *bad = bad_name(c->name);
    if (bad) return snprintf(why, size, "the counter name '%.60s' %s", c->name, bad), -2;
    if (c->flags & ~known_flags)
        return snprintf(why, size, "counter '%s' has unknown flags 0x%x", c->name, c->flags), -2;
    set->flags[set->n] = c->flags;
    snprintf(set->names[set->n], sizeof set->names[0], "%s", c->name);
    return (int)set->n++;
}

int br_counters_gather(struct br_counter_set *set, const bench_t *const *states, int n, int fixed,
                       char *why, size_t size)
{
    for (size_t i = 0; i < set->n; i++) set->per_op[i] = 0;
    for (int t = 0; t < n; t++) {
        const bench_t *st = states[t];
        if (st->ncounters > BENCH_MAX_COUNTERS)
            return snprintf(why, size, "more than %d counters", BENCH_MAX_COUNTERS), -1;
        for (unsigned k = 0; k < st->ncounters; k++) {
            int i = find_or_add(set, &st->counters[k], fixed, why, size);
            if (i == -2) return -1;
            if (i >= 0) set->per_op[i] += st->counters[k].value;
        }
    }
    for (size_t i = 0; i < set->n; i++)
        if (set->flags[i] & BENCH_COUNTER_AVG_THREADS) set->per_op[i] /= n;
    return 0;
}

void br_counters_value_name(const struct br_counter_set *set, size_t i, char *buf, size_t size)
{
    snprintf(buf, size, BR_COUNTER_VALUE_PREFIX "%u:%s", set->flags[i], set->names[i]);
}

int br_counters_take_name(struct br_counter_set *set, const char *value_name, int at)
{
    size_t k = strlen(BR_COUNTER_VALUE_PREFIX);
    char *end;
    if (strncmp(value_name, BR_COUNTER_VALUE_PREFIX, k) != 0 || set->n >= BENCH_MAX_COUNTERS)
        return 0;
    unsigned long flags = strtoul(value_name + k, &end, 10);
    if (*end != ':' || !end[1]) return 0;
    set->flags[set->n] = (unsigned)flags;
    snprintf(set->names[set->n], sizeof set->names[0], "%s", end + 1);
    set->at[set->n++] = at;
    return 1;
}

void br_counters_take_values(struct br_counter_set *set, const double *result, size_t n)
{
    for (size_t i = 0; i < set->n; i++)
        set->per_op[i] = set->at[i] >= 0 && (size_t)set->at[i] < n ? result[set->at[i]] : NAN;
}

size_t br_counters_drop_rates(struct br_counter_set *set, char *names, size_t size)
{
    size_t kept = 0, at = 0;
    if (size) names[0] = '\0';
    for (size_t i = 0; i < set->n; i++) {
        if (set->flags[i] & BENCH_COUNTER_RATE) {
            int k = snprintf(names + at, size - at, "%s'%s'", at ? ", " : "", set->names[i]);
            at = k > 0 && at + (size_t)k < size ? at + (size_t)k : at;
            continue;
        }
        memmove(set->names[kept], set->names[i], sizeof set->names[0]);
        set->flags[kept] = set->flags[i];
        set->per_op[kept] = set->per_op[i];
        set->at[kept++] = set->at[i];
    }
    size_t dropped = set->n - kept;
    set->n = kept;
    return dropped;
}

int br_counters_check(const struct br_counter_set *set, double median_ns, char *why, size_t size)
{
    for (size_t i = 0; i < set->n; i++) {
        double v = br_counter_finish(set->per_op[i], set->flags[i], median_ns);
        if (!isfinite(v))
            return snprintf(why, size, "counter '%s' is not a finite number (%g)", set->names[i],
                            v),
                   -1;
    }
    return 0;
}

void br_counters_to_row(const struct br_counter_set *set, struct br_row *row)
{
    for (size_t i = 0; i < set->n; i++)
        br_row_set_counter(row, set->names[i],
                           br_counter_finish(set->per_op[i], set->flags[i], row->summary.median),
                           set->flags[i]);
}
