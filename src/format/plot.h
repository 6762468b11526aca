/* plot.h - the report's charts, each a self-contained inline <svg>.
 *
 * The charts take plain numbers (no results, no verdicts), so any page can draw them and the
 * geometry they use (chart.h) is tested on its own.  CSS classes name every colour (svg.h);
 * html.c defines them for light and dark pages:
 *   sets         v0 v1 (violin fill), d0 d1 (dots), b0 b1 (box), l0 l1 (lines)
 *   marks        med (median), fence, out (Tukey outliers), grid, axis, tick, lbl
 *   changes      k-regression k-improvement k-no-change k-too-few-samples, band, zero
 *   history      level (a segment's median), cp (a change point), cpt (its label)
 *   families     fit (a fitted curve, drawn when given)
 */
#ifndef BR_PLOT_H
#define BR_PLOT_H

#include <stddef.h>

#include "base/strbuf.h"
#include "model/stats.h"

/* Charts draw at most this many dots per set (every k-th sample beyond it), so that a run
 * of 100,000 repetitions still makes a page of a few MB; the chart's title says so. */
#define BR_PLOT_MAX_DOTS 2000

/* One set of samples: ns per operation in measurement order, and their summary. */
struct br_plot_set {
    const char *label;
    const double *x;
    size_t n;
    const struct br_summary *s;
};

/* Distribution on a time axis: a violin (Gaussian kernel density, trimmed to the data), the
 * box from q1 to q3, the median and the samples as a jittered strip.  One set: a whole
 * violin; two: both overlaid on one axis, the first above the centre line and the second
 * below it (a split violin), so shifts and changes of shape show at a glance. */
void br_plot_distribution(struct br_strbuf *sb, const struct br_plot_set *sets, size_t nsets,
                          const char *title);

/* The samples in measurement order (x: sample number, y: time), the median and Tukey's fences
 * (1.5 IQR beyond the quartiles), the samples beyond them marked: drift, warm-up and
 * outliers show. */
void br_plot_order(struct br_strbuf *sb, const struct br_plot_set *set, const char *title);

/* Changes, one row each in the caller's order: the change in percent with its interval
 * (NAN ends: none), coloured by `kind` (a verdict name), the +-threshold band and zero. */
struct br_plot_change {
    const char *name;
    double delta_pct, lo_pct, hi_pct;
    const char *kind;
};
void br_plot_changes(struct br_strbuf *sb, const struct br_plot_change *rows, size_t n,
                     double threshold_pct, const char *title);

/* A history: per run the median and quartiles (NAN where the run lacks the benchmark),
 * labelled below; each change point a line before its run, labelled at the top; `level` (may
 * be NULL) the median of each run's segment, drawn as steps. */
struct br_plot_history {
    size_t nruns;
    const double *median, *q1, *q3, *level;
    const char *const *run_labels;
    size_t ncps;
    const size_t *cps;            /* run index where each new level begins */
    const char *const *cp_labels; /* e.g. "abc1234 +12.3%" */
};
void br_plot_history(struct br_strbuf *sb, const struct br_plot_history *h, const char *title);

/* A parameter family: the median against the argument (with q1-q3 whiskers), one line per set
 * (at most two), on log axes when the values span a factor of 4 or more. */
struct br_plot_line {
    const char *label;
    const double *arg, *median, *q1, *q3;
    size_t n;
};
/* A fitted curve, drawn dashed when present: the hook for complexity fitting (another issue
 * computes it; nothing here fits). */
struct br_curve {
    const char *label; /* e.g. "O(n log n)" */
    const double *x, *y;
    size_t n;
};
void br_plot_family(struct br_strbuf *sb, const struct br_plot_line *lines, size_t nlines,
                    const struct br_curve *fit, const char *title);

#endif
