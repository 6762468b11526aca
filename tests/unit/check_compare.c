/* check_compare.c - matching and verdicts: every verdict, the alpha and threshold rules and
 * their boundaries, too-few-samples from the smallest reachable p, no-test for median-only
 * rows, the geometric mean, the context warnings. */
#include <check.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analyze/compare.h"
#include "analyze/mannwhitney.h"
#include "base/error.h"
#include "check_main.h"

static const double base8[] = {100, 101, 102, 103, 104, 105, 106, 107};

/* x * k for each of the 8 base values, plus `add`. */
static void add_scaled(struct br_results *r, const char *name, double k, double add)
{
    double s[8];
    for (int i = 0; i < 8; i++) s[i] = base8[i] * k + add;
    br_results_add(r, name, 1000, s, 8);
}

static const struct br_cmp_row *row_of(const struct br_comparison *c, const char *name)
{
    for (size_t i = 0; i < c->nrows; i++)
        if (strcmp(c->rows[i].name, name) == 0) return &c->rows[i];
    ck_abort_msg("no row %s", name);
    return NULL;
}

/* One benchmark of each kind. */
static void fixture(struct br_results *old, struct br_results *new_)
{
    static const double noisy_old[] = {100, 200, 50, 150}, noisy_new[] = {130, 180, 60, 170};
    static const double few_old[] = {10, 11, 12}, few_new[] = {20, 21, 22};
    br_results_init(old);
    br_results_init(new_);
    add_scaled(old, "slower", 1, 0);
    add_scaled(new_, "faster", 0.75, 0); /* new file order differs: matching is by name */
    add_scaled(old, "faster", 1, 0);
    add_scaled(new_, "slower", 1.25, 0); /* exactly +25%: 1.25 and 0.75 are binary fractions */
    add_scaled(old, "same", 1, 0);
    add_scaled(new_, "same", 1, 0.5); /* interleaved: nothing significant */
    add_scaled(old, "small_shift", 0.01, 99);
    add_scaled(new_, "small_shift", 0.01, 101); /* separated (p tiny) but only about +2% */
    br_results_add(old, "noisy", 1, noisy_old, 4);
    br_results_add(new_, "noisy", 1, noisy_new, 4); /* +20% median, p large */
    br_results_add(old, "few", 1, few_old, 3);
    br_results_add(new_, "few", 1, few_new, 3); /* 3 v 3: p >= 0.1 whatever the data */
    add_scaled(old, "gone", 1, 0);
    add_scaled(new_, "fresh", 1, 0);
}

static void compare(const struct br_results *a, const struct br_results *b, double alpha,
                    double threshold, struct br_comparison *c)
{
    struct br_cmp_opts o;
    br_cmp_opts_default(&o);
    ck_assert(o.alpha == 0.05 && o.threshold_pct == 5); /* the documented defaults */
    if (alpha > 0) o.alpha = alpha;
    if (threshold >= 0) o.threshold_pct = threshold;
    br_compare(a, b, &o, c);
}

START_TEST(test_every_verdict)
{
    struct br_results a, b;
    struct br_comparison c;
    fixture(&a, &b);
    compare(&a, &b, -1, -1, &c);
    static const struct {
        const char *name;
        enum br_verdict v;
    } want[] = {{"slower", BR_REGRESSION},     {"faster", BR_IMPROVEMENT}, {"same", BR_NO_CHANGE},
                {"small_shift", BR_NO_CHANGE}, {"noisy", BR_NO_CHANGE},    {"few", BR_TOO_FEW},
                {"gone", BR_REMOVED},          {"fresh", BR_ADDED}};
    ck_assert_uint_eq(c.nrows, 8);
    for (size_t i = 0; i < 8; i++) { /* old file's order, then what only the new file has */
        ck_assert_str_eq(c.rows[i].name, want[i].name);
        ck_assert_msg(c.rows[i].verdict == want[i].v, "%s: %s", want[i].name,
                      br_verdict_name(c.rows[i].verdict));
    }
    ck_assert_uint_eq(c.count[BR_REGRESSION], 1);
    ck_assert_uint_eq(c.count[BR_NO_CHANGE], 3);
    ck_assert(c.count[BR_IMPROVEMENT] == 1 && c.count[BR_TOO_FEW] == 1);
    ck_assert(c.count[BR_ADDED] == 1 && c.count[BR_REMOVED] == 1);
    br_comparison_release(&c);
    br_results_release(&a);
    br_results_release(&b);
}
END_TEST

START_TEST(test_row_values)
{
    struct br_results a, b;
    struct br_comparison c;
    fixture(&a, &b);
    compare(&a, &b, -1, -1, &c);
    const struct br_cmp_row *s = row_of(&c, "slower");
    ck_assert(s->old_median == 103.5 && s->new_median == 103.5 * 1.25);
    ck_assert(s->delta_pct == 25);
    ck_assert(fabs(s->p - 2.0 / 12870) < 1e-15); /* exact: 2 / C(16, 8) */
    ck_assert(s->ci_low_pct > 0 && s->ci_low_pct <= 25 && s->ci_high_pct >= 25);
    ck_assert(s->old_n == 8 && s->new_n == 8);
    const struct br_cmp_row *g = row_of(&c, "gone"), *f = row_of(&c, "fresh");
    ck_assert(g->old_median == 103.5 && isnan(g->new_median) && isnan(g->delta_pct));
    ck_assert(isnan(g->p) && isnan(g->ci_low_pct) && g->new_n == 0);
    ck_assert(isnan(f->old_median) && f->new_median == 103.5 && f->old_n == 0);
    /* too few: tested all the same (p reported) but no interval: it would lack its level */
    const struct br_cmp_row *few = row_of(&c, "few");
    ck_assert(fabs(few->p - 0.1) < 1e-15 && isnan(few->ci_low_pct));
    br_comparison_release(&c);
    br_results_release(&a);
    br_results_release(&b);
}
END_TEST

