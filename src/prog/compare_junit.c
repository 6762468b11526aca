/* compare_junit.c - a comparison as JUnit XML, for CI dashboards that show test reports.
 *
 * The shape is the common denominator of what dashboards read: the Jenkins JUnit schema
 * (jenkinsci/xunit-plugin, junit-10.xsd: <testsuites>, <testsuite> with name, tests,
 * failures and errors required, <properties>, <testcase> with a required name, <failure>,
 * <skipped> and <system-err> with type and message) and GitLab's parser
 * (lib/gitlab/ci/parsers/test/junit.rb: a testcase's status from a failure, error or skipped
 * child; the child's text shown as the details).  So a regression's numbers are both in the
 * failure's message (Jenkins shows it) and in its text (GitLab shows that).
 * tests/programs/report_check.py checks these rules on benchcmp's output (benchcmp.sh).
 */
#include <math.h>
#include <stdio.h>

#include "prog/compare_out.h"
#include "base/strbuf.h"
#include "format/xml.h"

static void attr(struct br_strbuf *sb, const char *name, const char *value)
{
    br_strbuf_addf(sb, " %s=\"", name);
    br_xml_escape(sb, value);
    br_strbuf_addc(sb, '"');
}

/* <failure> or <skipped> carrying `text` as message and content, or nothing for a pass. */
static void outcome(struct br_strbuf *sb, const struct br_cmp_row *r, const char *text)
{
    const char *tag =
        r->verdict == BR_REGRESSION || r->verdict == BR_FAILED                           ? "failure"
        : r->verdict == BR_TOO_FEW || r->verdict == BR_ADDED || r->verdict == BR_REMOVED ? "skipped"
                                                                                         : NULL;
    if (!tag) {
        br_strbuf_adds(sb, "<system-out>");
        br_xml_escape(sb, text);
        br_strbuf_adds(sb, "</system-out>");
        return;
    }
    br_strbuf_addf(sb, "<%s", tag);
    attr(sb, "type", br_verdict_name(r->verdict));
    attr(sb, "message", text);
    br_strbuf_adds(sb, ">");
    br_xml_escape(sb, text);
    br_strbuf_addf(sb, "</%s>", tag);
}

static void testcase(struct br_strbuf *sb, const struct br_cmp_row *r, double alpha)
{
    struct br_strbuf text;
    br_strbuf_init(&text);
    br_strbuf_adds(&text, r->name);
    br_strbuf_adds(&text, ": ");
    br_cmp_describe(&text, r, alpha);
    br_strbuf_adds(sb, "    <testcase");
    attr(sb, "name", r->name);
    attr(sb, "classname", "benchcmp");
    br_strbuf_adds(sb, ">");
    outcome(sb, r, text.buf);
    br_strbuf_adds(sb, "</testcase>\n");
    br_strbuf_release(&text);
}

static void property(struct br_strbuf *sb, const char *name, double v)
{
    char buf[40];
    snprintf(buf, sizeof buf, "%.6g", v);
    br_strbuf_adds(sb, "      <property");
    attr(sb, "name", name);
    attr(sb, "value", isfinite(v) ? buf : "");
    br_strbuf_adds(sb, "/>\n");
}

static void suite_head(struct br_strbuf *sb, const struct br_comparison *c)
{
    size_t fails = c->count[BR_REGRESSION] + c->count[BR_FAILED];
    size_t skipped = c->count[BR_TOO_FEW] + c->count[BR_ADDED] + c->count[BR_REMOVED];
    br_strbuf_addf(sb,
                   "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                   "<testsuites name=\"benchcmp\" tests=\"%zu\" failures=\"%zu\" errors=\"0\">\n"
                   "  <testsuite name=\"benchcmp\" tests=\"%zu\" failures=\"%zu\" errors=\"0\" "
                   "skipped=\"%zu\">\n    <properties>\n",
                   c->nrows, fails, c->nrows, fails, skipped);
    property(sb, "alpha", c->opts.alpha);
    property(sb, "threshold_pct", c->opts.threshold_pct);
    br_strbuf_addf(sb, "      <property name=\"test\" value=\"%s\"/>\n", br_comparison_test(c));
    property(sb, "geomean_ratio", c->geomean);
    br_strbuf_adds(sb, "    </properties>\n");
}

int br_cmp_write_junit(FILE *out, const struct br_cmp_view *v)
{
    const struct br_comparison *c = v->c;
    struct br_strbuf sb;
    br_strbuf_init(&sb);
    suite_head(&sb, c);
    for (size_t i = 0; i < c->nrows; i++) testcase(&sb, &c->rows[i], c->opts.alpha);
    struct br_strbuf summary;
    br_strbuf_init(&summary);
    br_cmp_summary(&summary, c);
    br_strbuf_adds(&sb, "    <system-out>");
    br_xml_escape(&sb, summary.buf);
    br_strbuf_adds(&sb, "</system-out>\n");
    br_strbuf_release(&summary);
    if (c->nwarnings) {
        br_strbuf_adds(&sb, "    <system-err>");
        for (size_t i = 0; i < c->nwarnings; i++) {
            br_strbuf_adds(&sb, "warning: ");
            br_xml_escape(&sb, c->warnings[i]);
            br_strbuf_adds(&sb, "\n");
        }
        br_strbuf_adds(&sb, "</system-err>\n");
    }
    br_strbuf_adds(&sb, "  </testsuite>\n</testsuites>\n");
    fputs(sb.buf, out);
    br_strbuf_release(&sb);
    return br_cmp_written(out);
}
