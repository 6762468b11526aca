/* Statistics against exact values (hand calculation; numpy/scipy 1.10 for the irrational
 * ones: np.std(ddof=1), np.percentile (type 7), scipy.stats.gmean). */
#include <check.h>
#include <float.h>
#include <math.h>
#include <stdlib.h>

#include "model/stats.h"
#include "check_main.h"

#define EPS 1e-12

START_TEST(summary_hand_values)
{
    /* Sorted: 2 4 4 4 5 5 7 9; mean 5; squared deviations sum to 32, so s^2 = 32/7.  Type-7
     * quartiles: h = 7p -> q1 = 4, median = 4.5, q3 = 5 + 0.25 * 2 = 5.5; fences 1.75 and
     * 7.75 leave exactly one outlier (9). */
    const double x[] = {9, 4, 2, 5, 4, 7, 4, 5};
    struct br_summary s;
    br_stats_summarize(x, 8, &s);
    ck_assert_uint_eq(s.n, 8);
    ck_assert_double_eq(s.min, 2);
    ck_assert_double_eq(s.max, 9);
    ck_assert_double_eq(s.mean, 5);
    ck_assert_double_eq_tol(s.stddev, 2.138089935299395, EPS);
    ck_assert_double_eq_tol(s.cv, 2.138089935299395 / 5, EPS);
    ck_assert_double_eq(s.q1, 4);
    ck_assert_double_eq(s.median, 4.5);
    ck_assert_double_eq(s.q3, 5.5);
    ck_assert_uint_eq(s.outliers, 1);
    /* The input is left as it was (the summary sorts a copy). */
    ck_assert_double_eq(x[0], 9);
}
END_TEST

/* Tukey's fences at their edges, low and high (docs/guide/results-file.md: outliers are the
 * samples beyond the fences at 1.5 IQR).  Five values: type-7 quartiles are s[1] and s[3] exactly,
 * here 10 and 12, so IQR = 2 and, in the first case, the fences are 7 and 15; 3 IQR would put them
 * at 4 and 18. */
START_TEST(fences_low_and_high)
{
    static const struct {
        double x[5];
        size_t outliers;
    } t[] = {
        {{5, 10, 11, 12, 13}, 1}, /* below the low fence, within 3 IQR: an outlier */
        {{7, 10, 11, 12, 13}, 0}, /* on the low fence: not beyond it */
        {{6.5, 10, 11, 12, 13}, 1},
        {{10, 11, 12, 13, 17}, 1}, /* above the high fence (16), within 3 IQR */
        {{9, 10, 11, 12, 15}, 0},  /* on the high fence */
        {{-40, 10, 11, 12, 60}, 2},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        struct br_summary s;
        br_stats_summarize(t[i].x, 5, &s);
        ck_assert_msg(s.q3 - s.q1 == 2, "case %zu: IQR %g", i, s.q3 - s.q1);
        ck_assert_msg(s.outliers == t[i].outliers, "case %zu: %zu outliers, want %zu", i,
                      s.outliers, t[i].outliers);
    }
}
END_TEST

START_TEST(summary_odd_count_numpy)
{
    const double y[] = {3.5, 1.25, 10.0, 7.75, 2.0};
    struct br_summary s;
    br_stats_summarize(y, 5, &s);
    ck_assert_double_eq_tol(s.mean, 4.9, EPS);
    ck_assert_double_eq_tol(s.stddev, 3.802137556690973, EPS);
    ck_assert_double_eq_tol(s.cv, 0.7759464401410149, EPS);
    ck_assert_double_eq(s.q1, 2.0);
    ck_assert_double_eq(s.median, 3.5);
    ck_assert_double_eq(s.q3, 7.75);
    ck_assert_uint_eq(s.outliers, 0);
}
END_TEST

START_TEST(variance_no_cancellation)
{
    /* Large mean, tiny spread: the naive one-pass formula returns 0 or garbage here. */
    const double z[] = {1e9 + 1, 1e9 + 2, 1e9 + 3, 1e9 + 4};
    ck_assert_double_eq_tol(br_stats_variance(z, 4), 1.6666666666666667, 1e-9);
}
END_TEST

/* Samples near DBL_MAX: the sum and the squared deviations overflow unless scaled (they gave
 * a NaN cv, shown as "-nan%").  Exact values from Python's statistics on the values / 1e300. */
START_TEST(huge_values_stay_finite)
{
    const double x[] = {1e308, 1.5e308, 1.2e308};
    struct br_summary s;
    br_stats_summarize(x, 3, &s);
    ck_assert_double_eq_tol(s.mean, 1.2333333333333333e308, 1e293);
    ck_assert_double_eq_tol(s.stddev, 2.5166114784235836e307, 1e292);
    ck_assert_double_eq_tol(s.cv, 0.20404957933164192, 1e-15);
    const double top[] = {DBL_MAX, DBL_MAX, DBL_MAX};
    ck_assert_double_eq(br_stats_mean(top, 3), DBL_MAX);
    ck_assert_double_eq(br_stats_stddev(top, 3), 0);
}
END_TEST

START_TEST(single_sample)
{
    const double one[] = {42};
    struct br_summary s;
    br_stats_summarize(one, 1, &s);
    ck_assert_double_eq(s.min, 42);
    ck_assert_double_eq(s.median, 42);
    ck_assert_double_eq(s.max, 42);
    ck_assert_double_eq(s.stddev, 0);
    ck_assert_double_eq(s.cv, 0);
    ck_assert_uint_eq(s.outliers, 0);
}
END_TEST

START_TEST(quantile_interpolates)
{
    const double s[] = {10, 20, 30, 40};
    ck_assert_double_eq(br_stats_quantile_sorted(s, 4, 0), 10);
    ck_assert_double_eq(br_stats_quantile_sorted(s, 4, 1), 40);
    ck_assert_double_eq_tol(br_stats_quantile_sorted(s, 4, 0.5), 25, EPS);
    ck_assert_double_eq_tol(br_stats_quantile_sorted(s, 4, 0.9), 37, EPS);
}
END_TEST

START_TEST(geomean_values)
{
    const double g[] = {1.5, 2.0, 0.5, 4.0};
    ck_assert_double_eq_tol(br_stats_geomean(g, 4), 1.5650845800732873, EPS);
    const double bad[] = {1.0, 0.0};
    ck_assert(isnan(br_stats_geomean(bad, 2)));
}
END_TEST

START_TEST(cmp_sorts_nan_last)
{
    double v[] = {3, NAN, 1, 2};
    qsort(v, 4, sizeof v[0], br_stats_cmp_double);
    ck_assert_double_eq(v[0], 1);
    ck_assert_double_eq(v[2], 3);
    ck_assert(isnan(v[3]));
}
END_TEST

int main(void)
{
    Suite *s = suite_create("stats");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, summary_hand_values);
    tcase_add_test(tc, summary_odd_count_numpy);
    tcase_add_test(tc, fences_low_and_high);
    tcase_add_test(tc, variance_no_cancellation);
    tcase_add_test(tc, single_sample);
    tcase_add_test(tc, huge_values_stay_finite);
    tcase_add_test(tc, quantile_interpolates);
    tcase_add_test(tc, geomean_values);
    tcase_add_test(tc, cmp_sorts_nan_last);
    suite_add_tcase(s, tc);
    return check_run_suite(s);
}
