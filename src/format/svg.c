/* svg.c - XML-safe text and SVG elements (svg.h). */
#include "format/svg.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void br_svg_num(struct br_strbuf *sb, double v)
{
    /* no drawing reaches 1e15 units; beyond llround's range the value was undefined (a
     * 1e308 ns sample's coordinate) */
    if (!(fabs(v) < 1e15)) v = isnan(v) ? 0 : copysign(1e15, v);
    long long t = llround(v * 10);
    if (t < 0) br_strbuf_addc(sb, '-');
    unsigned long long a = (unsigned long long)(t < 0 ? -t : t);
    br_strbuf_addf(sb, "%llu", a / 10);
    if (a % 10) br_strbuf_addf(sb, ".%llu", a % 10);
}

static void attr_num(struct br_strbuf *sb, const char *name, double v)
{
    br_strbuf_addf(sb, " %s=\"", name);
    br_svg_num(sb, v);
    br_strbuf_addc(sb, '"');
}

static void attr_class(struct br_strbuf *sb, const char *cls)
{
    if (!cls) return;
    br_strbuf_adds(sb, " class=\"");
    br_xml_escape(sb, cls);
    br_strbuf_addc(sb, '"');
}

void br_svg_open(struct br_strbuf *sb, double w, double h, const char *title)
{
    br_strbuf_adds(sb, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ");
    br_svg_num(sb, w);
    br_strbuf_addc(sb, ' ');
    br_svg_num(sb, h);
    br_strbuf_addc(sb, '"');
    attr_num(sb, "width", w);
    attr_num(sb, "height", h);
    br_strbuf_adds(sb, " role=\"img\"><title>");
    br_xml_escape(sb, title);
    br_strbuf_adds(sb, "</title>\n");
}

void br_svg_close(struct br_strbuf *sb) { br_strbuf_adds(sb, "</svg>\n"); }

void br_svg_text(struct br_strbuf *sb, double x, double y, const char *cls, const char *anchor,
                 const char *text)
{
    br_strbuf_adds(sb, "<text");
    attr_num(sb, "x", x);
    attr_num(sb, "y", y);
    attr_class(sb, cls);
    if (anchor && strcmp(anchor, "start") != 0) br_strbuf_addf(sb, " text-anchor=\"%s\"", anchor);
    br_strbuf_addc(sb, '>');
    br_xml_escape(sb, text);
    br_strbuf_adds(sb, "</text>\n");
}

void br_svg_line(struct br_strbuf *sb, double x1, double y1, double x2, double y2, const char *cls)
{
    br_strbuf_adds(sb, "<path d=\"M");
    br_svg_num(sb, x1);
    br_strbuf_addc(sb, ' ');
    br_svg_num(sb, y1);
    br_strbuf_adds(sb, "L");
    br_svg_num(sb, x2);
    br_strbuf_addc(sb, ' ');
    br_svg_num(sb, y2);
    br_strbuf_addc(sb, '"');
    attr_class(sb, cls);
    br_strbuf_adds(sb, "/>\n");
}

void br_svg_rect(struct br_strbuf *sb, double x, double y, double w, double h, const char *cls)
{
    br_strbuf_adds(sb, "<rect");
    attr_num(sb, "x", x);
    attr_num(sb, "y", y);
    attr_num(sb, "width", w > 0 ? w : 0);
    attr_num(sb, "height", h > 0 ? h : 0);
    attr_class(sb, cls);
    br_strbuf_adds(sb, "/>\n");
}

void br_svg_path_begin(struct br_strbuf *sb, const char *cls)
{
    br_strbuf_adds(sb, "<path");
    attr_class(sb, cls);
    br_strbuf_adds(sb, " d=\"");
}

void br_svg_path_point(struct br_strbuf *sb, double x, double y, int first)
{
    br_strbuf_adds(sb, first ? "M" : " ");
    br_svg_num(sb, x);
    br_strbuf_addc(sb, ' ');
    br_svg_num(sb, y);
}

void br_svg_path_end(struct br_strbuf *sb, int close)
{
    br_strbuf_adds(sb, close ? "Z\"/>\n" : "\"/>\n");
}

void br_svg_dots_begin(struct br_strbuf *sb, const char *cls) { br_svg_path_begin(sb, cls); }

void br_svg_dot(struct br_strbuf *sb, double x, double y)
{
    br_svg_path_point(sb, x, y, 1);
    br_strbuf_adds(sb, "h0");
}

void br_svg_dots_end(struct br_strbuf *sb) { br_svg_path_end(sb, 0); }

/* ---- axes -------------------------------------------------------------------------------- */

void br_axis_linear(struct br_axis *a, double lo, double hi, double r0, double r1, double div,
                    const char *suffix)
{
    a->nticks = br_nice_ticks(&lo, &hi, 5, a->ticks, sizeof a->ticks / sizeof a->ticks[0]);
    br_scale_init(&a->scale, lo, hi, r0, r1, 0);
    a->div = div;
    a->suffix = suffix;
}

void br_axis_time(struct br_axis *a, double lo, double hi, double r0, double r1, int log)
{
    if (!log) {
        struct br_time_unit u = br_time_unit_for(hi);
        br_axis_linear(a, lo, hi, r0, r1, u.ns, u.name);
        return;
    }
    /* Decades of time read best each in its own unit: 10 ns, 100 ns, 1 us. */
    a->nticks = br_log_ticks(lo, hi, a->ticks, sizeof a->ticks / sizeof a->ticks[0]);
    br_scale_init(&a->scale, lo, hi, r0, r1, 1);
    a->div = 0;
    a->suffix = NULL;
}

static void tick_label(char *buf, size_t size, const struct br_axis *a, double v)
{
    struct br_time_unit u = br_time_unit_for(v);
    if (a->div == 0)
        snprintf(buf, size, "%.4g %s", v / u.ns, u.name);
    else if (fabs(v / a->div) < 1e9 && v / a->div == floor(v / a->div)) /* 65536, not 6.554e+04 */
        snprintf(buf, size, "%.0f%s%s", v / a->div, *a->suffix && *a->suffix != '%' ? " " : "",
                 a->suffix);
    else
        snprintf(buf, size, "%.4g%s%s", v / a->div, *a->suffix && *a->suffix != '%' ? " " : "",
                 a->suffix);
}

/* Grid lines as one path and tick labels in one group: a chart's axes cost a few hundred
 * bytes, not one element per line with its attributes repeated. */
static void grid(struct br_strbuf *sb, const struct br_axis *a, int vertical, double from,
                 double to)
{
    br_svg_path_begin(sb, "grid");
    for (size_t i = 0; i < a->nticks; i++) {
        double v = br_scale_map(&a->scale, a->ticks[i]);
        br_svg_path_point(sb, vertical ? v : from, vertical ? from : v, 1);
        br_strbuf_adds(sb, vertical ? "V" : "H");
        br_svg_num(sb, to);
    }
    br_svg_path_end(sb, 0);
}

void br_svg_xaxis(struct br_strbuf *sb, const struct br_axis *a, double y, double y_top)
{
    char label[48];
    grid(sb, a, 1, y_top, y);
    br_strbuf_adds(sb, "<g class=\"tick\" text-anchor=\"middle\">\n");
    for (size_t i = 0; i < a->nticks; i++) {
        tick_label(label, sizeof label, a, a->ticks[i]);
        br_svg_text(sb, br_scale_map(&a->scale, a->ticks[i]), y + 12, NULL, NULL, label);
    }
    br_strbuf_adds(sb, "</g>\n");
    br_svg_line(sb, a->scale.r0, y, a->scale.r1, y, "axis");
}

void br_svg_yaxis(struct br_strbuf *sb, const struct br_axis *a, double x, double x_right)
{
    char label[48];
    grid(sb, a, 0, x, x_right);
    br_strbuf_adds(sb, "<g class=\"tick\" text-anchor=\"end\">\n");
    for (size_t i = 0; i < a->nticks; i++) {
        tick_label(label, sizeof label, a, a->ticks[i]);
        br_svg_text(sb, x - 4, br_scale_map(&a->scale, a->ticks[i]) + 3.5, NULL, NULL, label);
    }
    br_strbuf_adds(sb, "</g>\n");
    br_svg_line(sb, x, a->scale.r0, x, a->scale.r1, "axis");
}
