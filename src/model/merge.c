/* merge.c - the shards of a run into one results file (the rules are stated in merge.h). */
#include "model/merge.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "base/strbuf.h"
#include "model/shard.h"
#include "model/stats.h"

struct input {
    const struct br_results *r;
    const char *label;
    unsigned k, n;         /* 0 when the input has no shard line, or a malformed one */
    size_t given;          /* position on the command line */
    const char *bad_shard; /* the malformed shard line, or NULL */
};

struct merging {
    struct input *in;
    size_t n;
    int force;
    struct br_results forced; /* the disagreements merged under force: merge_forced lines */
};

/* ---- what must agree -------------------------------------------------------------------- */

/* Keys whose values must be equal in every input; `missing` is the value of an absent line.
 * `strict`: refused even with --force.  A results file holds samples of one unit (its measure
 * and, for counts, the counter that counted them: callgrind's simulated instructions are not
 * perf's retired ones), and every reader takes each row in that unit: a forced merge of time
 * and instruction shards would show counts as nanoseconds. */
static const struct agreement {
    const char *key, *kind, *missing;
    int strict;
} agreements[] = {
    /* the suite first: a different selection also splits differently */
    {"suite_digest", "suites", NULL, 0},        {"suite_benchmarks", "suites", NULL, 0},
    {"git_commit", "suites", NULL, 0},          {"git_dirty", "suites", NULL, 0},
    {"shard_split", "splits", NULL, 0},         {"shard_plan", "splits", NULL, 0},
    {"cpu_brand", "machine kinds", NULL, 0},    {"cpu_vendor", "machine kinds", NULL, 0},
    {"cpu_cores", "machine kinds", NULL, 0},    {"cpu_logical", "machine kinds", NULL, 0},
    {"num_cpus", "machine kinds", NULL, 0},     {"cache_l1d_kib", "machine kinds", NULL, 0},
    {"cache_l2_kib", "machine kinds", NULL, 0}, {"cache_l3_kib", "machine kinds", NULL, 0},
    {"cpus_online", "machine kinds", NULL, 0},  {"cpus_allowed", "machine kinds", NULL, 0},
    {"compiler", "machine kinds", NULL, 0},     {"measure", "measures", "time", 1},
    {"counter", "measures", NULL, 1},           {"engine", "measures", "native", 0},
    {"benchrun_version", "measures", NULL, 0},
};

/* A disagreement: refused, or under force kept as a merge_forced line.  0 or -1. */
static int disagree(struct merging *m, const char *fmt, ...) BR_PRINTF(2, 3);
static int disagree(struct merging *m, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (!m->force) return br_error("%s (--force merges them anyway)", msg);
    br_results_set(&m->forced, "merge_forced", msg);
    return 0;
}

static const char *value_of(const struct input *in, const struct agreement *a)
{
    const char *v = br_results_get(in->r, a->key);
    return v ? v : a->missing ? a->missing : "(none)";
}

static int check_agreement(struct merging *m)
{
    for (size_t a = 0; a < sizeof agreements / sizeof agreements[0]; a++) {
        const struct agreement *ag = &agreements[a];
        const char *first = value_of(&m->in[0], ag);
        for (size_t i = 1; i < m->n; i++) {
            const char *v = value_of(&m->in[i], ag);
            if (strcmp(v, first) == 0) continue;
            if (ag->strict)
                return br_error("%s: %s '%s' differs from %s's '%s': shards of different %s, "
                                "never merged (a results file holds samples of one unit)",
                                m->in[i].label, ag->key, v, m->in[0].label, first, ag->kind);
            if (disagree(m, "%s: %s '%s' differs from %s's '%s': shards of different %s",
                         m->in[i].label, ag->key, v, m->in[0].label, first, ag->kind) < 0)
                return -1;
        }
    }
    return 0;
}

/* Every input a shard of one N, each K once, none missing, each known to have ended (benchrun
 * writes `status` once the run is over: a file without it did not come whole from benchrun). */
