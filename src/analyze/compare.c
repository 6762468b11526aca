/* compare.c - matching two results by name and judging each change (rules in compare.h). */
#include "analyze/compare.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "base/strbuf.h"
#include "base/options.h"
#include "analyze/mannwhitney.h"
#include "analyze/wilcoxon.h"

void br_cmp_opts_default(struct br_cmp_opts *o)
{
    memset(o, 0, sizeof *o);
    /* benchstat's and compare.py's conventional level; 5 % is above the run-to-run noise of a
     * pinned, warmed-up micro-benchmark, so that a gate does not cry wolf. */
    o->alpha = 0.05;
    o->threshold_pct = 5;
    o->mem_threshold_pct = 0;
    /* Counts repeat exactly (A/A difference 0 here, docs/measurement.md), so any change is
     * the code's; 0.5 % still ignores what moves counts by tenths of a percent without
     * meaning much - the alignment of a loop, a libc update, an inlining decision elsewhere. */
    o->count_threshold_pct = 0.5;
}

const char *br_verdict_name(enum br_verdict v)
{
    static const char *const names[] = {"no-change",       "regression", "improvement",
                                        "too-few-samples", "no-test",    "added",
                                        "removed",         "unsure",     "failed"};
    BR_ASSERT((unsigned)v < BR_NVERDICTS);
    return names[v];
}

/* 100 (new/old - 1); a time that grows from 0 is an infinite slow-down. */
static double delta_pct(double old_median, double new_median)
{
    if (old_median == 0) return new_median == 0 ? 0 : INFINITY;
    return 100 * (new_median / old_median - 1);
}

static double median_of(const double *x, size_t n)
{
    struct br_summary s;
    if (!n) return NAN;
    br_stats_summarize(x, n, &s);
    return s.median;
}

static void one_side(struct br_cmp_row *row, const struct br_row *r, enum br_verdict v,
                     const struct br_measure_def *m)
{
    *row = (struct br_cmp_row){r->name, 0, 0,    NAN,  NAN,   NAN,  NAN,  NAN, NAN,
                               v,       m, NULL, NULL, {{0}}, NULL, NULL, NULL};
    if (v == BR_REMOVED) {
        row->old_n = r->nsamples;
        row->old_median = r->summary.median;
        row->old_row = r;
    } else {
        row->new_n = r->nsamples;
        row->new_median = r->summary.median;
        row->new_row = r;
    }
}

static enum br_verdict verdict(const struct br_cmp_row *row, const struct br_cmp_opts *o)
{
    if (br_mw_min_pvalue(row->old_n, row->new_n) >= o->alpha) return BR_TOO_FEW;
    if (!(row->p < o->alpha) || !(fabs(row->delta_pct) > o->threshold_pct)) return BR_NO_CHANGE;
    return row->delta_pct > 0 ? BR_REGRESSION : BR_IMPROVEMENT;
}

/* Whether run r marks benchmark `name` as contended ("NAME: ..." context lines). */
static int contended(const struct br_results *r, const char *name)
{
    size_t n = strlen(name);
    for (size_t i = 0; i < r->nctx; i++)
        if (strcmp(r->ctx[i].key, "contended") == 0 && strncmp(r->ctx[i].value, name, n) == 0 &&
            strncmp(r->ctx[i].value + n, ": ", 2) == 0)
            return 1;
    return 0;
}

/* How far a run's samples spread, in percent of their median. */
static double spread_pct(const struct br_row *r)
{
    double width = r->summary.max - r->summary.min;
    return width == 0 ? 0 : r->summary.median > 0 ? 100 * width / r->summary.median : INFINITY;
}

/* The exact rule for counts (compare.h). */
static enum br_verdict count_verdict(const struct br_cmp_row *row, const struct br_row *a,
                                     const struct br_row *b, double threshold)
{
    if (spread_pct(a) > threshold || spread_pct(b) > threshold) return BR_UNSURE;
    if (!(fabs(row->delta_pct) > threshold)) return BR_NO_CHANGE;
    return row->delta_pct > 0 ? BR_REGRESSION : BR_IMPROVEMENT;
}

