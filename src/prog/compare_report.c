/* compare_report.c - benchcmp's output: console table, CSV, Markdown and JSON of one
 * br_comparison (compare_out.h).  Every format carries the same numbers; only the console is
 * for eyes alone. */
#include <math.h>
#include <string.h>

#include <stdlib.h>

#include "prog/compare_out.h"
#include "base/error.h"
#include "base/strbuf.h"
#include "base/stream.h"
#include "format/report.h"

/* Shortest of %.15g / %.17g that reads back as the same double (machine formats); "" for a
 * value that does not exist. */
static const char *num(char *buf, size_t size, double v)
{
    if (isnan(v)) return "";
    snprintf(buf, size, "%.15g", v);
    if (strtod(buf, NULL) != v) snprintf(buf, size, "%.17g", v);
    return buf;
}

/* A name from a file, fit to print: control characters made visible (the JSON writer escapes
 * them its own way).  The caller frees it. */
static char *shown(const char *name)
{
    struct br_strbuf sb;
    br_strbuf_init(&sb);
    br_strbuf_add_printable(&sb, name);
    return br_strbuf_detach(&sb);
}

/* ---- console ------------------------------------------------------------------------------- */

/* benchstat's mark for "no significant change", words for the rest. */
static const char *mark(enum br_verdict v) { return v == BR_NO_CHANGE ? "~" : br_verdict_name(v); }

static const char *color_of(enum br_verdict v)
{
    switch (v) {
    case BR_FAILED:
    case BR_REGRESSION: return "\033[1;31m";
    case BR_IMPROVEMENT: return "\033[32m";
    case BR_TOO_FEW:
    case BR_NO_TEST:
    case BR_UNSURE: return "\033[33m";
    default: return "\033[2m";
    }
}

/* The metrics both sides of a row have (metric.h), in table order, user counters by name:
 * fn(metric of old, of new). */
static void each_metric(const struct br_cmp_row *r,
                        void (*fn)(FILE *out, const struct br_metric *a, const struct br_metric *b,
                                   int first),
                        FILE *out)
{
    if (!r->old_row || !r->new_row) return;
    int first = 1;
    for (size_t i = 0; i < r->old_row->nmetrics; i++) {
        const struct br_metric *a = &r->old_row->metrics[i];
        const struct br_metric *b = br_row_metric_like(r->new_row, a);
        if (b) fn(out, a, b, first), first = 0;
    }
}

/* "    cpu_ns  12.3 -> 12.5 ns (+1.63%)" under the row, with --metrics. */
static void console_metric(FILE *out, const struct br_metric *a, const struct br_metric *b,
                           int first)
{
    char d[32];
    double x = br_metric_typical(a), y = br_metric_typical(b);
    (void)first;
    fprintf(out, "    %-22s %.6g -> %.6g %s (%s)\n", br_metric_name(a), x, y, a->def->unit,
            br_cmp_pct(d, sizeof d, x > 0 ? 100 * (y / x - 1) : (y > 0 ? INFINITY : 0)));
}

static void console_row(FILE *out, const struct br_cmp_row *r, int w, int color)
{
    struct br_cmp_cells t;
    br_cmp_cells(r, &t);
    char *name = shown(r->name);
    fprintf(out, "%-*s %11s %11s %9s %9s  %-21s %s%s%s\n", w, name, t.old_median, t.new_median,
            t.delta, t.p, t.ci, color ? color_of(r->verdict) : "", mark(r->verdict),
            color ? "\033[0m" : "");
    if (r->verdict == BR_FAILED)
        fprintf(out, "    failed in %s: %s\n", r->failed_side, r->failed_why);
    free(name);
}

/* "4104 B", "3": per operation, the exact count. */
static const char *mem_value(char *buf, size_t size, int k, double v)
{
    snprintf(buf, size, k == BR_MEM_BYTES ? "%.6g B" : "%.6g", v);
    return buf;
}

/* The memory rows under a benchmark, in the table's columns (benchstat's allocs/op, B/op); not
 * for a benchmark that allocates nothing in either file. */
