/* pages.h - the HTML reports of benchreport (and benchcmp --format html).
 *
 * Each page fills a string buffer with one self-contained HTML file (format/html.h frames it,
 * format/plot.h draws its charts); br_html_write() then writes it.  The analyses come from
 * analyze/: the comparison is benchcmp's own (compare.h), the change points history.h's.
 */
#ifndef BR_PAGES_H
#define BR_PAGES_H

#include "analyze/compare.h"
#include "analyze/history.h"
#include "base/strbuf.h"
#include "model/results.h"

/* One run: per benchmark the distribution, the samples in order and the numbers. */
void br_page_run(struct br_strbuf *sb, const struct br_results *r, const char *label);

/* Two runs: the changes (sorted chart and table), per benchmark both distributions overlaid
 * with benchcmp's verdict; `c` is br_compare(old, new_). */
void br_page_compare(struct br_strbuf *sb, const struct br_results *old, const char *old_label,
                     const struct br_results *new_, const char *new_label,
                     const struct br_comparison *c);

/* Many runs: the runs, the change points found, per benchmark its history. */
void br_page_history(struct br_strbuf *sb, const struct br_history *h, const struct br_cp_opts *o);

/* The same history's change points and steps to confirm as JSON or a Markdown table
 * (history_out.c), for a CI job to act on. */
void br_history_write_json(struct br_strbuf *sb, const struct br_history *h,
                           const struct br_cp_opts *o);
void br_history_write_markdown(struct br_strbuf *sb, const struct br_history *h,
                               const struct br_cp_opts *o);
/* A change point's status as the page and Markdown show it: "change point", or "to confirm: k more
 * runs would confirm it" (in buf). */
const char *br_history_status(const struct br_changepoint *cp, char *buf, size_t size);
/* The sentence for a history without any change point, or NULL when it has one. */
const char *br_history_none(const struct br_history *h, const struct br_cp_opts *o);

#endif
