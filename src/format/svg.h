/* svg.h - writing XML-safe text and SVG elements into a string buffer.
 *
 * Everything written is well-formed XML (XHTML-compatible), so one parser checks a whole
 * report: text and attribute values go through br_xml_escape (xml.h).  Colours are CSS classes,
 * never literal colours, so the page's light and dark styles (html.c) paint every chart.
 * Coordinates are written with one decimal at most: a tenth of a pixel is below what a screen shows
 * and keeps a report of hundreds of charts small.
 */
#ifndef BR_SVG_H
#define BR_SVG_H

#include <stddef.h>

#include "base/strbuf.h"
#include "format/chart.h"
#include "format/xml.h"

/* Appends v rounded to 0.1, without a trailing ".0" ("12", "-3.5"). */
void br_svg_num(struct br_strbuf *sb, double v);

/* <svg> of w x h pixels (scales down with the page) with an accessible title. */
void br_svg_open(struct br_strbuf *sb, double w, double h, const char *title);
void br_svg_close(struct br_strbuf *sb);

/* anchor: "start", "middle" or "end". */
void br_svg_text(struct br_strbuf *sb, double x, double y, const char *cls, const char *anchor,
                 const char *text);
void br_svg_line(struct br_strbuf *sb, double x1, double y1, double x2, double y2, const char *cls);
void br_svg_rect(struct br_strbuf *sb, double x, double y, double w, double h, const char *cls);

/* A path of points: "M x y" then the implicit line-tos; `close` ends it with Z. */
void br_svg_path_begin(struct br_strbuf *sb, const char *cls);
void br_svg_path_point(struct br_strbuf *sb, double x, double y, int first);
void br_svg_path_end(struct br_strbuf *sb, int close);

/* Dots drawn as one path of zero-length, round-capped segments ("M x yh0"): a dozen bytes per
 * dot instead of a <circle> each.  The dot's size is the class's stroke width. */
void br_svg_dots_begin(struct br_strbuf *sb, const char *cls);
void br_svg_dot(struct br_strbuf *sb, double x, double y);
void br_svg_dots_end(struct br_strbuf *sb);

/* An axis: the scale, its ticks and how to label them: value / div and `suffix` ("12.5 ns",
 * "-10%"); div 0: each tick a time in its own unit (log time axes). */
struct br_axis {
    struct br_scale scale;
    double ticks[24];
    size_t nticks;
    double div;
    const char *suffix;
};

/* A time axis over [lo, hi] ns onto pixels [r0, r1]: linear with nice ticks in one unit (ns
 * to s), or log10 with decade ticks when `log`. */
void br_axis_time(struct br_axis *a, double lo, double hi, double r0, double r1, int log);
/* A plain linear axis over [lo, hi] with nice ticks, labelled value / div + suffix. */
void br_axis_linear(struct br_axis *a, double lo, double hi, double r0, double r1, double div,
                    const char *suffix);

/* Ticks, labels and grid lines: a horizontal axis at pixel row y with grid lines up to y_top;
 * a vertical axis at column x with grid lines across to x_right. */
void br_svg_xaxis(struct br_strbuf *sb, const struct br_axis *a, double y, double y_top);
void br_svg_yaxis(struct br_strbuf *sb, const struct br_axis *a, double x, double x_right);

#endif
