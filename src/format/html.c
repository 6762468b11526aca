/* html.c - the frame of an HTML report (html.h). */
#include "format/html.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "base/atomic_file.h"
#include "base/error.h"
#include "base/stream.h"
#include "config.h"
#include "format/plot.h"
#include "format/report.h"
#include "format/svg.h"
#include "model/family.h"

/* One palette per colour scheme; the charts use only these variables (plot.h's classes).
 * Blue and orange for the two runs stay apart for the common colour-vision deficiencies;
 * verdict colours are never the only cue (the verdict is also written). */
static const char style[] =
    ":root{color-scheme:light dark;--bg:#fff;--fg:#1f2328;--mut:#59636e;--grid:#e6e9ec;"
    "--ax:#8c959f;--c0:#1f6feb;--c1:#d4600e;--bad:#cf222e;--good:#1a7f37;--few:#9a6700;"
    "--band:#f2f4f6;--card:#f6f8fa}\n"
    "@media (prefers-color-scheme:dark){:root{--bg:#0d1117;--fg:#e6edf3;--mut:#9198a1;"
    "--grid:#262c33;--ax:#5d6670;--c0:#58a6ff;--c1:#ffa657;--bad:#ff7b72;--good:#3fb950;"
    "--few:#d29922;--band:#161b22;--card:#161b22}}\n"
    "body{background:var(--bg);color:var(--fg);margin:0 auto;max-width:1100px;padding:16px;"
    "font:14px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif}\n"
    "h1{font-size:20px;margin:0 0 8px}h2{font-size:17px;margin:24px 0 8px}"
    "h3{font-size:15px;margin:0 0 4px;font-family:ui-monospace,monospace}\n"
    "a{color:var(--c0)}section{border-top:1px solid var(--grid);padding:10px 0}"
    "figure{margin:0}summary{cursor:pointer;color:var(--mut)}\n"
    "dl{display:grid;grid-template-columns:max-content 1fr;gap:0 12px;margin:4px 0}"
    "dt{color:var(--mut)}dd{margin:0}\n"
    "table{border-collapse:collapse;font-variant-numeric:tabular-nums;margin:4px 0}"
    "th,td{padding:2px 8px;text-align:right;border-bottom:1px solid var(--grid)}"
    "th{color:var(--mut);font-weight:500}td.n,th.n{text-align:left}\n"
    ".figs{display:flex;flex-wrap:wrap;gap:8px 16px}.note{color:var(--mut)}"
    ".warn{border-left:3px solid var(--few);padding:2px 8px;background:var(--card)}\n"
    ".regression{color:var(--bad);font-weight:600}.improvement{color:var(--good);"
    "font-weight:600}.too-few-samples{color:var(--few)}.cpname{color:var(--bad);font-weight:600}\n"
    ".sw0,.sw1{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:4px}"
    ".sw0{background:var(--c0)}.sw1{background:var(--c1)}\n"
    "svg{max-width:100%;height:auto;font:10px system-ui,sans-serif;display:block}"
    "svg text{fill:var(--mut)}svg .lbl{fill:var(--fg)}\n"
    ".grid{stroke:var(--grid)}.axis,.zero{stroke:var(--ax)}.band{fill:var(--band)}\n"
    ".v0,.v1{fill-opacity:.22;stroke-width:1}.v0{fill:var(--c0);stroke:var(--c0)}"
    ".v1{fill:var(--c1);stroke:var(--c1)}\n"
    ".d0,.d1,.out,.pt{fill:none;stroke-linecap:round}.d0,.d1{stroke-width:4.5;stroke-opacity:.6}"
    ".d0{stroke:var(--c0)}.d1{stroke:var(--c1)}.out{stroke:var(--bad);stroke-width:5.5}\n"
    ".b0,.b1{fill-opacity:.45;stroke-width:1.5}.b0{fill:var(--c0);stroke:var(--c0)}"
    ".b1{fill:var(--c1);stroke:var(--c1)}\n"
    ".l0,.l1,.level,.fit{fill:none;stroke-width:1.5}.l0{stroke:var(--c0)}.l1{stroke:var(--c1)}"
    ".med{stroke:var(--fg);stroke-width:2}.fence{stroke:var(--ax);stroke-dasharray:3 3}\n"
    ".level{stroke:var(--fg);stroke-opacity:.45;stroke-width:2.5}"
    ".cp{stroke:var(--bad);stroke-dasharray:4 3}svg .cpt{fill:var(--bad);font-weight:600}"
    ".fit{stroke:var(--few);stroke-dasharray:5 4}\n"
    ".k-regression{stroke:var(--bad)}.k-improvement{stroke:var(--good)}"
    ".k-no-change{stroke:var(--ax)}.k-too-few-samples{stroke:var(--few)}"
    "[class^=k-]{stroke-width:2}.pt{stroke-width:7}\n";

