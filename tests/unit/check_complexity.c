/* Complexity fitting (issue 15) against Google Benchmark's own: the coefficients and RMS below
 * are what GB 1.7.1's complexity.cc computed from the same data points, printed by
 * tests/data/gbench_complexity_ref.cc (each family run with each Complexity(class), manual
 * time, one iteration per run, so GB fits exactly these times; %.17g).  GB picks the class on
 * CPU time and benchrun on wall time, so the reference is per class, and the expected best class
 * is the one of least RMS among GB's values. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "format/report.h"
#include "format/results_read.h"
#include "model/complexity.h"
#include "check_main.h"
#include "check_render.h"

/* The data points: sizes and times (ns), a repeated size being one repetition each. */
static const struct family {
    const char *name;
    size_t m;
    double n[9], t[9];
    const char *best;
} families[] = {
    {"lin", 4, {8, 64, 512, 4096}, {17.5, 130.0, 1030.0, 8190.0}, "N"},
    {"quad", 5, {8, 16, 32, 64, 128}, {70.0, 250.0, 1030.0, 4100.0, 16500.0}, "N^2"},
    {"nlgn", 4, {64, 512, 4096, 32768}, {1950.0, 23100.0, 245000.0, 2470000.0}, "NlgN"},
    {"flat", 4, {1, 10, 100, 1000}, {5.0, 5.2, 4.9, 5.1}, "(1)"},
    {"lg", 4, {2, 16, 128, 1024}, {3.1, 12.2, 20.9, 30.1}, "lgN"},
    {"cube", 4, {4, 8, 16, 32}, {64.0, 520.0, 4090.0, 32800.0}, "N^3"},
    {"reps",
     9,
     {100, 100, 100, 1000, 1000, 1000, 10000, 10000, 10000},
     {210.0, 190.0, 205.0, 2010.0, 1985.0, 2100.0, 19900.0, 20300.0, 20050.0},
     "N"},
};
enum { NFAM = sizeof families / sizeof families[0] };

/* GB's "family.class", real_coefficient (ns), real RMS (a fraction). */
static const struct {
    const char *key;
    double coef, rms;
} gb[] = {
    {"cube.(1)", 9368.5000000000018, 1.4535628754583978},
    {"cube.lgN", 3371.2592592592596, 1.1682029047798923},
    {"cube.N", 823.12941176470611, 0.69869381949438591},
    {"cube.NlgN", 182.05274261603375, 0.49897824972234311},
    {"cube.N^2", 30.996566720073247, 0.22791545221271567},
    {"cube.N^3", 1.0009425283040125, 0.00066443480175236718},
    {"flat.(1)", 5.0500000000000007, 0.022139286905938471},
    {"flat.lgN", 0.65151491918704507, 0.59802425132059689},
    {"flat.N", 0.0055905300559053002, 0.83127215665779053},
    {"flat.NlgN", 0.00054384596289688641, 0.8433547371225607},
    {"flat.N^2", 5.1490100475000009e-06, 0.86056091138237867},
    {"flat.N^3", 5.1049001000947954e-09, 0.86314812909246263},
    {"lg.(1)", 16.575000000000003, 0.60508602250909904},
    {"lg.lgN", 3.0072289156626506, 0.0074702702290634793},
    {"lg.N", 0.031635718443138512, 0.62928864507973004},
    {"lg.NlgN", 0.0031016789023100249, 0.66415298435858405},
    {"lg.N^2", 2.9012798071992412e-05, 0.7236917328100686},
    {"lg.N^3", 2.8070762657207428e-08, 0.73446508367588392},
    {"lin.(1)", 2341.8750000000005, 1.4514621775791721},
    {"lin.lgN", 401.41666666666669, 1.0599714789524317},
    {"lin.N", 1.9997078068380243, 0.001428961320045544},
    {"lin.NlgN", 0.16713220625045544, 0.057550364131207579},
    {"lin.N^2", 0.00048900378384689376, 0.19452912173097625},
    {"lin.N^3", 1.1920901255135592e-07, 0.21829669069185714},
    {"nlgn.(1)", 685012.5, 1.5108497354112438},
    {"nlgn.lgN", 82735.8024691358, 1.2289216876362568},
    {"nlgn.N", 75.131589601209143, 0.047561730688213469},
    {"nlgn.NlgN", 5.0248239973587996, 0.0014532017604935864},
    {"nlgn.N^2", 0.0023033747531136894, 0.15153926752653643},
    {"nlgn.N^3", 7.0214957180242576e-08, 0.17612132576211953},
    {"quad.(1)", 4390, 1.4182686749044642},
    {"quad.lgN", 1084.8888888888889, 1.1672808325065291},
    {"quad.N", 110.51686217008799, 0.49520686374230855},
    {"quad.NlgN", 16.869084916128191, 0.34029772315187634},
    {"quad.N^2", 1.0067122344610544, 0.0026557323397926602},
    {"quad.N^3", 0.0079932305636112415, 0.2215355356212014},
    {"reps.(1)", 7438.8888888888887, 1.2061859788869587},
    {"reps.lgN", 901.34262897113547, 0.94275108594797818},
    {"reps.N", 2.0085651585651592, 0.01350390407446495},
    {"reps.NlgN", 0.15144082758464381, 0.043522760235606077},
    {"reps.N^2", 0.00020101659799670103, 0.1435559732028289},
    {"reps.N^3", 2.0085345116301463e-08, 0.15747595533710015},
};