START_TEST(test_threshold_rule)
{
    struct br_results a, b;
    struct br_comparison c;
    fixture(&a, &b);
    compare(&a, &b, -1, 24.9, &c); /* +25% and -25% still count */
    ck_assert_int_eq(row_of(&c, "slower")->verdict, BR_REGRESSION);
    ck_assert_int_eq(row_of(&c, "faster")->verdict, BR_IMPROVEMENT);
    br_comparison_release(&c);
    compare(&a, &b, -1, 25, &c); /* |delta| must exceed the threshold, not reach it */
    ck_assert_int_eq(row_of(&c, "slower")->verdict, BR_NO_CHANGE);
    ck_assert_int_eq(row_of(&c, "faster")->verdict, BR_NO_CHANGE);
    br_comparison_release(&c);
    compare(&a, &b, -1, 0, &c); /* 0: any significant change */
    ck_assert_int_eq(row_of(&c, "small_shift")->verdict, BR_REGRESSION);
    ck_assert_int_eq(row_of(&c, "same")->verdict, BR_NO_CHANGE);
    br_comparison_release(&c);
    br_results_release(&a);
    br_results_release(&b);
}
END_TEST

START_TEST(test_alpha_rule)
{
    struct br_results a, b;
    struct br_comparison c;
    fixture(&a, &b);
    /* 3 v 3 separated gives p = 0.1: too few at 0.05 and at 0.1 (p < alpha is needed), a
     * regression at 0.11. */
    compare(&a, &b, 0.1, -1, &c);
    ck_assert_int_eq(row_of(&c, "few")->verdict, BR_TOO_FEW);
    br_comparison_release(&c);
    compare(&a, &b, 0.11, -1, &c);
    ck_assert_int_eq(row_of(&c, "few")->verdict, BR_REGRESSION);
    ck_assert(!isnan(row_of(&c, "few")->ci_low_pct));
    br_comparison_release(&c);
    /* "slower" is completely separated, p = 2 / C(16, 8) = 1.55e-4, the smallest 8 v 8 can
     * give: a regression at alpha 2e-4, too few samples at 1e-4. */
    compare(&a, &b, 2e-4, -1, &c);
    ck_assert_int_eq(row_of(&c, "slower")->verdict, BR_REGRESSION);
    br_comparison_release(&c);
    compare(&a, &b, 1e-4, -1, &c);
    ck_assert_int_eq(row_of(&c, "slower")->verdict, BR_TOO_FEW);
    br_comparison_release(&c);
    br_results_release(&a);
    br_results_release(&b);
}
END_TEST

/* p exactly alpha is no change (docs/guide/comparing.md: p < alpha).  4 v 4 with one pair out of
 * order: P(U <= 1) = 2 / C(8, 4), so p = 4 / 70, above the smallest reachable p (2 / 70). */
START_TEST(test_alpha_boundary)
{
    static const double x[] = {10, 11, 12, 14}, y[] = {13, 15, 16, 17};
    struct br_results a, b;
    struct br_comparison c;
    br_results_init(&a);
    br_results_init(&b);
    br_results_add(&a, "b", 1, x, 4);
    br_results_add(&b, "b", 1, y, 4);
    compare(&a, &b, 4.0 / 70, -1, &c);
    ck_assert(c.rows[0].p == 4.0 / 70); /* exactly, as intended */
    ck_assert_int_eq(c.rows[0].verdict, BR_NO_CHANGE);
    br_comparison_release(&c);
    compare(&a, &b, 0.06, -1, &c);
    ck_assert_int_eq(c.rows[0].verdict, BR_REGRESSION);
    br_comparison_release(&c);
    br_results_release(&a);
    br_results_release(&b);
}
END_TEST

/* too-few-samples exactly when the smallest reachable p is not below alpha. */
START_TEST(test_too_few_boundaries)
{
    static const struct {
        size_t m, n;
        int too_few;
    } t[] = {{3, 3, 1},  {3, 4, 1},  {4, 4, 0}, {2, 7, 1}, {2, 8, 0},
             {1, 39, 1}, {1, 40, 0}, {1, 1, 1}, {5, 3, 0}, {20, 20, 0}};
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        struct br_results a, b;
        struct br_comparison c;
        double x[40], y[40];
        for (size_t k = 0; k < 40; k++) x[k] = 10 + (double)k / 100, y[k] = 20 + (double)k / 100;
        br_results_init(&a);
        br_results_init(&b);
        br_results_add(&a, "b", 1, x, t[i].m);
        br_results_add(&b, "b", 1, y, t[i].n);
        compare(&a, &b, -1, -1, &c);
        ck_assert_msg((c.rows[0].verdict == BR_TOO_FEW) == t[i].too_few, "%zu v %zu: %s", t[i].m,
                      t[i].n, br_verdict_name(c.rows[0].verdict));
        if (!t[i].too_few) ck_assert_int_eq(c.rows[0].verdict, BR_REGRESSION);
        br_comparison_release(&c);
        br_results_release(&a);
        br_results_release(&b);
    }
}
END_TEST

START_TEST(test_geomean)
{
    struct br_results a, b;
    struct br_comparison c;
    br_results_init(&a);
    br_results_init(&b);
    add_scaled(&a, "x2", 1, 0);
    add_scaled(&b, "x2", 2, 0);
    add_scaled(&a, "x8", 1, 0);
    add_scaled(&b, "x8", 8, 0);
    add_scaled(&a, "only_old", 1, 0); /* not common: not in the mean */
    add_scaled(&b, "only_new", 100, 0);
    compare(&a, &b, -1, -1, &c);
    ck_assert_uint_eq(c.ngeomean, 2);
    ck_assert_msg(fabs(c.geomean - 4) < 1e-14, "geomean %.17g", c.geomean); /* sqrt(2 * 8) */
    br_comparison_release(&c);
    br_results_release(&b);
    br_results_init(&b);
    add_scaled(&b, "unrelated", 1, 0);
    compare(&a, &b, -1, -1, &c);
    ck_assert(c.ngeomean == 0 && isnan(c.geomean));
    br_comparison_release(&c);
    br_results_release(&a);
    br_results_release(&b);
}
END_TEST

/* A time that grows from 0 is an infinite regression; a ratio interval does not exist. */
START_TEST(test_from_zero)
{
    static const double zeros[] = {0, 0, 0, 0, 0}, fives[] = {5, 5, 5, 5, 5};
    struct br_results a, b;
    struct br_comparison c;
    br_results_init(&a);
    br_results_init(&b);
    br_results_add(&a, "z", 1, zeros, 5);
    br_results_add(&b, "z", 1, fives, 5);
    br_results_add(&a, "zz", 1, zeros, 5);
    br_results_add(&b, "zz", 1, zeros, 5);
    compare(&a, &b, -1, -1, &c);
    ck_assert(isinf(c.rows[0].delta_pct) && c.rows[0].delta_pct > 0);
    ck_assert_int_eq(c.rows[0].verdict, BR_REGRESSION);
    ck_assert(isnan(c.rows[0].ci_low_pct));
    ck_assert(c.rows[1].delta_pct == 0 && c.rows[1].p == 1);
    ck_assert_int_eq(c.rows[1].verdict, BR_NO_CHANGE);
    ck_assert_uint_eq(c.ngeomean, 0);
    br_comparison_release(&c);
    br_results_release(&a);
    br_results_release(&b);
}
END_TEST