static void console_memory(FILE *out, const struct br_cmp_row *r, int w, int color)
{
    for (int k = 0; k < BR_NMEM; k++) {
        const struct br_cmp_mem *m = &r->mem[k];
        if (!m->have || (m->old_v == 0 && m->new_v == 0)) continue;
        char a[32], b[32], d[32], label[40];
        snprintf(label, sizeof label, "  %s", br_mem_label[k]);
        fprintf(out, "%-*s %11s %11s %9s %9s  %-21s %s%s%s", w, label,
                mem_value(a, sizeof a, k, m->old_v), mem_value(b, sizeof b, k, m->new_v),
                br_cmp_pct(d, sizeof d, m->delta_pct), "", "", color ? color_of(m->verdict) : "",
                mark(m->verdict), color ? "\033[0m" : "");
        /* counts that vary: the batches' ranges the verdict was read from */
        if (m->varies)
            fprintf(out, "  (batches %.6g..%.6g -> %.6g..%.6g)", m->old_range[0], m->old_range[1],
                    m->new_range[0], m->new_range[1]);
        fputc('\n', out);
    }
}

static void console_metrics(FILE *out, const struct br_cmp_row *r)
{
    each_metric(r, console_metric, out);
}

static void summary_line(FILE *out, const struct br_comparison *c)
{
    struct br_strbuf sb;
    br_strbuf_init(&sb);
    br_cmp_summary(&sb, c);
    fprintf(out, "%s\n", sb.buf);
    br_strbuf_release(&sb);
}

static void write_console(FILE *out, const struct br_comparison *c, int color)
{
    int w = 9;
    char level[48];
    for (size_t i = 0; i < c->nrows; i++) {
        char *name = shown(c->rows[i].name);
        if ((int)strlen(name) > w) w = (int)strlen(name);
        free(name);
    }
    snprintf(level, sizeof level, "%g%% CI", 100 * (1 - c->opts.alpha));
    fprintf(out, "%s%-*s %11s %11s %9s %9s  %-21s %s%s\n", color ? "\033[1m" : "", w, "benchmark",
            "old", "new", "delta", "p", level, "verdict", color ? "\033[0m" : "");
    for (size_t i = 0; i < c->nrows; i++) {
        console_row(out, &c->rows[i], w, color);
        console_memory(out, &c->rows[i], w, color);
        if (c->opts.show_metrics) console_metrics(out, &c->rows[i]);
    }
    fputc('\n', out);
    summary_line(out, c);
    if (c->paired && !c->measure->counted)
        fprintf(out, "paired: %s; interval at %g%% (alpha over %u looks)\n", br_comparison_test(c),
                100 * (1 - c->opts.alpha / c->looks), c->looks);
}

/* ---- CSV --------------------------------------------------------------------------------- */

static void write_csv(FILE *out, const struct br_comparison *c)
{
    char b[6][40];
    const char *unit = c->measure->suffix; /* old_median_ns, old_median_instructions */
    fprintf(out,
            "name,old_median%s,new_median%s,delta_pct,p_value,verdict,ci_low_pct,ci_high_pct,"
            "old_samples,new_samples,test\n",
            unit, unit);
    for (size_t i = 0; i < c->nrows; i++) {
        const struct br_cmp_row *r = &c->rows[i];
        char *name = shown(r->name);
        br_csv_put_field(out, name);
        free(name);
        fprintf(out, ",%s,%s,%s,%s,%s,%s,%s,", num(b[0], 40, r->old_median),
                num(b[1], 40, r->new_median), num(b[2], 40, r->delta_pct), num(b[3], 40, r->p),
                br_verdict_name(r->verdict), num(b[4], 40, r->ci_low_pct),
                num(b[5], 40, r->ci_high_pct));
        if (r->old_n) fprintf(out, "%zu", r->old_n);
        fputc(',', out);
        if (r->new_n) fprintf(out, "%zu", r->new_n);
        fprintf(out, ",%s\n",
                r->old_n && r->new_n ? (c->measure->counted ? "exact-rule"
                                        : c->paired         ? "wilcoxon-paired"
                                                            : "mann-whitney")
                                     : "");
    }
}

