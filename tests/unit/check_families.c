/* Parameter families (issue 15): BENCH_RANGE, BENCH_PRODUCT and BENCH_THREADS expand into the
 * instances Google Benchmark makes of the same families, named as GB names them, and the body
 * sees each instance's arguments.  The expected names are GB 1.7.1's own: the output of
 * --benchmark_list_tests=true of tests/data/gbench_family_names.cc, which declares the families
 * of tests/fixtures/family_blocks.c. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "measure/batch.h"
#include "model/registry.h"
#include "check_main.h"

extern int64_t family_seen[BENCH_MAX_ARGS];
extern size_t family_seen_n;
extern int family_seen_thread, family_seen_threads;

/* Google Benchmark's names, in its (registration) order. */
static const char *const gb_names[] = {
    "copy/8",         "copy/64",        "copy/512",
    "copy/4096",      "copy/8192",      "dec/1",
    "dec/10",         "dec/100",        "dec/1000",
    "neg/-64",        "neg/-16",        "neg/-4",
    "neg/-1",         "neg/0",          "neg/1",
    "neg/4",          "neg/16",         "neg/64",
    "negonly/-100",   "negonly/-64",    "negonly/-32",
    "negonly/-16",    "negonly/-8",     "negonly/-4",
    "negonly/-3",     "zero/0",         "zero/1",
    "zero/10",        "zero/100",       "odd/5",
    "odd/9",          "odd/27",         "odd/81",
    "odd/100",        "same/5",         "next/5",
    "next/6",         "big/1",          "big/1024",
    "big/1048576",    "big/1073741824", "big/1099511627776",
    "fill/64/0",      "fill/4096/0",    "fill/64/255",
    "fill/4096/255",  "three/1/10/-5",  "three/2/10/-5",
    "three/1/10/7",   "three/2/10/7",   "three/1/10/9",
    "three/2/10/9",   "four/1/3/5/7",   "four/2/3/5/7",
    "four/1/4/5/7",   "four/2/4/5/7",   "four/1/3/6/7",
    "four/2/3/6/7",   "four/1/4/6/7",   "four/2/4/6/7",
    "four/1/3/5/8",   "four/2/3/5/8",   "four/1/4/5/8",
    "four/2/4/5/8",   "four/1/3/6/8",   "four/2/3/6/8",
    "four/1/4/6/8",   "four/2/4/6/8",   "spin/threads:1",
    "spin/threads:2", "spin/threads:4", "spin_fixture/threads:2",
};
enum { NGB = sizeof gb_names / sizeof gb_names[0] };

static size_t family_len(const char *name) { return strcspn(name, "/"); }

/* The k-th of GB's names of the family of `name`, or NULL. */
static const char *gb_nth(const char *name, size_t k)
{
    for (size_t i = 0; i < NGB; i++)
        if (family_len(gb_names[i]) == family_len(name) &&
            strncmp(gb_names[i], name, family_len(name)) == 0 && k-- == 0)
            return gb_names[i];
    return NULL;
}

START_TEST(names_as_google_benchmark)
{
    struct br_registry reg;
    ck_assert_int_eq(br_registry_collect(&reg, NULL), 0);
    ck_assert_uint_eq(reg.n, NGB);
    /* Blocks sorted by name; each block's instances in GB's order. */
    for (size_t i = 0, k = 0; i < reg.n; i++) {
        k = i > 0 && family_len(reg.benches[i - 1].name) == family_len(reg.benches[i].name) &&
                    strncmp(reg.benches[i - 1].name, reg.benches[i].name,
                            family_len(reg.benches[i].name)) == 0
                ? k + 1
                : 0;
        const char *want = gb_nth(reg.benches[i].name, k);
        ck_assert_msg(want != NULL, "%s: not an instance Google Benchmark makes",
                      reg.benches[i].name);
        ck_assert_str_eq(reg.benches[i].name, want);
    }
    br_registry_release(&reg);
}
END_TEST

static const struct br_bench *find(const struct br_registry *reg, const char *name)
{
    for (size_t i = 0; i < reg->n; i++)
        if (strcmp(reg->benches[i].name, name) == 0) return &reg->benches[i];
    ck_abort_msg("no instance %s", name);
    return NULL;
}