static int check_split(struct merging *m)
{
    for (size_t i = 0; i < m->n; i++) {
        const struct input *x = &m->in[i];
        if (!br_results_get(x->r, "status") &&
            disagree(m, "%s: no 'status' line: not known to have ended", x->label) < 0)
            return -1;
        if (!x->n && x->bad_shard &&
            disagree(m, "%s: malformed 'shard' line '%s' (K/N with 1 <= K <= N <= %d)", x->label,
                     x->bad_shard, BR_SHARD_MAX) < 0)
            return -1;
        if (!x->n && !x->bad_shard &&
            disagree(m, "%s: not a shard (no 'shard' context line)", x->label) < 0)
            return -1;
        if (x->n && x->n != m->in[0].n &&
            disagree(m, "%s: shard %u/%u, but %s is %u/%u: not one split", x->label, x->k, x->n,
                     m->in[0].label, m->in[0].k, m->in[0].n) < 0)
            return -1;
        if (i && x->n && x->k == m->in[i - 1].k && x->n == m->in[i - 1].n &&
            disagree(m, "%s: shard %u/%u again (%s is %u/%u too)", x->label, x->k, x->n,
                     m->in[i - 1].label, x->k, x->n) < 0)
            return -1;
    }
    unsigned n = m->in[0].n;
    for (unsigned k = 1; n && k <= n; k++) {
        size_t i = 0;
        while (i < m->n && !(m->in[i].k == k && m->in[i].n == n)) i++;
        if (i == m->n && disagree(m, "shard %u/%u is missing: %zu file%s given", k, n, m->n,
                                  m->n == 1 ? "" : "s") < 0)
            return -1;
    }
    return 0;
}

/* Shards in order of K (the unsharded after them, as given). */
static int by_shard(const void *pa, const void *pb)
{
    const struct input *a = pa, *b = pb;
    unsigned ka = a->n ? a->k : ~0u, kb = b->n ? b->k : ~0u;
    if (ka != kb) return ka < kb ? -1 : 1;
    if (a->n != b->n) return a->n < b->n ? -1 : 1;
    return (a->given > b->given) - (a->given < b->given);
}

static void read_inputs(struct merging *m, const struct br_results *in, const char *const *labels)
{
    for (size_t i = 0; i < m->n; i++) {
        struct br_shard s = {0, 0, NULL};
        const char *v = br_results_get(&in[i], "shard");
        int bad = v && br_shard_parse(v, &s) < 0;
        if (!v || bad) s.k = s.n = 0;
        m->in[i] = (struct input){&in[i], labels[i], s.k, s.n, i, bad ? v : NULL};
    }
    qsort(m->in, m->n, sizeof *m->in, by_shard);
}

/* ---- the rows ------------------------------------------------------------------------------ */

struct entry {
    const struct br_row *row;
    size_t input;
};

/* A name as (prefix, kind, argument): "memcpy/64" is ("memcpy", numeric, 64), "strlen" is
 * ("strlen", none), "x/abc" is ("x", text).  Comparing these tuples in order is a total order
 * that puts a family's numeric arguments in numeric order. */
enum arg_kind { ARG_NONE, ARG_NUMBER, ARG_TEXT };

static enum arg_kind split_name(const char *name, size_t *prefix_len, long long *arg)
{
    const char *slash = strrchr(name, '/');
    char *end;
    *prefix_len = slash ? (size_t)(slash - name) : strlen(name);
    if (!slash) return ARG_NONE;
    errno = 0;
    *arg = strtoll(slash + 1, &end, 10);
    int number = slash[1] && !*end && errno == 0 &&
                 (slash[1] == '-' || (slash[1] >= '0' && slash[1] <= '9'));
    return number ? ARG_NUMBER : ARG_TEXT;
}

static int cmp_names(const char *a, const char *b)
{
    size_t la, lb;
    long long xa = 0, xb = 0;
    enum arg_kind ka = split_name(a, &la, &xa), kb = split_name(b, &lb, &xb);
    int c = strncmp(a, b, la < lb ? la : lb);
    if (c) return c;
    if (la != lb) return la < lb ? -1 : 1;
    if (ka != kb) return ka < kb ? -1 : 1;
    if (ka == ARG_NUMBER && xa != xb) return xa < xb ? -1 : 1;
    return strcmp(a, b);
}