static void judge(struct br_cmp_row *row, const struct br_row *a, const struct br_row *b,
                  const struct br_cmp_opts *o, int was_contended, const struct br_measure_def *m)
{
    struct br_mw mw;
    double ci[2];
    one_side(row, a, BR_REMOVED, m); /* the old side; the new one follows */
    row->new_n = b->nsamples;
    row->new_median = b->summary.median;
    row->new_row = b;
    row->delta_pct = delta_pct(row->old_median, row->new_median);
    if (m->counted) {
        row->verdict = count_verdict(row, a, b, o->threshold_pct);
        return;
    }
    if (a->median_only || b->median_only) {
        row->verdict = BR_NO_TEST; /* one number is not a sample: nothing to test */
        return;
    }
    br_mw_test(a->samples, a->nsamples, b->samples, b->nsamples, &mw);
    row->p = mw.p;
    /* An interval without its confidence (sizes too small) would only mislead: none then. */
    if (br_mw_ratio_ci(a->samples, a->nsamples, b->samples, b->nsamples, o->alpha, ci) == 0) {
        row->ci_low_pct = 100 * (ci[0] - 1);
        row->ci_high_pct = 100 * (ci[1] - 1);
    }
    row->verdict = verdict(row, o);
    if (was_contended && o->unsure_if_contended &&
        (row->verdict == BR_REGRESSION || row->verdict == BR_IMPROVEMENT))
        row->verdict = BR_UNSURE;
}

void br_cmp_pairs(const double *old_ns, const double *new_ns, size_t n, const struct br_cmp_opts *o,
                  unsigned looks, struct br_cmp_row *row)
{
    struct br_wilcoxon w;
    double *d = br_xmalloc((n ? n : 1) * sizeof *d), est, ci[2];
    size_t m = 0;
    for (size_t i = 0; i < n; i++) /* a zero time has no ratio */
        if (old_ns[i] > 0 && new_ns[i] > 0) d[m++] = log(new_ns[i] / old_ns[i]);
    row->old_median = median_of(old_ns, n);
    row->new_median = median_of(new_ns, n);
    row->p = row->ci_low_pct = row->ci_high_pct = NAN;
    row->delta_pct = delta_pct(row->old_median, row->new_median);
    row->verdict = BR_TOO_FEW;
    if (m > 0) {
        br_wilcoxon_test(d, m, &w);
        row->p = w.p;
        int widest = br_hodges_lehmann(d, m, o->alpha / (looks ? looks : 1), &est, ci);
        row->delta_pct = 100 * (exp(est) - 1);
        row->ci_low_pct = 100 * (exp(ci[0]) - 1);
        row->ci_high_pct = 100 * (exp(ci[1]) - 1);
        double t = o->threshold_pct;
        row->verdict = widest                                           ? BR_TOO_FEW
                       : row->ci_low_pct > t                            ? BR_REGRESSION
                       : row->ci_high_pct < -t                          ? BR_IMPROVEMENT
                       : row->ci_low_pct >= -t && row->ci_high_pct <= t ? BR_NO_CHANGE
                                                                        : BR_UNSURE;
    }
    free(d);
}

static void judge_pairs(struct br_cmp_row *row, const struct br_row *a, const struct br_row *b,
                        const struct br_cmp_opts *o, unsigned looks, const struct br_measure_def *m)
{
    one_side(row, a, BR_REMOVED, m);
    row->new_n = b->nsamples;
    row->new_row = b;
    br_cmp_pairs(a->samples, b->samples, a->nsamples, o, looks, row);
}

/* The i-th `key` line of r, or NULL. */
static const char *nth_value(const struct br_results *r, const char *key, size_t i)
{
    for (size_t c = 0; c < r->nctx; c++)
        if (strcmp(r->ctx[c].key, key) == 0 && i-- == 0) return r->ctx[c].value;
    return NULL;
}