static const struct family *family_named(const char *name, size_t len)
{
    for (size_t f = 0; f < NFAM; f++)
        if (strlen(families[f].name) == len && strncmp(families[f].name, name, len) == 0)
            return &families[f];
    ck_abort_msg("no family %.*s", (int)len, name);
    return NULL;
}

static enum br_bigo bigo_named(const char *name)
{
    for (int b = 0; b < BR_NBIGO; b++)
        if (strcmp(br_bigo_name((enum br_bigo)b), name) == 0) return (enum br_bigo)b;
    ck_abort_msg("no class %s", name);
    return BR_O1;
}

static void assert_close(double got, double want, const char *what)
{
    ck_assert_msg(fabs(got - want) <= 1e-12 * fabs(want), "%s: %.17g, want %.17g", what, got, want);
}

START_TEST(every_class_as_google_benchmark)
{
    for (size_t i = 0; i < sizeof gb / sizeof gb[0]; i++) {
        const char *dot = strchr(gb[i].key, '.');
        const struct family *f = family_named(gb[i].key, (size_t)(dot - gb[i].key));
        struct br_bigo_fit fit;
        br_bigo_fit_one(bigo_named(dot + 1), f->n, f->t, f->m, &fit);
        assert_close(fit.coef, gb[i].coef, gb[i].key);
        assert_close(fit.rms, gb[i].rms, gb[i].key);
    }
}
END_TEST

START_TEST(best_class_is_least_rms)
{
    for (size_t f = 0; f < NFAM; f++) {
        struct br_bigo_fit fit;
        br_bigo_fit(families[f].n, families[f].t, families[f].m, &fit);
        ck_assert_str_eq(br_bigo_name(fit.bigo), families[f].best);
    }
}
END_TEST

/* GB tries O(1) first and keeps it unless another class is strictly better: data that fit
 * O(1) and O(N) equally (a single size cannot tell them apart) stay O(1). */
START_TEST(ties_keep_the_simplest)
{
    static const double n[] = {1, 1}, t[] = {3, 5};
    struct br_bigo_fit fit;
    br_bigo_fit(n, t, 2, &fit);
    ck_assert_str_eq(br_bigo_name(fit.bigo), "(1)");
    ck_assert(fabs(fit.coef - 4) < 1e-12);
    ck_assert(fabs(fit.rms - 0.25) < 1e-12);
}
END_TEST

/* Results as benchrun makes them: one row per instance, its samples the repetitions, the size
 * in complexity_n.  Plus a family without sizes and one with a single size: not fitted. */
static void make_results(struct br_results *r)
{
    char name[64];
    br_results_init(r);
    for (size_t f = 0; f < NFAM; f++) {
        const struct family *fa = &families[f];
        for (size_t i = 0; i < fa->m;) {
            size_t k = i;
            while (k < fa->m && fa->n[k] == fa->n[i]) k++;
            snprintf(name, sizeof name, "%s/%.0f", fa->name, fa->n[i]);
            struct br_row *row = br_results_add(r, name, 1, &fa->t[i], k - i);
            br_row_set(row, "complexity_n", fa->n[i]);
            i = k;
        }
    }
    static const double t[] = {1, 2};
    br_results_add(r, "nosize/1", 1, t, 2);
    br_results_add(r, "nosize/2", 1, t, 2);
    br_row_set(br_results_add(r, "onesize/1", 1, t, 2), "complexity_n", 10);
    br_row_set(br_results_add(r, "onesize/2", 1, t, 2), "complexity_n", 10);
}

