/* check_changepoint.c - the change-point method: qhat against Apache Otava's implementation,
 * Student's t against scipy, Otava's test series give Otava's indexes, each rule of
 * changepoint.h at its boundary (short histories, the first run of a new level, outliers,
 * within-run noise), series with known steps and none.
 *
 * Reference values: Otava (github.com/apache/otava at 1ceb153, otava/change_point_divisive/
 * calculator.py, PairDistanceCalculator._get_Q_vals and get_candidate_change_point; analysis.py
 * compute_change_points with its defaults), numpy 1.24 and scipy 1.10 (Debian's python3-numpy
 * and python3-scipy), printed with %.17g; the best split restricted to >= 2 and >= 3 points a
 * side was taken from the same Q matrix.  Each is named where it is used. */
#include <check.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "analyze/changepoint.h"
#include "base/random.h"
#include "check_main.h"

static const double step[] = {10, 11, 9, 10, 12, 10, 20, 21, 19, 22, 20};
static const double mixed[] = {3.5, 1.25, 4.0, 2.0, 8.5, 9.0, 7.75, 8.25, 2.5, 3.0};
static const double flat[] = {5, 5, 5, 5, 5, 5};

START_TEST(qhat_matches_otava)
{
    ck_assert_double_eq_tol(br_cp_qhat(mixed, 2, 4), -1.5, 1e-12);
    ck_assert_double_eq_tol(br_cp_qhat(mixed, 3, 7), 6, 1e-12);
    ck_assert_double_eq_tol(br_cp_qhat(mixed, 5, 10), 0.47500000000000142, 1e-12);
    ck_assert_double_eq_tol(br_cp_qhat(step, 5, 11), 30.36363636363636, 1e-12);
    ck_assert_double_eq_tol(br_cp_qhat(step, 6, 11), 47.81818181818182, 1e-12);
    /* By hand: X = {10, 11, 9}, Y = {10, 12, 10, 20}: cross 40, within 4 and 32, so
     * 2*40/7 - 2*4*4/(7*2) - 2*3*32/(7*3) = 0. */
    ck_assert_double_eq_tol(br_cp_qhat(step, 3, 7), 0, 1e-12);
    ck_assert_double_eq(br_cp_qhat(flat, 3, 6), 0);
}
END_TEST

START_TEST(best_split_matches_otava)
{
    size_t tau;
    double q;
    for (size_t min = 2; min <= 3; min++) {
        ck_assert_int_eq(br_cp_best_split(step, 11, min, &tau, &q), 1);
        ck_assert_uint_eq(tau, 6);
        ck_assert_double_eq_tol(q, 47.81818181818182, 1e-12);
        ck_assert_int_eq(br_cp_best_split(mixed, 10, min, &tau, &q), 1);
        ck_assert_uint_eq(tau, 4);
        ck_assert_double_eq_tol(q, 18.166666666666668, 1e-12);
        /* All equal: every qhat is 0 and the first split wins, as numpy's argmax. */
        ck_assert_int_eq(br_cp_best_split(flat, 6, min, &tau, &q), 1);
        ck_assert_uint_eq(tau, min);
        ck_assert_double_eq(q, 0);
    }
    ck_assert_int_eq(br_cp_best_split(step, 5, 3, &tau, &q), 0); /* 5 < 2 x 3 */
    ck_assert_int_eq(br_cp_best_split(step, 0, 2, &tau, &q), 0);
}
END_TEST

/* ---- synthetic histories: level + N(0, sd) noise from a fixed generator ------------------ */

static uint64_t rng_state;

/* n points of level 100, times (1 + step) from index `at` on, noise sd 1. */
static void history(double *x, size_t n, size_t at, double step_pct)
{
    for (size_t i = 0; i < n; i++)
        x[i] = 100 * (i >= at ? 1 + step_pct / 100 : 1) + br_random_normal(&rng_state);
}

static size_t find(const double *x, size_t n, struct br_changepoint *cp)
{
    struct br_cp_opts o;
    br_cp_opts_default(&o);
    return br_changepoints(x, NULL, n, &o, cp, n + 1);
}

/* Change points without the pending step, if any (a noisy last run or two may be one). */
static size_t marks(const double *x, size_t n, struct br_changepoint *cp)
{
    size_t m = find(x, n, cp);
    return m - (m && cp[m - 1].missing);
}

START_TEST(defaults_are_documented)
{
    struct br_cp_opts o;
    br_cp_opts_default(&o);
    ck_assert(o.alpha == 0.001 && o.min_size == 3);
}
END_TEST