/* The same paired_run lines, at least one: one paired run, or the same shards of one (each
 * side merged by benchmerge, which keeps a line per shard, in shard order). */
static int same_paired_runs(const struct br_results *a, const struct br_results *b)
{
    size_t i = 0;
    const char *x, *y;
    for (; (x = nth_value(a, "paired_run", i)) && (y = nth_value(b, "paired_run", i)); i++)
        if (strcmp(x, y) != 0) return 0;
    return i > 0 && !nth_value(a, "paired_run", i) && !nth_value(b, "paired_run", i);
}

/* Both files from one paired run (paired.h): its K looks, else 0. */
static unsigned paired_looks(const struct br_results *a, const struct br_results *b)
{
    const char *sa = br_results_get(a, "paired_side"), *sb = br_results_get(b, "paired_side");
    double k;
    if (!same_paired_runs(a, b) || !sa || !sb || strcmp(sa, "old") != 0 || strcmp(sb, "new") != 0)
        return 0;
    return br_results_get_num(a, "paired_looks", &k) == 0 && k >= 1 && k <= 1000 ? (unsigned)k : 1;
}

const char *br_comparison_test(const struct br_comparison *c)
{
    if (c->measure && c->measure->counted) return "Instruction counts by the exact rule (no test)";
    return c->paired ? "Wilcoxon signed-rank test on the pairs' log ratios" : "Mann-Whitney U test";
}

static int cmp_row_name(const void *a, const void *b)
{
    return strcmp((*(const struct br_row *const *)a)->name,
                  (*(const struct br_row *const *)b)->name);
}

/* Binary search in rows sorted by name; NULL when absent. */
static const struct br_row *find(const struct br_row *const *sorted, size_t n, const char *name)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int d = strcmp(sorted[mid]->name, name);
        if (d == 0) return sorted[mid];
        if (d < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

static void warn(struct br_comparison *c, const char *fmt, ...) BR_PRINTF(2, 3);
static void warn(struct br_comparison *c, const char *fmt, ...)
{
    va_list ap;
    char line[1024];
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    /* the values come from files: nothing in them may move the cursor or split a line */
    struct br_strbuf sb;
    br_strbuf_init(&sb);
    br_strbuf_add_printable(&sb, line);
    c->warnings = br_xrealloc(c->warnings, (c->nwarnings + 1) * sizeof *c->warnings);
    c->warnings[c->nwarnings++] = br_strbuf_detach(&sb);
}

/* Cross-machine comparisons measure the machine, not the change: say so. */
static void context_warnings(const struct br_results *a, const struct br_results *b,
                             struct br_comparison *c)
{
    /* counts: another valgrind or simulated cache counts another machine */
    static const char *const keys[] = {"cpu_brand", "compiler", "host", "counter_version",
                                       "simulated_caches"};
    for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++) {
        const char *x = br_results_get(a, keys[k]), *y = br_results_get(b, keys[k]);
        if (x && y && strcmp(x, y) != 0)
            warn(c, "the files come from different machines or builds: %s '%s' (old) vs '%s' (new)",
                 keys[k], x, y);
    }
}

/* The host's speed state (reference.h): when the two runs' reference kernels differ by more
 * than the threshold, differences of that size say as much about the machine as about the
 * code.  Each kernel is checked: some host states slow the sort and leave the loop alone. */