START_TEST(families_of_results)
{
    struct br_results r;
    struct br_complexity *c;
    make_results(&r);
    size_t n = br_complexities(&r, &c);
    ck_assert_uint_eq(n, NFAM);
    for (size_t i = 0; i < n; i++) {
        const struct family *f = family_named(c[i].family, strlen(c[i].family));
        char key[32];
        ck_assert_str_eq(br_bigo_name(c[i].fit.bigo), f->best);
        snprintf(key, sizeof key, "%s.%s", f->name, f->best);
        for (size_t k = 0; k < sizeof gb / sizeof gb[0] && f != &families[6]; k++)
            if (strcmp(gb[k].key, key) == 0) {
                assert_close(c[i].fit.coef, gb[k].coef, key);
                assert_close(c[i].fit.rms, gb[k].rms, key);
            }
        ck_assert_str_eq(r.rows[c[i].last].name, i == 6 ? "reps/10000" : r.rows[c[i].last].name);
    }
    ck_assert_str_eq(c[0].family, "lin");
    ck_assert_uint_eq(c[0].first, 0);
    ck_assert_uint_eq(c[0].last, 3);
    ck_assert_uint_eq(c[6].nrows, 3);
    /* reps has three samples a size: the fit goes through their medians, (100, 205),
     * (1000, 2010), (10000, 20050), where GB fits all nine.  By hand: coef = sum(n t) / sum(n^2)
     * = 202530500 / 101010000 = 405061 / 202020; the squared residuals sum to 454100 / 10101, the
     * mean time is 22265 / 3, so rms = sqrt(454100 / 30303) * 3 / 22265. */
    assert_close(c[6].fit.coef, 405061.0 / 202020.0, "reps.N coef");
    assert_close(c[6].fit.rms, sqrt(454100.0 / 30303.0) * 3.0 / 22265.0, "reps.N rms");
    br_complexities_release(c, n);
    br_results_release(&r);
}
END_TEST

/* A family of three sizes, five samples each, with and without a 15 ms sample (issue 29: one
 * such sample made zstd decompression's fit NlgN with an RMS of 313 %).  Each size's median is
 * the same either way, and so is the fit: through (10, 11), (20, 19), (30, 31), O(N) with
 * coef = (110 + 380 + 930) / (100 + 400 + 900) = 71 / 70, residuals 6/7, -9/7, 4/7, their
 * squares summing to 19 / 7, the mean time 61 / 3: rms = sqrt(19 / 21) * 3 / 61 (4.68 %; lgN,
 * the next best, has 25.4 %).  Fitted through all fifteen samples, the outlier made it lgN. */
static void outlier_family(struct br_results *r, double sample)
{
    static const double n[] = {10, 20, 30};
    double t[3][5] = {{10, 10.5, 11, 11.5, 12}, {18, 18.5, 19, 19.5, 20}, {30, 30.5, 31, 31.5, 32}};
    char name[32];
    t[1][4] = sample;
    br_results_init(r);
    for (size_t i = 0; i < 3; i++) {
        snprintf(name, sizeof name, "decompress/%.0f", n[i]);
        br_row_set(br_results_add(r, name, 1000, t[i], 5), "complexity_n", n[i]);
    }
}

START_TEST(one_outlier_changes_nothing)
{
    static const double samples[] = {20, 15e6};
    for (size_t k = 0; k < 2; k++) {
        struct br_results r;
        struct br_complexity *c;
        outlier_family(&r, samples[k]);
        ck_assert_uint_eq(br_complexities(&r, &c), 1);
        ck_assert_str_eq(br_bigo_name(c[0].fit.bigo), "N");
        assert_close(c[0].fit.coef, 71.0 / 70.0, "coef");
        assert_close(c[0].fit.rms, sqrt(19.0 / 21.0) * 3.0 / 61.0, "rms");
        br_complexities_release(c, 1);
        br_results_release(&r);
    }
}
END_TEST

