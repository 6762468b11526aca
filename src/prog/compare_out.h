/* compare_out.h - benchcmp's output formats: the writers of one comparison and the texts they
 * share.  The writers live here in prog/, beside the program that chooses one; analyze/
 * compares and knows nothing of formats.
 *
 *   compare_report.c  console, CSV, Markdown, JSON
 *   compare_junit.c   JUnit XML
 *   compare_text.c    a row's cells, its one-line description, the summary: what every
 *                     writer (and the HTML page, page_compare.c) shows alike
 *
 * benchcmp.c's table of formats names each writer once, with --format html (pages.h).
 */
#ifndef BR_COMPARE_OUT_H
#define BR_COMPARE_OUT_H

#include <stddef.h>
#include <stdio.h>

#include "analyze/compare.h"

/* What a writer is given: the comparison, the two results it came from and their names (the
 * HTML page draws their samples), and whether to colour (a terminal that wants colours: the
 * console alone uses it). */
struct br_cmp_view {
    const struct br_comparison *c;
    const struct br_results *old, *new_;
    const char *old_name, *new_name;
    int color;
};

/* One --format of benchcmp: its name and its writer (0, or -1 with br_error when writing
 * failed); `times_only`: it draws times, and refuses instruction counts before comparing. */
struct br_cmp_format {
    const char *name;
    int (*write)(FILE *out, const struct br_cmp_view *v);
    int times_only;
};

/* Console: an aligned table (ANSI colours when v->color), then the summary.
 * CSV: name,old_median_ns,new_median_ns,delta_pct,p_value,verdict,ci_low_pct,ci_high_pct,
 *      old_samples,new_samples - empty fields where a value does not exist.
 * Markdown: a table and summary for a pull-request comment.  JSON: the same data. */
int br_cmp_write_console(FILE *out, const struct br_cmp_view *v);
int br_cmp_write_csv(FILE *out, const struct br_cmp_view *v);
int br_cmp_write_markdown(FILE *out, const struct br_cmp_view *v);
int br_cmp_write_json(FILE *out, const struct br_cmp_view *v);
/* JUnit XML (compare_junit.c): one <testsuite>, a <testcase> per benchmark, a <failure> per
 * regression with the numbers in its message and text; too-few-samples, added and removed
 * are <skipped>; the warnings in the suite's <system-err>. */
int br_cmp_write_junit(FILE *out, const struct br_cmp_view *v);

/* ---- compare_text.c ------------------------------------------------------------------------ */

/* A writer's last step: 0, or -1 with br_error when writing `out` failed. */
int br_cmp_written(FILE *out);

/* A percentage as the writers show it: "+29.55%", "-" for a value that does not exist. */
const char *br_cmp_pct(char *buf, size_t size, double v);

/* A row's cells as every writer shows them: times ("5.414 us", "-" when missing), delta
 * ("+29.55%"), p ("0.000183", "-"), interval ("+28.94% .. +30.75%", "" when none). */
struct br_cmp_cells {
    char old_median[32], new_median[32], delta[32], p[32], ci[80];
};
void br_cmp_cells(const struct br_cmp_row *r, struct br_cmp_cells *out);

struct br_strbuf;
/* "geomean -0.57% (new/old 0.9943) over 5 benchmarks in both files; 3 no-change, ..." */
void br_cmp_summary(struct br_strbuf *sb, const struct br_comparison *c);
/* One line with a row's numbers and verdict: "+29.55% (95% CI +28.94% .. +30.75%),
 * p = 0.000183, median 5.414 us -> 7.014 us, 10 vs 10 samples: regression". */
void br_cmp_describe(struct br_strbuf *sb, const struct br_cmp_row *r, double alpha);

#endif