static void speed_warning(const struct br_results *a, const struct br_results *b,
                          const struct br_cmp_opts *o, struct br_comparison *c)
{
    static const struct {
        const char *key, *what;
    } kernels[] = {{"reference_ns", "reference loop"}, {"reference_sort_ns", "reference sort"}};
    for (size_t k = 0; k < sizeof kernels / sizeof kernels[0]; k++) {
        double old_ns, new_ns;
        if (br_results_get_num(a, kernels[k].key, &old_ns) < 0 ||
            br_results_get_num(b, kernels[k].key, &new_ns) < 0 || !(old_ns > 0) || !(new_ns > 0))
            continue;
        double delta = 100 * (new_ns / old_ns - 1);
        if (delta > o->threshold_pct || delta < -o->threshold_pct)
            warn(c,
                 "the machine ran at another speed: %s %.5g ns (old) vs %.5g ns (new), %+.1f%%; "
                 "changes of that size may be the machine's, not the code's",
                 kernels[k].what, old_ns, new_ns, delta);
    }
}

/* A benchmark that crashed has no row, so it would pass as merely "removed" (or "added"), and an
 * interrupted run has fewer samples: both must be visible where the verdicts are read. */
static void run_warnings(const struct br_results *r, const char *which, struct br_comparison *c)
{
    const char *status = br_results_get(r, "status");
    if (status && strcmp(status, "complete") != 0)
        warn(c, "the %s run is marked '%s': some benchmarks may be missing or have fewer samples",
             which, status);
    for (size_t i = 0; i < r->nctx; i++) {
        if (strcmp(r->ctx[i].key, "failed") == 0)
            warn(c, "the %s run reports a failed benchmark: %s", which, r->ctx[i].value);
        if (strcmp(r->ctx[i].key, "contended") == 0)
            warn(c,
                 "the %s run lost time to other work in %s; a change there may be the machine's "
                 "(--if-contended unsure to withhold such verdicts)",
                 which, r->ctx[i].value);
        if (strcmp(r->ctx[i].key, "short_batch") == 0 || strcmp(r->ctx[i].key, "empty_body") == 0)
            warn(c, "the %s run: %s", which, r->ctx[i].value);
    }
}

/* The note that goes with the no-test verdicts: which file, how many, why, and what to do. */
static void median_only_note(const struct br_results *r, const char *which, struct br_comparison *c)
{
    size_t n = 0;
    for (size_t i = 0; i < r->nrows; i++) n += r->rows[i].median_only != 0;
    if (n)
        warn(c,
             "the %s file has only aggregates for %zu benchmark%s (Google Benchmark "
             "--benchmark_report_aggregates_only): compared on their medians, no significance "
             "test is possible (verdict no-test); run without that flag to test them",
             which, n, n == 1 ? "" : "s");
}

/* The benchmarks whose counts are not repeatable (verdict unsure, compare.h), by name. */
static void spread_warnings(struct br_comparison *c)
{
    for (size_t i = 0; i < c->nrows && c->measure->counted; i++) {
        const struct br_cmp_row *r = &c->rows[i];
        if (r->verdict != BR_UNSURE) continue;
        double sa = spread_pct(r->old_row), sb = spread_pct(r->new_row);
        warn(c,
             "%s: its counts vary by %.3g%% (old) and %.3g%% (new) between samples, more than "
             "the threshold of %g%%: not repeatable enough for a verdict (unsure)",
             r->name, sa, sb, c->opts.threshold_pct);
    }
}

int br_cmp_check(const struct br_results *old, const char *old_name, const struct br_results *new_,
                 const char *new_name)
{
    const struct br_measure_def *a = br_results_measure(old), *b = br_results_measure(new_);
    const char *ca = br_results_get(old, "counter"), *cb = br_results_get(new_, "counter");
    int same_counter = !a || !a->counted || (ca && cb && strcmp(ca, cb) == 0);
    if (a && a == b && same_counter) return 0;
    return br_error("%s measures %s%s%s%s, %s %s%s%s%s: compare runs of one measure and counter",
                    old_name, a ? a->name : br_results_get(old, "measure"), ca ? " (" : "",
                    ca ? ca : "", ca ? ")" : "", new_name,
                    b ? b->name : br_results_get(new_, "measure"), cb ? " (" : "", cb ? cb : "",
                    cb ? ")" : "");
}

