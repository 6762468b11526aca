/* ctimeit_report.c - timeit's lines and the ratios between statements. */
#include "prog/ctimeit_report.h"

#include <string.h>

#include "analyze/mannwhitney.h"
#include "base/error.h"
#include "base/stream.h"

const char *br_ctimeit_format_time(double ns, char *buf, size_t size)
{
    /* timeit's units and rule: the largest unit the time reaches, else nsec. */
    static const struct {
        double ns;
        const char *unit;
    } units[] = {{1e9, "sec"}, {1e6, "msec"}, {1e3, "usec"}, {1, "nsec"}};
    size_t u = 0;
    while (u + 1 < sizeof units / sizeof units[0] && ns < units[u].ns) u++;
    snprintf(buf, size, "%.3g %s", ns / units[u].ns, units[u].unit);
    return buf;
}

void br_ctimeit_order_rows(struct br_results *r, char *const *names, size_t n)
{
    size_t next = 0; /* rows [0, next) are in place */
    for (size_t i = 0; i < n; i++) {
        for (size_t j = next; j < r->nrows; j++) {
            if (strcmp(r->rows[j].name, names[i]) != 0) continue;
            struct br_row row = r->rows[j];
            memmove(&r->rows[next + 1], &r->rows[next], (j - next) * sizeof row);
            r->rows[next++] = row;
            break;
        }
    }
}

/* The reason recorded for a statement that has no row ("failed: NAME: REASON"). */
static const char *failure(const struct br_results *r, const char *name)
{
    size_t len = strlen(name);
    for (size_t i = 0; i < r->nctx; i++)
        if (strcmp(r->ctx[i].key, "failed") == 0 && strncmp(r->ctx[i].value, name, len) == 0 &&
            strncmp(r->ctx[i].value + len, ": ", 2) == 0)
            return r->ctx[i].value + len + 2;
    return "no samples (the run was interrupted or filtered)";
}

/* "NAME: " padded to `width` (none when 0), then timeit's line or why there is none. */
static void timeit_line(FILE *out, const struct br_results *r, const char *name, int width)
{
    const struct br_row *row = br_results_find(r, name);
    if (width) fprintf(out, "%s:%*s ", name, width - (int)strlen(name), "");
    if (!row) {
        fprintf(out, "failed: %s\n", failure(r, name));
        return;
    }
    char best[32], median[32];
    if (br_results_measure(r)->counted) { /* --measure instructions: counts, not times */
        fprintf(out, "%llu loop%s, %zu samples: %.2f instructions per loop (median %.2f)\n",
                (unsigned long long)row->iterations, row->iterations == 1 ? "" : "s", row->nsamples,
                row->summary.min, row->summary.median);
        return;
    }
    fprintf(out, "%llu loop%s, best of %zu: %s per loop (median %s)\n",
            (unsigned long long)row->iterations, row->iterations == 1 ? "" : "s", row->nsamples,
            br_ctimeit_format_time(row->summary.min, best, sizeof best),
            br_ctimeit_format_time(row->summary.median, median, sizeof median));
}

/* "1.84x slower than sqrt(x) (95% interval 1.80x to 1.88x)": medians y/x, interval of y/x.
 * Counts repeat exactly: their ratio needs no interval. */
static void ratio_line(FILE *out, const struct br_row *x, const struct br_row *y, int width,
                       int counted)
{
    if (!(x->summary.median > 0) || !(y->summary.median > 0)) {
        fprintf(out, "%-*s has no ratio to %s: a median is 0\n", width, y->name, x->name);
        return;
    }
    if (counted) {
        fprintf(out, "%-*s runs %.4fx the instructions of %s\n", width, y->name,
                y->summary.median / x->summary.median, x->name);
        return;
    }
    double ci[2], ratio = y->summary.median / x->summary.median;
    int rc = br_mw_ratio_ci(x->samples, x->nsamples, y->samples, y->nsamples, 0.05, ci);
    int slower = !(ratio < 1);
    double shown = slower ? ratio : 1 / ratio;
    double lo = slower ? ci[0] : 1 / ci[1], hi = slower ? ci[1] : 1 / ci[0];
    fprintf(out, "%-*s is %.2fx %s than %s", width, y->name, shown, slower ? "slower" : "faster",
            x->name);
    if (rc < 0)
        fputs(" (no interval: a sample is 0)\n", out);
    else if (rc > 0)
        fputs(" (too few samples for a 95% interval)\n", out);
    else
        fprintf(out, " (95%% interval %.2fx to %.2fx%s)\n", lo, hi,
                ci[0] <= 1 && 1 <= ci[1] ? ": no significant difference" : "");
}

int br_ctimeit_summary(FILE *out, const struct br_results *r, char *const *names, size_t n)
{
    int width = 0; /* one statement: timeit's line alone */
    for (size_t i = 0; n > 1 && i < n; i++)
        if ((int)strlen(names[i]) > width) width = (int)strlen(names[i]);
    for (size_t i = 0; i < n; i++) timeit_line(out, r, names[i], width);
    const struct br_row *first = n > 1 ? br_results_find(r, names[0]) : NULL;
    if (n > 1) fputc('\n', out);
    if (n > 1 && !first) fprintf(out, "no ratios: the first statement has no result\n");
    for (size_t i = 1; first && i < n; i++) {
        const struct br_row *row = br_results_find(r, names[i]);
        if (row) ratio_line(out, first, row, width, br_results_measure(r)->counted);
    }
    return br_stream_check(out, "writing the summary");
}
