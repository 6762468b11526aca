/* report_csv.c - the results file: context lines and an RFC 4180 table.
 *
 * The column order is a contract (README "The results file"): readers find columns by header
 * name, so new columns are only ever appended.
 */
#include "format/report.h"

#include <stdlib.h>
#include <string.h>

#include "base/error.h"

static const char *const columns[] = {
    "name",    "iterations", "repetitions", "min_ns",           "median_ns",
    "mean_ns", "stddev_ns",  "cv",          "max_ns",           "samples_ns",
    "q1_ns",   "q3_ns",      "outliers",    "bytes_per_second", "items_per_second",
    NULL};

void br_csv_put_field(FILE *out, const char *s)
{
    if (!s[strcspn(s, ",\"\r\n")]) {
        fputs(s, out);
        return;
    }
    fputc('"', out);
    for (; *s; s++) {
        if (*s == '"') fputc('"', out);
        fputc(*s, out);
    }
    fputc('"', out);
}

/* Shortest of %.15g / %.17g that reads back as the same double: files stay readable and a
 * round trip through the file is exact. */
static void put_num(FILE *out, double v)
{
    char buf[40];
    snprintf(buf, sizeof buf, "%.15g", v);
    if (strtod(buf, NULL) != v) snprintf(buf, sizeof buf, "%.17g", v);
    fputs(buf, out);
}

static void put_context(FILE *out, const struct br_results *r)
{
    for (size_t i = 0; i < r->nctx; i++) {
        /* A value may not span lines: a newline would end the context line early. */
        fprintf(out, "# %s: ", r->ctx[i].key);
        for (const char *v = r->ctx[i].value; *v; v++)
            fputc(*v == '\n' || *v == '\r' ? ' ' : *v, out);
        fputc('\n', out);
    }
}

static void put_row(FILE *out, const struct br_row *row)
{
    const struct br_summary *s = &row->summary;
    const double stats[] = {s->min, s->median, s->mean, s->stddev, s->cv, s->max};
    br_csv_put_field(out, row->name);
    fprintf(out, ",%llu,%zu", (unsigned long long)row->iterations, row->nsamples);
    for (size_t i = 0; i < sizeof stats / sizeof stats[0]; i++) {
        fputc(',', out);
        put_num(out, stats[i]);
    }
    fputc(',', out);
    for (size_t i = 0; i < row->nsamples; i++) {
        if (i) fputc(';', out);
        put_num(out, row->samples[i]);
    }
    fputc(',', out);
    put_num(out, s->q1);
    fputc(',', out);
    put_num(out, s->q3);
    fprintf(out, ",%zu,", s->outliers);
    /* Throughput at the median time; empty when the benchmark declared none. */
    if (row->bytes_per_op > 0 && s->median > 0) put_num(out, row->bytes_per_op * 1e9 / s->median);
    fputc(',', out);
    if (row->items_per_op > 0 && s->median > 0) put_num(out, row->items_per_op * 1e9 / s->median);
    fputc('\n', out);
}

int br_report_csv(FILE *out, const struct br_results *r)
{
    put_context(out, r);
    for (size_t i = 0; columns[i]; i++) fprintf(out, "%s%s", i ? "," : "", columns[i]);
    fputc('\n', out);
    for (size_t i = 0; i < r->nrows; i++) put_row(out, &r->rows[i]);
    if (fflush(out) != 0 || ferror(out)) return br_error("writing CSV failed");
    return 0;
}
