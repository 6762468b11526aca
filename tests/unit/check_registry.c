/* Registry: blocks from two translation units (reg_a.c, reg_b.c) registered at load time,
 * expanded, sorted, filtered; duplicates and ABI mismatches rejected with both places named. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "model/registry.h"
#include "check_main.h"

extern int reg_a_runs;
extern uint64_t reg_b_body_runs, reg_b_index_sum;

static const char *const expected[] = {"alpha", "beta/4096", "beta/64", "beta/7", "gamma"};

START_TEST(collects_across_units_sorted)
{
    struct br_registry reg;
    ck_assert_int_eq(br_registry_collect(&reg, NULL), 0);
    ck_assert_uint_eq(reg.n, 5);
    /* Arguments keep declaration order, not string order ("beta/4096" < "beta/64" < "beta/7"
     * happens to agree here, so also check the values). */
    for (size_t i = 0; i < 5; i++) ck_assert_str_eq(reg.benches[i].name, expected[i]);
    ck_assert_int_eq(reg.benches[1].arg, 4096);
    ck_assert_int_eq(reg.benches[2].arg, 64);
    ck_assert_int_eq(reg.benches[3].arg, 7);
    ck_assert_ptr_eq(reg.benches[1].desc, reg.benches[3].desc);
    ck_assert(strstr(reg.benches[4].desc->file, "reg_b.c") != NULL);
    br_registry_release(&reg);
}
END_TEST

START_TEST(loop_runs_body_n_times_with_index)
{
    struct br_registry reg;
    ck_assert_int_eq(br_registry_collect(&reg, NULL), 0);
    bench_t st;
    memset(&st, 0, sizeof st);
    reg_b_body_runs = reg_b_index_sum = 0;
    st.data = NULL;
    reg.benches[4].desc->loop(&st, 10);
    /* 10 runs, bench_i = 0..9; data was not set by setup here, so each run adds 1000000. */
    ck_assert_uint_eq(reg_b_body_runs, 10 + 10 * 1000000u);
    ck_assert_uint_eq(reg_b_index_sum, 45);
    reg_a_runs = 0;
    st.arg = 64;
    reg.benches[2].desc->loop(&st, 3);
    ck_assert_int_eq(reg_a_runs, 192);
    reg.benches[0].desc->loop(&st, 0); /* zero iterations: the body never runs */
    ck_assert_int_eq(reg_a_runs, 192);
    br_registry_release(&reg);
}
END_TEST

static void noop_loop(bench_t *b, uint64_t n)
{
    (void)b;
    (void)n;
}

START_TEST(duplicates_name_both_places)
{
    bench_desc second = {BENCH_ABI,        0,    "x",  "b.c", 20,  noop_loop, NULL,
                         BENCH_KIND_PLAIN, NULL, NULL, 0,     NULL};
    bench_desc first = {BENCH_ABI,        0,    "x",  "a.c", 10,     noop_loop, NULL,
                        BENCH_KIND_PLAIN, NULL, NULL, 0,     &second};
    struct br_registry reg;
    ck_assert_int_eq(br_registry_collect(&reg, &first), -1);
    ck_assert_str_eq(br_errmsg(), "duplicate benchmark name 'x': defined at a.c:10 and at b.c:20");
    ck_assert_ptr_null(reg.benches);
}
END_TEST

START_TEST(duplicate_arguments_rejected)
{
    static const int64_t args[] = {8, 16, 8};
    static const int64_t *const lists[] = {args};
    static const size_t lens[] = {3};
    bench_desc d = {BENCH_ABI,          0,     "m",  "m.c", 5,   noop_loop, NULL,
                    BENCH_KIND_PRODUCT, lists, lens, 1,     NULL};
    struct br_registry reg;
    ck_assert_int_eq(br_registry_collect(&reg, &d), -1);
    ck_assert(strstr(br_errmsg(), "'m/8'") != NULL);
}
END_TEST