/* Names that never match (another suite, a renamed family, a suffix such as GB's /real_time)
 * would show every benchmark as added or removed, and pass the gate: say so. */
static void no_common_warning(const struct br_results *a, const struct br_results *b,
                              struct br_comparison *c)
{
    if (c->nrows && c->count[BR_ADDED] + c->count[BR_REMOVED] == c->nrows)
        warn(c,
             "the two files have no benchmark in common (%zu old, %zu new): nothing was compared; "
             "do the names match?",
             a->nrows, b->nrows);
}

/* Geometric mean of new/old over common benchmarks: the one number for "how much slower",
 * which weighs a 2x slow-down and a 2x speed-up equally (benchstat's summary). */
const char *const br_mem_metric[BR_NMEM] = {"allocs_per_op", "alloc_bytes_per_op"};
const char *const br_mem_label[BR_NMEM] = {"allocs/op", "B/op"};
/* The least and most of the counting batches, where they differed (run/memory.h). */
static const char *const mem_min[BR_NMEM] = {"allocs_per_op_min", "alloc_bytes_per_op_min"};
static const char *const mem_max[BR_NMEM] = {"allocs_per_op_max", "alloc_bytes_per_op_max"};

/* A side's count as a range: [min, max] of its counting batches where they differed, else the
 * exact value v at both ends.  1 when it varies. */
static int mem_range(const struct br_row *row, int k, double v, double r[2])
{
    const struct br_metric *lo = br_row_metric(row, mem_min[k]);
    const struct br_metric *hi = br_row_metric(row, mem_max[k]);
    r[0] = lo && hi ? lo->value : v;
    r[1] = lo && hi ? hi->value : v;
    return r[0] < r[1];
}

/* The verdict of two ranges of counts (see compare.h): a change only when the ranges are apart
 * by more than the threshold and by more than the wider of them, no-change when every value of
 * one is within the threshold of every value of the other, else unsure.  Exact counts are
 * ranges of one value: the exact rule, any difference beyond the threshold. */
enum br_verdict br_cmp_counts(const double old_r[2], const double new_r[2], double threshold)
{
    double spread = fmax(old_r[1] - old_r[0], new_r[1] - new_r[0]), apart = fmax(threshold, spread);
    if (new_r[0] - old_r[1] > apart) return BR_REGRESSION;
    if (old_r[0] - new_r[1] > apart) return BR_IMPROVEMENT;
    if (fmax(new_r[1] - old_r[0], old_r[1] - new_r[0]) <= threshold) return BR_NO_CHANGE;
    return BR_UNSURE;
}

/* Counts: no test, the ranges and the threshold alone (see compare.h). */
static void judge_memory(struct br_cmp_row *row, const struct br_cmp_opts *o)
{
    for (int k = 0; k < BR_NMEM; k++) {
        struct br_cmp_mem *m = &row->mem[k];
        const struct br_metric *a = br_row_metric(row->old_row, br_mem_metric[k]);
        const struct br_metric *b = br_row_metric(row->new_row, br_mem_metric[k]);
        if (!a || !b) continue;
        m->have = 1;
        m->old_v = a->value;
        m->new_v = b->value;
        double diff = m->new_v - m->old_v;
        m->delta_pct = m->old_v > 0 ? 100 * diff / m->old_v : (diff > 0 ? INFINITY : 0);
        m->varies = mem_range(row->old_row, k, m->old_v, m->old_range);
        m->varies |= mem_range(row->new_row, k, m->new_v, m->new_range);
        m->verdict =
            br_cmp_counts(m->old_range, m->new_range, o->mem_threshold_pct / 100 * m->old_v);
    }
}

