/* report_csv.c - the results file: `# key: value` context lines and an RFC 4180 table, written and
 * read through one table of columns.
 *
 * The column order is a contract (docs/guide/results-file.md): readers find columns by header
 * name, so new columns are only ever appended.  The fixed columns are columns[] below; after
 * them come the metrics of br_metric_defs[] (model/metric.h) that a row has.  Both the writer
 * and the reader iterate over these, so a column cannot be written one way and read another.
 *
 * User counters are one column each, BR_COUNTER_PREFIX + the counter's name, in the place of
 * the "counter" entry of br_metric_defs[], by name; the fits of complexity_n families are
 * `complexity` context lines, written from the rows and recomputed from them when read.
 *
 * The file declares its row count in a `# rows: N` context line (since results format 2), so a
 * file cut at a row boundary is refused instead of read as fewer benchmarks.
 *
 * The sample and summary columns carry the unit of the run's measure (model/metric.h) in their
 * names: samples_ns and median_ns for time, samples_instructions and median_instructions for
 * instruction counts, which the `measure` context line names too.  A reader that knows only
 * the time columns finds none in a file of counts, rather than taking counts for times.
 */
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/options.h"
#include "base/strbuf.h"
#include "base/stream.h"
#include "format/report.h"
#include "format/results_read.h"
#include "model/complexity.h"

/* The version of this layout written in every file (`results_format`): 2 added `rows`. */
#define RESULTS_FORMAT 2

/* ---- numbers and fields ----------------------------------------------------------------- */

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

static void put_list(FILE *out, const double *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (i) fputc(';', out);
        put_num(out, v[i]);
    }
}

/* ---- the columns ---------------------------------------------------------------------------- */

struct reading;
struct column {
    const char *header; /* the name; its stem when `unit` */
    int unit;           /* the name is the stem and the measure's suffix ("median" + "_ns") */
    int phase;          /* 1: needed to build the row; 2: checked after */
    void (*put)(FILE *out, const struct br_row *row, const struct column *c);
    int (*get)(struct reading *rd, const char *field, struct br_row *row, const struct column *c);
    size_t stat; /* summary columns: offset of the double in struct br_summary */
    int exact;   /* summary columns: must agree with the samples (see agrees()) */
};

static void put_name(FILE *out, const struct br_row *row, const struct column *c)
{
    (void)c;
    br_csv_put_field(out, row->name);
}
static void put_iterations(FILE *out, const struct br_row *row, const struct column *c)
{
    (void)c;
    fprintf(out, "%llu", (unsigned long long)row->iterations);
}
static void put_repetitions(FILE *out, const struct br_row *row, const struct column *c)
{
    (void)c;
    fprintf(out, "%zu", row->nsamples);
}
static void put_samples(FILE *out, const struct br_row *row, const struct column *c)
{
    (void)c;
    put_list(out, row->samples, row->nsamples);
}
static void put_stat(FILE *out, const struct br_row *row, const struct column *c)
{
    put_num(out, *(const double *)(const void *)((const char *)&row->summary + c->stat));
}
static void put_outliers(FILE *out, const struct br_row *row, const struct column *c)
{
    (void)c;
    fprintf(out, "%zu", row->summary.outliers);
}

static int get_stat(struct reading *rd, const char *field, struct br_row *row,
                    const struct column *c);
static int get_outliers(struct reading *rd, const char *field, struct br_row *row,
                        const struct column *c);

#define STAT(field) offsetof(struct br_summary, field)
/* Phase-1 columns have no getter: the row is built from them (read_row). */
static const struct column columns[] = {
    {"name", 0, 1, put_name, NULL, 0, 0},
    {"iterations", 0, 1, put_iterations, NULL, 0, 0},
    {"repetitions", 0, 1, put_repetitions, NULL, 0, 0},
    {"min", 1, 2, put_stat, get_stat, STAT(min), 1},
    {"median", 1, 2, put_stat, get_stat, STAT(median), 1},
    {"mean", 1, 2, put_stat, get_stat, STAT(mean), 1},
    {"stddev", 1, 2, put_stat, get_stat, STAT(stddev), 0},
    {"cv", 0, 2, put_stat, get_stat, STAT(cv), 0},
    {"max", 1, 2, put_stat, get_stat, STAT(max), 1},
    {"samples", 1, 1, put_samples, NULL, 0, 0},
    {"q1", 1, 2, put_stat, get_stat, STAT(q1), 0},
    {"q3", 1, 2, put_stat, get_stat, STAT(q3), 0},
    {"outliers", 0, 2, put_outliers, get_outliers, 0, 0},
};
#define NCOLUMNS (sizeof columns / sizeof columns[0])
enum { COL_NAME, COL_ITERATIONS, COL_REPETITIONS, COL_SAMPLES = 9 };

