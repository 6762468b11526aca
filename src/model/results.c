/* results.c - the results model. */
#include "model/results.h"

#include <stdlib.h>
#include <string.h>

#include "base/error.h"

void br_results_init(struct br_results *r) { memset(r, 0, sizeof *r); }

void br_results_release(struct br_results *r)
{
    for (size_t i = 0; i < r->nctx; i++) {
        free(r->ctx[i].key);
        free(r->ctx[i].value);
    }
    for (size_t i = 0; i < r->nrows; i++) {
        free(r->rows[i].name);
        free(r->rows[i].samples);
    }
    free(r->ctx);
    free(r->rows);
    br_results_init(r);
}

void br_results_set(struct br_results *r, const char *key, const char *value)
{
    BR_GROW(r->ctx, r->ctx_cap, r->nctx + 1);
    r->ctx[r->nctx].key = br_xstrdup(key);
    r->ctx[r->nctx].value = br_xstrdup(value);
    r->nctx++;
}

const char *br_results_get(const struct br_results *r, const char *key)
{
    for (size_t i = 0; i < r->nctx; i++)
        if (strcmp(r->ctx[i].key, key) == 0) return r->ctx[i].value;
    return NULL;
}

struct br_row *br_results_add(struct br_results *r, const char *name, uint64_t iterations,
                              const double *samples, size_t nsamples)
{
    BR_ASSERT(nsamples > 0);
    BR_GROW(r->rows, r->rows_cap, r->nrows + 1);
    struct br_row *row = &r->rows[r->nrows++];
    memset(row, 0, sizeof *row);
    row->name = br_xstrdup(name);
    row->iterations = iterations;
    row->nsamples = nsamples;
    row->samples = br_xmalloc(nsamples * sizeof *samples);
    memcpy(row->samples, samples, nsamples * sizeof *samples);
    br_stats_summarize(samples, nsamples, &row->summary);
    return row;
}

const struct br_row *br_results_find(const struct br_results *r, const char *name)
{
    for (size_t i = 0; i < r->nrows; i++)
        if (strcmp(r->rows[i].name, name) == 0) return &r->rows[i];
    return NULL;
}
