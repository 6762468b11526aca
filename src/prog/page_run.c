/* page_run.c - the report of one run (pages.h). */
#include <stdio.h>

#include "format/html.h"
#include "format/plot.h"
#include "format/report.h"
#include "format/xml.h"
#include "prog/pages.h"

/* The overview: one line per benchmark, linking to its section. */
static void overview(struct br_strbuf *sb, const struct br_results *r)
{
    br_strbuf_adds(sb, "<table><tr><th class=\"n\">benchmark</th><th>median</th><th>q1</th>"
                       "<th>q3</th><th>cv</th><th>samples</th><th>outliers</th></tr>\n");
    for (size_t i = 0; i < r->nrows; i++) {
        const struct br_summary *s = &r->rows[i].summary;
        char id[32], t[3][32];
        br_html_anchor(id, sizeof id, i);
        br_strbuf_addf(sb, "<tr><td class=\"n\"><a href=\"#%s\">", id);
        br_xml_escape(sb, r->rows[i].name);
        br_strbuf_addf(sb,
                       "</a></td><td>%s</td><td>%s</td><td>%s</td><td>%.2f%%</td>"
                       "<td>%zu</td><td>%zu</td></tr>\n",
                       br_format_time(s->median, t[0], 32), br_format_time(s->q1, t[1], 32),
                       br_format_time(s->q3, t[2], 32), 100 * s->cv, s->n, s->outliers);
    }
    br_strbuf_adds(sb, "</table>\n");
}

static void benchmark(struct br_strbuf *sb, const struct br_row *row, size_t i)
{
    char id[32], title[512];
    struct br_plot_set set = {NULL, row->samples, row->nsamples, &row->summary};
    br_html_anchor(id, sizeof id, i);
    br_strbuf_addf(sb, "<section id=\"%s\">\n", id);
    br_html_elem(sb, "h3", NULL, row->name);
    br_strbuf_adds(sb, "<div class=\"figs\">\n");
    snprintf(title, sizeof title, "%s: distribution of %zu samples", row->name, row->nsamples);
    br_plot_distribution(sb, &set, 1, title);
    snprintf(title, sizeof title, "%s: samples in measurement order", row->name);
    br_plot_order(sb, &set, title);
    br_strbuf_adds(sb, "</div>\n");
    br_html_numbers(sb, &row, NULL, 1);
    br_strbuf_adds(sb, "</section>\n");
}

void br_page_run(struct br_strbuf *sb, const struct br_results *r, const char *label)
{
    char title[512];
    snprintf(title, sizeof title, "benchreport: %s", label);
    br_html_begin(sb, title);
    br_html_context(sb, label, r);
    br_html_elem(sb, "p", "note",
                 "Per benchmark: the distribution of its samples (violin: kernel density; bar: "
                 "q1 to q3; line: median; dots: the samples), the samples in measurement order "
                 "(dashed: Tukey's fences; red: outliers beyond them) and the numbers, in time "
                 "per operation.");
    br_html_families(sb, r, NULL, NULL, NULL); /* one line: no legend */
    br_html_elem(sb, "h2", NULL, "Benchmarks");
    overview(sb, r);
    for (size_t i = 0; i < r->nrows; i++) benchmark(sb, &r->rows[i], i);
    br_html_end(sb);
}
