/* Names as written (issue 29): a block whose name is also a macro (pcre2.h's
 * `#define pcre2_match pcre2_match_8`) registers under the name written in the source, as Google
 * Benchmark's BENCHMARK(pcre2_match) does, with every BENCH*() macro. */
#include <check.h>
#include <string.h>

#include <bench.h>

#include "model/registry.h"
#include "check_main.h"

#define plain       plain_8
#define args        args_8
#define fix         fix_8
#define fix_args    fix_args_8
#define range       range_8
#define fix_range   fix_range_8
#define product     product_8
#define fix_product fix_product_8
#define threads     threads_8
#define fix_threads fix_threads_8

static const bench_fixture nothing = {NULL, NULL, NULL, NULL};

BENCH(plain) {}
BENCH_ARGS(args, 1) {}
BENCH_F(fix, nothing) {}
BENCH_F_ARGS(fix_args, nothing, 2) {}
BENCH_RANGE(range, 8, 8, 2) {}
BENCH_F_RANGE(fix_range, nothing, 8, 8, 2) {}
BENCH_PRODUCT(product, (1), (2)) {}
BENCH_F_PRODUCT(fix_product, nothing, (1), (2)) {}
BENCH_THREADS(threads, 1) {}
BENCH_F_THREADS(fix_threads, nothing, 1) {}

START_TEST(registered_as_written)
{
    /* sorted by name */
    static const char *const want[] = {"args/1",      "fix",
                                       "fix_args/2",  "fix_product/1/2",
                                       "fix_range/8", "fix_threads/threads:1",
                                       "plain",       "product/1/2",
                                       "range/8",     "threads/threads:1"};
    struct br_registry reg;
    ck_assert_int_eq(br_registry_collect(&reg, NULL), 0);
    ck_assert_uint_eq(reg.n, sizeof want / sizeof want[0]);
    for (size_t i = 0; i < reg.n; i++) ck_assert_str_eq(reg.benches[i].name, want[i]);
    br_registry_release(&reg);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("names");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, registered_as_written);
    suite_add_tcase(s, tc);
    return check_run_suite(s);
}