/* ---- Markdown ------------------------------------------------------------------------------ */

/* Backslash before the characters that would make a name into markup or split the table; '&'
 * too, or "a&lt;b" would show as "a<b" (CommonMark escapes any ASCII punctuation so, 2.4). */
static void md_text(FILE *out, const char *s)
{
    for (; *s; s++) {
        if (strchr("\\`*_[]<>|~#&", *s)) fputc('\\', out);
        fputc(*s, out);
    }
}

static void md_row(FILE *out, const struct br_cmp_row *r)
{
    struct br_cmp_cells t;
    br_cmp_cells(r, &t);
    fputs("| ", out);
    char *name = shown(r->name);
    md_text(out, name);
    free(name);
    fprintf(out, " | %s | %s | %s | %s | %s | %s%s%s |\n", t.old_median, t.new_median, t.delta, t.p,
            t.ci, r->verdict == BR_REGRESSION ? "**" : "",
            r->verdict == BR_NO_CHANGE ? "\\~" : br_verdict_name(r->verdict),
            r->verdict == BR_REGRESSION ? "**" : "");
}

static void write_markdown(FILE *out, const struct br_comparison *c)
{
    fprintf(out, "| benchmark | old | new | delta | p | %g%% CI | verdict |\n",
            100 * (1 - c->opts.alpha));
    fputs("| :-- | --: | --: | --: | --: | :-: | :-- |\n", out);
    for (size_t i = 0; i < c->nrows; i++) md_row(out, &c->rows[i]);
    fputc('\n', out);
    summary_line(out, c);
    if (c->measure->counted)
        fprintf(out, "\n%s, threshold %g%%: a change beyond it counts; \\~ means no change.\n",
                br_comparison_test(c), c->opts.threshold_pct);
    else
        fprintf(out, "\n%s, alpha %g, threshold %g%%; \\~ means no significant change.\n",
                br_comparison_test(c), c->opts.alpha, c->opts.threshold_pct);
    for (size_t i = 0; i < c->nwarnings; i++) {
        fputs("\n> **Warning:** ", out);
        md_text(out, c->warnings[i]);
        fputc('\n', out);
    }
}

/* ---- JSON ---------------------------------------------------------------------------------- */

static void json_string(FILE *out, const char *s)
{
    fputc('"', out);
    for (; *s; s++) {
        unsigned char ch = (unsigned char)*s;
        if (ch == '"' || ch == '\\')
            fprintf(out, "\\%c", ch);
        else if (ch < 0x20)
            fprintf(out, "\\u%04x", ch);
        else
            fputc(ch, out);
    }
    fputc('"', out);
}

/* JSON has no NaN or infinity: a value that does not exist is null. */
static void json_num(FILE *out, const char *key, double v)
{
    char b[40];
    fprintf(out, "\"%s\": %s", key, isfinite(v) ? num(b, sizeof b, v) : "null");
}

/* "cpu_ns": {"old": x, "new": y, "unit": "ns"} */
static void json_metric(FILE *out, const struct br_metric *a, const struct br_metric *b, int first)
{
    fputs(first ? "" : ", ", out);
    json_string(out, br_metric_name(a)); /* a counter's name read from a file may be anything */
    fputs(": {", out);
    json_num(out, "old", br_metric_typical(a));
    fputs(", ", out);
    json_num(out, "new", br_metric_typical(b));
    fprintf(out, ", \"unit\": \"%s\"}", a->def->unit);
}