static int cmp_entries(const void *pa, const void *pb)
{
    const struct entry *a = pa, *b = pb;
    int c = cmp_names(a->row->name, b->row->name);
    return c ? c : (a->input > b->input) - (a->input < b->input);
}

/* Every row once, ordered by name; a name in two inputs is refused, forced or not. */
static int merge_rows(const struct merging *m, struct br_results *out)
{
    size_t total = 0, k = 0;
    for (size_t i = 0; i < m->n; i++) total += m->in[i].r->nrows;
    struct entry *e = br_xcalloc(total + 1, sizeof *e);
    for (size_t i = 0; i < m->n; i++)
        for (size_t j = 0; j < m->in[i].r->nrows; j++)
            e[k++] = (struct entry){&m->in[i].r->rows[j], i};
    qsort(e, total, sizeof *e, cmp_entries);
    for (size_t j = 1; j < total; j++) {
        if (strcmp(e[j - 1].row->name, e[j].row->name) == 0) {
            br_error("benchmark '%s' is in both %s and %s: a results file holds a name once",
                     e[j].row->name, m->in[e[j - 1].input].label, m->in[e[j].input].label);
            free(e);
            return -1;
        }
    }
    for (size_t j = 0; j < total; j++) br_results_copy_row(out, e[j].row);
    free(e);
    return 0;
}

/* ---- the context ------------------------------------------------------------------------- */

enum how { SAME_OR_EACH, SHARDS, EARLIEST, STATUS, EVENTS, MEDIAN };

static const struct rule {
    const char *key;
    enum how how;
} rules[] = {
    {"shard", SHARDS},        {"date", EARLIEST},       {"status", STATUS},
    {"failed", EVENTS},       {"short", EVENTS},        {"contended", EVENTS},
    {"omitted", EVENTS},      {"merged_shard", EVENTS}, {"merge_forced", EVENTS},
    {"reference_ns", MEDIAN}, {"reference_cv", MEDIAN}, {"reference_sort_ns", MEDIAN},
    {"short_batch", EVENTS},  {"empty_body", EVENTS},
};

static enum how how_of(const char *key)
{
    for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++)
        if (strcmp(rules[i].key, key) == 0) return rules[i].how;
    return SAME_OR_EACH;
}

static void put_shards(const struct merging *m, struct br_results *out)
{
    char buf[1024];
    for (size_t i = 0; i < m->n; i++) {
        if (m->in[i].n)
            snprintf(buf, sizeof buf, "%u/%u %s", m->in[i].k, m->in[i].n, m->in[i].label);
        else
            snprintf(buf, sizeof buf, "- %s", m->in[i].label);
        br_results_set(out, "merged_shard", buf);
    }
}

static void put_events(const struct merging *m, const char *key, struct br_results *out)
{
    for (size_t i = 0; i < m->n; i++)
        for (size_t c = 0; c < m->in[i].r->nctx; c++)
            if (strcmp(m->in[i].r->ctx[c].key, key) == 0)
                br_results_set(out, key, m->in[i].r->ctx[c].value);
}

/* The earliest date: ISO 8601 in UTC sorts as text. */
static void put_earliest(const struct merging *m, const char *key, struct br_results *out)
{
    const char *best = NULL;
    for (size_t i = 0; i < m->n; i++) {
        const char *v = br_results_get(m->in[i].r, key);
        if (v && (!best || strcmp(v, best) < 0)) best = v;
    }
    if (best) br_results_set(out, key, best);
}

/* complete when every input is; else the first other status (interrupted), or "unknown" for an
 * input without one (merged under force). */
