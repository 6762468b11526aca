/* report_console.c - the aligned table a person reads. */
#include "format/report.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "base/strbuf.h"
#include "base/stream.h"
#include "bench.h"
#include "model/complexity.h"

const char *br_format_time(double ns, char *buf, size_t size)
{
    static const struct {
        double scale;
        const char *unit;
    } units[] = {{1, "ns"}, {1e3, "us"}, {1e6, "ms"}, {1e9, "s"}};
    size_t u = 0;
    while (u + 1 < sizeof units / sizeof units[0] && ns >= 999.95 * units[u].scale) u++;
    double v = ns / units[u].scale;
    /* Four significant digits: more than the noise of any sample, fewer than clutter.  From a
     * million seconds (11 days: a file's absurd value, 1e308 ns) the digits of %f would fill
     * any buffer before the unit: an exponent instead ("1.2e+299 s"). */
    int decimals = v >= 100 ? 1 : v >= 10 ? 2 : 3;
    if (v >= 1e6)
        snprintf(buf, size, "%.4g %s", v, units[u].unit);
    else
        snprintf(buf, size, "%.*f %s", decimals, v, units[u].unit);
    return buf;
}

/* Counts keep every digit up to a million (a change of one instruction shows), then four. */
static const char *format_count(double v, const char *unit, char *buf, size_t size)
{
    if (v >= 1e9)
        snprintf(buf, size, "%.4g G %s", v / 1e9, unit);
    else if (v >= 1e6)
        snprintf(buf, size, "%.4g M %s", v / 1e6, unit);
    else
        snprintf(buf, size, "%.*f %s", v >= 1e4 ? 0 : v >= 100 ? 1 : 2, v, unit);
    return buf;
}

const char *br_format_amount(const struct br_measure_def *m, double v, char *buf, size_t size)
{
    return m->counted ? format_count(v, "instr", buf, size) : br_format_time(v, buf, size);
}

static const char *format_rate(double per_op, double median_ns, const char *unit, char *buf,
                               size_t size)
{
    static const char *const prefix[] = {"", "k", "M", "G", "T"};
    double rate = per_op * 1e9 / median_ns;
    size_t p = 0;
    /* Bytes in binary multiples (as Google Benchmark), items in decimal ones. */
    double step = strcmp(unit, "B/s") == 0 ? 1024 : 1000;
    while (p + 1 < sizeof prefix / sizeof prefix[0] && rate >= step) {
        rate /= step;
        p++;
    }
    snprintf(buf, size, "%.2f %s%s%s", rate, prefix[p], p && step == 1024 ? "i" : "", unit);
    return buf;
}

/* "123.4 (0.02/0.00)": the median estimated cycles and misses per operation, when callgrind
 * simulated the caches. */
static const char *est_cycles(const struct br_row *row, char *buf, size_t size)
{
    const struct br_metric *c = br_row_metric(row, "est_cycles");
    const struct br_metric *l1 = br_row_metric(row, "l1_misses");
    const struct br_metric *ll = br_row_metric(row, "ll_misses");
    if (!c || !l1 || !ll) return "";
    snprintf(buf, size, "%.1f (%.2f/%.2f)", c->summary.median, l1->summary.median,
             ll->summary.median);
    return buf;
}

/* The name as it may be shown: control characters made visible. */
static char *shown_name(const char *name)
{
    struct br_strbuf sb;
    br_strbuf_init(&sb);
    br_strbuf_add_printable(&sb, name);
    return br_strbuf_detach(&sb);
}

static size_t name_width(const struct br_results *r)
{
    size_t w = 9;
    for (size_t i = 0; i < r->nrows; i++) {
        char *s = shown_name(r->rows[i].name);
        if (strlen(s) > w) w = strlen(s);
        free(s);
    }
    return w;
}

/* " name=value" per user counter, as GB's console prints counters ("hits=2", "rate=1.5k/s"). */
static void put_counters(FILE *out, const struct br_row *row)
{
    static const char *const prefix[] = {"", "k", "M", "G", "T"};
    for (size_t i = 0; i < row->nmetrics; i++) {
        const struct br_metric *m = &row->metrics[i];
        if (!m->name) continue;
        double v = m->value;
        size_t p = 0;
        while (p + 1 < sizeof prefix / sizeof prefix[0] && fabs(v) >= 1000) {
            v /= 1000;
            p++;
        }
        char *name = shown_name(m->name);
        fprintf(out, " %s=%.4g%s%s", name, v, prefix[p], m->flags & BENCH_COUNTER_RATE ? "/s" : "");
        free(name);
    }
}

