/* shard.c - the split of a selection over N jobs (the rule is stated in shard.h). */
#include "model/shard.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "base/hash.h"

static uint64_t fnv1a(uint64_t h, const char *s) { return br_fnv1a(h, s, strlen(s)); }

uint64_t br_shard_hash(const char *name) { return fnv1a(BR_FNV1A_OFFSET, name); }

/* Lamping and Veach's jump consistent hash, as printed in the paper: a 64-bit linear
 * congruential step, then a jump to the next bucket the key would move to as buckets are added.
 * The double division is exact IEEE 754 arithmetic, so every platform gets the same bucket. */
static unsigned jump_hash(uint64_t key, unsigned buckets)
{
    int64_t b = -1, j = 0;
    while (j < (int64_t)buckets) {
        b = j;
        key = key * 2862933555777941757u + 1;
        j = (int64_t)((double)(b + 1) * ((double)(1ll << 31) / (double)((key >> 33) + 1)));
    }
    return (unsigned)b;
}

unsigned br_shard_of_name(const char *name, unsigned n)
{
    BR_ASSERT(n >= 1);
    return jump_hash(br_shard_hash(name), n) + 1;
}

static int parse_uint(const char *s, const char *end, unsigned *out)
{
    unsigned long v = 0;
    if (s == end || end - s > 9) return -1;
    for (; s < end; s++) {
        if (*s < '0' || *s > '9') return -1;
        v = v * 10 + (unsigned long)(*s - '0');
    }
    *out = (unsigned)v;
    return 0;
}

int br_shard_parse(const char *text, struct br_shard *s)
{
    const char *slash = strchr(text, '/');
    unsigned k, n;
    if (!slash || parse_uint(text, slash, &k) < 0 ||
        parse_uint(slash + 1, slash + strlen(slash), &n) < 0 || k < 1 || k > n || n > BR_SHARD_MAX)
        return br_error("'%s' is not K/N with 1 <= K <= N <= %d (e.g. 2/3: the second of three "
                        "jobs)",
                        text, BR_SHARD_MAX);
    s->k = k;
    s->n = n;
    return 0;
}

/* ---- by time ---------------------------------------------------------------------------- */

struct timed {
    size_t i;         /* index into the names */
    const char *name; /* names[i] */
    double cost;      /* ns the previous run spent timing it */
};

static int longest_first(const void *pa, const void *pb)
{
    const struct timed *a = pa, *b = pb;
    if (a->cost != b->cost) return a->cost < b->cost ? 1 : -1;
    return strcmp(a->name, b->name);
}

/* What the previous run spent timing the benchmark: iterations x the sum of the samples (ns per
 * operation).  Calibration and warm-up cost about the same for every benchmark and are left
 * out; a slow snippet is slow in all three. */
static double cost_of(const struct br_row *row)
{
    double sum = 0;
    for (size_t j = 0; j < row->nsamples; j++) sum += row->samples[j];
    return sum * (double)row->iterations;
}

static unsigned least_loaded(const double *load, unsigned n)
{
    unsigned best = 0;
    for (unsigned j = 1; j < n; j++)
        if (load[j] < load[best]) best = j;
    return best;
}

static void assign_by_time(const struct br_shard *s, const char *const *names, size_t count,
                           unsigned *shard_of)
{
    struct timed *t = br_xcalloc(count + 1, sizeof *t);
    double *load = br_xcalloc(s->n, sizeof *load);
    size_t nt = 0;
    for (size_t i = 0; i < count; i++) {
        const struct br_row *row = br_results_find(s->times, names[i]);
        if (row)
            t[nt++] = (struct timed){i, names[i], cost_of(row)};
        else
            shard_of[i] = br_shard_of_name(names[i], s->n);
    }
    qsort(t, nt, sizeof *t, longest_first);
    for (size_t j = 0; j < nt; j++) {
        unsigned b = least_loaded(load, s->n);
        shard_of[t[j].i] = b + 1;
        load[b] += t[j].cost;
    }
    free(load);
    free(t);
}

/* ---- the partition ---------------------------------------------------------------------- */

void br_shard_assign(const struct br_shard *s, const char *const *names, size_t count,
                     unsigned *shard_of)
{
    BR_ASSERT(s->n >= 1 && s->k >= 1 && s->k <= s->n);
    if (s->times) {
        assign_by_time(s, names, count, shard_of);
        return;
    }
    for (size_t i = 0; i < count; i++) shard_of[i] = br_shard_of_name(names[i], s->n);
}

size_t br_shard_select(const struct br_shard *s, const char *const *names, size_t count,
                       unsigned char *keep, struct br_shard_info *info)
{
    unsigned *shard_of = br_xcalloc(count + 1, sizeof *shard_of);
    size_t kept = 0;
    br_shard_assign(s, names, count, shard_of);
    for (size_t i = 0; i < count; i++) kept += keep[i] = shard_of[i] == s->k;
    if (info)
        *info = (struct br_shard_info){s->k,
                                       s->n,
                                       count,
                                       br_shard_digest(names, count),
                                       br_shard_plan(names, shard_of, count),
                                       s->times != NULL};
    free(shard_of);
    return kept;
}

uint64_t br_shard_digest(const char *const *names, size_t count)
{
    uint64_t h = BR_FNV1A_OFFSET;
    for (size_t i = 0; i < count; i++) h = fnv1a(h, names[i]), h = fnv1a(h, "\n");
    return h;
}

uint64_t br_shard_plan(const char *const *names, const unsigned *shard_of, size_t count)
{
    uint64_t h = BR_FNV1A_OFFSET;
    char buf[16];
    for (size_t i = 0; i < count; i++) {
        snprintf(buf, sizeof buf, " %u\n", shard_of[i]);
        h = fnv1a(fnv1a(h, names[i]), buf);
    }
    return h;
}

static void set_hex(struct br_results *r, const char *key, uint64_t v)
{
    char buf[24];
    snprintf(buf, sizeof buf, "%016" PRIx64, v);
    br_results_set(r, key, buf);
}

void br_shard_context(struct br_results *r, const struct br_shard_info *info,
                      const char *times_label)
{
    char buf[64];
    if (!info->n) return;
    snprintf(buf, sizeof buf, "%u/%u", info->k, info->n);
    br_results_set(r, "shard", buf);
    br_results_set(r, "shard_split", info->by_times ? "times" : "name");
    if (info->by_times && times_label) br_results_set(r, "shard_by", times_label);
    br_results_set_num(r, "suite_benchmarks", (double)info->total, 15);
    set_hex(r, "suite_digest", info->digest);
    set_hex(r, "shard_plan", info->plan);
}