START_TEST(test_context_warnings)
{
    struct br_results a, b;
    struct br_comparison c;
    fixture(&a, &b);
    br_results_set(&a, "cpu_brand", "CPU A");
    br_results_set(&b, "cpu_brand", "CPU B");
    br_results_set(&a, "compiler", "gcc 12.2.0");
    br_results_set(&b, "compiler", "gcc 12.2.0");
    br_results_set(&a, "host", "box1"); /* the new file does not say: no warning */
    compare(&a, &b, -1, -1, &c);
    ck_assert_uint_eq(c.nwarnings, 1);
    ck_assert(strstr(c.warnings[0], "cpu_brand 'CPU A' (old) vs 'CPU B' (new)"));
    br_comparison_release(&c);
    br_results_set(&b, "host", "box2");
    br_results_set(&b, "compiler", "clang 14"); /* first value counts: still gcc 12.2.0 */
    compare(&a, &b, -1, -1, &c);
    ck_assert_uint_eq(c.nwarnings, 2);
    ck_assert(strstr(c.warnings[1], "host 'box1' (old) vs 'box2' (new)"));
    br_comparison_release(&c);
    /* A crash in the new run leaves no row: "removed" alone would hide it. */
    br_results_set(&a, "status", "complete");
    br_results_set(&b, "status", "interrupted");
    br_results_set(&b, "failed", "gone: crashed with SIGSEGV (Segmentation fault) during a sample");
    compare(&a, &b, -1, -1, &c);
    ck_assert_uint_eq(c.nwarnings, 4);
    ck_assert(strstr(c.warnings[2], "the new run is marked 'interrupted'"));
    ck_assert(strstr(c.warnings[3], "the new run reports a failed benchmark: gone: crashed"));
    ck_assert_int_eq(row_of(&c, "gone")->verdict, BR_REMOVED);
    br_comparison_release(&c);
    br_results_release(&a);
    br_results_release(&b);
}
END_TEST

