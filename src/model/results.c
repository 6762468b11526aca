/* results.c - the results model. */
#include "model/results.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "base/strbuf.h"
#include "bench.h"

void br_results_init(struct br_results *r) { memset(r, 0, sizeof *r); }

void br_results_release(struct br_results *r)
{
    for (size_t i = 0; i < r->nctx; i++) {
        free(r->ctx[i].key);
        free(r->ctx[i].value);
    }
    for (size_t i = 0; i < r->nrows; i++) {
        struct br_row *row = &r->rows[i];
        for (size_t m = 0; m < row->nmetrics; m++) {
            free(row->metrics[m].samples);
            free(row->metrics[m].name);
        }
        free(row->metrics);
        free(row->name);
        free(row->samples);
    }
    free(r->ctx);
    free(r->rows);
    br_results_init(r);
}

/* Names, keys and values enter the model as text (br_text_dup, base/strbuf.h): whatever a
 * program puts here - an argument in Latin-1, a JSON name with a control character - every
 * writer can write and every reader read back. */
void br_results_set(struct br_results *r, const char *key, const char *value)
{
    BR_GROW(r->ctx, r->ctx_cap, r->nctx + 1);
    r->ctx[r->nctx].key = br_text_dup(key);
    r->ctx[r->nctx].value = br_text_dup(value);
    r->ctx[r->nctx].num = NAN;
    r->nctx++;
}

void br_results_set_num(struct br_results *r, const char *key, double v, int digits)
{
    char buf[64];
    snprintf(buf, sizeof buf, "%.*g", digits, v);
    br_results_set(r, key, buf);
    r->ctx[r->nctx - 1].num = v;
}

void br_results_remove(struct br_results *r, const char *key)
{
    size_t kept = 0;
    for (size_t i = 0; i < r->nctx; i++) {
        if (strcmp(r->ctx[i].key, key) == 0) {
            free(r->ctx[i].key);
            free(r->ctx[i].value);
        } else {
            r->ctx[kept++] = r->ctx[i];
        }
    }
    r->nctx = kept;
}

int br_results_get_num(const struct br_results *r, const char *key, double *out)
{
    for (size_t i = 0; i < r->nctx; i++) {
        if (strcmp(r->ctx[i].key, key) != 0) continue;
        if (!isnan(r->ctx[i].num)) return *out = r->ctx[i].num, 0;
        /* A value read from a file: its text is the number. */
        char *end;
        double v = strtod(r->ctx[i].value, &end);
        if (end == r->ctx[i].value || *end || !isfinite(v)) return -1;
        return *out = v, 0;
    }
    return -1;
}

const char *br_results_get(const struct br_results *r, const char *key)
{
    for (size_t i = 0; i < r->nctx; i++)
        if (strcmp(r->ctx[i].key, key) == 0) return r->ctx[i].value;
    return NULL;
}

const struct br_measure_def *br_results_measure(const struct br_results *r)
{
    const char *name = br_results_get(r, "measure");
    return name ? br_measure_find(name) : &br_measures[0];
}

struct br_row *br_results_add(struct br_results *r, const char *name, uint64_t iterations,
                              const double *samples, size_t nsamples)
{
    BR_ASSERT(nsamples > 0);
    BR_GROW(r->rows, r->rows_cap, r->nrows + 1);
    struct br_row *row = &r->rows[r->nrows++];
    memset(row, 0, sizeof *row);
    row->name = br_text_dup(name);
    row->iterations = iterations;
    row->nsamples = nsamples;
    row->samples = br_xmalloc(nsamples * sizeof *samples);
    memcpy(row->samples, samples, nsamples * sizeof *samples);
    br_stats_summarize(samples, nsamples, &row->summary);
    return row;
}

struct br_row *br_results_copy_row(struct br_results *r, const struct br_row *src)
{
    struct br_row *row = br_results_add(r, src->name, src->iterations, src->samples, src->nsamples);
    row->median_only = src->median_only;
    row->metrics = br_xcalloc(src->nmetrics + 1, sizeof *row->metrics);
    row->nmetrics = src->nmetrics;
    for (size_t i = 0; i < src->nmetrics; i++) {
        row->metrics[i] = src->metrics[i];
        if (src->metrics[i].name) row->metrics[i].name = br_xstrdup(src->metrics[i].name);
        if (src->metrics[i].samples) {
            row->metrics[i].samples = br_xmalloc(src->nsamples * sizeof(double));
            memcpy(row->metrics[i].samples, src->metrics[i].samples,
                   src->nsamples * sizeof(double));
        }
    }
    return row;
}

struct ranked {
    const char *name;
    size_t rank;
};

static int cmp_ranked(const void *a, const void *b)
{
    return strcmp(((const struct ranked *)a)->name, ((const struct ranked *)b)->name);
}

void br_results_order_rows(struct br_results *r, size_t first, const char *const *names, size_t n)
{
    size_t nrows = r->nrows - first;
    /* every benchmark failed, or an empty shard: rows may be NULL, and NULL + 0 is undefined */
    if (!nrows) return;
    struct ranked *by_name = br_xcalloc(n + 1, sizeof *by_name);
    struct br_row **slot = br_xcalloc(n + 1, sizeof *slot), *sorted;
    for (size_t i = 0; i < n; i++) by_name[i] = (struct ranked){names[i], i};
    qsort(by_name, n, sizeof *by_name, cmp_ranked);
    for (size_t i = 0; i < nrows; i++) {
        struct ranked key = {r->rows[first + i].name, 0};
        const struct ranked *hit = bsearch(&key, by_name, n, sizeof *by_name, cmp_ranked);
        BR_ASSERT(hit && !slot[hit->rank]);
        slot[hit->rank] = &r->rows[first + i];
    }
    sorted = br_xcalloc(nrows + 1, sizeof *sorted);
    for (size_t i = 0, k = 0; i < n; i++)
        if (slot[i]) sorted[k++] = *slot[i];
    memcpy(r->rows + first, sorted, nrows * sizeof *sorted);
    free(sorted);
    free(slot);
    free(by_name);
}

