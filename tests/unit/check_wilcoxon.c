/* The Wilcoxon signed-rank test and the Hodges-Lehmann interval against reference values.
 *
 * The p-values and statistics are scipy.stats.wilcoxon(d) (scipy 1.10.1, defaults: zero_method
 * 'wilcox', correction False, method 'auto'); the estimates and intervals an independent
 * Python implementation of Hollander, Wolfe & Chicken 3.2 over the Walsh averages, with the
 * exact critical values from scipy's own signed-rank distribution (_get_wilcoxon_distr) up to
 * n = 50 and eq. 3.27 beyond.  The cases: exact (n <= 50, no zeros), tied ranks in the exact
 * branch (scipy truncates the half-integer rank sum), zeros (the approximation, zeros
 * dropped), n = 50 and 51 (either side of the switch), many ties in the approximation. */
#include <check.h>
#include <math.h>
#include <stdlib.h>

#include "analyze/wilcoxon.h"
#include "check_main.h"

static const struct {
    const char *name;
    size_t n;
    double d[120];
    double t, p, estimate, lo, hi;
    int widest;
} ref[] = {
    {"small", 5, {1.0, 2.0, 3.0, 4.0, 5.0}, 0, 0.0625, 3, 1, 5, 1},
    {"mixed", 7, {0.5, -1.25, 2.0, 3.5, -0.25, 1.75, 4.0}, 4, 0.109375, 1.5, -0.375, 3.5, 0},
    {"ties_exact", 8, {1.0, 1.0, 2.0, -2.0, 3.0, 3.0, 3.0, 4.0}, 3.5, 0.0546875, 2, 0, 3.5, 0},
    {"zeros_approx",
     12,
     {0.0, 0.0, 1.5, -0.5, 2.5, 3.0, -1.0, 2.0, 0.75, 1.25, 4.0, -2.0},
     10.5,
     0.082931082084962096,
     1,
     -0.25,
     2.125,
     0},
    {"n50",
     50,
     {-0.051191, 0.083186,  -0.023533, 0.007041, 0.016233,  -0.017044, -0.04839,  0.052445,
      0.038053,  -0.077643, 0.13737,   0.068425, -0.017969, 0.06511,   -0.003348, 0.016966,
      0.059442,  -0.042833, 0.048793,  0.089949, 0.086115,  0.005015,  0.065146,  -0.061079,
      0.012091,  0.042474,  -0.04718,  0.015916, 0.106237,  0.150908,  0.058868,  0.061432,
      -0.027949, -0.040469, -0.050615, 0.047077, 0.057597,  -0.012938, -0.041434, 0.032878,
      0.035645,  0.013459,  0.083499,  0.015352, 0.016692,  -0.035411, 0.026798,  0.087354,
      0.023057,  0.023546},
     356,
     0.0059421591149764197,
     0.021533999999999998,
     0.0069299999999999995,
     0.038052999999999997,
     0},
    {"n51",
     51,
     {0.041683,  0.033874,  0.046513,  0.046836,  0.050918,  -0.019751, 0.035002,  -0.060135,
      0.03334,   -0.043081, 0.016436,  0.043702,  -0.000743, 0.024886,  -0.062021, -0.022863,
      0.054414,  -0.037726, 0.052523,  -0.049418, -0.025369, -0.034771, 0.020357,  0.046718,
      -0.03329,  0.010926,  0.101098,  0.00413,   -0.020791, 0.039329,  0.008818,  -0.015085,
      -0.069786, 0.060916,  -0.008552, 0.020039,  -0.033182, 0.085086,  0.057394,  0.069044,
      0.014479,  0.043396,  0.06453,   0.07115,   0.035619,  0.016905,  0.002026,  -0.017432,
      -0.028274, 0.038002,  0.007772},
     414,
     0.019596075362947708,
     0.014049500000000001,
     0.0022789999999999998,
     0.027313999999999998,
     0},
    {"n120_ties",
     120,
     {-0.06, -0.0,  0.03,  -0.01, -0.06, -0.0,  0.02,  0.01,  -0.01, 0.06,  0.06,  -0.0,
      0.02,  0.01,  0.02,  0.04,  0.02,  0.0,   -0.02, -0.02, -0.0,  0.03,  0.01,  0.0,
      0.01,  0.0,   0.02,  -0.03, -0.06, -0.01, -0.03, 0.05,  -0.0,  -0.01, -0.05, 0.01,
      -0.02, 0.03,  0.03,  -0.02, 0.01,  -0.08, -0.02, 0.04,  0.02,  0.01,  -0.0,  -0.04,
      -0.04, 0.01,  0.05,  -0.07, 0.02,  0.02,  0.03,  -0.03, -0.02, 0.0,   -0.03, -0.04,
      -0.03, -0.0,  0.01,  -0.0,  0.0,   -0.02, -0.02, 0.03,  -0.0,  -0.0,  0.03,  0.04,
      0.04,  0.01,  -0.0,  0.01,  0.01,  0.04,  0.01,  0.02,  -0.0,  0.04,  -0.06, 0.01,
      0.02,  -0.03, 0.06,  -0.0,  -0.0,  -0.03, 0.03,  0.01,  -0.02, 0.01,  0.02,  0.04,
      0.01,  -0.03, -0.02, -0.07, -0.02, 0.02,  0.01,  -0.0,  -0.01, 0.05,  0.01,  0.03,
      0.01,  -0.02, 0.05,  -0.04, -0.04, -0.01, -0.02, -0.02, -0.02, 0.03,  0.0,   0.01},
     2352.5,
     0.66708625731334725,
     0,
     -0.0050000000000000001,
     0.005000000000000001,
     0},
    {"n30_shift",
     30,
     {0.020602, 0.057652, 0.154229, 0.039809, 0.158927, 0.048467, 0.114961, 0.057688,
      0.109831, 0.055018, 0.08717,  0.183627, 0.081237, 0.20184,  0.07706,  0.041212,
      0.103753, 0.07955,  0.187827, 0.143046, 0.159064, 0.131584, 0.22355,  0.139715,
      0.126568, 0.05853,  0.054535, 0.109212, 0.149887, 0.155848},
     0,
     1.862645149230957e-09,
     0.10835800000000001,
     0.087517500000000012,
     0.13172050000000002,
     0},
};