static void json_row(FILE *out, const struct br_cmp_row *r)
{
    char old_key[40], new_key[40];
    fputs("    {\"name\": ", out);
    json_string(out, r->name);
    snprintf(old_key, sizeof old_key, "old_median%s", r->measure->suffix);
    snprintf(new_key, sizeof new_key, "new_median%s", r->measure->suffix);
    const struct {
        const char *key;
        double v;
    } f[] = {{old_key, r->old_median},      {new_key, r->new_median},
             {"delta_pct", r->delta_pct},   {"p_value", r->p},
             {"ci_low_pct", r->ci_low_pct}, {"ci_high_pct", r->ci_high_pct}};
    for (size_t i = 0; i < sizeof f / sizeof f[0]; i++) {
        fputs(", ", out);
        json_num(out, f[i].key, f[i].v);
    }
    fprintf(out, ", \"old_samples\": %zu, \"new_samples\": %zu, \"verdict\": \"%s\"", r->old_n,
            r->new_n, br_verdict_name(r->verdict));
    if (r->verdict == BR_FAILED) {
        fprintf(out, ", \"failed_in\": \"%s\", \"failed_why\": ", r->failed_side);
        json_string(out, r->failed_why);
    }
    fputs(", \"metrics\": {", out);
    each_metric(r, json_metric, out);
    fputs("}", out);
    for (int k = 0; k < BR_NMEM; k++) {
        const struct br_cmp_mem *m = &r->mem[k];
        if (!m->have) continue;
        fprintf(out, ", \"%s\": {", br_mem_metric[k]);
        json_num(out, "old", m->old_v);
        fputs(", ", out);
        json_num(out, "new", m->new_v);
        fputs(", ", out);
        json_num(out, "delta_pct", m->delta_pct);
        const struct {
            const char *key;
            double v;
        } range[] = {{"old_min", m->old_range[0]},
                     {"old_max", m->old_range[1]},
                     {"new_min", m->new_range[0]},
                     {"new_max", m->new_range[1]}};
        for (size_t i = 0; m->varies && i < sizeof range / sizeof range[0]; i++) {
            fputs(", ", out);
            json_num(out, range[i].key, range[i].v);
        }
        fprintf(out, ", \"verdict\": \"%s\"}", br_verdict_name(m->verdict));
    }
    fputs("}", out);
}

static void write_json(FILE *out, const struct br_comparison *c)
{
    fprintf(out, "{\n  \"measure\": \"%s\",\n  ", c->measure->name);
    json_num(out, "alpha", c->opts.alpha);
    fputs(",\n  ", out);
    json_num(out, "threshold_pct", c->opts.threshold_pct);
    fprintf(out, ",\n  \"test\": \"%s\",\n  \"paired\": %s,\n  \"looks\": %u",
            br_comparison_test(c), c->paired ? "true" : "false", c->looks);
    fputs(",\n  \"benchmarks\": [\n", out);
    for (size_t i = 0; i < c->nrows; i++) {
        json_row(out, &c->rows[i]);
        fputs(i + 1 < c->nrows ? ",\n" : "\n", out);
    }
    fprintf(out, "  ],\n  \"summary\": {\"common\": %zu, \"geomean_benchmarks\": %zu, ",
            c->nrows - c->count[BR_ADDED] - c->count[BR_REMOVED], c->ngeomean);
    json_num(out, "geomean_ratio", c->geomean);
    for (int v = 0; v < BR_NVERDICTS; v++)
        fprintf(out, ", \"%s\": %zu", br_verdict_name((enum br_verdict)v), c->count[v]);
    fputs("},\n  \"warnings\": [", out);
    for (size_t i = 0; i < c->nwarnings; i++) {
        fputs(i ? ", " : "", out);
        json_string(out, c->warnings[i]);
    }
    fputs("]\n}\n", out);
}

int br_cmp_write_console(FILE *out, const struct br_cmp_view *v)
{
    write_console(out, v->c, v->color);
    return br_cmp_written(out);
}

int br_cmp_write_csv(FILE *out, const struct br_cmp_view *v)
{
    write_csv(out, v->c);
    return br_cmp_written(out);
}

int br_cmp_write_markdown(FILE *out, const struct br_cmp_view *v)
{
    write_markdown(out, v->c);
    return br_cmp_written(out);
}

int br_cmp_write_json(FILE *out, const struct br_cmp_view *v)
{
    write_json(out, v->c);
    return br_cmp_written(out);
}
