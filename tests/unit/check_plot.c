/* check_plot.c - XML-safe text, SVG numbers and the charts' content: every mark a chart must
 * draw is there, where the scale puts it, and nothing XML cannot carry gets through. */
#include <check.h>
#include <math.h>
#include <string.h>

#include "base/strbuf.h"
#include "check_main.h"
#include "format/plot.h"
#include "format/svg.h"

static const char *escaped(struct br_strbuf *sb, const char *s)
{
    br_strbuf_reset(sb);
    br_xml_escape(sb, s);
    return sb->buf;
}

START_TEST(xml_escape)
{
    struct br_strbuf sb;
    br_strbuf_init(&sb);
    ck_assert_str_eq(escaped(&sb, "a<b & \"c\" 'd'>"),
                     "a&lt;b &amp; &quot;c&quot; &#39;d&#39;&gt;");
    ck_assert_str_eq(escaped(&sb, "caf\xC3\xA9 \xE2\x80\xA6 \xF0\x9F\x93\x88"),
                     "caf\xC3\xA9 \xE2\x80\xA6 \xF0\x9F\x93\x88"); /* valid UTF-8 kept */
    ck_assert_str_eq(escaped(&sb, "tab\tnl\n"), "tab\tnl\n");
#define FFFD "\xEF\xBF\xBD"
    ck_assert_str_eq(escaped(&sb, "a\x01z"), "a" FFFD "z");                  /* control */
    ck_assert_str_eq(escaped(&sb, "\xC3\x28"), FFFD "(");                    /* bad continuation */
    ck_assert_str_eq(escaped(&sb, "\xC0\xAF"), FFFD FFFD);                   /* overlong */
    ck_assert_str_eq(escaped(&sb, "\xED\xA0\x80"), FFFD FFFD FFFD);          /* surrogate */
    ck_assert_str_eq(escaped(&sb, "\xF4\x90\x80\x80"), FFFD FFFD FFFD FFFD); /* > U+10FFFF */
    ck_assert_str_eq(escaped(&sb, "\xEF\xBF\xBF"), FFFD FFFD FFFD);          /* U+FFFF */
    ck_assert_str_eq(escaped(&sb, "x\xE2\x82"), "x" FFFD FFFD);              /* cut short */
    br_strbuf_release(&sb);
}
END_TEST

START_TEST(svg_numbers)
{
    const struct {
        double v;
        const char *s;
    } cases[] = {{12, "12"},   {12.04, "12"}, {-3.45, "-3.5"},    {0.04, "0"},
                 {-0.04, "0"}, {0.05, "0.1"}, {1234.56, "1234.6"}};
    struct br_strbuf sb;
    br_strbuf_init(&sb);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        br_strbuf_reset(&sb);
        br_svg_num(&sb, cases[i].v);
        ck_assert_str_eq(sb.buf, cases[i].s);
    }
    br_strbuf_release(&sb);
}
END_TEST

/* Occurrences of `needle` in `hay`. */
static size_t count(const char *hay, const char *needle)
{
    size_t n = 0;
    for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle)) n++;
    return n;
}

/* Occurrences of `needle` within the first element that starts with `open` (up to "/>"). */
static size_t count_in(const char *hay, const char *open, const char *needle)
{
    const char *p = strstr(hay, open), *end;
    ck_assert_msg(p != NULL, "no %s", open);
    end = strstr(p, "/>");
    ck_assert_ptr_nonnull(end);
    size_t n = 0;
    for (; (p = strstr(p, needle)) && p < end; p += strlen(needle)) n++;
    return n;
}

static const double samples[] = {10, 11, 12, 10.5, 11.5, 30, 10.2, 11.1, 10.8, 11.9};