/* Column c's name in a file of measure m: "samples_ns", "samples_instructions", "cv". */
static const char *column_name(const struct column *c, const struct br_measure_def *m, char *buf,
                               size_t size)
{
    if (!c->unit) return c->header;
    snprintf(buf, size, "%s%s", c->header, m->suffix);
    return buf;
}

/* A metric's field: empty when the row does not have it. */
static void put_metric(FILE *out, const struct br_row *row, const struct br_metric_def *def)
{
    const struct br_metric *m = br_row_metric(row, def->name);
    if (!m) return;
    if (def->csv == BR_CSV_SAMPLES)
        put_list(out, m->samples, row->nsamples);
    else if (def->csv == BR_CSV_RATE)
        put_num(out, br_rate_per_second(m->value, row->summary.median));
    else
        put_num(out, m->value);
}

/* The names of the user counters any row has, sorted: their columns.  Free the array. */
static size_t counter_names(const struct br_results *r, const char ***out)
{
    const char **names = NULL;
    size_t n = 0, cap = 0;
    for (size_t i = 0; i < r->nrows; i++)
        for (size_t m = 0; m < r->rows[i].nmetrics; m++) {
            const char *name = r->rows[i].metrics[m].name;
            size_t k = 0;
            if (!name) continue;
            while (k < n && strcmp(names[k], name) < 0) k++;
            if (k < n && strcmp(names[k], name) == 0) continue;
            BR_GROW(names, cap, n + 1);
            memmove(&names[k + 1], &names[k], (n - k) * sizeof *names);
            names[k] = name;
            n++;
        }
    *out = names;
    return n;
}

/* ---- the writer ----------------------------------------------------------------------------- */

/* `complexity: FAMILY: N^2, coefficient 0.5 ns, rms 1.2%` per fitted family (complexity.h); the
 * coefficient in the measure's unit. */
static void put_complexity(FILE *out, const struct br_results *r)
{
    struct br_complexity *c;
    size_t n = br_complexities(r, &c);
    const char *unit = br_results_measure(r)->unit; /* ns, or instructions when counting */
    for (size_t i = 0; i < n; i++)
        fprintf(out, "# complexity: %s: %s, coefficient %.6g %s, rms %.2f%%\n", c[i].family,
                br_bigo_name(c[i].fit.bigo), c[i].fit.coef, unit, 100 * c[i].fit.rms);
    br_complexities_release(c, n);
}

static void put_context(FILE *out, const struct br_results *r)
{
    fprintf(out, "# results_format: %d\n", RESULTS_FORMAT);
    for (size_t i = 0; i < r->nctx; i++) {
        /* A value may not span lines: a newline would end the context line early. */
        fprintf(out, "# %s: ", r->ctx[i].key);
        for (const char *v = r->ctx[i].value; *v; v++)
            fputc(*v == '\n' || *v == '\r' ? ' ' : *v, out);
        fputc('\n', out);
    }
    put_complexity(out, r);
    fprintf(out, "# rows: %zu\n", r->nrows);
}

/* The metrics that get a column: the always-written ones and those some row has.  Decided once
 * per file, indexed like br_metric_defs (asked per row, it made writing rows quadratic: about
 * half a minute a file for 10,000 rows). */
static char *metrics_written(const struct br_results *r)
{
    size_t n = 0;
    while (br_metric_defs[n].name) n++;
    char *written = br_xcalloc(n + 1, 1);
    for (size_t k = 0; k < n; k++) {
        written[k] = br_metric_defs[k].always;
        for (size_t i = 0; i < r->nrows && !written[k]; i++)
            written[k] = br_row_metric(&r->rows[i], br_metric_defs[k].name) != NULL;
    }
    return written;
}

