/* history_out.c - a history's change points as JSON and Markdown, for a CI job to act on
 * (benchreport --format json|markdown; the HTML page is page_history.c).
 *
 * One entry per change point and per step to confirm, in the order of the benchmarks' first
 * appearance, then by run.  "run" counts from 1, as the HTML page's table of runs; "before"
 * and "after" are the levels (medians of the segments' run medians) in ns per operation.
 */
#include <math.h>
#include <stdio.h>

#include "format/report.h"
#include "prog/pages.h"

int br_history_newest_starts_change(const struct br_history *h)
{
    for (size_t i = 0; i < h->nseries; i++)
        for (size_t c = 0; c < h->series[i].ncps; c++)
            if (h->nruns && h->series[i].cps[c].index == h->nruns - 1) return 1;
    return 0;
}

/* RFC 8259 section 7: quote, backslash and control characters escaped. */
static void json_str(struct br_strbuf *sb, const char *s)
{
    br_strbuf_adds(sb, "\"");
    for (; *s; s++) {
        unsigned char ch = (unsigned char)*s;
        if (ch == '"' || ch == '\\' || ch < 0x20)
            br_strbuf_addf(sb, ch < 0x20 ? "\\u%04x" : "\\%c", ch);
        else
            br_strbuf_addf(sb, "%c", ch);
    }
    br_strbuf_adds(sb, "\"");
}

static const char *status_of(const struct br_changepoint *cp)
{
    return cp->missing ? "to confirm" : "change point";
}

void br_history_write_json(struct br_strbuf *sb, const struct br_history *h,
                           const struct br_cp_opts *o)
{
    br_strbuf_addf(sb, "{\n  \"runs\": %zu,\n  \"alpha\": %g,\n  \"min_size\": %zu,\n", h->nruns,
                   o->alpha, o->min_size);
    br_strbuf_adds(sb, "  \"change_points\": [");
    const char *sep = "\n";
    for (size_t i = 0; i < h->nseries; i++) {
        const struct br_history_series *s = &h->series[i];
        for (size_t c = 0; c < s->ncps; c++, sep = ",\n") {
            const struct br_changepoint *cp = &s->cps[c];
            const struct br_history_step *st = &s->steps[c];
            br_strbuf_addf(sb, "%s    {\"benchmark\": ", sep);
            json_str(sb, s->name);
            br_strbuf_addf(sb, ", \"run\": %zu, \"label\": ", cp->index + 1);
            json_str(sb, h->runs[cp->index].label);
            br_strbuf_addf(sb,
                           ", \"status\": \"%s\", \"more_runs_needed\": %zu, \"change_pct\": "
                           "%.4g, \"before\": %.6g, \"after\": %.6g, \"p\": %.3g}",
                           status_of(cp), cp->missing, st->pct, st->before, st->after, cp->p);
        }
    }
    br_strbuf_addf(sb, "%s],\n  \"newest_run_starts_a_change\": %s\n}\n", *sep == ',' ? "\n  " : "",
                   br_history_newest_starts_change(h) ? "true" : "false");
}

void br_history_write_markdown(struct br_strbuf *sb, const struct br_history *h,
                               const struct br_cp_opts *o)
{
    char t[2][32];
    size_t total = 0;
    br_strbuf_addf(sb, "## Change points in %zu runs (p <= %g, %zu runs a side)\n\n", h->nruns,
                   o->alpha, o->min_size);
    for (size_t i = 0; i < h->nseries; i++) total += h->series[i].ncps;
    if (!total) {
        br_strbuf_adds(sb, h->nruns < 2 * o->min_size
                               ? "No change point in any benchmark: fewer runs than a change "
                                 "point needs on its two sides.\n"
                               : "No change point in any benchmark.\n");
        return;
    }
    br_strbuf_adds(sb, "| benchmark | from run | change | before | after | p | status |\n"
                       "| --- | --- | ---: | ---: | ---: | ---: | --- |\n");
    for (size_t i = 0; i < h->nseries; i++) {
        const struct br_history_series *s = &h->series[i];
        for (size_t c = 0; c < s->ncps; c++) {
            const struct br_changepoint *cp = &s->cps[c];
            br_strbuf_addf(sb, "| `%s` | %zu (%s) | %+.2f %% | %s | %s | %.3g | ", s->name,
                           cp->index + 1, h->runs[cp->index].label, s->steps[c].pct,
                           br_format_time(s->steps[c].before, t[0], 32),
                           br_format_time(s->steps[c].after, t[1], 32), cp->p);
            if (cp->missing)
                br_strbuf_addf(sb, "to confirm: %zu more run%s would confirm it |\n", cp->missing,
                               cp->missing == 1 ? "" : "s");
            else
                br_strbuf_adds(sb, "change point |\n");
        }
    }
}