/* Counts that vary between counting batches got no exact verdict: say why, once. */
static void mem_warnings(struct br_comparison *c)
{
    size_t n = 0;
    const char *first = NULL;
    for (size_t i = 0; i < c->nrows; i++) {
        const struct br_cmp_mem *m = c->rows[i].mem;
        if ((m[0].have && m[0].verdict == BR_UNSURE) || (m[1].have && m[1].verdict == BR_UNSURE))
            first = first ? first : c->rows[i].name, n++;
    }
    if (n)
        warn(c,
             "allocs/op or B/op of %zu benchmark%s (%s%s) vary between counting batches (what "
             "an operation allocates depends on the state its batch starts from), and the "
             "ranges are not apart: unsure, not a regression",
             n, n > 1 ? "s" : "", first, n > 1 ? ", ..." : "");
}

static void summarize(struct br_comparison *c)
{
    double *ratios = br_xmalloc((c->nrows ? c->nrows : 1) * sizeof *ratios);
    c->ngeomean = 0;
    for (size_t i = 0; i < c->nrows; i++) {
        const struct br_cmp_row *r = &c->rows[i];
        c->count[r->verdict]++;
        for (int k = 0; k < BR_NMEM; k++)
            if (r->mem[k].have) c->mem_count[r->mem[k].verdict]++, c->nmem++;
        if (r->old_n && r->new_n && r->old_median > 0 && r->new_median > 0)
            ratios[c->ngeomean++] = r->new_median / r->old_median;
    }
    c->geomean = c->ngeomean ? br_stats_geomean(ratios, c->ngeomean) : NAN;
    free(ratios);
}

static size_t nfailed(const struct br_results *r)
{
    size_t n = 0;
    for (size_t i = 0; i < r->nctx; i++) n += strcmp(r->ctx[i].key, "failed") == 0;
    return n;
}

/* The row a `failed` line "NAME: why" is about: the longest name it starts with (names may
 * hold ": " themselves), else a new row named by the text before the first ": "; NULL when
 * that side has a row of that name. */
static struct br_cmp_row *failed_row(struct br_comparison *c, const char *line, int new_side)
{
    struct br_cmp_row *best = NULL;
    size_t best_len = 0;
    for (size_t i = 0; i < c->nrows; i++) {
        struct br_cmp_row *r = &c->rows[i];
        size_t len = strlen(r->name);
        if (strncmp(line, r->name, len) != 0 || strncmp(line + len, ": ", 2) != 0 || len < best_len)
            continue;
        best = r;
        best_len = len;
    }
    /* the side has the row: the line is about runs that failed within it (hyperfine -i) */
    if (best && (new_side ? best->new_row : best->old_row)) return NULL;
    if (best) return best;
    const char *end = strstr(line, ": ");
    best = &c->rows[c->nrows++];
    *best = (struct br_cmp_row){NULL,      0,          0,    NAN,  NAN,   NAN,  NAN,  NAN, NAN,
                                BR_FAILED, c->measure, NULL, NULL, {{0}}, NULL, NULL, NULL};
    size_t len = end ? (size_t)(end - line) : strlen(line);
    best->owned_name = br_xmalloc(len + 1);
    memcpy(best->owned_name, line, len);
    best->owned_name[len] = '\0';
    best->name = best->owned_name;
    return best;
}

/* A benchmark that crashed, hung or broke in a paired run has no row there: without this it
 * would read as removed or added (or not at all), and the gate would pass a crash (compare.h).
 * Only paired runs: there benchcmp ran the programs and its exit status is the run's only
 * verdict; a results file's failures were the exit status of the benchrun that wrote it, and
 * comparing it later warns about them (run_warnings). */