static void put_header(FILE *out, const struct br_measure_def *m, const char *written,
                       const char **counters, size_t nc)
{
    char name[64];
    for (size_t c = 0; c < NCOLUMNS; c++)
        fprintf(out, "%s%s", c ? "," : "", column_name(&columns[c], m, name, sizeof name));
    for (const struct br_metric_def *d = br_metric_defs; d->name; d++) {
        for (size_t k = 0; d == br_counter_def() && k < nc; k++) {
            fputs("," BR_COUNTER_PREFIX, out);
            br_csv_put_field(out, counters[k]);
        }
        if (d != br_counter_def() && written[d - br_metric_defs]) fprintf(out, ",%s", d->column);
    }
    fputc('\n', out);
}

static void put_row(FILE *out, const struct br_row *row, const char *written, const char **counters,
                    size_t nc)
{
    for (size_t c = 0; c < NCOLUMNS; c++) {
        if (c) fputc(',', out);
        columns[c].put(out, row, &columns[c]);
    }
    for (const struct br_metric_def *d = br_metric_defs; d->name; d++) {
        for (size_t k = 0; d == br_counter_def() && k < nc; k++) {
            const struct br_metric *m = br_row_counter(row, counters[k]);
            fputc(',', out);
            if (m) put_num(out, m->value);
        }
        if (d == br_counter_def() || !written[d - br_metric_defs]) continue;
        fputc(',', out);
        put_metric(out, row, d);
    }
    fputc('\n', out);
}

int br_report_csv(FILE *out, const struct br_results *r)
{
    const struct br_measure_def *m = br_results_measure(r);
    BR_ASSERT(m); /* a producer names only measures of the table */
    const char **counters;
    size_t nc = counter_names(r, &counters);
    char *written = metrics_written(r);
    put_context(out, r);
    put_header(out, m, written, counters, nc);
    for (size_t i = 0; i < r->nrows; i++) put_row(out, &r->rows[i], written, counters, nc);
    free(written);
    free(counters);
    return br_stream_check(out, "writing CSV");
}

/* ---- CSV records (RFC 4180) ---------------------------------------------------------------- */

struct csv {
    const char *name;
    const char *p, *end;
    size_t line;           /* line of p */
    size_t record_line;    /* line where the current record starts */
    struct br_strbuf text; /* the current record's fields, each NUL-terminated */
    size_t *start;         /* offsets of the fields in text */
    size_t nfields, cap;
};

static const char *field(const struct csv *c, size_t i) { return c->text.buf + c->start[i]; }

static int at_eol(const struct csv *c) { return *c->p == '\r' || *c->p == '\n'; }

/* A field in quotes: "" is a quote; commas and line endings are data. */
static int csv_quoted(struct csv *c)
{
    size_t open_line = c->line;
    const char *p = c->p + 1;
    for (;;) {
        if (p == c->end) return br_read_fail(c->name, open_line, "unterminated quoted field");
        if (*p == '"') {
            if (p + 1 == c->end || p[1] != '"') break;
            p++;
        }
        if (*p == '\r' || *p == '\n') {
            const char *q = br_read_eol(p, c->end, &c->line);
            br_strbuf_add(&c->text, p, (size_t)(q - p));
            p = q;
        } else {
            br_strbuf_addc(&c->text, *p++);
        }
    }
    c->p = p + 1;
    if (c->p < c->end && *c->p != ',' && !at_eol(c))
        return br_read_fail(c->name, c->line, "text after the closing quote of a field");
    return 0;
}

static int csv_plain(struct csv *c)
{
    const char *p = c->p;
    for (; p < c->end && *p != ',' && *p != '\r' && *p != '\n'; p++)
        if (*p == '"')
            return br_read_fail(c->name, c->line,
                                "quote inside an unquoted field (quote the whole field)");
    br_strbuf_add(&c->text, c->p, (size_t)(p - c->p));
    c->p = p;
    return 0;
}

/* Reads the record at c->p into c->text and c->start.  1: a record, 0: end of input, -1. */
static int csv_record(struct csv *c)
{
    br_strbuf_reset(&c->text);
    c->nfields = 0;
    c->record_line = c->line;
    if (c->p == c->end) return 0;
    for (;;) {
        BR_GROW(c->start, c->cap, c->nfields + 1);
        c->start[c->nfields++] = c->text.len;
        int rc = c->p < c->end && *c->p == '"' ? csv_quoted(c) : csv_plain(c);
        if (rc < 0) return -1;
        br_strbuf_addc(&c->text, '\0');
        if (c->p < c->end && *c->p == ',') {
            c->p++;
            continue;
        }
        if (c->p < c->end) c->p = br_read_eol(c->p, c->end, &c->line);
        return 1;
    }
}