void br_html_begin(struct br_strbuf *sb, const char *title)
{
    br_strbuf_adds(sb, "<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" "
                       "lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n"
                       "<meta name=\"viewport\" content=\"width=device-width, "
                       "initial-scale=1\"/>\n<meta name=\"color-scheme\" "
                       "content=\"light dark\"/>\n<title>");
    br_xml_escape(sb, title);
    br_strbuf_adds(sb, "</title>\n<style>\n");
    br_strbuf_adds(sb, style);
    br_strbuf_adds(sb, "</style>\n</head>\n<body>\n");
    br_html_elem(sb, "h1", NULL, title);
}

void br_html_end(struct br_strbuf *sb)
{
    br_strbuf_adds(sb, "<p class=\"note\">Made by benchreport " PACKAGE_VERSION
                       " (benchrun). One file, no scripts.</p>\n</body>\n</html>\n");
}

void br_html_elem(struct br_strbuf *sb, const char *tag, const char *cls, const char *text)
{
    br_strbuf_addf(sb, "<%s", tag);
    if (cls) br_strbuf_addf(sb, " class=\"%s\"", cls);
    br_strbuf_addc(sb, '>');
    br_xml_escape(sb, text);
    br_strbuf_addf(sb, "</%s>\n", tag);
}

void br_html_open(struct br_strbuf *sb, const char *tag, const char *attrs)
{
    br_strbuf_addf(sb, "<%s%s%s>\n", tag, attrs ? " " : "", attrs ? attrs : "");
}

void br_html_close(struct br_strbuf *sb, const char *tag) { br_strbuf_addf(sb, "</%s>\n", tag); }

static void dl_item(struct br_strbuf *sb, const char *key, const char *value)
{
    br_html_elem(sb, "dt", NULL, key);
    br_html_elem(sb, "dd", NULL, value);
}

void br_html_context(struct br_strbuf *sb, const char *label, const struct br_results *r)
{
    static const char *const keys[] = {"date",      "git_commit", "git_dirty", "host",
                                       "cpu_brand", "compiler",   "engine",    "pinned_cpu",
                                       "status",    NULL};
    char count[32];
    br_html_open(sb, "dl", NULL);
    dl_item(sb, "file", label);
    for (size_t k = 0; keys[k]; k++) {
        const char *v = br_results_get(r, keys[k]);
        if (v) dl_item(sb, keys[k], v);
    }
    for (size_t i = 0; i < r->nctx; i++)
        if (strcmp(r->ctx[i].key, "failed") == 0) dl_item(sb, "failed", r->ctx[i].value);
    snprintf(count, sizeof count, "%zu", r->nrows);
    dl_item(sb, "benchmarks", count);
    br_html_close(sb, "dl");
}

/* ---- numbers ----------------------------------------------------------------------------- */

static void cell_time(struct br_strbuf *sb, double ns)
{
    char t[32];
    br_html_elem(sb, "td", NULL, br_format_time(ns, t, sizeof t));
}

static void numbers_row(struct br_strbuf *sb, const struct br_row *row, const char *label)
{
    const struct br_summary *s = &row->summary;
    br_strbuf_adds(sb, "<tr>");
    if (label) br_html_elem(sb, "td", "n", label);
    br_strbuf_addf(sb, "<td>%zu</td><td>%llu</td>", row->nsamples,
                   (unsigned long long)row->iterations);
    const double t[] = {s->min, s->q1, s->median, s->q3, s->max, s->mean, s->stddev};
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) cell_time(sb, t[i]);
    br_strbuf_addf(sb, "<td>%.2f%%</td><td>%zu</td></tr>\n", 100 * s->cv, s->outliers);
}