/* scipy.stats.t.sf(t, df) * 2 */
START_TEST(student_p_matches_scipy)
{
    ck_assert_double_eq_tol(br_cp_student_p(2.0, 4), 0.11611652351681551, 1e-13);
    ck_assert_double_eq_tol(br_cp_student_p(-2.0, 4), 0.11611652351681551, 1e-13);
    ck_assert_double_eq_tol(br_cp_student_p(1.0, 1), 0.5, 1e-13);
    ck_assert_double_eq_tol(br_cp_student_p(3.5, 10), 0.0057265054298852106, 1e-15);
    ck_assert_double_eq_tol(br_cp_student_p(10, 2), 0.0098524570233256923, 1e-15);
    ck_assert_double_eq_tol(br_cp_student_p(0.5, 30), 0.62072300488512733, 1e-13);
    ck_assert_double_eq(br_cp_student_p(0, 7), 1);
    ck_assert_double_eq(br_cp_student_p(INFINITY, 7), 0);
}
END_TEST

/* Otava's significance tester's two series (apache/otava/tests/analysis_test.py), and its series1
 * split at 6: scipy.stats.ttest_ind(x[:b], x[b:]).pvalue (unbiased variances; Otava passes np.std).
 */
static const double sig_step[] = {1.00, 1.02, 1.05, 0.95, 0.98, 0.80, 0.82, 0.85, 0.79, 0.77};
static const double sig_flat[] = {1.00, 1.02, 1.05, 0.95, 0.98, 1.00, 1.02, 1.05, 0.95, 0.98};
static const double series1[] = {1.02, 0.95, 0.99, 1.00, 1.12, 0.90, 0.50, 0.51, 0.48, 0.48, 0.55};
static const double series2[] = {2.02, 2.03, 2.01, 2.04, 1.82, 1.85, 1.79, 1.81, 1.80, 1.76, 1.78};
static const double single[] = {1.02, 0.95, 0.99, 1.00, 1.12, 1.00, 1.01, 0.98, 1.01, 0.96,
                                0.50, 0.51, 0.48, 0.48, 0.55, 0.50, 0.49, 0.51, 0.50, 0.49};

START_TEST(ttest_matches_scipy)
{
    ck_assert_double_eq_tol(br_cp_ttest(sig_step, NULL, 0, 5, 10), 2.0249770329333628e-05, 1e-17);
    ck_assert_double_eq_tol(br_cp_ttest(sig_flat, NULL, 0, 5, 10), 1, 1e-12);
    ck_assert_double_eq_tol(br_cp_ttest(series1, NULL, 0, 6, 11), 2.1267842041262621e-07, 1e-18);
    /* df = 0: nothing to test. */
    ck_assert_double_eq(br_cp_ttest(series1, NULL, 0, 1, 2), 1);
}
END_TEST

/* Within-run noise as a floor: 10, 10, 10 | 11, 11, 11 scatter not at all, so without the runs'
 * own variance the step is certain (p = 0); with var 0.25 a run each segment's sum of squares
 * is at least 2 x 0.25, sp^2 = 0.25, t = 1 / sqrt(0.25 x 2/3) on 4 df: by hand, and
 * 2 * scipy.stats.t.sf(t, 4) = 0.070483996910219934.  A segment that scatters more than its
 * runs' noise keeps its own variance (the same as no floor). */
START_TEST(within_run_noise_is_a_floor)
{
    static const double x[] = {10, 10, 10, 11, 11, 11}, wide[] = {9, 10, 11, 10, 11, 12};
    static const double var[] = {0.25, 0.25, 0.25, 0.25, 0.25, 0.25};
    struct br_changepoint cp[8];
    struct br_cp_opts o;
    br_cp_opts_default(&o);
    ck_assert_double_eq(br_cp_ttest(x, NULL, 0, 3, 6), 0);
    ck_assert_double_eq_tol(br_cp_ttest(x, var, 0, 3, 6), 0.070483996910219934, 1e-15);
    ck_assert_double_eq(br_cp_ttest(wide, var, 0, 3, 6), br_cp_ttest(wide, NULL, 0, 3, 6));
    ck_assert_uint_eq(br_changepoints(x, NULL, 6, &o, cp, 8), 1);
    ck_assert_uint_eq(br_changepoints(x, var, 6, &o, cp, 8), 0);
}
END_TEST

/* analysis.py compute_change_points(series) with its defaults (window 50, max_pvalue 0.001),
 * on the series of apache/otava/tests/analysis_test.py (series1 and series2 from its history,
 * before "Refactoring: Extract ComparativeStats"), gives: series1 [6], series2 [4], single [10]
 * (also at window 10, max_pvalue 0.0001, as the test asks), the tester's step [5], its flat
 * series [], series2 + 1.79, 1.81, 1.80 [4].  With two huge runs appended Otava gives
 * [4, 11] and [10, 20]: here the last two are a step to confirm, one more run away. */