START_TEST(test_speed_warning)
{
    static const struct {
        const char *loop_old, *loop_new, *sort_old, *sort_new; /* NULL: the line is absent */
        const char *want; /* the one warning expected, or NULL for none */
    } cases[] = {
        /* +3.4 %: within the 5 % threshold */
        {"0.29", "0.3", NULL, NULL, NULL},
        /* the host's slow state: +79.3 % */
        {"0.29", "0.52", NULL, NULL,
         "another speed: reference loop 0.29 ns (old) vs 0.52 ns (new), +79.3%"},
        /* the loop unchanged, the sort 45 % slower: a state only branchy code feels */
        {"0.28", "0.28", "12000", "17400",
         "reference sort 12000 ns (old) vs 17400 ns (new), +45.0%"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct br_results a, b;
        struct br_comparison c;
        fixture(&a, &b);
        br_results_set(&a, "reference_ns", cases[i].loop_old);
        br_results_set(&b, "reference_ns", cases[i].loop_new);
        if (cases[i].sort_old) {
            br_results_set(&a, "reference_sort_ns", cases[i].sort_old);
            br_results_set(&b, "reference_sort_ns", cases[i].sort_new);
        }
        compare(&a, &b, -1, -1, &c);
        ck_assert_uint_eq(c.nwarnings, cases[i].want ? 1 : 0);
        if (cases[i].want) ck_assert(strstr(c.warnings[0], cases[i].want));
        br_comparison_release(&c);
        br_results_release(&a);
        br_results_release(&b);
    }
}
END_TEST

/* A run that marks a benchmark contended: its change is warned about and, when asked, withheld
 * as unsure (never a regression that fails CI). */
START_TEST(test_contended_is_unsure)
{
    struct br_results old, new_;
    struct br_comparison c;
    struct br_cmp_opts o;
    br_results_init(&old);
    br_results_init(&new_);
    add_scaled(&old, "busy", 1, 0);
    add_scaled(&new_, "busy", 1.25, 0);
    add_scaled(&old, "calm", 1, 0);
    add_scaled(&new_, "calm", 1.25, 0);
    br_results_set(&new_, "contended", "busy: 6 of 8 samples lost more than 5 % of their time");
    br_cmp_opts_default(&o);
    br_compare(&old, &new_, &o, &c);
    ck_assert_int_eq(row_of(&c, "busy")->verdict, BR_REGRESSION); /* warned, still judged */
    ck_assert(c.nwarnings == 1 && strstr(c.warnings[0], "lost time to other work in busy"));
    br_comparison_release(&c);
    o.unsure_if_contended = 1;
    br_compare(&old, &new_, &o, &c);
    ck_assert_int_eq(row_of(&c, "busy")->verdict, BR_UNSURE);
    ck_assert_int_eq(row_of(&c, "calm")->verdict, BR_REGRESSION); /* only the one named */
    ck_assert_uint_eq(c.count[BR_UNSURE], 1);
    br_comparison_release(&c);
    br_results_release(&old);
    br_results_release(&new_);
}
END_TEST

/* Google Benchmark's --benchmark_report_aggregates_only leaves one median per benchmark
 * (median_only): compared on it, never tested, however large the change, with one note per
 * file that has such rows. */
START_TEST(test_median_only)
{
    static const double m_old = 100, m_new = 300;
    struct br_results a, b;
    struct br_comparison c;
    fixture(&a, &b);
    br_results_add(&a, "aggr", 0, &m_old, 1)->median_only = 1;
    br_results_add(&b, "aggr", 0, &m_new, 1)->median_only = 1;
    br_results_add(&a, "mixed", 0, base8, 8); /* samples in one file, a median in the other */
    br_results_add(&b, "mixed", 0, &m_new, 1)->median_only = 1;
    compare(&a, &b, -1, -1, &c);
    const struct br_cmp_row *r = row_of(&c, "aggr");
    ck_assert_int_eq(r->verdict, BR_NO_TEST);
    ck_assert(r->old_median == 100 && r->new_median == 300 && r->delta_pct == 200);
    ck_assert(isnan(r->p) && isnan(r->ci_low_pct) && isnan(r->ci_high_pct));
    r = row_of(&c, "mixed");
    ck_assert_int_eq(r->verdict, BR_NO_TEST);
    ck_assert(r->old_median == 103.5 && isnan(r->p));
    ck_assert_uint_eq(c.count[BR_NO_TEST], 2);
    ck_assert_uint_eq(c.count[BR_REGRESSION], 1); /* the fixture's own, untouched */
    ck_assert_uint_eq(c.ngeomean, 8);             /* medians still count in the geomean */
    ck_assert_uint_eq(c.nwarnings, 2);
    ck_assert(strstr(c.warnings[0], "the old file has only aggregates for 1 benchmark ("));
    ck_assert(strstr(c.warnings[1], "the new file has only aggregates for 2 benchmarks"));
    ck_assert(strstr(c.warnings[1], "no significance test is possible"));
    br_comparison_release(&c);
    br_results_release(&a);
    br_results_release(&b);
}
END_TEST

/* Files with no name in common compare nothing and would pass the gate without a word. */
START_TEST(test_no_common_benchmark)
{
    struct br_results a, b;
    struct br_comparison c;
    br_results_init(&a);
    br_results_init(&b);
    add_scaled(&a, "BM_x", 1, 0);
    add_scaled(&b, "BM_x/real_time", 2, 0);
    add_scaled(&b, "BM_y/real_time", 2, 0);
    compare(&a, &b, -1, -1, &c);
    ck_assert(c.count[BR_REMOVED] == 1 && c.count[BR_ADDED] == 2);
    ck_assert_uint_eq(c.nwarnings, 1);
    ck_assert(strstr(c.warnings[0], "no benchmark in common (1 old, 2 new)"));
    br_comparison_release(&c);
    add_scaled(&b, "BM_x", 2, 0); /* one in common: no warning */
    compare(&a, &b, -1, -1, &c);
    ck_assert_uint_eq(c.nwarnings, 0);
    br_comparison_release(&c);
    br_results_release(&a);
    br_results_release(&b);
}
END_TEST

/* One paired run's two files: pair i is sample i of both, new = old * ratio * wiggle_i. */
/* allocs/op and B/op: exact verdicts, the threshold, and only where both sides counted. */
START_TEST(test_memory_rows)
{
    struct br_results old, new_;
    br_results_init(&old);
    br_results_init(&new_);
    add_scaled(&old, "more", 1, 0);
    add_scaled(&new_, "more", 1, 0);
    add_scaled(&old, "fewer", 1, 0);
    add_scaled(&new_, "fewer", 1, 0);
    add_scaled(&old, "uncounted", 1, 0);
    add_scaled(&new_, "uncounted", 1, 0);
    br_row_set(&old.rows[0], "allocs_per_op", 3);
    br_row_set(&new_.rows[0], "allocs_per_op", 3.03125); /* one more in a batch of 32 */
    br_row_set(&old.rows[0], "alloc_bytes_per_op", 0);
    br_row_set(&new_.rows[0], "alloc_bytes_per_op", 16);
    br_row_set(&old.rows[1], "allocs_per_op", 2);
    br_row_set(&new_.rows[1], "allocs_per_op", 1);
    br_row_set(&old.rows[2], "allocs_per_op", 1); /* the new side did not count */
    struct br_cmp_opts o;
    br_cmp_opts_default(&o);
    ck_assert(o.mem_threshold_pct == 0); /* the documented default: any difference */
    struct br_comparison c;
    br_compare(&old, &new_, &o, &c);
    const struct br_cmp_row *m = row_of(&c, "more");
    ck_assert_int_eq(m->verdict, BR_NO_CHANGE); /* the time did not move */
    ck_assert(m->mem[BR_MEM_ALLOCS].have && m->mem[BR_MEM_ALLOCS].verdict == BR_REGRESSION);
    ck_assert_double_eq_tol(m->mem[BR_MEM_ALLOCS].delta_pct, 100 * 0.03125 / 3, 1e-12);
    ck_assert(m->mem[BR_MEM_BYTES].verdict == BR_REGRESSION);
    ck_assert(isinf(m->mem[BR_MEM_BYTES].delta_pct)); /* from nothing */
    const struct br_cmp_row *f = row_of(&c, "fewer");
    ck_assert(f->mem[BR_MEM_ALLOCS].verdict == BR_IMPROVEMENT);
    ck_assert_double_eq(f->mem[BR_MEM_ALLOCS].delta_pct, -50);
    ck_assert(!f->mem[BR_MEM_BYTES].have);
    ck_assert(!row_of(&c, "uncounted")->mem[BR_MEM_ALLOCS].have);
    ck_assert_uint_eq(c.nmem, 3);
    ck_assert_uint_eq(c.mem_count[BR_REGRESSION], 2);
    ck_assert_uint_eq(c.mem_count[BR_IMPROVEMENT], 1);
    ck_assert_uint_eq(c.count[BR_REGRESSION], 0); /* the time verdicts stay the time's */
    br_comparison_release(&c);
    /* 1.04 % more allocations is within a threshold of 2 %, not of 1 % */
    o.mem_threshold_pct = 2;
    br_compare(&old, &new_, &o, &c);
    ck_assert(row_of(&c, "more")->mem[BR_MEM_ALLOCS].verdict == BR_NO_CHANGE);
    ck_assert(row_of(&c, "fewer")->mem[BR_MEM_ALLOCS].verdict == BR_IMPROVEMENT);
    br_comparison_release(&c);
    o.mem_threshold_pct = 1;
    br_compare(&old, &new_, &o, &c);
    ck_assert(row_of(&c, "more")->mem[BR_MEM_ALLOCS].verdict == BR_REGRESSION);
    br_comparison_release(&c);
    /* a change of exactly the threshold does not exceed it (docs/guide/comparing.md: "by more
     * than both t and w"): 4 -> 4.5 allocs is 12.5 %; and at the default 0, the same count is no
     * change */
    br_row_set(&old.rows[0], "allocs_per_op", 4);
    br_row_set(&new_.rows[0], "allocs_per_op", 4.5);
    br_row_set(&new_.rows[1], "allocs_per_op", 2);
    o.mem_threshold_pct = 12.5;
    br_compare(&old, &new_, &o, &c);
    ck_assert(row_of(&c, "more")->mem[BR_MEM_ALLOCS].verdict == BR_NO_CHANGE);
    br_comparison_release(&c);
    o.mem_threshold_pct = 0;
    br_compare(&old, &new_, &o, &c);
    ck_assert(row_of(&c, "more")->mem[BR_MEM_ALLOCS].verdict == BR_REGRESSION);
    ck_assert(row_of(&c, "fewer")->mem[BR_MEM_ALLOCS].verdict == BR_NO_CHANGE);
    br_comparison_release(&c);
    br_results_release(&old);
    br_results_release(&new_);
}
END_TEST

/* Counts that vary between counting batches, as ranges [least, most] (compare.h): a change only
 * when the ranges are apart by more than the threshold and by more than the wider range. */
START_TEST(test_count_ranges)
{
    /* overlapping ranges whose means differ (issue 29: sqlite INSERT read 2.09375 allocs/op in
     * one run and 2.23438 in the next of one build): unsure, never a regression */
    const double a[2] = {2.015625, 2.09375}, b[2] = {2.015625, 2.25};
    ck_assert_int_eq(br_cmp_counts(a, b, 0), BR_UNSURE);
    /* apart by 0.2, but the wider range is 0.5 wide: unsure */
    const double c[2] = {2.0, 2.5}, d[2] = {2.7, 2.8};
    ck_assert_int_eq(br_cmp_counts(c, d, 0), BR_UNSURE);
    ck_assert_int_eq(br_cmp_counts(d, c, 0), BR_UNSURE);
    /* apart by 0.6 > 0.5: a change, either way */
    const double e[2] = {3.1, 3.2};
    ck_assert_int_eq(br_cmp_counts(c, e, 0), BR_REGRESSION);
    ck_assert_int_eq(br_cmp_counts(e, c, 0), BR_IMPROVEMENT);
    /* apart by exactly the wider range (0.5): not more, unsure */
    const double f[2] = {3.0, 3.1};
    ck_assert_int_eq(br_cmp_counts(c, f, 0), BR_UNSURE);
    /* every value within the threshold of every other: no change (2.8 - 2.0 = 0.8) */
    ck_assert_int_eq(br_cmp_counts(c, d, 0.8), BR_NO_CHANGE);
    ck_assert_int_eq(br_cmp_counts(c, d, 0.7), BR_UNSURE);
    /* exact counts are ranges of one value: the exact rule */
    const double g[2] = {2, 2}, h[2] = {3, 3};
    ck_assert_int_eq(br_cmp_counts(g, h, 0), BR_REGRESSION);
    ck_assert_int_eq(br_cmp_counts(g, g, 0), BR_NO_CHANGE);
    ck_assert_int_eq(br_cmp_counts(g, h, 1), BR_NO_CHANGE);
}
END_TEST

/* The rule on two ranges of counts (compare.h), by hand, on binary fractions so that every
 * difference is exact: a change only when the ranges are apart by more than the threshold t
 * and by more than the wider range w; no-change when every value of one is within t of every
 * value of the other; else unsure.  Each boundary on both sides: apart by exactly w, or by
 * exactly t, is not a change; spread by exactly t is still no-change. */
START_TEST(test_count_range_rule)
{
    static const struct {
        double old_r[2], new_r[2], t;
        enum br_verdict want;
        const char *why;
    } cases[] = {
        /* old 2..2.5, w = 0.5 */
        {{2, 2.5}, {3.25, 3.5}, 0, BR_REGRESSION, "apart by 0.75 > w 0.5"},
        {{2, 2.5}, {3, 3.25}, 0, BR_UNSURE, "apart by exactly w: not more"},
        {{2, 2.5}, {0.75, 1.25}, 0, BR_IMPROVEMENT, "apart by 0.75 > w 0.5, fewer"},
        {{2, 2.5}, {1.25, 1.5}, 0, BR_UNSURE, "fewer, apart by exactly w"},
        {{2, 2.5}, {2.25, 2.75}, 0, BR_UNSURE, "overlapping"},
        {{2, 2.5}, {2, 2.5}, 0, BR_UNSURE, "the same range at t = 0: they still vary"},
        {{2, 2.5}, {2, 2.5}, 0.5, BR_NO_CHANGE, "spread by exactly t"},
        {{2, 2.5}, {2, 2.5}, 0.25, BR_UNSURE, "spread by 0.5 > t 0.25"},
        {{2, 2.5}, {2.25, 2.75}, 0.75, BR_NO_CHANGE, "every pair within t"},
        /* old 2..2.25, new 3..3.25: apart by 0.75, w = 0.25: the threshold decides */
        {{2, 2.25}, {3, 3.25}, 0.5, BR_REGRESSION, "apart by 0.75 > t 0.5"},
        {{2, 2.25}, {3, 3.25}, 0.75, BR_UNSURE, "apart by exactly t"},
        {{2, 2.25}, {3, 3.25}, 1, BR_UNSURE, "apart by less than t, spread beyond it"},
        {{2, 2.25}, {3, 3.25}, 1.25, BR_NO_CHANGE, "spread by exactly t"},
        {{3, 3.25}, {2, 2.25}, 0.5, BR_IMPROVEMENT, "fewer, apart by 0.75 > t 0.5"},
        {{3, 3.25}, {2, 2.25}, 0.75, BR_UNSURE, "fewer, apart by exactly t"},
        /* one side exact: sqlite's INSERT, 2.015625 in one run, 2.015625..2.03125 in the next */
        {{2.015625, 2.015625}, {2.015625, 2.03125}, 0, BR_UNSURE, "exact against a range"},
        {{2.015625, 2.03125}, {2.015625, 2.015625}, 0, BR_UNSURE, "a range against exact"},
        {{2, 2}, {2.75, 3.25}, 0, BR_REGRESSION, "exact, then a range apart by more than w"},
        {{2, 2}, {2.5, 3}, 0, BR_UNSURE, "exact, then a range apart by exactly w"},
        /* exact counts: the exact rule, any difference beyond t */
        {{3, 3}, {3.03125, 3.03125}, 0, BR_REGRESSION, "one more allocation in 32 ops"},
        {{3, 3}, {2.96875, 2.96875}, 0, BR_IMPROVEMENT, "one fewer in 32 ops"},
        {{3, 3}, {3, 3}, 0, BR_NO_CHANGE, "the same count"},
        {{4, 4}, {4.5, 4.5}, 0.5, BR_NO_CHANGE, "exactly t more"},
        {{4, 4}, {3.5, 3.5}, 0.5, BR_NO_CHANGE, "exactly t fewer"},
        {{4, 4}, {4.625, 4.625}, 0.5, BR_REGRESSION, "beyond t"},
        {{4, 4}, {3.375, 3.375}, 0.5, BR_IMPROVEMENT, "beyond t, fewer"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        enum br_verdict got = br_cmp_counts(cases[i].old_r, cases[i].new_r, cases[i].t);
        ck_assert_msg(got == cases[i].want, "case %zu (%s): %s, want %s", i, cases[i].why,
                      br_verdict_name(got), br_verdict_name(cases[i].want));
    }
}
END_TEST

/* Sets a row's allocs_per_op and, when lo < hi, the range columns of its counting batches. */
static void set_allocs(struct br_row *row, double mean, double lo, double hi)
{
    br_row_set(row, "allocs_per_op", mean);
    if (lo < hi) {
        br_row_set(row, "allocs_per_op_min", lo);
        br_row_set(row, "allocs_per_op_max", hi);
    }
}

/* The ranges through br_compare: read from allocs_per_op_min/_max (both, or the row is exact),
 * the threshold as a percentage of the old mean, the unsure count and its one warning. */
START_TEST(test_count_ranges_in_files)
{
    struct br_results old, new_;
    br_results_init(&old);
    br_results_init(&new_);
    static const char *const names[] = {"apart", "overlap", "half_range", "exact"};
    for (size_t i = 0; i < 4; i++) {
        add_scaled(&old, names[i], 1, 0);
        add_scaled(&new_, names[i], 1, 0);
    }
    set_allocs(&old.rows[0], 2, 1.75, 2.25); /* w 0.5; new min - old max = 1 */
    set_allocs(&new_.rows[0], 3.5, 3.25, 3.75);
    set_allocs(&old.rows[1], 2, 1.75, 2.25);
    set_allocs(&new_.rows[1], 2.125, 2, 2.25);
    set_allocs(&old.rows[2], 2, 2, 2);
    set_allocs(&new_.rows[2], 3, 3, 3);
    br_row_set(&new_.rows[2], "allocs_per_op_min", 2); /* no _max: not a range, exact 3 */
    set_allocs(&old.rows[3], 2, 2, 2);
    set_allocs(&new_.rows[3], 2, 2, 2);
    struct br_cmp_opts o;
    br_cmp_opts_default(&o);
    o.mem_threshold_pct = 25; /* of the old mean 2: t = 0.5 */
    struct br_comparison c;
    br_compare(&old, &new_, &o, &c);
    const struct br_cmp_mem *a = &row_of(&c, "apart")->mem[BR_MEM_ALLOCS];
    ck_assert(a->have && a->varies && a->verdict == BR_REGRESSION); /* 1 > max(0.5, 0.5) */
    ck_assert(a->old_range[0] == 1.75 && a->old_range[1] == 2.25);
    ck_assert(a->new_range[0] == 3.25 && a->new_range[1] == 3.75);
    ck_assert_double_eq(a->delta_pct, 75); /* of the means: 2 -> 3.5 */
    const struct br_cmp_mem *v = &row_of(&c, "overlap")->mem[BR_MEM_ALLOCS];
    ck_assert(v->varies && v->verdict == BR_NO_CHANGE); /* 2.25 - 1.75 = 0.5 <= t */
    const struct br_cmp_mem *h = &row_of(&c, "half_range")->mem[BR_MEM_ALLOCS];
    ck_assert(!h->varies && h->verdict == BR_REGRESSION); /* exact 2 -> 3: 1 > t */
    ck_assert(h->new_range[0] == 3 && h->new_range[1] == 3);
    ck_assert(row_of(&c, "exact")->mem[BR_MEM_ALLOCS].verdict == BR_NO_CHANGE);
    ck_assert_uint_eq(c.mem_count[BR_UNSURE], 0);
    ck_assert_uint_eq(c.nwarnings, 0);
    br_comparison_release(&c);
    /* t = 1 (50 %): "apart" by exactly t is unsure, and one warning names it */
    o.mem_threshold_pct = 50;
    br_compare(&old, &new_, &o, &c);
    ck_assert(row_of(&c, "apart")->mem[BR_MEM_ALLOCS].verdict == BR_UNSURE);
    ck_assert(row_of(&c, "half_range")->mem[BR_MEM_ALLOCS].verdict == BR_NO_CHANGE);
    ck_assert_uint_eq(c.mem_count[BR_UNSURE], 1);
    ck_assert_uint_eq(c.mem_count[BR_REGRESSION], 0);
    ck_assert_uint_eq(c.count[BR_UNSURE], 0); /* the time's verdicts stay the time's */
    ck_assert_uint_eq(c.nwarnings, 1);
    ck_assert_ptr_nonnull(strstr(c.warnings[0], "of 1 benchmark (apart) vary between counting"));
    br_comparison_release(&c);
    br_results_release(&old);
    br_results_release(&new_);
}
END_TEST

static void paired_files(struct br_results *old, struct br_results *new_, double ratio,
                         double wiggle, const char *id_new)
{
    double o[24], n[24];
    br_results_init(old);
    br_results_init(new_);
    for (int i = 0; i < 24; i++) {
        o[i] = 100 + 40 * ((i * 7) % 5); /* the host's state moves both sides of a pair */
        n[i] = o[i] * ratio * (1 + wiggle * (((i * 5) % 7) - 3) / 3.0);
    }
    br_results_add(old, "b", 1000, o, 24);
    br_results_add(new_, "b", 1000, n, 24);
    br_results_set(old, "paired_run", "0123456789abcdef");
    br_results_set(new_, "paired_run", id_new);
    br_results_set(old, "paired_side", "old");
    br_results_set(new_, "paired_side", "new");
    br_results_set(old, "paired_looks", "4");
    br_results_set(new_, "paired_looks", "4");
}

/* The paired verdicts: the Hodges-Lehmann interval of new/old against the threshold band. */
START_TEST(test_paired_verdicts)
{
    static const struct {
        double ratio, wiggle;
        enum br_verdict want;
    } cases[] = {{1.25, 0.005, BR_REGRESSION},
                 {1.08, 0.005, BR_REGRESSION}, /* the interval above 5 %, not above 10 % */
                 {0.75, 0.005, BR_IMPROVEMENT},
                 {1.01, 0.005, BR_NO_CHANGE},
                 {1.05, 0.04, BR_UNSURE},
                 {1.00, 0.0, BR_NO_CHANGE}};
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        struct br_results a, b;
        struct br_comparison c;
        paired_files(&a, &b, cases[k].ratio, cases[k].wiggle, "0123456789abcdef");
        compare(&a, &b, -1, -1, &c);
        ck_assert(c.paired && c.looks == 4);
        const struct br_cmp_row *r = row_of(&c, "b");
        ck_assert_msg(r->verdict == cases[k].want,
                      "ratio %g: verdict %s, delta %.3f%% [%.3f, %.3f]", cases[k].ratio,
                      br_verdict_name(r->verdict), r->delta_pct, r->ci_low_pct, r->ci_high_pct);
        /* the estimate is the pairs' ratio, not the ratio of medians */
        if (cases[k].wiggle == 0.005)
            ck_assert(fabs(r->delta_pct - 100 * (cases[k].ratio - 1)) < 0.5);
        br_comparison_release(&c);
        br_results_release(&a);
        br_results_release(&b);
    }
}
END_TEST

/* The paired interval is at alpha / looks (docs/guide/comparing.md: alpha is split over the looks).
 * 6 pairs: P(T+ <= 0) = 1 / 64 = 0.0156, within alpha / 2 = 0.025 for one look, beyond 0.05 / 4 / 2
 * for four: the interval then lacks its confidence, and the verdict is too-few-samples. */
START_TEST(test_paired_alpha_split_over_looks)
{
    static const double o[] = {100, 140, 120, 160, 110, 130};
    double n[6];
    for (int i = 0; i < 6; i++) n[i] = 1.25 * o[i];
    struct br_cmp_opts opts;
    br_cmp_opts_default(&opts);
    struct br_cmp_row row;
    br_cmp_pairs(o, n, 6, &opts, 1, &row);
    ck_assert_int_eq(row.verdict, BR_REGRESSION);
    br_cmp_pairs(o, n, 6, &opts, 4, &row);
    ck_assert_int_eq(row.verdict, BR_TOO_FEW);
}
END_TEST

/* Files of two different paired runs are two ordinary files: the unpaired test. */
/* Each side merged from the shards of paired runs (benchmerge keeps a paired_run line per shard,
 * in shard order): paired when the lines are the same, not when one shard comes from another
 * run or one side has a shard more. */
START_TEST(test_merged_shards_of_paired_runs)
{
    static const struct {
        const char *old_more, *new_more; /* a second paired_run line, or NULL */
        int paired;
    } cases[] = {{"1111111111111111", "1111111111111111", 1},
                 {"1111111111111111", "2222222222222222", 0},
                 {"1111111111111111", NULL, 0},
                 {NULL, "1111111111111111", 0}};
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        struct br_results a, b;
        struct br_comparison c;
        paired_files(&a, &b, 1.25, 0.005, "0123456789abcdef");
        if (cases[k].old_more) br_results_set(&a, "paired_run", cases[k].old_more);
        if (cases[k].new_more) br_results_set(&b, "paired_run", cases[k].new_more);
        compare(&a, &b, -1, -1, &c);
        ck_assert_msg(c.paired == cases[k].paired, "case %zu: paired %d", k, c.paired);
        br_comparison_release(&c);
        br_results_release(&a);
        br_results_release(&b);
    }
}
END_TEST