static void skip_blank_lines(struct csv *c)
{
    while (c->p < c->end && at_eol(c)) c->p = br_read_eol(c->p, c->end, &c->line);
}

/* ---- the reader ------------------------------------------------------------------------------ */

#define NO_COLUMN ((size_t)-1)
/* A guard for the parse only: the samples themselves are bounded by the line length. */
#define MAX_REPETITIONS 10000000

/* The state of one read. */
struct reading {
    struct csv c;
    const struct br_measure_def *measure;   /* of the sample columns */
    size_t at[NCOLUMNS];                    /* field index of each fixed column, or NO_COLUMN */
    const struct br_metric_def **metric_at; /* per header field: its metric, or NULL */
    char **counter_at;                      /* per header field: a counter's name, or NULL */
    size_t nheader;                         /* fields in the header */
    double *values;                         /* a list being parsed */
    size_t values_cap;
    size_t *lines; /* line of each row, for the duplicate check */
    size_t lines_cap;
    int failed_run; /* a run whose every benchmark failed is read (br_read_csv_run) */
};

static int fail_row(const struct reading *rd, const char *fmt, ...) BR_PRINTF(2, 3);
static int fail_row(const struct reading *rd, const char *fmt, ...)
{
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return br_read_fail(rd->c.name, rd->c.record_line, "%s", msg);
}

/* The measure whose sample column the header has (samples_ns, samples_instructions), or NULL;
 * -1 when it has the sample columns of two. */
static int header_measure(struct reading *rd)
{
    char name[64];
    rd->measure = NULL;
    for (const struct br_measure_def *m = br_measures; m->name; m++)
        for (size_t f = 0; f < rd->c.nfields; f++) {
            const char *want = column_name(&columns[COL_SAMPLES], m, name, sizeof name);
            if (strcmp(field(&rd->c, f), want) != 0) continue;
            if (rd->measure)
                return fail_row(rd, "the header has the samples of two measures (%s and %s)",
                                rd->measure->name, m->name);
            rd->measure = m;
        }
    return 0;
}

/* The file's measure: what its columns say, which the `measure` context line (when there is
 * one) must name too; kept in the model's context either way. */
static int check_measure(struct reading *rd, struct br_results *out)
{
    const char *said = br_results_get(out, "measure");
    if (said && !br_measure_find(said))
        return br_read_fail(rd->c.name, 1, "measure: '%.40s' is not a measure this program reads",
                            said);
    if (!rd->measure) { /* read_header names the sample column that is missing */
        rd->measure = said ? br_measure_find(said) : &br_measures[0];
        return 0;
    }
    if (said && strcmp(said, rd->measure->name) != 0)
        return fail_row(rd, "the columns hold %s but the file says measure: %s", rd->measure->name,
                        said);
    if (!said && rd->measure != &br_measures[0]) /* no line: time, unless the columns differ */
        br_results_set(out, "measure", rd->measure->name);
    return 0;
}

/* Columns are found by name, so extra columns and any order are fine. */
static int read_header(struct reading *rd, struct br_results *out)
{
    const struct csv *c = &rd->c;
    char name[64];
    rd->nheader = c->nfields;
    rd->metric_at = br_xcalloc(c->nfields, sizeof *rd->metric_at);
    rd->counter_at = br_xcalloc(c->nfields, sizeof *rd->counter_at);
    if (header_measure(rd) < 0 || check_measure(rd, out) < 0) return -1;
    for (size_t k = 0; k < NCOLUMNS; k++) rd->at[k] = NO_COLUMN;
    for (size_t f = 0; f < c->nfields; f++) {
        const char *h = field(c, f);
        for (size_t k = 0; k < NCOLUMNS; k++) {
            if (strcmp(h, column_name(&columns[k], rd->measure, name, sizeof name)) != 0) continue;
            if (rd->at[k] != NO_COLUMN) return fail_row(rd, "column '%s' appears twice", h);
            rd->at[k] = f;
        }
        rd->metric_at[f] = br_metric_def_by_column(h);
        if (strncmp(h, BR_COUNTER_PREFIX, strlen(BR_COUNTER_PREFIX)) == 0 &&
            h[strlen(BR_COUNTER_PREFIX)]) {
            rd->metric_at[f] = br_counter_def();
            rd->counter_at[f] = br_xstrdup(h + strlen(BR_COUNTER_PREFIX));
        }
        for (size_t g = 0; g < f && rd->metric_at[f]; g++)
            if (rd->metric_at[g] == rd->metric_at[f] &&
                (!rd->counter_at[f] || strcmp(rd->counter_at[g], rd->counter_at[f]) == 0))
                return fail_row(rd, "column '%s' appears twice", h);
    }
    static const size_t required[] = {COL_NAME, COL_REPETITIONS, COL_SAMPLES};
    for (size_t i = 0; i < sizeof required / sizeof required[0]; i++)
        if (rd->at[required[i]] == NO_COLUMN)
            return fail_row(rd,
                            "the header has no '%s' column (a results file needs name, "
                            "repetitions and samples_ns)",
                            column_name(&columns[required[i]], rd->measure, name, sizeof name));
    return 0;
}

