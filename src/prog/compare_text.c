/* compare_text.c - the texts every comparison writer shows alike: a row's cells, its one-line
 * description and the summary (compare_out.h). */
#include <math.h>
#include <stdio.h>

#include "base/stream.h"
#include "base/strbuf.h"
#include "format/report.h"
#include "prog/compare_out.h"

const char *br_cmp_pct(char *buf, size_t size, double v)
{
    if (isnan(v)) return "-";
    snprintf(buf, size, "%+.2f%%", v);
    return buf;
}

static const char *interval(char *buf, size_t size, const struct br_cmp_row *r)
{
    char lo[32], hi[32];
    if (isnan(r->ci_low_pct)) return "";
    snprintf(buf, size, "%s .. %s", br_cmp_pct(lo, sizeof lo, r->ci_low_pct),
             br_cmp_pct(hi, sizeof hi, r->ci_high_pct));
    return buf;
}

static const char *amount_or_dash(const struct br_measure_def *m, char *buf, size_t size, double v)
{
    return isnan(v) ? "-" : br_format_amount(m, v, buf, size);
}

void br_cmp_cells(const struct br_cmp_row *r, struct br_cmp_cells *t)
{
    char buf[32], ci[80];
    /* The helpers may return a constant instead of filling buf: copy what they return. */
    snprintf(t->old_median, sizeof t->old_median, "%s",
             amount_or_dash(r->measure, buf, 32, r->old_median));
    snprintf(t->new_median, sizeof t->new_median, "%s",
             amount_or_dash(r->measure, buf, 32, r->new_median));
    snprintf(t->delta, sizeof t->delta, "%s", br_cmp_pct(buf, 32, r->delta_pct));
    snprintf(t->ci, sizeof t->ci, "%s", interval(ci, sizeof ci, r));
    if (isnan(r->p))
        snprintf(t->p, sizeof t->p, "-");
    else
        snprintf(t->p, sizeof t->p, "%.3g", r->p);
}

void br_cmp_summary(struct br_strbuf *sb, const struct br_comparison *c)
{
    char g[32];
    if (c->ngeomean)
        br_strbuf_addf(sb, "geomean %s (new/old %.4f) over %zu benchmarks in both files;",
                       br_cmp_pct(g, sizeof g, 100 * (c->geomean - 1)), c->geomean, c->ngeomean);
    else
        br_strbuf_adds(sb, "no benchmark with a time in both files;");
    /* unsure and failed only when there is one: most comparisons have neither */
    for (int v = 0; v < BR_NVERDICTS; v++)
        if ((v != BR_UNSURE && v != BR_FAILED) || c->count[v])
            br_strbuf_addf(sb, "%s %zu %s", v ? "," : "", c->count[v],
                           br_verdict_name((enum br_verdict)v));
    if (c->nmem)
        br_strbuf_addf(sb,
                       "; allocs/op and B/op (counted, threshold %g%%): %zu regression, %zu "
                       "improvement, %zu no-change",
                       c->opts.mem_threshold_pct, c->mem_count[BR_REGRESSION],
                       c->mem_count[BR_IMPROVEMENT], c->mem_count[BR_NO_CHANGE]);
    if (c->mem_count[BR_UNSURE])
        br_strbuf_addf(sb, ", %zu unsure (counts that vary between batches)",
                       c->mem_count[BR_UNSURE]);
}

void br_cmp_describe(struct br_strbuf *sb, const struct br_cmp_row *r, double alpha)
{
    struct br_cmp_cells t;
    br_cmp_cells(r, &t);
    if (r->verdict == BR_FAILED) {
        br_strbuf_addf(sb, "failed in %s: %s", r->failed_side, r->failed_why);
        return;
    }
    if (r->verdict == BR_ADDED || r->verdict == BR_REMOVED) {
        br_strbuf_addf(sb, "only in the %s file (median %s, %zu samples): %s",
                       r->verdict == BR_ADDED ? "new" : "old",
                       r->verdict == BR_ADDED ? t.new_median : t.old_median,
                       r->verdict == BR_ADDED ? r->new_n : r->old_n, br_verdict_name(r->verdict));
        return;
    }
    br_strbuf_addf(sb, "%s", t.delta);
    if (*t.ci) br_strbuf_addf(sb, " (%g%% CI %s)", 100 * (1 - alpha), t.ci);
    br_strbuf_addf(sb, ", p = %s, median %s -> %s, %zu vs %zu samples: %s", t.p, t.old_median,
                   t.new_median, r->old_n, r->new_n, br_verdict_name(r->verdict));
}

int br_cmp_written(FILE *out) { return br_stream_check(out, "writing the comparison"); }