START_TEST(test_other_runs_are_not_paired)
{
    struct br_results a, b;
    struct br_comparison c;
    paired_files(&a, &b, 1.25, 0.005, "fedcba9876543210");
    compare(&a, &b, -1, -1, &c);
    ck_assert(!c.paired && c.looks == 1);
    ck_assert_str_eq(br_comparison_test(&c), "Mann-Whitney U test");
    br_comparison_release(&c);
    br_results_release(&a);
    br_results_release(&b);
}
END_TEST

START_TEST(test_verdict_names)
{
    static const char *const want[] = {"no-change",       "regression", "improvement",
                                       "too-few-samples", "no-test",    "added",
                                       "removed",         "unsure",     "failed"};
    for (int v = 0; v < BR_NVERDICTS; v++)
        ck_assert_str_eq(br_verdict_name((enum br_verdict)v), want[v]);
}
END_TEST

/* ---- instruction counts: the exact rule ------------------------------------------------- */

static void counts(struct br_results *r, const char *counter)
{
    br_results_init(r);
    br_results_set(r, "measure", "instructions");
    br_results_set(r, "counter", counter);
}

static void add_count(struct br_results *r, const char *name, double v, double odd_one)
{
    double s[5] = {v, v, v, v, odd_one};
    br_results_add(r, name, 100, s, 5);
}

