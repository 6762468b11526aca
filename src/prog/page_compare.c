/* page_compare.c - the report of two runs compared (pages.h).  Every number and verdict is
 * benchcmp's (br_compare and its writers' cells): the page only draws them. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "format/html.h"
#include "format/plot.h"
#include "format/xml.h"
#include "prog/compare_out.h"
#include "prog/pages.h"

struct sides {
    const struct br_results *old, *new_;
    const char *old_label, *new_label;
    const struct br_comparison *c;
};

/* Descending delta: the worst slow-downs first, rows without a ratio last. */
static int cmp_delta(const void *a, const void *b)
{
    const struct br_cmp_row *x = *(const struct br_cmp_row *const *)a;
    const struct br_cmp_row *y = *(const struct br_cmp_row *const *)b;
    if (isnan(x->delta_pct) || isnan(y->delta_pct))
        return isnan(x->delta_pct) - isnan(y->delta_pct);
    return (x->delta_pct < y->delta_pct) - (x->delta_pct > y->delta_pct);
}

static void changes_chart(struct br_strbuf *sb, const struct br_comparison *c)
{
    const struct br_cmp_row **sorted = br_xmalloc((c->nrows + 1) * sizeof *sorted);
    struct br_plot_change *rows = br_xmalloc((c->nrows + 1) * sizeof *rows);
    size_t n = 0;
    for (size_t i = 0; i < c->nrows; i++)
        if (c->rows[i].old_n && c->rows[i].new_n) sorted[n++] = &c->rows[i];
    qsort(sorted, n, sizeof *sorted, cmp_delta);
    for (size_t i = 0; i < n; i++)
        rows[i] =
            (struct br_plot_change){sorted[i]->name, sorted[i]->delta_pct, sorted[i]->ci_low_pct,
                                    sorted[i]->ci_high_pct, br_verdict_name(sorted[i]->verdict)};
    if (n) br_plot_changes(sb, rows, n, c->opts.threshold_pct, "Changes of the median, sorted");
    free(rows);
    free(sorted);
}

static void table_row(struct br_strbuf *sb, const struct br_cmp_row *r, size_t i)
{
    struct br_cmp_cells t;
    char id[32];
    br_cmp_cells(r, &t);
    br_html_anchor(id, sizeof id, i);
    br_strbuf_addf(sb, "<tr><td class=\"n\"><a href=\"#%s\">", id);
    br_xml_escape(sb, r->name);
    br_strbuf_addf(sb, "</a></td><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td>",
                   t.old_median, t.new_median, t.delta, t.p, t.ci);
    br_strbuf_addf(sb, "<td class=\"n %s\">%s</td></tr>\n", br_verdict_name(r->verdict),
                   r->verdict == BR_NO_CHANGE ? "~" : br_verdict_name(r->verdict));
}

static void table(struct br_strbuf *sb, const struct br_comparison *c)
{
    br_strbuf_addf(sb,
                   "<table><tr><th class=\"n\">benchmark</th><th>old</th><th>new</th>"
                   "<th>delta</th><th>p</th><th>%g%% CI</th><th class=\"n\">verdict</th></tr>\n",
                   100 * (1 - c->opts.alpha));
    for (size_t i = 0; i < c->nrows; i++) table_row(sb, &c->rows[i], i);
    br_strbuf_adds(sb, "</table>\n");
}

/* The rows of benchmark i on either side (NULL where missing): c->rows lists the old file's
 * rows in order, then those only in the new file (compare.h). */
static void rows_of(const struct sides *s, size_t i, const struct br_row **o,
                    const struct br_row **n)
{
    const struct br_cmp_row *r = &s->c->rows[i];
    *o = r->old_n ? &s->old->rows[i] : NULL;
    *n = r->new_n ? br_results_find(s->new_, r->name) : NULL;
}

