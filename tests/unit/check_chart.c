/* check_chart.c - chart geometry against exact values: scales, nice ticks, log ticks, kernel
 * density, Silverman's bandwidth, jitter, time units. */
#include <check.h>
#include <float.h>
#include <math.h>

#include "check_main.h"
#include "format/chart.h"

#define EPS 1e-12

START_TEST(scales)
{
    struct br_scale s;
    br_scale_init(&s, 10, 20, 100, 300, 0);
    ck_assert_double_eq(br_scale_map(&s, 10), 100);
    ck_assert_double_eq(br_scale_map(&s, 15), 200);
    ck_assert_double_eq(br_scale_map(&s, 25), 400); /* no clamping */
    br_scale_init(&s, 10, 20, 300, 100, 0);         /* inverted range: y grows downwards */
    ck_assert_double_eq(br_scale_map(&s, 20), 100);
    br_scale_init(&s, 10, 1000, 0, 200, 1);
    ck_assert_double_eq_tol(br_scale_map(&s, 100), 100, EPS);
    ck_assert_double_eq_tol(br_scale_map(&s, 1000), 200, EPS);
    br_scale_init(&s, 5, 5, 0, 200, 0); /* no width: the middle */
    ck_assert_double_eq(br_scale_map(&s, 5), 100);
}
END_TEST

static void expect_ticks(double lo, double hi, int target, double want_lo, double want_hi,
                         const double *want, size_t nwant)
{
    double t[32];
    size_t n = br_nice_ticks(&lo, &hi, target, t, 32);
    ck_assert_double_eq_tol(lo, want_lo, EPS);
    ck_assert_double_eq_tol(hi, want_hi, EPS);
    ck_assert_uint_eq(n, nwant);
    for (size_t i = 0; i < n; i++) ck_assert_double_eq_tol(t[i], want[i], EPS);
}

START_TEST(nice_ticks)
{
    /* Heckbert: range 9.4 -> nicenum 10; 10 / 4 = 2.5 rounds to 2 (f < 3). */
    expect_ticks(0.3, 9.7, 5, 0, 10, (const double[]){0, 2, 4, 6, 8, 10}, 6);
    /* range 0.069 -> 0.1; 0.1 / 4 = 0.025 rounds to 0.02. */
    expect_ticks(4.159, 4.228, 5, 4.14, 4.24, (const double[]){4.14, 4.16, 4.18, 4.2, 4.22, 4.24},
                 6);
    expect_ticks(-7, 13, 5, -10, 15, (const double[]){-10, -5, 0, 5, 10, 15}, 6);
    expect_ticks(13, -7, 5, -10, 15, (const double[]){-10, -5, 0, 5, 10, 15}, 6); /* swapped */
    /* One value: widened by 5 % first (95 .. 105), then range 10 / 4 -> 2. */
    expect_ticks(100, 100, 5, 94, 106, (const double[]){94, 96, 98, 100, 102, 104, 106}, 7);
    expect_ticks(0, 0, 5, -0.6, 0.6, (const double[]){-0.6, -0.4, -0.2, 0, 0.2, 0.4, 0.6}, 7);
    double lo = 0, hi = 1, t[2];
    ck_assert_uint_eq(br_nice_ticks(&lo, &hi, 5, t, 2), 2); /* the cap holds */
    /* Near DBL_MAX the rounded end (1.8e308) overflows: the data's end is kept, every tick is
     * finite (an 'inf s' label at x = -9e17 before). */
    double big_lo = 1.6e308, big_hi = 1.79e308, big[8];
    size_t nbig = br_nice_ticks(&big_lo, &big_hi, 5, big, 8);
    ck_assert_uint_eq(nbig, 4);
    ck_assert_double_eq(big_hi, 1.79e308);
    for (size_t i = 0; i < nbig; i++) ck_assert(isfinite(big[i]));
    ck_assert_double_eq_tol(big[3], 1.75e308, 1e293);
    double one_lo = DBL_MAX, one_hi = DBL_MAX; /* one value: the 5 % pad stops at DBL_MAX */
    nbig = br_nice_ticks(&one_lo, &one_hi, 5, big, 8);
    ck_assert(nbig >= 2 && isfinite(one_hi) && isfinite(big[nbig - 1]));
}
END_TEST

