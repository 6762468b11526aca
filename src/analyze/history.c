/* history.c - runs ordered into a history, series per benchmark, their change points. */
#include "analyze/history.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "model/stats.h"

/* Git prints 7 hexadecimal digits by default (`git log --oneline`), enough to name a commit
 * in a chart and short enough that a dozen fit under one. */
#define COMMIT_LABEL_LEN 7

static int is_false(const char *v)
{
    static const char *const no[] = {"", "0", "false", "no", "clean"};
    for (size_t i = 0; i < sizeof no / sizeof no[0]; i++)
        if (strcmp(v, no[i]) == 0) return 1;
    return 0;
}

static char *label_of(const struct br_results *r, const char *path, size_t abbrev)
{
    const char *commit = br_results_get(r, "git_commit"), *dirty = br_results_get(r, "git_dirty");
    if (commit && *commit) {
        char *label = br_xmalloc(abbrev + 2);
        size_t len = strlen(commit) < abbrev ? strlen(commit) : abbrev;
        memcpy(label, commit, len);
        strcpy(label + len, dirty && !is_false(dirty) ? "+" : "");
        return label;
    }
    const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    char *label = br_xstrdup(base), *dot = strrchr(label, '.');
    if (dot && dot != label) *dot = '\0';
    return label;
}

char *br_history_label(const struct br_results *r, const char *path)
{
    return label_of(r, path, COMMIT_LABEL_LEN);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* As git abbreviates: the shortest length from 7 on at which no two different commits of the
 * history share their abbreviation (the same commit run twice keeps one label).  Sorted, the
 * commits sharing the longest prefix are neighbours. */
static size_t unique_abbrev(const struct br_results *results, size_t n)
{
    const char **commits = br_xmalloc((n ? n : 1) * sizeof *commits);
    size_t m = 0, len = COMMIT_LABEL_LEN;
    for (size_t i = 0; i < n; i++) {
        const char *c = br_results_get(&results[i], "git_commit");
        if (c && *c) commits[m++] = c;
    }
    qsort(commits, m, sizeof *commits, cmp_str);
    for (size_t i = 1; i < m; i++)
        if (strcmp(commits[i - 1], commits[i]) != 0)
            while (strncmp(commits[i - 1], commits[i], len) == 0) len++;
    free(commits);
    return len;
}

/* ---- ordering the runs ------------------------------------------------------------------ */

static int cmp_run_date(const void *a, const void *b)
{
    const struct br_history_run *x = a, *y = b;
    int d = strcmp(x->date, y->date);
    /* qsort is not stable: equal dates keep the given order, which is that of `results`. */
    return d ? d : (x->results > y->results) - (x->results < y->results);
}

static void order_runs(struct br_history *h, const struct br_results *results,
                       const char *const *paths, size_t n)
{
    h->runs = br_xcalloc(n ? n : 1, sizeof *h->runs);
    h->nruns = n;
    h->by_date = 1;
    size_t abbrev = unique_abbrev(results, n);
    for (size_t i = 0; i < n; i++) {
        h->runs[i] =
            (struct br_history_run){&results[i], paths[i], br_results_get(&results[i], "date"),
                                    label_of(&results[i], paths[i], abbrev)};
        if (!h->runs[i].date) h->by_date = 0;
    }
    if (h->by_date) qsort(h->runs, n, sizeof *h->runs, cmp_run_date);
}

/* ---- one series per benchmark name ----------------------------------------------------- */

struct entry {
    const char *name;
    size_t run, row; /* run in history order, row in its file */
};

static int cmp_entry(const void *a, const void *b)
{
    const struct entry *x = a, *y = b;
    int d = strcmp(x->name, y->name);
    if (d) return d;
    if (x->run != y->run) return x->run < y->run ? -1 : 1;
    return (x->row > y->row) - (x->row < y->row);
}

struct group {
    size_t start, len; /* its entries */
    size_t run, row;   /* where the name first appears */
};

static int cmp_group(const void *a, const void *b)
{
    const struct group *x = a, *y = b;
    if (x->run != y->run) return x->run < y->run ? -1 : 1;
    return (x->row > y->row) - (x->row < y->row);
}

/* Every (name, run, row), sorted by name then run: each name's entries are one run of the
 * array, its first entry the earliest run.  O(N log N) for N rows in all. */
static struct entry *all_entries(const struct br_history *h, size_t *n)
{
    size_t total = 0, k = 0;
    for (size_t r = 0; r < h->nruns; r++) total += h->runs[r].results->nrows;
    struct entry *e = br_xmalloc((total ? total : 1) * sizeof *e);
    for (size_t r = 0; r < h->nruns; r++)
        for (size_t i = 0; i < h->runs[r].results->nrows; i++)
            e[k++] = (struct entry){h->runs[r].results->rows[i].name, r, i};
    qsort(e, total, sizeof *e, cmp_entry);
    *n = total;
    return e;
}

static struct group *group_entries(const struct entry *e, size_t n, size_t *ngroups)
{
    struct group *g = br_xmalloc((n ? n : 1) * sizeof *g);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (i == 0 || strcmp(e[i].name, e[i - 1].name) != 0)
            g[k++] = (struct group){i, 0, e[i].run, e[i].row};
        g[k - 1].len++;
    }
    qsort(g, k, sizeof *g, cmp_group);
    *ngroups = k;
    return g;
}

static double *nan_array(size_t n)
{
    double *a = br_xmalloc((n ? n : 1) * sizeof *a);
    for (size_t i = 0; i < n; i++) a[i] = NAN;
    return a;
}