/* The body reads the instance's arguments: args[0..nargs), arg = args[0], threads. */
START_TEST(body_sees_arguments)
{
    struct br_registry reg;
    ck_assert_int_eq(br_registry_collect(&reg, NULL), 0);
    static const struct {
        const char *name;
        int64_t args[BENCH_MAX_ARGS];
        size_t nargs;
        int threads;
    } cases[] = {{"three/2/10/-5", {2, 10, -5, 0}, 3, 1},
                 {"four/1/4/6/8", {1, 4, 6, 8}, 4, 1},
                 {"neg/-16", {-16, 0, 0, 0}, 1, 1},
                 {"big/1099511627776", {INT64_C(1) << 40, 0, 0, 0}, 1, 1},
                 {"spin/threads:4", {0, 0, 0, 0}, 0, 4}};
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        const struct br_bench *b = find(&reg, cases[c].name);
        bench_t st;
        memset(&st, 0x5a, sizeof st); /* the harness must set every field it promises */
        st.ncounters = 0;
        br_batch_init_state(b, &st);
        ck_assert_int_eq(st.arg, cases[c].args[0]);
        b->desc->loop(&st, 1);
        ck_assert_uint_eq(family_seen_n, cases[c].nargs);
        for (size_t k = 0; k < BENCH_MAX_ARGS; k++)
            ck_assert_int_eq(family_seen[k], cases[c].args[k]);
        ck_assert_int_eq(family_seen_threads, cases[c].threads);
        ck_assert_int_eq(family_seen_thread, 0);
    }
    br_registry_release(&reg);
}
END_TEST

/* The registry filtered by `re` holds `a` then `b`, and nothing else. */
static void expect_filtered(const char *re, const char *a, const char *b)
{
    struct br_registry reg;
    ck_assert_int_eq(br_registry_collect(&reg, NULL), 0);
    ck_assert_int_eq(br_registry_filter(&reg, re), 0);
    ck_assert_uint_eq(reg.n, 2);
    ck_assert_str_eq(reg.benches[0].name, a);
    ck_assert_str_eq(reg.benches[1].name, b);
    br_registry_release(&reg);
}

/* --filter matches the expanded names. */
START_TEST(filter_matches_expanded_names)
{
    expect_filtered("^fill/[0-9]+/255$", "fill/64/255", "fill/4096/255");
    expect_filtered("threads:2", "spin/threads:2", "spin_fixture/threads:2");
}
END_TEST

static void noop_loop(bench_t *b, uint64_t n)
{
    (void)b;
    (void)n;
}

/* A block the macros cannot reject at compile time is rejected at start-up, naming it. */
static void expect_refused(unsigned kind, const int64_t *list, size_t len, const char *msg)
{
    const int64_t *const lists[] = {list};
    const size_t lens[] = {len};
    bench_desc d = {BENCH_ABI, 0, "fam", "f.c", 7, noop_loop, NULL, kind, lists, lens, 1, NULL};
    struct br_registry reg;
    ck_assert_int_eq(br_registry_collect(&reg, &d), -1);
    ck_assert_str_eq(br_errmsg(), msg);
}

START_TEST(bad_families_refused)
{
    static const int64_t mult1[] = {1, 100, 1}, down[] = {100, 1, 2}, t0[] = {1, 0},
                         t_many[] = {300}, dup[] = {2, 2};
    expect_refused(BENCH_KIND_RANGE, mult1, 3,
                   "f.c:7: BENCH_RANGE(fam): mult must be 2 or more (Google Benchmark's "
                   "RangeMultiplier)");
    expect_refused(BENCH_KIND_RANGE, down, 3, "f.c:7: BENCH_RANGE(fam): hi is below lo");
    expect_refused(BENCH_KIND_THREADS, t0, 2,
                   "f.c:7: BENCH_THREADS(fam): a thread count is not 1 to 256");
    expect_refused(BENCH_KIND_THREADS, t_many, 1,
                   "f.c:7: BENCH_THREADS(fam): a thread count is not 1 to 256");
    struct br_registry reg;
    const int64_t *const lists[] = {dup};
    const size_t lens[] = {2};
    bench_desc d = {BENCH_ABI,          0,     "fam", "f.c", 7,   noop_loop, NULL,
                    BENCH_KIND_THREADS, lists, lens,  1,     NULL};
    ck_assert_int_eq(br_registry_collect(&reg, &d), -1);
    ck_assert(strstr(br_errmsg(), "fam/threads:2") != NULL);
}
END_TEST

/* br_range_expand against GB's AddRange for ranges the blocks above do not cover. */
START_TEST(range_expand_edges)
{
    int64_t v[8];
    /* GB: Range(0, 0) -> 0; Range(-1, 0) -> -1 0; Range(-10, -10) mult 2 -> -10 */
    ck_assert_uint_eq(br_range_expand(0, 0, 2, v, 8), 1);
    ck_assert_int_eq(v[0], 0);
    ck_assert_uint_eq(br_range_expand(-1, 0, 2, v, 8), 2);
    ck_assert_int_eq(v[0], -1);
    ck_assert_int_eq(v[1], 0);
    /* more values than room: the count is still told */
    ck_assert_uint_eq(br_range_expand(1, 1 << 20, 2, v, 8), 21);
    ck_assert_int_eq(v[7], 128);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("families");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, names_as_google_benchmark);
    tcase_add_test(tc, body_sees_arguments);
    tcase_add_test(tc, filter_matches_expanded_names);
    tcase_add_test(tc, bad_families_refused);
    tcase_add_test(tc, range_expand_edges);
    suite_add_tcase(s, tc);
    return check_run_suite(s);
}
