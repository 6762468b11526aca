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

static void json_str(struct br_strbuf *sb, const char *s)
{
    br_strbuf_addc(sb, '"');
    br_strbuf_add_json(sb, s);
    br_strbuf_addc(sb, '"');
}

const char *br_history_status(const struct br_changepoint *cp, char *buf, size_t size)
{
    if (!cp->missing) return "change point";
    snprintf(buf, size, "to confirm: %zu more run%s would confirm it", cp->missing,
             cp->missing == 1 ? "" : "s");
    return buf;
}

const char *br_history_none(const struct br_history *h, const struct br_cp_opts *o)
{
    for (size_t i = 0; i < h->nseries; i++)
        if (h->series[i].ncps) return NULL;
    return h->nruns < 2 * o->min_size ? "No change point in any benchmark: fewer runs than a "
                                        "change point needs on its two sides."
                                      : "No change point in any benchmark.";
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
                           cp->missing ? "to confirm" : "change point", cp->missing, st->pct,
                           st->before, st->after, cp->p);
        }
    }
    br_strbuf_addf(sb, "%s],\n  \"newest_run_starts_a_change\": %s\n}\n", *sep == ',' ? "\n  " : "",
                   br_history_newest_starts_change(h) ? "true" : "false");
}

void br_history_write_markdown(struct br_strbuf *sb, const struct br_history *h,
                               const struct br_cp_opts *o)
{
    char t[2][32], status[64];
    br_strbuf_addf(sb, "## Change points in %zu runs (p <= %g, %zu runs a side)\n\n", h->nruns,
                   o->alpha, o->min_size);
    const char *none = br_history_none(h, o);
    if (none) {
        br_strbuf_addf(sb, "%s\n", none);
        return;
    }
    br_strbuf_adds(sb, "| benchmark | from run | change | before | after | p | status |\n"
                       "| --- | --- | ---: | ---: | ---: | ---: | --- |\n");
    for (size_t i = 0; i < h->nseries; i++) {
        const struct br_history_series *s = &h->series[i];
        for (size_t c = 0; c < s->ncps; c++) {
            const struct br_changepoint *cp = &s->cps[c];
            br_strbuf_addf(sb, "| `%s` | %zu (%s) | %+.2f %% | %s | %s | %.3g | %s |\n", s->name,
                           cp->index + 1, h->runs[cp->index].label, s->steps[c].pct,
                           br_format_time(s->steps[c].before, t[0], 32),
                           br_format_time(s->steps[c].after, t[1], 32), cp->p,
                           br_history_status(cp, status, sizeof status));
        }
    }
}
