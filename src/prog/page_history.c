/* page_history.c - the report of many runs of one suite: histories and change points. */
#include <stdio.h>
#include <stdlib.h>

#include "format/html.h"
#include "format/plot.h"
#include "format/report.h"
#include "format/xml.h"
#include "prog/pages.h"

static void runs_table(struct br_strbuf *sb, const struct br_history *h)
{
    /* Open by default for a short history; a long one folds away (no script needed). */
    br_strbuf_addf(sb, "<details%s><summary>%zu runs</summary>\n",
                   h->nruns <= 8 ? " open=\"open\"" : "", h->nruns);
    br_strbuf_adds(sb, "<table><tr><th>#</th><th class=\"n\">run</th><th class=\"n\">date</th>"
                       "<th class=\"n\">file</th><th>benchmarks</th></tr>\n");
    for (size_t i = 0; i < h->nruns; i++) {
        const struct br_history_run *r = &h->runs[i];
        br_strbuf_addf(sb, "<tr><td>%zu</td><td class=\"n\">", i + 1);
        br_xml_escape(sb, r->label);
        br_strbuf_adds(sb, "</td><td class=\"n\">");
        br_xml_escape(sb, r->date ? r->date : "-");
        br_strbuf_adds(sb, "</td><td class=\"n\">");
        br_xml_escape(sb, r->path);
        br_strbuf_addf(sb, "</td><td>%zu</td></tr>\n", r->results->nrows);
    }
    br_strbuf_adds(sb, "</table>\n</details>\n");
}

static void method_note(struct br_strbuf *sb, const struct br_history *h,
                        const struct br_cp_opts *o)
{
    struct br_strbuf t;
    br_strbuf_init(&t);
    br_strbuf_addf(&t,
                   "Runs in order of their date lines%s. Per benchmark: the median of each run "
                   "(bars: q1 to q3). Change points as Apache Otava finds them (Fleming et al., "
                   "ICPE 2023): E-divisive candidates, Student t-tests between the segments, "
                   "each run's own sampling noise a floor under the segments' variance; "
                   "p <= %g, at least %zu runs on either side; each is marked where the new "
                   "level begins and named by that run. A step in the last runs, too few to "
                   "decide, is listed as to confirm. Grey steps: the median of each segment.",
                   h->by_date ? "" : " (not every file has one: in the order given instead)",
                   o->alpha, o->min_size);
    if (h->nruns > BR_HISTORY_MAX_SEARCH)
        br_strbuf_addf(&t, " Change points are searched in the latest %d runs of each benchmark.",
                       BR_HISTORY_MAX_SEARCH);
    br_html_elem(sb, "p", "note", t.buf);
    br_strbuf_release(&t);
}

static void change_rows(struct br_strbuf *sb, const struct br_history *h, size_t i)
{
    const struct br_history_series *s = &h->series[i];
    char id[32], t[2][32], status[64];
    br_html_anchor(id, sizeof id, i);
    for (size_t c = 0; c < s->ncps; c++) {
        const struct br_history_step *st = &s->steps[c];
        br_strbuf_addf(sb, "<tr><td class=\"n\"><a href=\"#%s\">", id);
        br_xml_escape(sb, s->name);
        br_strbuf_adds(sb, "</a></td><td class=\"n cpname\">");
        br_xml_escape(sb, h->runs[s->cps[c].index].label);
        br_strbuf_addf(sb,
                       "</td><td>%+.2f%%</td><td>%s</td><td>%s</td><td>%.3g</td>"
                       "<td class=\"n\">%s</td></tr>\n",
                       st->pct, br_format_time(st->before, t[0], 32),
                       br_format_time(st->after, t[1], 32), s->cps[c].p,
                       br_history_status(&s->cps[c], status, sizeof status));
    }
}

static void changes_table(struct br_strbuf *sb, const struct br_history *h,
                          const struct br_cp_opts *o)
{
    br_html_elem(sb, "h2", NULL, "Change points");
    const char *none = br_history_none(h, o);
    if (none) {
        br_html_elem(sb, "p", NULL, none);
        return;
    }
    br_strbuf_adds(sb, "<table><tr><th class=\"n\">benchmark</th><th class=\"n\">from run</th>"
                       "<th>change</th><th>before</th><th>after</th><th>p</th>"
                       "<th class=\"n\">status</th></tr>\n");
    for (size_t i = 0; i < h->nseries; i++) change_rows(sb, h, i);
    br_strbuf_adds(sb, "</table>\n");
}

static void series_chart(struct br_strbuf *sb, const struct br_history *h, size_t i,
                         const char **run_labels)
{
    const struct br_history_series *s = &h->series[i];
    size_t ncps = s->ncps - (size_t)s->pending, *cps = br_xmalloc((ncps + 1) * sizeof *cps);
    char **cp_labels = br_xmalloc((ncps + 1) * sizeof *cp_labels), title[512], id[32];
    for (size_t c = 0; c < ncps; c++) {
        struct br_strbuf l;
        br_strbuf_init(&l);
        br_strbuf_addf(&l, "%s %+.1f%%", h->runs[s->cps[c].index].label, s->steps[c].pct);
        cps[c] = s->cps[c].index;
        cp_labels[c] = br_strbuf_detach(&l);
    }
    struct br_plot_history ph = {h->nruns, s->median, s->q1,
                                 s->q3,    s->level,  run_labels,
                                 ncps,     cps,       (const char *const *)cp_labels};
    br_html_anchor(id, sizeof id, i);
    br_strbuf_addf(sb, "<section id=\"%s\">\n", id);
    br_html_elem(sb, "h3", NULL, s->name);
    snprintf(title, sizeof title, "%s: median per run, %zu change point%s%s", s->name, ncps,
             ncps == 1 ? "" : "s", s->pending ? ", a step to confirm" : "");
    br_plot_history(sb, &ph, title);
    br_strbuf_adds(sb, "</section>\n");
    for (size_t c = 0; c < ncps; c++) free(cp_labels[c]);
    free(cp_labels);
    free(cps);
}

void br_page_history(struct br_strbuf *sb, const struct br_history *h, const struct br_cp_opts *o)
{
    char title[128];
    const char **run_labels = br_xmalloc((h->nruns + 1) * sizeof *run_labels);
    for (size_t i = 0; i < h->nruns; i++) run_labels[i] = h->runs[i].label;
    snprintf(title, sizeof title, "benchreport: history of %zu runs", h->nruns);
    br_html_begin(sb, title);
    method_note(sb, h, o);
    changes_table(sb, h, o);
    br_html_elem(sb, "h2", NULL, "Benchmarks");
    for (size_t i = 0; i < h->nseries; i++) series_chart(sb, h, i, run_labels);
    if (h->nruns)
        br_html_families(sb, h->runs[h->nruns - 1].results, h->runs[h->nruns - 1].label, NULL,
                         NULL);
    br_html_elem(sb, "h2", NULL, "Runs");
    runs_table(sb, h);
    br_html_end(sb);
    free(run_labels);
}