/* A whole number in plain digits, at most `max`. */
static int parse_uint(const char *s, uint64_t max, uint64_t *out)
{
    uint64_t v = 0;
    if (!*s) return -1;
    for (; *s; s++) {
        if (*s < '0' || *s > '9') return -1;
        unsigned d = (unsigned)(*s - '0');
        if (v > (max - d) / 10) return -1;
        v = v * 10 + d;
    }
    *out = v;
    return 0;
}

/* A list of finite, non-negative numbers joined by ';' into rd->values. */
static int parse_list(struct reading *rd, const char *label, const char *s, size_t *n)
{
    *n = 0;
    if (!*s) return fail_row(rd, "%s is empty", label);
    for (;;) {
        char *end;
        double v = strtod(s, &end);
        int shown = (int)strcspn(s, ";");
        shown = shown > 40 ? 40 : shown;
        if (end == s || (*end && *end != ';'))
            return fail_row(rd, "%s: '%.*s' is not a number", label, shown, s);
        if (!isfinite(v)) return fail_row(rd, "%s: '%.*s' is not finite", label, shown, s);
        if (v < 0) return fail_row(rd, "%s: %.*s is negative", label, shown, s);
        BR_GROW(rd->values, rd->values_cap, *n + 1);
        rd->values[(*n)++] = v;
        if (!*end) return 0;
        s = end + 1;
    }
}

/* The summary columns are recomputed from the samples, which are the data; a value that is
 * written must still be a number, and min, median, mean and max - which no writer can define
 * differently - must agree with the samples (up to the rounding of a writer that printed fewer
 * digits), or the file contradicts itself.  The spread and the quartiles are only checked to be
 * numbers: another writer may use n instead of n - 1 or another quantile definition. */
static int agrees(double written, double computed)
{
    return fabs(written - computed) <= 1e-6 * fmax(fabs(written), fabs(computed)) + 1e-12;
}

static int get_summary_value(struct reading *rd, const char *field, const struct column *c,
                             double computed)
{
    double v;
    char name[64];
    const char *header = column_name(c, rd->measure, name, sizeof name);
    if (!*field) return 0; /* not given */
    if (br_parse_double(field, &v) < 0 || v < 0)
        return fail_row(rd, "%s: '%.40s' is not a non-negative number", header, field);
    if (c->exact && !agrees(v, computed))
        return fail_row(rd, "%s: %.40s does not match the samples (%.17g)", header, field,
                        computed);
    return 0;
}

static int get_stat(struct reading *rd, const char *field, struct br_row *row,
                    const struct column *c)
{
    double computed = *(const double *)(const void *)((const char *)&row->summary + c->stat);
    return get_summary_value(rd, field, c, computed);
}

static int get_outliers(struct reading *rd, const char *field, struct br_row *row,
                        const struct column *c)
{
    return get_summary_value(rd, field, c, (double)row->summary.outliers);
}

/* A user counter's field: its value as reported, any finite number. */
static int get_counter(struct reading *rd, const char *s, struct br_row *row, const char *name)
{
    double v;
    if (br_parse_double(s, &v) < 0)
        return fail_row(rd, "%s%s: '%.40s' is not a number", BR_COUNTER_PREFIX, name, s);
    br_row_set_counter(row, name, v, 0);
    return 0;
}

