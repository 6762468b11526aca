/* check_history.c - runs into a history (order, labels, series, levels, change points mapped
 * back to runs) and parameter families. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "analyze/history.h"
#include "check_main.h"
#include "model/family.h"

#define NRUNS 16

/* Run i of a suite: "steady" at 10 (+ a wiggle), "jump" 10 -> 20 from run 8, "late" only from
 * run 4 on; a date line unless `no_date`. */
static void make_run(struct br_results *r, int i, const char *date, const char *commit)
{
    const double wiggle = (i % 3) * 0.01;
    double steady = 10 + wiggle, jump = (i >= 8 ? 20 : 10) + wiggle, late = 5 + wiggle;
    br_results_init(r);
    if (date) br_results_set(r, "date", date);
    if (commit) br_results_set(r, "git_commit", commit);
    br_results_add(r, "steady", 1, &steady, 1);
    if (i >= 4) br_results_add(r, "late", 1, &late, 1);
    br_results_add(r, "jump", 1, &jump, 1);
}

START_TEST(labels)
{
    struct br_results r;
    br_results_init(&r);
    char *l = br_history_label(&r, "results/2026-01-01T10-00-00Z.csv");
    ck_assert_str_eq(l, "2026-01-01T10-00-00Z");
    free(l);
    l = br_history_label(&r, "noext");
    ck_assert_str_eq(l, "noext");
    free(l);
    br_results_set(&r, "git_commit", "0123456789abcdef0123456789abcdef01234567");
    l = br_history_label(&r, "x.csv");
    ck_assert_str_eq(l, "0123456");
    free(l);
    br_results_set(&r, "git_dirty", "1");
    l = br_history_label(&r, "x.csv");
    ck_assert_str_eq(l, "0123456+");
    free(l);
    br_results_release(&r);
    br_results_init(&r);
    br_results_set(&r, "git_commit", "abc");
    br_results_set(&r, "git_dirty", "false");
    l = br_history_label(&r, "x.csv");
    ck_assert_str_eq(l, "abc");
    free(l);
    br_results_release(&r);
}
END_TEST

/* Commits that differ only after the 7th character get labels long enough to tell them apart,
 * as git lengthens an abbreviation; the same commit twice keeps one label; a history whose
 * commits differ within 7 keeps 7. */
START_TEST(labels_unique_as_git_abbreviates)
{
    static const char *const commits[] = {"0123456789abcdef", "01234567ffffffff",
                                          "0123456789abcdef", "0123456789abzzzz"};
    struct br_results res[4];
    const char *paths[4] = {"a.csv", "b.csv", "c.csv", "d.csv"};
    struct br_cp_opts o;
    struct br_history h;
    for (int i = 0; i < 4; i++) make_run(&res[i], i, NULL, commits[i]);
    br_cp_opts_default(&o);
    br_history_build(res, paths, 4, &o, &h);
    ck_assert_str_eq(h.runs[0].label, "0123456789abc"); /* 13: "...89abc" vs "...89abz" */
    ck_assert_str_eq(h.runs[1].label, "01234567fffff");
    ck_assert_str_eq(h.runs[2].label, "0123456789abc");
    ck_assert_str_eq(h.runs[3].label, "0123456789abz");
    br_history_release(&h);
    for (int i = 0; i < 4; i++) br_results_release(&res[i]);
}
END_TEST

/* The runs given newest first are put in date order; the step is found at run 8 and named by
 * that run's commit; "late" misses runs 0-3 (NAN) and its series still has no change. */
START_TEST(ordered_by_date_with_changes)
{
    struct br_results res[NRUNS];
    const char *paths[NRUNS];
    char dates[NRUNS][32], commits[NRUNS][16];
    struct br_cp_opts o;
    struct br_history h;
    for (int k = 0; k < NRUNS; k++) {
        int i = NRUNS - 1 - k; /* newest first */
        snprintf(dates[k], sizeof dates[k], "2026-01-%02dT10:00:00Z", i + 1);
        snprintf(commits[k], sizeof commits[k], "c%02d", i);
        make_run(&res[k], i, dates[k], commits[k]);
        paths[k] = "run.csv";
    }
    br_cp_opts_default(&o);
    br_history_build(res, paths, NRUNS, &o, &h);
    ck_assert_int_eq(h.by_date, 1);
    ck_assert_uint_eq(h.nruns, NRUNS);
    ck_assert_str_eq(h.runs[0].label, "c00");
    ck_assert_str_eq(h.runs[NRUNS - 1].label, "c15");
    ck_assert_uint_eq(h.nseries, 3);
    ck_assert_str_eq(h.series[0].name, "steady"); /* first appearance: run 0's order */
    ck_assert_str_eq(h.series[1].name, "jump");
    ck_assert_str_eq(h.series[2].name, "late");
    ck_assert_uint_eq(h.series[0].ncps, 0);
    ck_assert_uint_eq(h.series[1].ncps, 1);
    ck_assert_uint_eq(h.series[1].cps[0].index, 8);
    ck_assert_str_eq(h.runs[h.series[1].cps[0].index].label, "c08");
    /* Levels: medians of the segments' medians (10, 10.01, 10.02 repeating). */
    ck_assert_double_eq_tol(h.series[1].steps[0].before, 10.01, 1e-12);
    ck_assert_double_eq_tol(h.series[1].steps[0].after, 20.01, 1e-12);
    ck_assert_double_eq_tol(h.series[1].steps[0].pct, 100 * (20.01 / 10.01 - 1), 1e-9);
    ck_assert_double_eq_tol(h.series[1].level[3], 10.01, 1e-12);
    ck_assert_double_eq_tol(h.series[1].level[12], 20.01, 1e-12);
    ck_assert(isnan(h.series[2].median[3]) && isnan(h.series[2].level[3]));
    ck_assert_double_eq(h.series[2].median[4], 5.01);
    ck_assert_uint_eq(h.series[2].ncps, 0);
    br_history_release(&h);
    for (int k = 0; k < NRUNS; k++) br_results_release(&res[k]);
}
END_TEST