static void put_status(const struct merging *m, const char *key, struct br_results *out)
{
    const char *status = "complete";
    for (size_t i = 0; i < m->n && strcmp(status, "complete") == 0; i++) {
        const char *v = br_results_get(m->in[i].r, key);
        status = v ? v : "unknown";
    }
    br_results_set(out, key, status);
}

/* The lines of `key` in one input, as one string to compare ("a\nb"). */
static char *values_of(const struct br_results *r, const char *key)
{
    struct br_strbuf sb;
    br_strbuf_init(&sb);
    for (size_t c = 0; c < r->nctx; c++)
        if (strcmp(r->ctx[c].key, key) == 0) br_strbuf_addf(&sb, "%s\n", r->ctx[c].value);
    return br_strbuf_detach(&sb);
}

static void put_same_or_each(const struct merging *m, const char *key, struct br_results *out)
{
    char *first = values_of(m->in[0].r, key);
    int same = 1;
    for (size_t i = 1; i < m->n && same; i++) {
        char *v = values_of(m->in[i].r, key);
        same = strcmp(v, first) == 0;
        free(v);
    }
    free(first);
    if (!same) {
        put_events(m, key, out);
        return;
    }
    for (size_t c = 0; c < m->in[0].r->nctx; c++)
        if (strcmp(m->in[0].r->ctx[c].key, key) == 0)
            br_results_set(out, key, m->in[0].r->ctx[c].value);
}

/* The median of the inputs' numbers; each input's line when one is not a number. */
static void put_median(const struct merging *m, const char *key, struct br_results *out)
{
    double *v = br_xcalloc(m->n, sizeof *v);
    size_t nv = 0, have = 0;
    for (size_t i = 0; i < m->n; i++) {
        have += br_results_get(m->in[i].r, key) != NULL;
        if (br_results_get_num(m->in[i].r, key, &v[nv]) == 0) nv++;
    }
    qsort(v, nv, sizeof *v, br_stats_cmp_double);
    if (nv == have)
        br_results_set_num(out, key, br_stats_quantile_sorted(v, nv, 0.5), 6);
    else
        put_same_or_each(m, key, out);
    free(v);
}

static void put_key(const struct merging *m, const char *key, struct br_results *out)
{
    enum how how = how_of(key);
    switch (how) {
    case SHARDS: put_shards(m, out); break;
    case EARLIEST: put_earliest(m, key, out); break;
    case STATUS: put_status(m, key, out); break;
    case EVENTS: put_events(m, key, out); break;
    case MEDIAN: put_median(m, key, out); break;
    default: put_same_or_each(m, key, out); break;
    }
}

/* Each key once, in the order the inputs first have it; a status always (inputs that have
 * none merge, under force, as "unknown": never as a file that seems complete). */
static void merge_context(const struct merging *m, struct br_results *out)
{
    struct br_results seen;
    br_results_init(&seen);
    for (size_t i = 0; i < m->n; i++) {
        for (size_t c = 0; c < m->in[i].r->nctx; c++) {
            const char *key = m->in[i].r->ctx[c].key;
            if (br_results_get(&seen, key)) continue;
            br_results_set(&seen, key, "");
            put_key(m, key, out);
        }
    }
    if (!br_results_get(&seen, "status")) put_status(m, "status", out);
    br_results_release(&seen);
    for (size_t c = 0; c < m->forced.nctx; c++)
        br_results_set(out, m->forced.ctx[c].key, m->forced.ctx[c].value);
}

int br_merge_shards(const struct br_results *in, const char *const *labels, size_t n, int force,
                    struct br_results *out)
{
    struct merging m = {br_xcalloc(n + 1, sizeof *m.in), n, force, {0}};
    br_results_init(&m.forced);
    br_results_init(out);
    BR_ASSERT(n >= 1);
    read_inputs(&m, in, labels);
    int rc = check_split(&m) < 0 || check_agreement(&m) < 0 ? -1 : 0;
    if (rc == 0) merge_context(&m, out);
    if (rc == 0) rc = merge_rows(&m, out);
    if (rc < 0) br_results_release(out);
    br_results_release(&m.forced);
    free(m.in);
    return rc;
}