START_TEST(test_count_rule)
{
    struct br_results a, b;
    struct br_comparison c;
    counts(&a, "callgrind");
    counts(&b, "callgrind");
    static const struct {
        const char *name;
        double new_v, new_odd;
        enum br_verdict want;
    } cases[] = {
        {"up_0.6", 1006, 1006, BR_REGRESSION},   {"up_0.4", 1004, 1004, BR_NO_CHANGE},
        {"down_1", 990, 990, BR_IMPROVEMENT},    {"down_0.4", 996, 996, BR_NO_CHANGE},
        {"same", 1000, 1000, BR_NO_CHANGE},      {"spread", 1000, 1010, BR_UNSURE},
        {"spread_ok", 1000, 1004, BR_NO_CHANGE}, {"up_from_spread", 1100, 1104, BR_REGRESSION}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        add_count(&a, cases[i].name, 1000, 1000);
        add_count(&b, cases[i].name, cases[i].new_v, cases[i].new_odd);
    }
    compare(&a, &b, -1, -1, &c);
    ck_assert_double_eq(c.opts.threshold_pct, 0.5); /* the default for counts, as applied */
    ck_assert(c.measure->counted);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const struct br_cmp_row *r = row_of(&c, cases[i].name);
        ck_assert_msg(r->verdict == cases[i].want, "%s: %s", cases[i].name,
                      br_verdict_name(r->verdict));
        ck_assert(isnan(r->p) && isnan(r->ci_low_pct)); /* no test, no interval */
    }
    ck_assert_uint_eq(c.nwarnings, 1); /* the one not repeatable */
    ck_assert_ptr_nonnull(strstr(c.warnings[0], "spread: its counts vary by"));
    br_comparison_release(&c);
    /* a threshold given for counts */
    struct br_cmp_opts o;
    br_cmp_opts_default(&o);
    ck_assert_double_eq(o.count_threshold_pct, 0.5);
    o.count_threshold_pct = 2;
    br_compare(&a, &b, &o, &c);
    ck_assert_int_eq(row_of(&c, "down_1")->verdict, BR_NO_CHANGE);
    ck_assert_int_eq(row_of(&c, "up_from_spread")->verdict, BR_REGRESSION);
    br_comparison_release(&c);
    br_results_release(&a);
    br_results_release(&b);
}
END_TEST