/* A metric's field into the row; empty means the row does not have it. */
static int get_metric(struct reading *rd, const char *s, struct br_row *row,
                      const struct br_metric_def *def, const char *counter)
{
    size_t n;
    double v;
    if (!*s) return 0;
    if (counter) return get_counter(rd, s, row, counter);
    if (def->csv == BR_CSV_SAMPLES) {
        if (parse_list(rd, def->column, s, &n) < 0) return -1;
        if (n != row->nsamples)
            return fail_row(rd, "%s has %zu values but repetitions is %zu", def->column, n,
                            row->nsamples);
        br_row_set_samples(row, def->name, rd->values);
        return 0;
    }
    if (br_parse_double(s, &v) < 0 || v < 0)
        return fail_row(rd, "%s: '%.40s' is not a %s", def->column, s,
                        def->csv == BR_CSV_RATE ? "rate" : "non-negative number");
    /* A rate holds the amount per operation at the median time. */
    br_row_set(row, def->name, def->csv == BR_CSV_RATE ? v * row->summary.median / 1e9 : v);
    return 0;
}

/* Phase 1: name, counts and samples make the row. */
static struct br_row *new_row(struct reading *rd, struct br_results *out)
{
    const struct csv *c = &rd->c;
    uint64_t reps, iters = 0;
    size_t n;
    const char *name = field(c, rd->at[COL_NAME]);
    const char *reps_s = field(c, rd->at[COL_REPETITIONS]);
    if (!*name) return fail_row(rd, "empty benchmark name"), NULL;
    if (parse_uint(reps_s, MAX_REPETITIONS, &reps) < 0 || reps == 0)
        return fail_row(rd, "repetitions: '%.40s' is not a whole number from 1 to %d", reps_s,
                        MAX_REPETITIONS),
               NULL;
    if (rd->at[COL_ITERATIONS] != NO_COLUMN &&
        parse_uint(field(c, rd->at[COL_ITERATIONS]), UINT64_MAX, &iters) < 0)
        return fail_row(rd, "iterations: '%.40s' is not a whole number",
                        field(c, rd->at[COL_ITERATIONS])),
               NULL;
    char col[64];
    const char *samples = column_name(&columns[COL_SAMPLES], rd->measure, col, sizeof col);
    if (parse_list(rd, samples, field(c, rd->at[COL_SAMPLES]), &n) < 0) return NULL;
    if (n != reps)
        return fail_row(rd, "'%.80s': %s has %zu values but repetitions is %llu", name, samples, n,
                        (unsigned long long)reps),
               NULL;
    return br_results_add(out, name, iters, rd->values, n);
}

static int read_row(struct reading *rd, struct br_results *out)
{
    const struct csv *c = &rd->c;
    if (c->nfields != rd->nheader)
        return fail_row(rd, "%zu fields where the header has %zu", c->nfields, rd->nheader);
    struct br_row *row = new_row(rd, out);
    if (!row) return -1;
    for (size_t k = 0; k < NCOLUMNS; k++)
        if (columns[k].phase == 2 && rd->at[k] != NO_COLUMN &&
            columns[k].get(rd, field(c, rd->at[k]), row, &columns[k]) < 0)
            return -1;
    for (size_t f = 0; f < rd->nheader; f++)
        if (rd->metric_at[f] &&
            get_metric(rd, field(c, f), row, rd->metric_at[f], rd->counter_at[f]) < 0)
            return -1;
    BR_GROW(rd->lines, rd->lines_cap, out->nrows);
    rd->lines[out->nrows - 1] = c->record_line;
    return 0;
}

/* Appends [a, b) without the blanks at either end. */
static void add_trimmed(struct br_strbuf *sb, const char *a, const char *b)
{
    while (a < b && (*a == ' ' || *a == '\t')) a++;
    while (b > a && (b[-1] == ' ' || b[-1] == '\t')) b--;
    br_strbuf_add(sb, a, (size_t)(b - a));
}

/* "# key: value" lines before the header; other lines starting with '#' are comments. */
static void read_context(struct csv *c, struct br_results *out)
{
    struct br_strbuf key, value;
    br_strbuf_init(&key);
    br_strbuf_init(&value);
    for (skip_blank_lines(c); c->p < c->end && *c->p == '#'; skip_blank_lines(c)) {
        const char *s = c->p + 1, *eol = s;
        while (eol < c->end && *eol != '\r' && *eol != '\n') eol++;
        const char *colon = memchr(s, ':', (size_t)(eol - s));
        if (colon) {
            br_strbuf_reset(&key);
            br_strbuf_reset(&value);
            add_trimmed(&key, s, colon);
            add_trimmed(&value, colon + 1, eol);
            if (key.len) br_results_set(out, key.buf, value.buf);
        }
        c->p = eol;
        if (c->p < c->end) c->p = br_read_eol(c->p, c->end, &c->line);
    }
    br_strbuf_release(&key);
    br_strbuf_release(&value);
}