/* A run without a date: the given order is kept (and said), labels fall back to file names;
 * a change point's index is a run index even when earlier runs lack the benchmark. */
START_TEST(given_order_and_gaps)
{
    struct br_results res[NRUNS];
    const char *paths[NRUNS];
    char names[NRUNS][32];
    struct br_cp_opts o;
    struct br_history h;
    for (int i = 0; i < NRUNS; i++) {
        snprintf(names[i], sizeof names[i], "dir/run%02d.csv", i);
        paths[i] = names[i];
        make_run(&res[i], i, i == 5 ? NULL : "2026-01-01T00:00:00Z", NULL);
    }
    /* "late" from run 4 on, with its own step at run 11. */
    for (int i = 11; i < NRUNS; i++) br_results_release(&res[i]);
    for (int i = 11; i < NRUNS; i++) {
        double late = 50 + (i % 3) * 0.01, steady = 10, jump = 20;
        br_results_init(&res[i]);
        br_results_add(&res[i], "steady", 1, &steady, 1);
        br_results_add(&res[i], "late", 1, &late, 1);
        br_results_add(&res[i], "jump", 1, &jump, 1);
    }
    br_cp_opts_default(&o);
    br_history_build(res, paths, NRUNS, &o, &h);
    ck_assert_int_eq(h.by_date, 0);
    for (int i = 0; i < NRUNS; i++) ck_assert_str_eq(h.runs[i].path, names[i]);
    ck_assert_str_eq(h.runs[2].label, "run02");
    const struct br_history_series *late = &h.series[2];
    ck_assert_str_eq(late->name, "late");
    ck_assert_uint_eq(late->ncps, 1);
    ck_assert_uint_eq(late->cps[0].index, 11); /* 7th point of its series, 11th run */
    br_history_release(&h);
    for (int i = 0; i < NRUNS; i++) br_results_release(&res[i]);
}
END_TEST

/* Only the latest BR_HISTORY_MAX_SEARCH runs are searched: older runs get no level. */
START_TEST(search_is_capped)
{
    enum { N = BR_HISTORY_MAX_SEARCH + 3 };
    static struct br_results res[N];
    static const char *paths[N];
    struct br_cp_opts o;
    struct br_history h;
    const double v = 7;
    for (int i = 0; i < N; i++) {
        br_results_init(&res[i]);
        br_results_add(&res[i], "flat", 1, &v, 1);
        paths[i] = "r.csv";
    }
    br_cp_opts_default(&o);
    br_history_build(res, paths, N, &o, &h);
    ck_assert_uint_eq(h.series[0].ncps, 0);
    ck_assert(isnan(h.series[0].level[2]));
    ck_assert_double_eq(h.series[0].level[3], 7);
    ck_assert_double_eq(h.series[0].level[N - 1], 7);
    br_history_release(&h);
    for (int i = 0; i < N; i++) br_results_release(&res[i]);
}
END_TEST

START_TEST(family_split)
{
    size_t len;
    double arg;
    ck_assert_int_eq(br_family_split("memcpy/64", &len, &arg), 1);
    ck_assert_uint_eq(len, 6);
    ck_assert_double_eq(arg, 64);
    ck_assert_int_eq(br_family_split("a/b/0.5", &len, &arg), 1);
    ck_assert_uint_eq(len, 3);
    ck_assert_double_eq(arg, 0.5);
    ck_assert_int_eq(br_family_split("strlen", &len, &arg), 0);
    ck_assert_int_eq(br_family_split("/16", &len, &arg), 0);
    ck_assert_int_eq(br_family_split("x/abc", &len, &arg), 0);
    ck_assert_int_eq(br_family_split("x/", &len, &arg), 0);
}
END_TEST

START_TEST(families_grouped_and_sorted)
{
    struct br_results r;
    struct br_family *f;
    const double one = 1;
    br_results_init(&r);
    const char *names[] = {"memcpy/4096",  "fnv/16",   "memcpy/64", "strlen",
                           "memcpy/65536", "sort/b/8", "sort/b/2"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        br_results_add(&r, names[i], 1, &one, 1);
    size_t n = br_families(&r, &f);
    ck_assert_uint_eq(n, 2); /* fnv has one member: no family */
    ck_assert_str_eq(f[0].base, "memcpy");
    ck_assert_uint_eq(f[0].n, 3);
    ck_assert_double_eq(f[0].args[0], 64);
    ck_assert_double_eq(f[0].args[2], 65536);
    ck_assert_str_eq(f[0].rows[1]->name, "memcpy/4096");
    ck_assert_str_eq(f[1].base, "sort/b");
    ck_assert_str_eq(f[1].rows[0]->name, "sort/b/2");
    br_families_release(f, n);
    br_results_release(&r);
    br_results_init(&r);
    br_results_add(&r, "alone", 1, &one, 1);
    ck_assert_uint_eq(br_families(&r, &f), 0);
    ck_assert_ptr_null(f);
    br_results_release(&r);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("history");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, labels);
    tcase_add_test(tc, labels_unique_as_git_abbreviates);
    tcase_add_test(tc, ordered_by_date_with_changes);
    tcase_add_test(tc, given_order_and_gaps);
    tcase_add_test(tc, search_is_capped);
    tcase_add_test(tc, family_split);
    tcase_add_test(tc, families_grouped_and_sorted);
    suite_add_tcase(s, tc);
    return check_run_suite(s);
}