static int close_to(double a, double b, double tol)
{
    return fabs(a - b) <= tol * fmax(1, fabs(b));
}

START_TEST(test_matches_scipy)
{
    for (size_t i = 0; i < sizeof ref / sizeof ref[0]; i++) {
        struct br_wilcoxon w;
        br_wilcoxon_test(ref[i].d, ref[i].n, &w);
        ck_assert_msg(close_to(w.t, ref[i].t, 1e-12), "%s: t %.17g, scipy %.17g", ref[i].name, w.t,
                      ref[i].t);
        ck_assert_msg(close_to(w.p, ref[i].p, 1e-9), "%s: p %.17g, scipy %.17g", ref[i].name, w.p,
                      ref[i].p);
    }
}
END_TEST

START_TEST(test_hodges_lehmann)
{
    for (size_t i = 0; i < sizeof ref / sizeof ref[0]; i++) {
        double est, ci[2];
        int widest = br_hodges_lehmann(ref[i].d, ref[i].n, 0.05, &est, ci);
        ck_assert_msg(close_to(est, ref[i].estimate, 1e-12) && close_to(ci[0], ref[i].lo, 1e-12) &&
                          close_to(ci[1], ref[i].hi, 1e-12) && widest == ref[i].widest,
                      "%s: %.17g [%.17g, %.17g] %d", ref[i].name, est, ci[0], ci[1], widest);
    }
}
END_TEST

/* Hand-checked: n = 5, one positive and four negative ranks; the exact branch and the switch. */
START_TEST(test_exact_by_hand)
{
    struct br_wilcoxon w;
    const double d[] = {-1, -2, -3, -4, 5};
    br_wilcoxon_test(d, 5, &w);
    /* T+ = 5 of 15; P(T+ <= 5) = 10/32 (subsets of {1..5} summing to 0..5: 1,1,1,2,2,3) */
    ck_assert(w.exact && w.t == 5 && close_to(w.p, 2 * 10.0 / 32, 1e-15));
    ck_assert(close_to(br_wilcoxon_cdf(5, 5), 10.0 / 32, 1e-15));
    ck_assert(close_to(br_wilcoxon_cdf(3, 6), 1, 1e-15));
    const double zeros[] = {0, 0, 0};
    br_wilcoxon_test(zeros, 3, &w);
    ck_assert(w.p == 1 && w.n_used == 0); /* nothing to test: no evidence of a difference */
}
END_TEST

/* The critical count c is the largest with P(T+ <= c - 1) <= alpha / 2 (HWC 3.2).  The
 * probabilities are multiples of 2^-n, so the boundary is reached only at an alpha / 2 of that
 * form (never at 0.05): at --alpha 0.0625, n = 6 has P(T+ <= 1) = 2 / 64 = alpha / 2 exactly
 * (T+ = 0 and 1: the empty set and {1}), so c = 2 and the interval is [W_(2), W_(20)] of the
 * 21 Walsh averages of 1 .. 6: [1.5, 5.5].  n = 5 has P(T+ <= 0) = 1 / 32 = alpha / 2: c = 1,
 * [W_(1), W_(15)] = [1, 5], and not the widest one (it has its confidence). */
START_TEST(test_interval_at_a_dyadic_alpha)
{
    const double d[] = {1, 2, 3, 4, 5, 6};
    double est, ci[2];
    ck_assert_int_eq(br_hodges_lehmann(d, 6, 0.0625, &est, ci), 0);
    ck_assert(ci[0] == 1.5 && ci[1] == 5.5 && est == 3.5);
    ck_assert_int_eq(br_hodges_lehmann(d, 5, 0.0625, &est, ci), 0);
    ck_assert(ci[0] == 1 && ci[1] == 5);
    ck_assert_int_eq(br_hodges_lehmann(d, 5, 0.0624, &est, ci), 1); /* just out of reach */
}
END_TEST

/* A symmetric sample centred on c: the estimate is c and the interval holds it. */
START_TEST(test_estimate_is_the_centre)
{
    double d[41], est, ci[2];
    for (int i = 0; i < 41; i++) d[i] = 0.25 + (i - 20) * 0.01;
    ck_assert_int_eq(br_hodges_lehmann(d, 41, 0.05, &est, ci), 0);
    ck_assert(close_to(est, 0.25, 1e-12) && ci[0] < 0.25 && ci[1] > 0.25);
    /* more confidence, a wider interval */
    double ci99[2];
    br_hodges_lehmann(d, 41, 0.01, &est, ci99);
    ck_assert(ci99[0] < ci[0] && ci99[1] > ci[1]);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("wilcoxon");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_matches_scipy);
    tcase_add_test(tc, test_hodges_lehmann);
    tcase_add_test(tc, test_exact_by_hand);
    tcase_add_test(tc, test_estimate_is_the_centre);
    tcase_add_test(tc, test_interval_at_a_dyadic_alpha);
    suite_add_tcase(s, tc);
    return check_run_suite(s);
}