START_TEST(log_ticks)
{
    double t[32];
    size_t n = br_log_ticks(2, 2000, t, 32);
    ck_assert_uint_eq(n, 3);
    ck_assert_double_eq_tol(t[0], 10, EPS);
    ck_assert_double_eq_tol(t[2], 1000, EPS);
    n = br_log_ticks(16, 4096, t, 32); /* two powers only: 1-2-5 */
    ck_assert_uint_eq(n, 7);
    const double want[] = {20, 50, 100, 200, 500, 1000, 2000};
    for (size_t i = 0; i < n; i++) ck_assert_double_eq_tol(t[i], want[i], 1e-9);
    n = br_log_ticks(120, 180, t, 32); /* nothing inside: the ends */
    ck_assert_uint_eq(n, 2);
    ck_assert_double_eq(t[0], 120);
    ck_assert_double_eq(t[1], 180);
    ck_assert_uint_eq(br_log_ticks(1, 1e6, t, 4), 4);
}
END_TEST

START_TEST(kde_values)
{
    const double x[] = {0}, grid[] = {0, 1, -2};
    double d[3];
    br_kde(x, 1, 1, grid, 3, d);
    ck_assert_double_eq_tol(d[0], 0.3989422804014327, EPS);  /* 1 / sqrt(2 pi) */
    ck_assert_double_eq_tol(d[1], 0.24197072451914337, EPS); /* exp(-1/2) / sqrt(2 pi) */
    ck_assert_double_eq_tol(d[2], 0.05399096651318806, EPS);
    /* Two points, h = 2: the mean of two kernels, each scaled by 1/h. */
    const double y[] = {-1, 1}, g0[] = {0};
    br_kde(y, 2, 2, g0, 1, d);
    ck_assert_double_eq_tol(d[0], 0.3520653267642995 / 2, EPS); /* phi(0.5) / 2 */
    /* It integrates to 1 (Riemann sum over 10 bandwidths either side). */
    const double z[] = {3, 4, 4.5, 7, 10};
    double g[2701], dz[2701], sum = 0;
    for (int i = 0; i < 2701; i++) g[i] = -7 + 0.01 * i;
    br_kde(z, 5, 1, g, 2701, dz);
    for (int i = 0; i < 2701; i++) sum += dz[i] * 0.01;
    ck_assert_double_eq_tol(sum, 1, 1e-6);
}
END_TEST

START_TEST(bandwidth)
{
    /* 0.9 min(sd, IQR / 1.34) n^(-1/5): sd 1 is the smaller; 100^(-0.2) = 0.3981071705534972. */
    ck_assert_double_eq_tol(br_kde_bandwidth(1, -0.6745, 0.6745, 0, 100), 0.9 * 0.3981071705534972,
                            EPS);
    /* A wide sd (an outlier) gives way to the IQR: 0.9 * (2 / 1.34) * 32^(-0.2) = 0.9 * 1.4925 / 2.
     */
    ck_assert_double_eq_tol(br_kde_bandwidth(50, 9, 11, 10, 32), 0.9 * (2 / 1.34) * 0.5, EPS);
    ck_assert_double_eq_tol(br_kde_bandwidth(3, 10, 10, 10, 32), 0.9 * 3 * 0.5, EPS); /* IQR 0 */
    ck_assert_double_eq(br_kde_bandwidth(0, 7, 7, 7, 10), 0.7); /* identical samples */
    ck_assert_double_eq(br_kde_bandwidth(0, 0, 0, 0, 10), 1);
}
END_TEST

START_TEST(jitter)
{
    ck_assert_double_eq(br_jitter(0), -0.5);
    ck_assert_double_eq_tol(br_jitter(1), 0.6180339887498949 - 0.5, EPS);
    ck_assert_double_eq_tol(br_jitter(2), 0.2360679774997898 - 0.5, EPS);
    for (size_t i = 0; i < 1000; i++) ck_assert(br_jitter(i) >= -0.5 && br_jitter(i) < 0.5);
}
END_TEST

START_TEST(time_units)
{
    ck_assert_str_eq(br_time_unit_for(0).name, "ns");
    ck_assert_str_eq(br_time_unit_for(999).name, "ns");
    ck_assert_str_eq(br_time_unit_for(1000).name, "us");
    ck_assert_double_eq(br_time_unit_for(5.4e6).ns, 1e6);
    ck_assert_str_eq(br_time_unit_for(2e9).name, "s");
}
END_TEST

int main(void)
{
    Suite *s = suite_create("chart");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, scales);
    tcase_add_test(tc, nice_ticks);
    tcase_add_test(tc, log_ticks);
    tcase_add_test(tc, kde_values);
    tcase_add_test(tc, bandwidth);
    tcase_add_test(tc, jitter);
    tcase_add_test(tc, time_units);
    suite_add_tcase(s, tc);
    return check_run_suite(s);
}