const struct br_row *br_results_find(const struct br_results *r, const char *name)
{
    for (size_t i = 0; i < r->nrows; i++)
        if (strcmp(r->rows[i].name, name) == 0) return &r->rows[i];
    return NULL;
}

/* Table order, then counters by name. */
static int metric_order(const struct br_metric *m, const struct br_metric_def *def,
                        const char *name)
{
    if (m->def != def) return m->def < def ? -1 : 1;
    return name ? strcmp(m->name, name) : 0;
}

/* The row's entry for `def` (and counter `name`), created in order when absent. */
static struct br_metric *metric_slot(struct br_row *row, const struct br_metric_def *def,
                                     const char *name)
{
    size_t i = 0;
    while (i < row->nmetrics && metric_order(&row->metrics[i], def, name) < 0) i++;
    if (i < row->nmetrics && metric_order(&row->metrics[i], def, name) == 0)
        return &row->metrics[i];
    row->metrics = br_xrealloc(row->metrics, (row->nmetrics + 1) * sizeof *row->metrics);
    memmove(&row->metrics[i + 1], &row->metrics[i], (row->nmetrics - i) * sizeof *row->metrics);
    row->nmetrics++;
    memset(&row->metrics[i], 0, sizeof row->metrics[i]);
    row->metrics[i].def = def;
    if (name) row->metrics[i].name = br_xstrdup(name);
    return &row->metrics[i];
}

static const struct br_metric_def *known(const char *name, enum br_metric_scope scope)
{
    const struct br_metric_def *def = br_metric_def_find(name);
    BR_ASSERT(def && def->scope == scope);
    return def;
}

/* The summary of the metric's value at each sample: what Google Benchmark's aggregates of a
 * counter report (a rate's mean is the mean of the per-repetition rates, as GB computes it). */
static void summarize_metric(const struct br_row *row, struct br_metric *m)
{
    double *v = br_xmalloc(row->nsamples * sizeof *v);
    for (size_t i = 0; i < row->nsamples; i++) v[i] = br_metric_at(row, m, i);
    br_stats_summarize(v, row->nsamples, &m->summary);
    free(v);
}

void br_row_set(struct br_row *row, const char *name, double v)
{
    BR_ASSERT(isfinite(v) && v >= 0);
    struct br_metric *m = metric_slot(row, known(name, BR_PER_BENCH), NULL);
    m->value = v;
    summarize_metric(row, m);
}

void br_row_set_samples(struct br_row *row, const char *name, const double *v)
{
    struct br_metric *m = metric_slot(row, known(name, BR_PER_SAMPLE), NULL);
    for (size_t i = 0; i < row->nsamples; i++) BR_ASSERT(isfinite(v[i]) && v[i] >= 0);
    free(m->samples);
    m->samples = br_xmalloc(row->nsamples * sizeof *v);
    memcpy(m->samples, v, row->nsamples * sizeof *v);
    summarize_metric(row, m);
}

void br_row_set_counter(struct br_row *row, const char *name, double v, unsigned flags)
{
    BR_ASSERT(isfinite(v));
    char *text = br_text_dup(name);
    struct br_metric *m = metric_slot(row, br_counter_def(), text);
    free(text);
    m->value = v;
    m->flags = flags;
    summarize_metric(row, m);
}

const struct br_metric *br_row_counter(const struct br_row *row, const char *name)
{
    for (size_t i = 0; i < row->nmetrics; i++)
        if (row->metrics[i].name && strcmp(row->metrics[i].name, name) == 0)
            return &row->metrics[i];
    return NULL;
}

const struct br_metric *br_row_metric_like(const struct br_row *row, const struct br_metric *like)
{
    if (like->name) return br_row_counter(row, like->name);
    return br_row_metric(row, like->def->name);
}

double br_counter_finish(double per_op, unsigned flags, double ns)
{
    double v = per_op;
    if (flags & BENCH_COUNTER_RATE) v = br_rate_per_second(v, ns);
    if (flags & BENCH_COUNTER_INVERT) v = 1 / v; /* always last, as GB */
    return v;
}

double br_metric_at(const struct br_row *row, const struct br_metric *m, size_t i)
{
    BR_ASSERT(i < row->nsamples);
    if (m->def->scope == BR_PER_SAMPLE) return m->samples[i];
    if (m->def->csv == BR_CSV_RATE) return br_rate_per_second(m->value, row->samples[i]);
    return m->value;
}

const struct br_metric *br_row_metric(const struct br_row *row, const char *name)
{
    for (size_t i = 0; i < row->nmetrics; i++)
        if (!row->metrics[i].name && strcmp(row->metrics[i].def->name, name) == 0)
            return &row->metrics[i];
    return NULL;
}

double br_row_value(const struct br_row *row, const char *name, double dflt)
{
    const struct br_metric *m = br_row_metric(row, name);
    return m ? m->value : dflt;
}

double br_rate_per_second(double per_op, double ns) { return ns > 0 ? per_op * 1e9 / ns : 0; }