/* Names a results file cannot carry are refused where they were registered. */
START_TEST(unusable_names_rejected)
{
    static const struct {
        const char *name, *why;
    } bad[] = {{"", "is empty"},
               {"#comment", "starts with '#'"},
               {"two\nlines", "'two\\nlines' holds a control character"},
               {"esc\x1b[2J", "'esc\\x1b[2J' holds a control character"},
               {"caf\xe9", "'caf\\xe9' is not UTF-8 text"},
               {"cut\xc3", "'cut\\xc3' is not UTF-8 text"}};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        bench_desc d = {BENCH_ABI,        0,    bad[i].name, "n.c", 7,   noop_loop, NULL,
                        BENCH_KIND_PLAIN, NULL, NULL,        0,     NULL};
        struct br_registry reg;
        ck_assert_int_eq(br_registry_collect(&reg, &d), -1);
        ck_assert_msg(strstr(br_errmsg(), bad[i].why) && strstr(br_errmsg(), "n.c:7"), "%s",
                      br_errmsg());
        ck_assert_ptr_null(strchr(br_errmsg(), '\n'));
    }
    bench_desc ok = {BENCH_ABI,
                     0,
                     "with space, comma \"and\" quote",
                     "n.c",
                     8,
                     noop_loop,
                     NULL,
                     BENCH_KIND_PLAIN,
                     NULL,
                     NULL,
                     0,
                     NULL};
    struct br_registry reg;
    ck_assert_int_eq(br_registry_collect(&reg, &ok), 0);
    br_registry_release(&reg);
}
END_TEST

START_TEST(abi_mismatch_rejected)
{
    bench_desc d = {BENCH_ABI + 1,    0,    "old", "old.c", 3,   noop_loop, NULL,
                    BENCH_KIND_PLAIN, NULL, NULL,  0,       NULL};
    struct br_registry reg;
    ck_assert_int_eq(br_registry_collect(&reg, &d), -1);
    ck_assert(strstr(br_errmsg(), "old.c:3") != NULL);
    ck_assert(strstr(br_errmsg(), "rebuild") != NULL);
}
END_TEST

START_TEST(filter_is_searched_extended_regex)
{
    struct br_registry reg;
    ck_assert_int_eq(br_registry_collect(&reg, NULL), 0);
    ck_assert_int_eq(br_registry_filter(&reg, "^beta/(64|7)$"), 0);
    ck_assert_uint_eq(reg.n, 2);
    ck_assert_str_eq(reg.benches[0].name, "beta/64");
    ck_assert_str_eq(reg.benches[1].name, "beta/7");
    br_registry_release(&reg);

    ck_assert_int_eq(br_registry_collect(&reg, NULL), 0);
    ck_assert_int_eq(br_registry_filter(&reg, "a$"), 0); /* searched, not anchored */
    ck_assert_uint_eq(reg.n, 2);
    ck_assert_str_eq(reg.benches[0].name, "alpha");
    ck_assert_str_eq(reg.benches[1].name, "gamma");
    ck_assert_int_eq(br_registry_filter(&reg, "nomatch"), 0);
    ck_assert_uint_eq(reg.n, 0);
    br_registry_release(&reg);
}
END_TEST

START_TEST(bad_filter_names_flag)
{
    struct br_registry reg;
    ck_assert_int_eq(br_registry_collect(&reg, NULL), 0);
    ck_assert_int_eq(br_registry_filter(&reg, "("), -1);
    ck_assert(strncmp(br_errmsg(), "--filter:", 9) == 0);
    ck_assert_uint_eq(reg.n, 5); /* untouched */
    br_registry_release(&reg);
}
END_TEST

START_TEST(register_twice_is_harmless)
{
    bench_desc d = {BENCH_ABI,        0,    "twice", "t.c", 1,   noop_loop, NULL,
                    BENCH_KIND_PLAIN, NULL, NULL,    0,     NULL};
    bench_register(&d);
    bench_register(&d);
    struct br_registry reg;
    ck_assert_int_eq(br_registry_collect(&reg, NULL), 0);
    size_t count = 0;
    for (size_t i = 0; i < reg.n; i++) count += strcmp(reg.benches[i].name, "twice") == 0;
    ck_assert_uint_eq(count, 1);
    br_registry_release(&reg);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("registry");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, collects_across_units_sorted);
    tcase_add_test(tc, loop_runs_body_n_times_with_index);
    tcase_add_test(tc, duplicates_name_both_places);
    tcase_add_test(tc, duplicate_arguments_rejected);
    tcase_add_test(tc, abi_mismatch_rejected);
    tcase_add_test(tc, unusable_names_rejected);
    tcase_add_test(tc, filter_is_searched_extended_regex);
    tcase_add_test(tc, bad_filter_names_flag);
    tcase_add_test(tc, register_twice_is_harmless);
    suite_add_tcase(s, tc);
    return check_run_suite(s);
}