/* GB JSON: NAME_BigO and NAME_RMS after the family's last entry, as GB's json_reporter.cc. */
START_TEST(json_as_google_benchmark)
{
    struct br_results r;
    make_results(&r);
    char *j = check_render(br_report_json, &r);
    const char *bigo = strstr(j, "\"name\": \"lin_BigO\"");
    ck_assert_ptr_nonnull(bigo);
    ck_assert_ptr_nonnull(strstr(j, "\"name\": \"lin/4096\"")); /* before it */
    ck_assert(strstr(j, "\"name\": \"lin/4096\"") < bigo);
    ck_assert(strstr(bigo, "\"name\": \"quad/8\"") > strstr(bigo, "\"name\": \"lin_RMS\""));
    ck_assert_ptr_nonnull(strstr(bigo, "\"run_name\": \"lin\""));
    ck_assert_ptr_nonnull(strstr(bigo, "\"aggregate_name\": \"BigO\""));
    ck_assert_ptr_nonnull(strstr(bigo, "\"real_coefficient\": 1.99970780683802"));
    ck_assert_ptr_nonnull(strstr(bigo, "\"big_o\": \"N\""));
    ck_assert_ptr_nonnull(strstr(bigo, "\"rms\": 1.4289613200455")); /* GB: ...5544e-03 */
    ck_assert_ptr_nonnull(strstr(j, "\"big_o\": \"NlgN\""));
    ck_assert_ptr_nonnull(strstr(j, "\"big_o\": \"(1)\""));
    ck_assert_ptr_null(strstr(j, "nosize_BigO"));
    ck_assert_ptr_null(strstr(j, "onesize_BigO"));
    /* complexity_n is no key of GB's entries */
    ck_assert_ptr_null(strstr(j, "complexity_n"));
    /* and the file reads back: the fit entries are not benchmarks */
    struct br_results back;
    br_results_init(&back);
    ck_assert_int_eq(br_read_gbench("t.json", j, strlen(j), &back), 0);
    ck_assert_uint_eq(back.nrows, r.nrows);
    br_results_release(&back);
    free(j);
    br_results_release(&r);
}
END_TEST

/* CSV: a `complexity` context line per fitted family, derived again when the file is read and
 * written (not kept twice); complexity_n a column, so the fit survives the round trip. */
START_TEST(csv_context_and_round_trip)
{
    struct br_results r, back;
    make_results(&r);
    char *c = check_render(br_report_csv, &r);
    ck_assert_ptr_nonnull(strstr(c, "# complexity: lin: N, coefficient 1.99971 ns, rms 0.14%\n"));
    ck_assert_ptr_nonnull(
        strstr(c, "# complexity: nlgn: NlgN, coefficient 5.02482 ns, rms 0.15%\n"));
    ck_assert_ptr_null(strstr(c, "complexity: nosize"));
    br_results_init(&back);
    ck_assert_int_eq(br_read_csv("t.csv", c, strlen(c), &back), 0);
    ck_assert_ptr_null(br_results_get(&back, "complexity"));
    char *again = check_render(br_report_csv, &back);
    ck_assert_str_eq(again, c);
    free(again);
    free(c);
    br_results_release(&back);
    br_results_release(&r);
}
END_TEST

static int console(FILE *out, const struct br_results *r)
{
    return br_report_console(out, r, NULL);
}

/* Console: GB's two lines per family, "NAME_BigO  coefficient class" and "NAME_RMS  percent". */
START_TEST(console_lines)
{
    struct br_results r;
    make_results(&r);
    char *c = check_render(console, &r);
    ck_assert_msg(strstr(c, "lin_BigO") && strstr(c, "2.00 N") && strstr(c, "lin_RMS") &&
                      strstr(c, "0 %"),
                  "%s", c);
    ck_assert_ptr_nonnull(strstr(c, "5.02 NlgN"));
    ck_assert_ptr_null(strstr(c, "nosize_BigO"));
    free(c);
    br_results_release(&r);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("complexity");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, every_class_as_google_benchmark);
    tcase_add_test(tc, best_class_is_least_rms);
    tcase_add_test(tc, ties_keep_the_simplest);
    tcase_add_test(tc, families_of_results);
    tcase_add_test(tc, one_outlier_changes_nothing);
    tcase_add_test(tc, json_as_google_benchmark);
    tcase_add_test(tc, csv_context_and_round_trip);
    tcase_add_test(tc, console_lines);
    suite_add_tcase(s, tc);
    return check_run_suite(s);
}