START_TEST(otava_series_give_otavas_indexes)
{
    struct br_changepoint cp[32];
    double x[32];
    ck_assert_uint_eq(find(series1, 11, cp), 1);
    ck_assert(cp[0].index == 6 && cp[0].missing == 0);
    ck_assert_uint_eq(find(series2, 11, cp), 1);
    ck_assert(cp[0].index == 4 && cp[0].missing == 0);
    ck_assert_uint_eq(find(single, 20, cp), 1);
    ck_assert_uint_eq(cp[0].index, 10);
    ck_assert_uint_eq(find(sig_step, 10, cp), 1);
    ck_assert_uint_eq(cp[0].index, 5);
    ck_assert_uint_eq(find(sig_flat, 10, cp), 0);
    memcpy(x, series2, sizeof series2);
    x[11] = 1.79, x[12] = 1.81, x[13] = 1.80;
    ck_assert_uint_eq(find(x, 14, cp), 1);
    ck_assert_uint_eq(cp[0].index, 4);
    x[11] = 10, x[12] = 11;
    ck_assert_uint_eq(find(x, 13, cp), 2);
    ck_assert(cp[0].index == 4 && cp[0].missing == 0);
    ck_assert(cp[1].index == 11 && cp[1].missing == 1);
    memcpy(x, single, sizeof single);
    x[20] = 5.0, x[21] = 5.2;
    ck_assert_uint_eq(find(x, 22, cp), 2);
    ck_assert(cp[0].index == 10 && cp[1].index == 20 && cp[1].missing == 1);
}
END_TEST

/* A fixed 1 % wobble: the same series every time, no generator involved. */
static const double wobble[] = {0.4,  -0.9, 1.1, -0.2, 0.7,  -1.3, 0.1, 0.9,  -0.6, 0.3,
                                -1.0, 0.5,  1.2, -0.4, -0.7, 0.2,  0.8, -1.1, 0.6,  -0.3};

static void stepped(double *x, size_t n, size_t at, double after)
{
    for (size_t i = 0; i < n; i++) x[i] = (i >= at ? after : 100) + wobble[i % 20];
}

/* Short histories, at the boundary of min_size 3: 6 runs with a step at 3 is a change point;
 * 5 runs with the step at 3 (two after) a step to confirm, 1 more run away; with one run after
 * it, 2 more when its p is a change point's (+50 %: p = 0.00056), nothing when only the split
 * step's 10 alpha would take it (+20 %: p = 0.0036; both the pooled t by hand and
 * 2 * scipy.stats.t.sf(t, 2)); 4 runs with the step at 2 (fewer than 3 before it) nothing. */
START_TEST(short_histories_say_what_is_missing)
{
    double x[8];
    struct br_changepoint cp[8];
    stepped(x, 6, 3, 120);
    ck_assert_uint_eq(find(x, 6, cp), 1);
    ck_assert(cp[0].index == 3 && cp[0].missing == 0 && cp[0].p <= 0.001);
    ck_assert_uint_eq(find(x, 5, cp), 1);
    ck_assert(cp[0].index == 3 && cp[0].missing == 1);
    stepped(x, 4, 3, 150);
    ck_assert_uint_eq(find(x, 4, cp), 1);
    ck_assert(cp[0].index == 3 && cp[0].missing == 2 && cp[0].p <= 0.001);
    stepped(x, 4, 3, 120);
    ck_assert_uint_eq(find(x, 4, cp), 0);
    stepped(x, 4, 2, 120);
    ck_assert_uint_eq(find(x, 4, cp), 0);
}
END_TEST

/* Two slow runs at the end of 20: a split at 17 would have 3 runs after it, but run 17 is of
 * the old level; the step is the last two runs, to confirm.  A step with 3 runs after it is
 * marked at its first run, never the one before. */
START_TEST(marked_at_the_first_run_of_the_new_level)
{
    double x[20];
    struct br_changepoint cp[21];
    stepped(x, 20, 18, 120);
    ck_assert_uint_eq(find(x, 20, cp), 1);
    ck_assert(cp[0].index == 18 && cp[0].missing == 1);
    stepped(x, 20, 17, 120);
    ck_assert_uint_eq(find(x, 20, cp), 1);
    ck_assert(cp[0].index == 17 && cp[0].missing == 0);
}
END_TEST