double br_history_median_variance(const struct br_summary *sum)
{
    if (sum->n < 2) return 0;
    double sigma = (sum->q3 - sum->q1) / 1.349;
    return 1.5707963267948966 * sigma * sigma / (double)sum->n;
}

static void fill_series(struct br_history_series *s, const struct br_history *h,
                        const struct entry *e, size_t len)
{
    s->name = e[0].name;
    s->median = nan_array(h->nruns);
    s->q1 = nan_array(h->nruns);
    s->q3 = nan_array(h->nruns);
    s->level = nan_array(h->nruns);
    s->var = nan_array(h->nruns);
    for (size_t i = 0; i < len; i++) {
        const struct br_summary *sum = &h->runs[e[i].run].results->rows[e[i].row].summary;
        s->median[e[i].run] = sum->median;
        s->q1[e[i].run] = sum->q1;
        s->q3[e[i].run] = sum->q3;
        s->var[e[i].run] = br_history_median_variance(sum);
    }
}

/* ---- change points and levels ----------------------------------------------------------- */

static double median_of(const double *x, size_t n)
{
    double *sorted = br_xmalloc(n * sizeof *sorted);
    memcpy(sorted, x, n * sizeof *sorted);
    qsort(sorted, n, sizeof *sorted, br_stats_cmp_double);
    double m = br_stats_quantile_sorted(sorted, n, 0.5);
    free(sorted);
    return m;
}

static struct br_history_step step_between(double before, double after)
{
    return (struct br_history_step){before, after, 100 * (after / before - 1)};
}

/* The runs that have the benchmark form the series searched (the latest BR_HISTORY_MAX_SEARCH
 * of them); indices map back to runs. */
static void find_changes(struct br_history_series *s, size_t nruns, const struct br_cp_opts *o)
{
    double *x = br_xmalloc((nruns ? nruns : 1) * sizeof *x),
           *v = br_xmalloc((nruns ? nruns : 1) * sizeof *v);
    size_t *run_of = br_xmalloc((nruns + 1) * sizeof *run_of), m = 0, skip = 0;
    for (size_t i = 0; i < nruns; i++) skip += !isnan(s->median[i]);
    skip = skip > BR_HISTORY_MAX_SEARCH ? skip - BR_HISTORY_MAX_SEARCH : 0;
    for (size_t i = 0; i < nruns; i++) {
        if (isnan(s->median[i])) continue;
        if (skip) {
            skip--;
            continue;
        }
        x[m] = s->median[i];
        v[m] = s->var[i];
        run_of[m++] = i;
    }
    s->cps = br_xmalloc((m + 1) * sizeof *s->cps);
    s->ncps = br_changepoints(x, v, m, o, s->cps, m + 1);
    s->steps = br_xmalloc((s->ncps ? s->ncps : 1) * sizeof *s->steps);
    s->pending = s->ncps && s->cps[s->ncps - 1].missing;
    /* A pending step draws no level of its own: its runs stay on the last segment's level,
     * which their values do not move; its step goes from that level to theirs. */
    size_t nlevels = s->ncps - (size_t)s->pending;
    double before = NAN, level = NAN;
    for (size_t c = 0, start = 0; c <= nlevels; c++) {
        size_t end = c < nlevels ? s->cps[c].index : m;
        size_t counted = c < nlevels || !s->pending ? end : s->cps[nlevels].index;
        level = counted > start ? median_of(x + start, counted - start) : NAN;
        for (size_t k = start; k < end; k++) s->level[run_of[k]] = level;
        if (c > 0) s->steps[c - 1] = step_between(before, level);
        before = level;
        start = end;
    }
    if (s->pending) {
        size_t b = s->cps[nlevels].index;
        s->steps[nlevels] = step_between(level, median_of(x + b, m - b));
    }
    for (size_t c = 0; c < s->ncps; c++) s->cps[c].index = run_of[s->cps[c].index];
    free(x);
    free(v);
    free(run_of);
}

void br_history_build(const struct br_results *results, const char *const *paths, size_t n,
                      const struct br_cp_opts *o, struct br_history *out)
{
    size_t nentries, ngroups;
    memset(out, 0, sizeof *out);
    order_runs(out, results, paths, n);
    struct entry *e = all_entries(out, &nentries);
    struct group *g = group_entries(e, nentries, &ngroups);
    out->series = br_xcalloc(ngroups ? ngroups : 1, sizeof *out->series);
    out->nseries = ngroups;
    for (size_t i = 0; i < ngroups; i++) {
        fill_series(&out->series[i], out, e + g[i].start, g[i].len);
        find_changes(&out->series[i], out->nruns, o);
    }
    free(g);
    free(e);
}

void br_history_release(struct br_history *h)
{
    for (size_t i = 0; i < h->nruns; i++) free(h->runs[i].label);
    for (size_t i = 0; i < h->nseries; i++) {
        struct br_history_series *s = &h->series[i];
        free(s->median);
        free(s->q1);
        free(s->q3);
        free(s->level);
        free(s->var);
        free(s->cps);
        free(s->steps);
    }
    free(h->runs);
    free(h->series);
    memset(h, 0, sizeof *h);
}

int br_history_newest_starts_change(const struct br_history *h)
{
    if (!h->nruns) return 0;
    for (size_t i = 0; i < h->nseries; i++)
        for (size_t c = 0; c < h->series[i].ncps; c++)
            if (h->series[i].cps[c].index == h->nruns - 1) return 1;
    return 0;
}
