/* html.h - the frame of an HTML report: page, style, context, tables, families, the file.
 *
 * A report is one self-contained file: inline CSS and SVG, no script, no font or image from
 * anywhere, readable in any browser with JavaScript off.  The style follows the reader's
 * light or dark preference (prefers-color-scheme).  The markup is well-formed XML
 * (XHTML-compatible), which tests/programs/report_check.py verifies with a strict parser.
 *
 * The pages themselves (one run, a comparison, a history) are in src/prog/page_*.c: they
 * put analyses (compare.h, history.h) into these frames and plot.h's charts.
 */
#ifndef BR_HTML_H
#define BR_HTML_H

#include <stddef.h>

#include "base/strbuf.h"
#include "model/results.h"

/* <!DOCTYPE html>, <head> with the title and the style, <body>, and an <h1>. */
void br_html_begin(struct br_strbuf *sb, const char *title);
/* A footer naming the program, then </body></html>. */
void br_html_end(struct br_strbuf *sb);

/* <tag class="cls">text</tag> (cls may be NULL), text escaped. */
void br_html_elem(struct br_strbuf *sb, const char *tag, const char *cls, const char *text);
/* <tag ...>, attributes given raw (already safe) or NULL; close with br_html_close. */
void br_html_open(struct br_strbuf *sb, const char *tag, const char *attrs);
void br_html_close(struct br_strbuf *sb, const char *tag);

/* A definition list of the context lines a reader needs to trust a run (date, host, CPU,
 * compiler, commit, status, failures), under `label`. */
void br_html_context(struct br_strbuf *sb, const char *label, const struct br_results *r);

/* The numbers of one benchmark, one table row per run: samples, iterations, min, q1, median,
 * q3, max, mean, stddev, cv, outliers.  labels[i] names row i (NULL: no label column). */
void br_html_numbers(struct br_strbuf *sb, const struct br_row *const *rows,
                     const char *const *labels, size_t n);

/* A chart per parameter family of `a` (time against the argument); with `b`, the same
 * family of b drawn beside it (two files compared).  Nothing when there is no family. */
void br_html_families(struct br_strbuf *sb, const struct br_results *a, const char *label_a,
                      const struct br_results *b, const char *label_b);

/* The id of the i-th benchmark's section ("b12"): names may hold any character, ids may not. */
void br_html_anchor(char *buf, size_t size, size_t i);

/* Writes the page to `path` atomically (atomic_file.h), or to stdout when path is NULL.
 * 0, or -1 with br_error. */
int br_html_write(const char *path, const struct br_strbuf *sb);

#endif