/* Allocations per operation, and the bytes they asked for: exact below 10,000 B. */
static void format_memory(const struct br_row *row, char *buf, size_t size)
{
    double n = br_row_value(row, "allocs_per_op", NAN);
    double b = br_row_value(row, "alloc_bytes_per_op", NAN);
    char bytes[32];
    if (isnan(n) || isnan(b)) {
        snprintf(buf, size, "%9s %9s", "-", "-");
        return;
    }
    if (b < 10000)
        snprintf(bytes, sizeof bytes, "%.4g B", b);
    else if (b < 10000 * 1024.0)
        snprintf(bytes, sizeof bytes, "%.1f KiB", b / 1024);
    else
        snprintf(bytes, sizeof bytes, "%.1f MiB", b / (1024.0 * 1024));
    snprintf(buf, size, n < 1e5 ? "%9.4g %9s" : "%9.3g %9s", n, bytes);
}

/* The memory columns appear when some benchmark allocates. */
static int any_allocates(const struct br_results *r)
{
    for (size_t i = 0; i < r->nrows; i++)
        if (br_row_value(&r->rows[i], "allocs_per_op", 0) > 0) return 1;
    return 0;
}

static void put_row(FILE *out, const struct br_measure_def *m, const struct br_row *row, int w,
                    int mem)
{
    const struct br_summary *s = &row->summary;
    char t[6][32], rate[48] = "", *name = shown_name(row->name);
    fprintf(out, "%-*s %11llu %4zu %11s %11s %11s %11s %6.2f%% %11s %3zu", w, name,
            (unsigned long long)row->iterations, row->nsamples,
            br_format_amount(m, s->min, t[0], 32), br_format_amount(m, s->median, t[1], 32),
            br_format_amount(m, s->mean, t[2], 32), br_format_amount(m, s->stddev, t[3], 32),
            100 * s->cv, br_format_amount(m, s->max, t[4], 32), s->outliers);
    if (mem) {
        char mb[64];
        format_memory(row, mb, sizeof mb);
        fprintf(out, " %s", mb);
    }
    double bytes = br_row_value(row, "bytes_per_op", 0),
           items = br_row_value(row, "items_per_op", 0);
    if (m->counted) /* no time, no rate: the cycle estimate instead (advisory) */
        snprintf(rate, sizeof rate, "%s", est_cycles(row, t[5], 32));
    else if (bytes > 0 && s->median > 0)
        format_rate(bytes, s->median, "B/s", rate, sizeof rate);
    else if (items > 0 && s->median > 0)
        format_rate(items, s->median, "items/s", rate, sizeof rate);
    fprintf(out, "  %s", rate);
    put_counters(out, row);
    fputc('\n', out);
    free(name);
}

/* GB's two lines after a fitted family (console_reporter.cc): the coefficient and class, then
 * the RMS in percent; GB's second column, CPU time, has no fit here (complexity.h). */
static void put_fits(FILE *out, size_t last, int w, const struct br_complexity *c, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        if (c[k].last != last) continue;
        char *family = shown_name(c[k].family), name[128];
        snprintf(name, sizeof name, "%s_BigO", family);
        fprintf(out, "%-*s %10.2f %-4s\n", w, name, c[k].fit.coef, br_bigo_name(c[k].fit.bigo));
        snprintf(name, sizeof name, "%s_RMS", family);
        fprintf(out, "%-*s %10.0f %-4s\n", w, name, 100 * c[k].fit.rms, "%");
        free(family);
    }
}

int br_report_console(FILE *out, const struct br_results *r, const struct br_console_opts *o)
{
    int w = (int)name_width(r);
    const struct br_measure_def *m = br_results_measure(r);
    const char *bold = o && o->color ? "\033[1m" : "", *reset = o && o->color ? "\033[0m" : "";
    BR_ASSERT(m);
    int mem = any_allocates(r);
    fprintf(out, "%s%-*s %11s %4s %11s %11s %11s %11s %7s %11s %3s%s  %s%s\n", bold, w, "benchmark",
            "iterations", "reps", "min", "median", "mean", "stddev", "cv", "max", "out",
            mem ? " allocs/op      B/op" : "",
            m->counted ? "est. cycles (L1/LL misses)" : "throughput", reset);
    struct br_complexity *fits;
    size_t nfits = br_complexities(r, &fits);
    for (size_t i = 0; i < r->nrows; i++) {
        put_row(out, m, &r->rows[i], w, mem);
        put_fits(out, i, w, fits, nfits);
    }
    br_complexities_release(fits, nfits);
    /* What the table alone would hide: benchmarks that failed, got fewer samples than asked,
     * lost time to other work, or had a counter left out. */
    static const struct {
        const char *key, *label;
    } notes[] = {{"failed", "FAILED"},   {"short", "FEWER SAMPLES"}, {"contended", "CONTENDED"},
                 {"omitted", "OMITTED"}, {"leak", "LEAK"},           {"retained", "RETAINED"},
                 {"memory", "MEMORY"},   {"uncounted", "UNCOUNTED"}};
    for (size_t k = 0; k < sizeof notes / sizeof notes[0]; k++)
        for (size_t i = 0; i < r->nctx; i++)
            if (strcmp(r->ctx[i].key, notes[k].key) == 0) {
                char *v = shown_name(r->ctx[i].value);
                fprintf(out, "%-*s %s: %s\n", w, "", notes[k].label, v);
                free(v);
            }
    return br_stream_check(out, "writing the table");
}