static void benchmark(struct br_strbuf *sb, const struct sides *s, size_t i)
{
    const struct br_cmp_row *r = &s->c->rows[i];
    const struct br_row *rows[2];
    const char *labels[2] = {"old", "new"};
    struct br_plot_set sets[2];
    size_t n = 0;
    char id[32], title[512];
    rows_of(s, i, &rows[0], &rows[1]);
    for (int k = 0; k < 2; k++)
        if (rows[k])
            sets[n++] = (struct br_plot_set){labels[k], rows[k]->samples, rows[k]->nsamples,
                                             &rows[k]->summary};
    br_html_anchor(id, sizeof id, i);
    br_strbuf_addf(sb, "<section id=\"%s\">\n", id);
    br_html_elem(sb, "h3", NULL, r->name);
    struct br_strbuf line;
    br_strbuf_init(&line);
    br_cmp_describe(&line, r, s->c->opts.alpha);
    br_html_elem(sb, "p", br_verdict_name(r->verdict), line.buf);
    br_strbuf_release(&line);
    snprintf(title, sizeof title, "%s: %s", r->name,
             n > 1 ? "distributions, old above and new below" : "distribution");
    br_plot_distribution(sb, sets, n, title);
    br_html_numbers(sb, rows, labels, 2);
    br_strbuf_adds(sb, "</section>\n");
}

static void header(struct br_strbuf *sb, const struct sides *s)
{
    struct br_strbuf line;
    br_strbuf_adds(sb, "<p><span class=\"sw0\"></span>old: ");
    br_xml_escape(sb, s->old_label);
    br_strbuf_adds(sb, " &#8195; <span class=\"sw1\"></span>new: ");
    br_xml_escape(sb, s->new_label);
    br_strbuf_adds(sb, "</p>\n<div class=\"figs\"><div>\n");
    br_html_context(sb, s->old_label, s->old);
    br_strbuf_adds(sb, "</div><div>\n");
    br_html_context(sb, s->new_label, s->new_);
    br_strbuf_adds(sb, "</div></div>\n");
    br_strbuf_init(&line);
    br_cmp_summary(&line, s->c);
    br_html_elem(sb, "p", NULL, line.buf);
    br_strbuf_reset(&line);
    if (s->c->paired)
        br_strbuf_addf(&line,
                       "As benchcmp decides for a paired run: the %s gives p; the change is the "
                       "Hodges-Lehmann estimate of new/old over the pairs with its interval at "
                       "%g%% (alpha over %u looks): above +%g%% a regression, below -%g%% an "
                       "improvement, inside ~, across an edge unsure.",
                       br_comparison_test(s->c), 100 * (1 - s->c->opts.alpha / s->c->looks),
                       s->c->looks, s->c->opts.threshold_pct, s->c->opts.threshold_pct);
    else
        br_strbuf_addf(&line,
                       "As benchcmp decides: a regression or improvement when the two-sided "
                       "Mann-Whitney U test gives p < %g and the median changed by more than "
                       "%g%%; the interval is for new/old at %g%% confidence; ~ is no "
                       "significant change.",
                       s->c->opts.alpha, s->c->opts.threshold_pct, 100 * (1 - s->c->opts.alpha));
    br_html_elem(sb, "p", "note", line.buf);
    br_strbuf_release(&line);
    for (size_t i = 0; i < s->c->nwarnings; i++) br_html_elem(sb, "p", "warn", s->c->warnings[i]);
}

void br_page_compare(struct br_strbuf *sb, const struct br_results *old, const char *old_label,
                     const struct br_results *new_, const char *new_label,
                     const struct br_comparison *c)
{
    const struct sides s = {old, new_, old_label, new_label, c};
    char title[512];
    snprintf(title, sizeof title, "benchcmp: %s vs %s", old_label, new_label);
    br_html_begin(sb, title);
    header(sb, &s);
    br_html_elem(sb, "h2", NULL, "Changes");
    changes_chart(sb, c);
    table(sb, c);
    br_html_families(sb, old, "old", new_, "new");
    br_html_elem(sb, "h2", NULL, "Benchmarks");
    for (size_t i = 0; i < c->nrows; i++) benchmark(sb, &s, i);
    br_html_end(sb);
}