/* The file's own lines (`results_format`, `rows`) describe the file, not the run, and the
 * `complexity` lines are derived from the rows: checked here and kept out of the model, so a
 * results file written again does not repeat them. */
static int check_rows(struct reading *rd, struct br_results *out, size_t header_line)
{
    double declared;
    int has_rows = br_results_get_num(out, "rows", &declared) == 0;
    if (has_rows && declared != (double)out->nrows)
        return br_read_fail(rd->c.name, header_line,
                            "the file declares %.0f rows but has %zu: it was cut short or edited",
                            declared, out->nrows);
    if (!has_rows && br_results_get(out, "rows"))
        return br_read_fail(rd->c.name, 1, "rows: '%.40s' is not a number",
                            br_results_get(out, "rows"));
    br_results_remove(out, "rows");
    br_results_remove(out, "results_format");
    br_results_remove(out, "complexity"); /* derived from the rows: recomputed when written */
    return 0;
}

static int read_table(struct reading *rd, struct br_results *out)
{
    struct csv *c = &rd->c;
    read_context(c, out);
    int got = csv_record(c);
    if (got <= 0)
        return got < 0 ? -1 : br_read_fail(c->name, c->line, "no header after the context lines");
    if (read_header(rd, out) < 0) return -1;
    size_t header_line = c->record_line;
    for (;;) {
        skip_blank_lines(c);
        got = csv_record(c);
        if (got <= 0) break;
        if (read_row(rd, out) < 0) return -1;
    }
    if (got < 0) return -1;
    /* A shard may hold none (model/shard.h: it got no benchmark, or all of its benchmarks
     * failed) and benchmerge must still read it; a whole run without rows is an error. */
    int empty_shard = br_results_get(out, "shard") && br_results_get(out, "rows");
    int all_failed = rd->failed_run && br_results_get(out, "failed");
    if (out->nrows == 0 && !empty_shard && !all_failed) {
        const char *status = br_results_get(out, "status");
        int interrupted = status && strcmp(status, "interrupted") == 0;
        return br_read_fail(c->name, header_line, "a header but no benchmarks%s",
                            interrupted                     ? " (the run was interrupted first)"
                            : br_results_get(out, "failed") ? " (every one failed)"
                                                            : "");
    }
    if (check_rows(rd, out, header_line) < 0) return -1;
    return br_read_check_unique(c->name, out, rd->lines);
}

int br_read_csv(const char *name, const char *buf, size_t len, struct br_results *out)
{
    return br_read_csv_run(name, buf, len, 0, out);
}

int br_read_csv_run(const char *name, const char *buf, size_t len, int failed_run,
                    struct br_results *out)
{
    struct reading rd;
    memset(&rd, 0, sizeof rd);
    rd.failed_run = failed_run;
    rd.c.name = name;
    rd.c.p = buf;
    rd.c.end = buf + len;
    rd.c.line = 1;
    br_strbuf_init(&rd.c.text);
    int rc = read_table(&rd, out);
    br_strbuf_release(&rd.c.text);
    free(rd.c.start);
    for (size_t f = 0; rd.counter_at && f < rd.nheader; f++) free(rd.counter_at[f]);
    free(rd.counter_at);
    free(rd.metric_at);
    free(rd.values);
    free(rd.lines);
    return rc;
}

/* Ours: context lines first, or a first line naming a column that a results file needs (the
 * rest of the header is read_table's to judge). */
int br_is_csv(const char *buf, size_t len)
{
    struct csv c = {.name = "", .p = buf, .end = buf + len, .line = 1};
    char name[64];
    int found = 0;
    skip_blank_lines(&c);
    if (c.p < c.end && *c.p == '#') return 1;
    br_strbuf_init(&c.text);
    if (csv_record(&c) > 0)
        for (size_t f = 0; f < c.nfields; f++)
            for (size_t k = 0; k < NCOLUMNS; k++)
                for (const struct br_measure_def *m = br_measures; m->name; m++)
                    found |=
                        columns[k].phase == 1 && k != COL_ITERATIONS &&
                        strcmp(field(&c, f), column_name(&columns[k], m, name, sizeof name)) == 0;
    br_strbuf_release(&c.text);
    free(c.start);
    return found;
}