void br_html_numbers(struct br_strbuf *sb, const struct br_row *const *rows,
                     const char *const *labels, size_t n)
{
    br_strbuf_adds(sb, "<table><tr>");
    if (labels) br_strbuf_adds(sb, "<th class=\"n\">run</th>");
    br_strbuf_adds(sb, "<th>samples</th><th>iterations</th><th>min</th><th>q1</th>"
                       "<th>median</th><th>q3</th><th>max</th><th>mean</th><th>stddev</th>"
                       "<th>cv</th><th>outliers</th></tr>\n");
    for (size_t i = 0; i < n; i++)
        if (rows[i]) numbers_row(sb, rows[i], labels ? labels[i] : NULL);
    br_strbuf_adds(sb, "</table>\n");
}

/* ---- families ---------------------------------------------------------------------------- */

/* The line of one family: arrays the caller frees with free_line. */
static void family_to_line(const struct br_family *f, const char *label, struct br_plot_line *l)
{
    double *v = br_xmalloc(4 * f->n * sizeof *v);
    for (size_t i = 0; i < f->n; i++) {
        v[i] = f->args[i];
        v[f->n + i] = f->rows[i]->summary.median;
        v[2 * f->n + i] = f->rows[i]->summary.q1;
        v[3 * f->n + i] = f->rows[i]->summary.q3;
    }
    *l = (struct br_plot_line){label, v, v + f->n, v + 2 * f->n, v + 3 * f->n, f->n};
}

static void free_line(struct br_plot_line *l) { free((void *)l->arg); }

/* The hook for complexity fitting (a later issue): the curve fitted to a family, or NULL. */
static const struct br_curve *fitted_curve(const struct br_family *f)
{
    (void)f;
    return NULL;
}

static void family_chart(struct br_strbuf *sb, const struct br_family *fa, const char *label_a,
                         const struct br_family *fb, const char *label_b)
{
    struct br_plot_line lines[2];
    char title[256];
    size_t n = 0;
    family_to_line(fa, label_a, &lines[n++]);
    if (fb) family_to_line(fb, label_b, &lines[n++]);
    snprintf(title, sizeof title, "%s: median time against the argument", fa->base);
    br_strbuf_adds(sb, "<figure>");
    br_html_elem(sb, "h3", NULL, fa->base);
    br_plot_family(sb, lines, n, fitted_curve(fa), title);
    br_strbuf_adds(sb, "</figure>\n");
    for (size_t i = 0; i < n; i++) free_line(&lines[i]);
}

void br_html_families(struct br_strbuf *sb, const struct br_results *a, const char *label_a,
                      const struct br_results *b, const char *label_b)
{
    struct br_family *fa, *fb = NULL;
    size_t na = br_families(a, &fa), nb = b ? br_families(b, &fb) : 0;
    if (na) {
        br_html_elem(sb, "h2", NULL, "Parameter families");
        br_strbuf_adds(sb, "<div class=\"figs\">\n");
    }
    for (size_t i = 0; i < na; i++) {
        const struct br_family *match = NULL;
        for (size_t j = 0; j < nb && !match; j++)
            if (strcmp(fa[i].base, fb[j].base) == 0) match = &fb[j];
        family_chart(sb, &fa[i], label_a, match, label_b);
    }
    if (na) br_strbuf_adds(sb, "</div>\n");
    br_families_release(fa, na);
    br_families_release(fb, nb);
}

void br_html_anchor(char *buf, size_t size, size_t i) { snprintf(buf, size, "b%zu", i); }

int br_html_write(const char *path, const struct br_strbuf *sb)
{
    struct br_atomic_file af;
    if (!path) {
        fwrite(sb->buf, 1, sb->len, stdout);
        return br_stream_check(stdout, "writing the report");
    }
    if (br_atomic_file_open(&af, path) < 0) return -1;
    if (fwrite(sb->buf, 1, sb->len, af.fp) != sb->len) {
        int e = errno;
        br_atomic_file_abort(&af);
        return br_error("%s: write failed, no file written: %s", path, strerror(e));
    }
    if (br_atomic_file_close(&af, path) < 0) return -1;
    return br_atomic_file_place(&af, path, 1) < 0 ? -1 : 0;
}