/* The exact rule at its boundaries (docs/guide/instructions.md: a change of the median "beyond the
 * threshold"; a benchmark whose samples spread "by more than the threshold" is unsure): a change of
 * exactly the threshold is no change, and a spread of exactly the threshold, on either side, still
 * gets a verdict.  At a threshold of 25 %, where 1250 / 1000 - 1 and 250 / 1000 are exact in
 * binary (0.5 % of a whole number never is). */
START_TEST(test_count_rule_boundaries)
{
    struct br_results a, b;
    struct br_comparison c;
    counts(&a, "callgrind");
    counts(&b, "callgrind");
    static const struct {
        const char *name;
        double old_odd, new_v, new_odd; /* the old samples are 1000 and one old_odd */
        enum br_verdict want;
    } cases[] = {{"up_exactly", 1000, 1250, 1250, BR_NO_CHANGE},
                 {"down_exactly", 1000, 750, 750, BR_NO_CHANGE},
                 {"up_beyond", 1000, 1251, 1251, BR_REGRESSION},
                 {"down_beyond", 1000, 749, 749, BR_IMPROVEMENT},
                 {"old_spread_exactly", 1250, 1000, 1000, BR_NO_CHANGE},
                 {"new_spread_exactly", 1000, 1000, 1250, BR_NO_CHANGE},
                 {"old_spread_beyond", 1251, 1000, 1000, BR_UNSURE},
                 {"new_spread_beyond", 1000, 1000, 1251, BR_UNSURE}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        add_count(&a, cases[i].name, 1000, cases[i].old_odd);
        add_count(&b, cases[i].name, cases[i].new_v, cases[i].new_odd);
    }
    struct br_cmp_opts o;
    br_cmp_opts_default(&o);
    o.count_threshold_pct = 25;
    br_compare(&a, &b, &o, &c);
    ck_assert(row_of(&c, "up_exactly")->delta_pct == 25); /* exactly, as intended */
    ck_assert(row_of(&c, "down_exactly")->delta_pct == -25);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const struct br_cmp_row *r = row_of(&c, cases[i].name);
        ck_assert_msg(r->verdict == cases[i].want, "%s: %s", cases[i].name,
                      br_verdict_name(r->verdict));
    }
    br_comparison_release(&c);
    br_results_release(&a);
    br_results_release(&b);
}
END_TEST