START_TEST(distribution_marks)
{
    struct br_summary s;
    struct br_strbuf sb;
    struct br_axis ax;
    char want[64];
    br_stats_summarize(samples, 10, &s);
    struct br_plot_set set = {"run", samples, 10, &s};
    br_strbuf_init(&sb);
    br_plot_distribution(&sb, &set, 1, "t & <t>");
    ck_assert_uint_eq(count(sb.buf, "<svg "), 1);
    ck_assert_uint_eq(count(sb.buf, "</svg>"), 1);
    ck_assert_ptr_nonnull(strstr(sb.buf, "<title>t &amp; &lt;t&gt;</title>"));
    ck_assert_uint_eq(count(sb.buf, "class=\"v0\""), 1);                 /* one violin */
    ck_assert_uint_eq(count_in(sb.buf, "<path class=\"d0\"", "h0"), 10); /* every sample */
    /* The box spans q1..q3 on the chart's time axis (28 px margins on a 440 px chart). */
    br_axis_time(&ax, s.min, s.max, 28, 412, 0);
    struct br_strbuf x;
    br_strbuf_init(&x);
    br_svg_num(&x, br_scale_map(&ax.scale, s.q1));
    snprintf(want, sizeof want, "<rect x=\"%s\"", x.buf);
    ck_assert_ptr_nonnull(strstr(sb.buf, want));
    /* Two sets: two half violins on one axis. */
    struct br_plot_set two[2] = {set, set};
    br_strbuf_reset(&sb);
    br_plot_distribution(&sb, two, 2, "two");
    ck_assert_uint_eq(count(sb.buf, "class=\"v0\""), 1);
    ck_assert_uint_eq(count(sb.buf, "class=\"v1\""), 1);
    ck_assert_uint_eq(count(sb.buf, "class=\"med\""), 2);
    br_strbuf_release(&x);
    br_strbuf_release(&sb);
}
END_TEST

START_TEST(identical_samples_draw_no_violin)
{
    const double same[] = {5, 5, 5, 5};
    struct br_summary s;
    struct br_strbuf sb;
    br_stats_summarize(same, 4, &s);
    struct br_plot_set set = {"run", same, 4, &s};
    br_strbuf_init(&sb);
    br_plot_distribution(&sb, &set, 1, "same");
    ck_assert_uint_eq(count(sb.buf, "class=\"v0\""), 0);
    ck_assert_uint_eq(count(sb.buf, "class=\"med\""), 1);
    ck_assert(!strstr(sb.buf, "nan") && !strstr(sb.buf, "inf"));
    br_strbuf_release(&sb);
}
END_TEST

START_TEST(order_marks_outliers)
{
    struct br_summary s;
    struct br_strbuf sb;
    br_stats_summarize(samples, 10, &s);
    ck_assert_uint_eq(s.outliers, 1); /* 30 */
    struct br_plot_set set = {"run", samples, 10, &s};
    br_strbuf_init(&sb);
    br_plot_order(&sb, &set, "order");
    ck_assert_uint_eq(count_in(sb.buf, "<path class=\"out\"", "h0"), 1);
    ck_assert_uint_eq(count_in(sb.buf, "<path class=\"d0\"", "h0"), 9);
    ck_assert_uint_ge(count(sb.buf, "class=\"fence\""), 1);
    br_strbuf_release(&sb);
}
END_TEST

START_TEST(many_samples_are_thinned)
{
    static double many[5000];
    struct br_summary s;
    struct br_strbuf sb;
    for (size_t i = 0; i < 5000; i++) many[i] = 100 + (double)(i % 17);
    br_stats_summarize(many, 5000, &s);
    struct br_plot_set set = {"run", many, 5000, &s};
    br_strbuf_init(&sb);
    br_plot_distribution(&sb, &set, 1, "many");
    /* Every 3rd of 5000: 1667 dots, and the title says so. */
    ck_assert_uint_eq(count_in(sb.buf, "<path class=\"d0\"", "h0"), 1667);
    ck_assert_ptr_nonnull(strstr(sb.buf, "(one sample in 3 of 5000 shown)"));
    br_strbuf_release(&sb);
}
END_TEST