static void failed_verdicts(const struct br_results *r, int new_side, struct br_comparison *c)
{
    const char *side = new_side ? "new" : "old";
    for (size_t i = 0; i < r->nctx; i++) {
        if (strcmp(r->ctx[i].key, "failed") != 0) continue;
        struct br_cmp_row *row = failed_row(c, r->ctx[i].value, new_side);
        if (!row || row->failed_side) continue; /* failed on both sides: the old side's */
        const char *why = r->ctx[i].value + strlen(row->name);
        why += strncmp(why, ": ", 2) == 0 ? 2 : 0;
        /* a paired run names the side itself ("NAME: new: crashed ...") */
        if (strncmp(why, side, 3) == 0 && strncmp(why + 3, ": ", 2) == 0) why += 5;
        *row = (struct br_cmp_row){row->name,
                                   row->old_n,
                                   row->new_n,
                                   row->old_median,
                                   row->new_median,
                                   NAN,
                                   NAN,
                                   NAN,
                                   NAN,
                                   BR_FAILED,
                                   row->measure,
                                   row->old_row,
                                   row->new_row,
                                   {{0}},
                                   side,
                                   why,
                                   row->owned_name};
    }
}

void br_compare(const struct br_results *old, const struct br_results *new_,
                const struct br_cmp_opts *o, struct br_comparison *out)
{
    memset(out, 0, sizeof *out);
    out->looks = paired_looks(old, new_);
    out->paired = out->looks > 0;
    if (!out->looks) out->looks = 1;
    out->opts = *o;
    /* A caller that skipped br_cmp_check gets the old file's measure (time if unknown). */
    out->measure = br_results_measure(old) ? br_results_measure(old) : &br_measures[0];
    if (out->measure->counted) out->opts.threshold_pct = o->count_threshold_pct;
    out->rows =
        br_xcalloc(old->nrows + new_->nrows + nfailed(old) + nfailed(new_) + 1, sizeof *out->rows);
    /* Sorted pointers make matching O(n log n): 10,000 benchmarks take milliseconds. */
    const struct br_row **sorted = br_xmalloc((new_->nrows + 1) * sizeof *sorted);
    char *matched = br_xcalloc(new_->nrows + 1, 1);
    for (size_t i = 0; i < new_->nrows; i++) sorted[i] = &new_->rows[i];
    qsort(sorted, new_->nrows, sizeof *sorted, cmp_row_name);
    for (size_t i = 0; i < old->nrows; i++) {
        const struct br_row *b = find(sorted, new_->nrows, old->rows[i].name);
        struct br_cmp_row *row = &out->rows[out->nrows++];
        if (!b) {
            one_side(row, &old->rows[i], BR_REMOVED, out->measure);
            continue;
        }
        matched[b - new_->rows] = 1;
        /* Counts are judged by the exact rule even from a paired run: pairing cancels the
         * machine's drift, which counts do not have. */
        if (out->paired && !out->measure->counted && b->nsamples == old->rows[i].nsamples)
            judge_pairs(row, &old->rows[i], b, &out->opts, out->looks, out->measure);
        else
            judge(row, &old->rows[i], b, &out->opts,
                  contended(old, b->name) || contended(new_, b->name), out->measure);
        judge_memory(row, o);
    }
    for (size_t i = 0; i < new_->nrows; i++)
        if (!matched[i]) one_side(&out->rows[out->nrows++], &new_->rows[i], BR_ADDED, out->measure);
    free(sorted);
    free(matched);
    if (out->paired) {
        failed_verdicts(old, 0, out);
        failed_verdicts(new_, 1, out);
    }
    summarize(out);
    no_common_warning(old, new_, out);
    context_warnings(old, new_, out);
    speed_warning(old, new_, o, out);
    spread_warnings(out);
    mem_warnings(out);
    run_warnings(old, "old", out);
    run_warnings(new_, "new", out);
    median_only_note(old, "old", out);
    median_only_note(new_, "new", out);
}

double br_metric_typical(const struct br_metric *m)
{
    return m->def->scope == BR_PER_SAMPLE ? m->summary.median : m->value;
}

void br_comparison_release(struct br_comparison *c)
{
    for (size_t i = 0; i < c->nwarnings; i++) free(c->warnings[i]);
    for (size_t i = 0; i < c->nrows; i++) free(c->rows[i].owned_name);
    free(c->warnings);
    free(c->rows);
    memset(c, 0, sizeof *c);
}