/* One run 30 % slow among 15 or 30: never a mark, wherever it is (at the end: to confirm). */
START_TEST(one_outlier_is_never_a_mark)
{
    double x[30];
    struct br_changepoint cp[31];
    for (size_t n = 15; n <= 30; n += 15)
        for (size_t at = 0; at < n; at++) {
            for (size_t i = 0; i < n; i++) x[i] = 100 + wobble[i % 20];
            x[at] *= 1.3;
            size_t m = find(x, n, cp);
            for (size_t i = 0; i < m; i++) ck_assert(cp[i].missing && cp[i].index == n - 1);
        }
}
END_TEST

START_TEST(flat_series_have_none)
{
    double x[30];
    struct br_changepoint cp[31];
    ck_assert_uint_eq(find(flat, 6, cp), 0);
    for (size_t i = 0; i < 30; i++) x[i] = 42;
    ck_assert_uint_eq(find(x, 30, cp), 0);
    ck_assert_uint_eq(find(x, 0, cp), 0);
    ck_assert_uint_eq(find(x, 5, cp), 0);
    /* Noise only: bench/changepoint_rates.c measures the rate (docs/reports.md); these 200,
     * from a fixed seed, may not exceed 6 (3 %, the most a report of many benchmarks should
     * bear; a failure means the method lost its level). */
    rng_state = 1;
    size_t alarms = 0;
    for (int s = 0; s < 200; s++) {
        history(x, 30, 30, 0);
        alarms += marks(x, 30, cp) > 0;
    }
    ck_assert_uint_le(alarms, 6);
}
END_TEST

START_TEST(known_steps_are_found_where_they_begin)
{
    double x[40];
    struct br_changepoint cp[41];
    rng_state = 7;
    for (int s = 0; s < 20; s++) { /* a step of 10 noise sd in the middle: always found */
        history(x, 40, 20, 10);
        ck_assert_uint_eq(marks(x, 40, cp), 1);
        ck_assert_uint_eq(cp[0].index, 20);
        ck_assert_double_le(cp[0].p, 0.001);
    }
    history(x, 40, 12, -10); /* a step down near the start */
    ck_assert_uint_eq(marks(x, 40, cp), 1);
    ck_assert_uint_eq(cp[0].index, 12);
}
END_TEST

START_TEST(two_steps_in_order)
{
    double x[45];
    struct br_changepoint cp[46];
    rng_state = 11;
    history(x, 45, 30, 15);                     /* 100 -> 115 at 30 ... */
    for (size_t i = 15; i < 30; i++) x[i] += 8; /* ... and 100 -> 108 at 15 */
    ck_assert_uint_eq(find(x, 45, cp), 2);
    ck_assert_uint_eq(cp[0].index, 15);
    ck_assert_uint_eq(cp[1].index, 30);
}
END_TEST

START_TEST(segments_respect_min_size_and_cap)
{
    /* A staircase (a level every 6 points) at alpha 0.5: many pieces, each of at least
     * min_size points. */
    double x[60];
    struct br_changepoint cp[61];
    struct br_cp_opts o;
    br_cp_opts_default(&o);
    o.alpha = 0.5;
    rng_state = 3;
    for (size_t min = 2; min <= 5; min++) {
        history(x, 60, 60, 0);
        for (size_t i = 0; i < 60; i++) x[i] += 2 * (double)(i / 6);
        o.min_size = min;
        size_t n = br_changepoints(x, NULL, 60, &o, cp, 61), prev = 0;
        n -= n && cp[n - 1].missing; /* a pending step has fewer runs after it, by design */
        ck_assert_uint_gt(n, 2);
        for (size_t i = 0; i < n; i++) {
            ck_assert_uint_ge(cp[i].index - prev, min);
            prev = cp[i].index;
        }
        ck_assert_uint_ge(60 - prev, min);
        ck_assert_uint_le(br_changepoints(x, NULL, 60, &o, cp, 1), 1); /* the cap holds */
    }
}
END_TEST

int main(void)
{
    Suite *s = suite_create("changepoint");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, qhat_matches_otava);
    tcase_add_test(tc, best_split_matches_otava);
    tcase_add_test(tc, defaults_are_documented);
    tcase_add_test(tc, student_p_matches_scipy);
    tcase_add_test(tc, ttest_matches_scipy);
    tcase_add_test(tc, within_run_noise_is_a_floor);
    tcase_add_test(tc, otava_series_give_otavas_indexes);
    tcase_add_test(tc, short_histories_say_what_is_missing);
    tcase_add_test(tc, marked_at_the_first_run_of_the_new_level);
    tcase_add_test(tc, one_outlier_is_never_a_mark);
    tcase_add_test(tc, flat_series_have_none);
    tcase_add_test(tc, known_steps_are_found_where_they_begin);
    tcase_add_test(tc, two_steps_in_order);
    tcase_add_test(tc, segments_respect_min_size_and_cap);
    suite_add_tcase(s, tc);
    return check_run_suite(s);
}