/* Counts that say they are one paired run (benchcmp --run refuses to count, but a file can say
 * anything) are judged by the exact rule, not the paired test: here the samples spread, so the
 * rule says unsure without a p-value, where the paired test (24 equal ratios of 1.004, an
 * interval inside the band) would say no-change with one. */
START_TEST(test_paired_counts_use_the_exact_rule)
{
    struct br_results a, b;
    struct br_comparison c;
    paired_files(&a, &b, 1.004, 0.0, "0123456789abcdef");
    br_results_set(&a, "measure", "instructions");
    br_results_set(&b, "measure", "instructions");
    br_results_set(&a, "counter", "callgrind");
    br_results_set(&b, "counter", "callgrind");
    compare(&a, &b, -1, -1, &c);
    ck_assert(c.measure->counted);
    ck_assert_str_eq(br_comparison_test(&c), "Instruction counts by the exact rule (no test)");
    const struct br_cmp_row *r = row_of(&c, "b");
    ck_assert_int_eq(r->verdict, BR_UNSURE);
    ck_assert(isnan(r->p));
    br_comparison_release(&c);
    br_results_release(&a);
    br_results_release(&b);
}
END_TEST

START_TEST(test_compare_check)
{
    struct br_results t, cg, pf, cg2;
    br_results_init(&t);
    counts(&cg, "callgrind");
    counts(&pf, "perf");
    counts(&cg2, "callgrind");
    ck_assert_int_eq(br_cmp_check(&cg, "a.csv", &cg2, "b.csv"), 0);
    ck_assert_int_eq(br_cmp_check(&t, "a.csv", &t, "b.csv"), 0);
    ck_assert_int_eq(br_cmp_check(&t, "old.csv", &cg, "new.csv"), -1);
    ck_assert_str_eq(br_errmsg(), "old.csv measures time, new.csv instructions (callgrind): "
                                  "compare runs of one measure and counter");
    ck_assert_int_eq(br_cmp_check(&cg, "old.csv", &pf, "new.csv"), -1);
    ck_assert_str_eq(br_errmsg(), "old.csv measures instructions (callgrind), new.csv "
                                  "instructions (perf): compare runs of one measure and counter");
    br_results_release(&t);
    br_results_release(&cg);
    br_results_release(&pf);
    br_results_release(&cg2);
}
END_TEST

static Suite *compare_suite(void)
{
    Suite *s = suite_create("compare");
    TCase *tc = tcase_create("verdicts");
    tcase_add_test(tc, test_every_verdict);
    tcase_add_test(tc, test_contended_is_unsure);
    tcase_add_test(tc, test_paired_verdicts);
    tcase_add_test(tc, test_paired_alpha_split_over_looks);
    tcase_add_test(tc, test_other_runs_are_not_paired);
    tcase_add_test(tc, test_merged_shards_of_paired_runs);
    tcase_add_test(tc, test_row_values);
    tcase_add_test(tc, test_threshold_rule);
    tcase_add_test(tc, test_alpha_rule);
    tcase_add_test(tc, test_alpha_boundary);
    tcase_add_test(tc, test_too_few_boundaries);
    tcase_add_test(tc, test_geomean);
    tcase_add_test(tc, test_from_zero);
    tcase_add_test(tc, test_speed_warning);
    tcase_add_test(tc, test_context_warnings);
    tcase_add_test(tc, test_median_only);
    tcase_add_test(tc, test_no_common_benchmark);
    tcase_add_test(tc, test_verdict_names);
    tcase_add_test(tc, test_memory_rows);
    tcase_add_test(tc, test_count_ranges);
    tcase_add_test(tc, test_count_range_rule);
    tcase_add_test(tc, test_count_ranges_in_files);
    suite_add_tcase(s, tc);
    TCase *counted = tcase_create("counts");
    tcase_add_test(counted, test_count_rule);
    tcase_add_test(counted, test_count_rule_boundaries);
    tcase_add_test(counted, test_compare_check);
    tcase_add_test(counted, test_paired_counts_use_the_exact_rule);
    suite_add_tcase(s, counted);
    return s;
}

int main(void) { return check_run_suite(compare_suite()); }