START_TEST(changes_rows)
{
    const struct br_plot_change rows[] = {{"slower", 29.5, 28.9, 30.7, "regression"},
                                          {"same", 0.5, NAN, NAN, "no-change"},
                                          {"from zero", INFINITY, NAN, NAN, "no-change"}};
    struct br_strbuf sb;
    br_strbuf_init(&sb);
    br_plot_changes(&sb, rows, 3, 5, "changes");
    ck_assert_uint_eq(count(sb.buf, "class=\"lbl\""), 3);
    ck_assert_uint_eq(count(sb.buf, "class=\"k-regression\""), 1);    /* its interval */
    ck_assert_uint_eq(count(sb.buf, "class=\"k-regression pt\""), 1); /* its point */
    ck_assert_uint_eq(count(sb.buf, "class=\"k-no-change\""), 0);     /* no interval */
    ck_assert_uint_eq(count(sb.buf, "class=\"k-no-change pt\""), 1);  /* inf: no point */
    ck_assert_ptr_nonnull(strstr(sb.buf, "no ratio"));
    ck_assert_uint_eq(count(sb.buf, "class=\"band\""), 1);
    br_strbuf_release(&sb);
}
END_TEST

START_TEST(history_gaps_and_change_points)
{
    const double med[] = {10, 10, NAN, 11, 20, 20}, q1[] = {9, 9, NAN, 10, 19, 19},
                 q3[] = {11, 11, NAN, 12, 21, 21}, lvl[] = {10, 10, NAN, 10, 20, 20};
    const char *labels[] = {"a", "b", "c", "d", "e", "f"}, *cpl[] = {"e +100%"};
    const size_t cps[] = {4};
    struct br_plot_history h = {6, med, q1, q3, lvl, labels, 1, cps, cpl};
    struct br_strbuf sb;
    br_strbuf_init(&sb);
    br_plot_history(&sb, &h, "history");
    ck_assert_uint_eq(count_in(sb.buf, "<path class=\"l0\"", "M"), 2); /* a gap at c */
    ck_assert_uint_eq(count_in(sb.buf, "<path class=\"d0\"", "h0"), 5);
    ck_assert_uint_eq(count(sb.buf, "class=\"cp\""), 1);
    ck_assert_ptr_nonnull(strstr(sb.buf, ">e +100%</text>"));
    ck_assert(!strstr(sb.buf, "nan"));
    br_strbuf_release(&sb);
}
END_TEST

START_TEST(family_and_fit_hook)
{
    const double arg[] = {64, 4096, 65536}, med[] = {2.4, 35, 640}, q1[] = {2.3, 34, 630},
                 q3[] = {2.5, 36, 650}, fx[] = {64, 65536}, fy[] = {2, 700};
    const struct br_plot_line line = {"old", arg, med, q1, q3, 3};
    const struct br_curve fit = {"O(n)", fx, fy, 2};
    struct br_strbuf sb;
    br_strbuf_init(&sb);
    br_plot_family(&sb, &line, 1, NULL, "family");
    ck_assert_uint_eq(count(sb.buf, "class=\"fit\""), 0);
    ck_assert_uint_eq(count_in(sb.buf, "<path class=\"d0\"", "h0"), 3);
    /* A log axis (2.3 to 650 ns), 1-2-5 ticks: */
    ck_assert_ptr_nonnull(strstr(sb.buf, ">5 ns</text>"));
    ck_assert_ptr_nonnull(strstr(sb.buf, ">200 ns</text>"));
    br_strbuf_reset(&sb);
    br_plot_family(&sb, &line, 1, &fit, "family");
    ck_assert_uint_eq(count(sb.buf, "class=\"fit\""), 2); /* the curve and its legend */
    ck_assert_ptr_nonnull(strstr(sb.buf, ">O(n)</text>"));
    br_strbuf_release(&sb);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("plot");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, xml_escape);
    tcase_add_test(tc, svg_numbers);
    tcase_add_test(tc, distribution_marks);
    tcase_add_test(tc, identical_samples_draw_no_violin);
    tcase_add_test(tc, order_marks_outliers);
    tcase_add_test(tc, many_samples_are_thinned);
    tcase_add_test(tc, changes_rows);
    tcase_add_test(tc, history_gaps_and_change_points);
    tcase_add_test(tc, family_and_fit_hook);
    suite_add_tcase(s, tc);
    return check_run_suite(s);
}
