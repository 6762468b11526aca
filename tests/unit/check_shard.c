/* The split of a selection over N jobs (model/shard.h): the hash's known values, every benchmark
 * in exactly one shard, a new benchmark moving no other, the balance by time, K/N parsing and
 * the registry cut to one part.
 *
 * Every expected shard, digest and plan is a number computed independently of shard.c: by
 * tests/data/shard_reference.py (FNV-1a and Lamping & Veach's jump hash transcribed from their
 * publications, run once by hand) or by hand for the split by time. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "base/hash.h"
#include "model/registry.h"
#include "model/shard.h"
#include "check_main.h"

#define NNAMES 1000

/* NNAMES names shaped like a real suite's: families with arguments and plain blocks. */
static const char **make_names(size_t n)
{
    const char **names = calloc(n + 1, sizeof *names);
    for (size_t i = 0; i < n; i++) {
        char buf[64];
        if (i % 3)
            snprintf(buf, sizeof buf, "family_%zu/%zu", i / 10, (size_t)1 << (i % 10));
        else
            snprintf(buf, sizeof buf, "block_%zu", i);
        names[i] = strdup(buf);
    }
    return names;
}

static void free_names(const char **names, size_t n)
{
    for (size_t i = 0; i < n; i++) free((char *)names[i]);
    free(names);
}

START_TEST(fnv1a_known_values)
{
    /* The FNV test vectors (Fowler, Noll, Vo: "FNV-1a 64", fnv_test.c). */
    ck_assert_uint_eq(br_shard_hash(""), 0xcbf29ce484222325u);
    ck_assert_uint_eq(br_shard_hash("a"), 0xaf63dc4c8601ec8cu);
    ck_assert_uint_eq(br_shard_hash("foobar"), 0x85944171f73967e8u);
    /* base/hash.h, which the shard split, the hash tables and ctimeit's keys share: continued
     * over parts, it is the hash of the whole. */
    ck_assert_uint_eq(br_fnv1a(br_fnv1a(BR_FNV1A_OFFSET, "foo", 3), "bar", 3), 0x85944171f73967e8u);
}
END_TEST

/* The split is a contract between jobs that may run different builds: pinned here so that a
 * change to it cannot pass unnoticed (the jobs of a matrix would overlap). */
START_TEST(split_known_values)
{
    static const struct {
        const char *name;
        unsigned n, shard;
    } known[] = {{"add", 3, 1},          {"kib_touch", 3, 1},    {"chain/64", 3, 3},
                 {"chain/128", 3, 3},    {"nap_200us", 3, 3},    {"strlen_short", 1, 1},
                 {"strlen_short", 2, 1}, {"strlen_short", 7, 4}, {"memcpy/4096", 16, 5}};
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
        ck_assert_msg(br_shard_of_name(known[i].name, known[i].n) == known[i].shard,
                      "%s over %u: shard %u, pinned %u", known[i].name, known[i].n,
                      br_shard_of_name(known[i].name, known[i].n), known[i].shard);
}
END_TEST

/* Every name in exactly one shard, for every N, by name and by time. */
static void check_coverage(const struct br_results *times)
{
    const char **names = make_names(NNAMES);
    unsigned char keep[NNAMES];
    for (unsigned n = 1; n <= 9; n++) {
        unsigned seen[NNAMES] = {0};
        size_t total = 0;
        for (unsigned k = 1; k <= n; k++) {
            struct br_shard s = {k, n, times};
            total += br_shard_select(&s, names, NNAMES, keep, NULL);
            for (size_t i = 0; i < NNAMES; i++) seen[i] += keep[i];
        }
        ck_assert_uint_eq(total, NNAMES);
        for (size_t i = 0; i < NNAMES; i++)
            ck_assert_msg(seen[i] == 1, "%s in %u shards of %u", names[i], seen[i], n);
    }
    free_names(names, NNAMES);
}

START_TEST(every_name_in_exactly_one_shard) { check_coverage(NULL); }
END_TEST

/* Times for the first `n` names: name i took i % 17 + 1 samples of 1000 ns, iterations 1 (some
 * equal, to exercise the ties). */
static void make_times(struct br_results *r, const char *const *names, size_t n)
{
    br_results_init(r);
    for (size_t i = 0; i < n; i++) {
        double s[17];
        for (size_t j = 0; j < i % 17 + 1; j++) s[j] = 1000;
        br_results_add(r, names[i], 1, s, i % 17 + 1);
    }
}

START_TEST(every_name_in_exactly_one_shard_by_time)
{
    struct br_results times;
    const char **names = make_names(NNAMES);
    make_times(&times, names, NNAMES / 2); /* half known, half new */
    check_coverage(&times);
    br_results_release(&times);
    free_names(names, NNAMES);
}
END_TEST

/* Adding a benchmark (anywhere in the sorted list) moves no other one. */
static void check_stable(const struct br_results *times)
{
    const char **names = make_names(NNAMES + 1);
    unsigned before[NNAMES], after[NNAMES + 1];
    free((char *)names[NNAMES]);
    names[NNAMES] = names[0]; /* the new one goes first: every index shifts */
    names[0] = strdup("aaa_new_benchmark");
    /* its shard over 2 .. 9 (shard_reference.py) */
    static const unsigned new_shard[] = {1, 1, 1, 1, 1, 7, 7, 7};
    for (unsigned n = 2; n <= 9; n++) {
        struct br_shard s = {1, n, times};
        br_shard_assign(&s, names + 1, NNAMES, before);
        br_shard_assign(&s, names, NNAMES + 1, after);
        ck_assert_uint_eq(after[0], new_shard[n - 2]);
        for (size_t i = 0; i < NNAMES; i++)
            ck_assert_msg(before[i] == after[i + 1], "%s moved from %u to %u (N=%u)", names[i + 1],
                          before[i], after[i + 1], n);
    }
    free_names(names, NNAMES + 1);
}

START_TEST(adding_a_benchmark_moves_no_other) { check_stable(NULL); }
END_TEST

START_TEST(adding_a_benchmark_moves_no_other_by_time)
{
    struct br_results times;
    const char **names = make_names(NNAMES);
    make_times(&times, names + 1, NNAMES - 1);
    check_stable(&times);
    br_results_release(&times);
    free_names(names, NNAMES);
}
END_TEST

/* By name the counts are near NNAMES / N; a hash cannot do better than chance. */
START_TEST(hash_spreads_the_names)
{
    const char **names = make_names(NNAMES);
    unsigned shard_of[NNAMES];
    for (unsigned n = 2; n <= 8; n++) {
        unsigned count[9] = {0};
        struct br_shard s = {1, n, NULL};
        br_shard_assign(&s, names, NNAMES, shard_of);
        for (size_t i = 0; i < NNAMES; i++) count[shard_of[i]]++;
        for (unsigned k = 1; k <= n; k++)
            ck_assert_msg(count[k] > NNAMES / n * 8 / 10 && count[k] < NNAMES / n * 12 / 10,
                          "shard %u of %u has %u of %d", k, n, count[k], NNAMES);
    }
    free_names(names, NNAMES);
}
END_TEST

/* Longest first to the least loaded: 7 5 4 3 1 over two shards is {7, 3} and {5, 4, 1}. */
START_TEST(time_split_is_longest_first)
{
    const char *names[] = {"a", "b", "c", "d", "e", "new"};
    const double cost[] = {4, 7, 1, 5, 3};
    struct br_results times;
    unsigned shard_of[6];
    br_results_init(&times);
    for (size_t i = 0; i < 5; i++) br_results_add(&times, names[i], 1000, &cost[i], 1);
    struct br_shard s = {1, 2, &times};
    br_shard_assign(&s, names, 6, shard_of);
    /* "new" has no time: by name, shard 1 of 2 (shard_reference.py) */
    const unsigned want[] = {2, 1, 2, 2, 1, 1};
    for (size_t i = 0; i < 6; i++) ck_assert_uint_eq(shard_of[i], want[i]);
    /* the digest of the names and the plan of each split (shard_reference.py): the plan tells
     * the two splits apart */
    struct br_shard by_name = {1, 2, NULL};
    unsigned other[6];
    const unsigned want_by_name[] = {2, 1, 1, 1, 2, 1};
    br_shard_assign(&by_name, names, 6, other);
    for (size_t i = 0; i < 6; i++) ck_assert_uint_eq(other[i], want_by_name[i]);
    ck_assert_uint_eq(br_shard_digest(names, 6), 0xf3afa76613f6121au);
    ck_assert_uint_eq(br_shard_plan(names, shard_of, 6), 0x33b8dc528c8731f5u);
    ck_assert_uint_eq(br_shard_plan(names, other, 6), 0xd651a0e65efdc6a2u);
    br_results_release(&times);
}
END_TEST

/* The time a benchmark took is its samples (ns per operation) times its iterations: "a" ran
 * 1000 operations of 1 ns (1000 ns), more than "b" (one of 100 ns), "c" (60) and "d" (50).
 * Longest first: a to 1, then b, c and d to 2 (100 < 1000, 160 < 1000, ...).  Summing the
 * samples alone would order b (100), c, d, a (1) and put b and a together. */
START_TEST(time_is_samples_times_iterations)
{
    const char *names[] = {"a", "b", "c", "d"};
    const double one = 1, hundred = 100, sixty = 60, fifty = 50;
    struct br_results times;
    unsigned shard_of[4];
    br_results_init(&times);
    br_results_add(&times, "a", 1000, &one, 1);
    br_results_add(&times, "b", 1, &hundred, 1);
    br_results_add(&times, "c", 1, &sixty, 1);
    br_results_add(&times, "d", 1, &fifty, 1);
    struct br_shard s = {1, 2, &times};
    br_shard_assign(&s, names, 4, shard_of);
    const unsigned want[] = {1, 2, 2, 2};
    for (size_t i = 0; i < 4; i++) ck_assert_uint_eq(shard_of[i], want[i]);
    br_results_release(&times);
}
END_TEST

START_TEST(parse_k_of_n)
{
    struct br_shard s = {0, 0, NULL};
    ck_assert_int_eq(br_shard_parse("2/3", &s), 0);
    ck_assert_uint_eq(s.k, 2);
    ck_assert_uint_eq(s.n, 3);
    ck_assert_int_eq(br_shard_parse("1/1", &s), 0);
    ck_assert_int_eq(br_shard_parse("10000/10000", &s), 0); /* BR_SHARD_MAX itself */
    ck_assert_uint_eq(s.n, 10000);
    const char *bad[] = {"0/3",  "4/3", "3",     "/3",  "2/",      "-1/3",          "2/3x",
                         " 2/3", "2/0", "1/2/3", "a/b", "1/10001", "99999999999/3", ""};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        ck_assert_msg(br_shard_parse(bad[i], &s) == -1, "'%s' accepted", bad[i]);
        ck_assert(strstr(br_errmsg(), "is not K/N") != NULL);
    }
}
END_TEST

static void noop_loop(bench_t *b, uint64_t n)
{
    (void)b;
    (void)n;
}

START_TEST(registry_keeps_its_part_and_records_the_whole)
{
    static const int64_t args[] = {64, 128};
    static const int64_t *const lists[] = {args};
    static const size_t lens[] = {2};
    static bench_desc d[] = {
        {BENCH_ABI, 0, "nap_200us", "t.c", 1, noop_loop, NULL, BENCH_KIND_PLAIN, NULL, NULL, 0,
         NULL},
        {BENCH_ABI, 0, "kib_touch", "t.c", 2, noop_loop, NULL, BENCH_KIND_PLAIN, NULL, NULL, 0,
         NULL},
        {BENCH_ABI, 0, "chain", "t.c", 3, noop_loop, NULL, BENCH_KIND_PRODUCT, lists, lens, 1,
         NULL},
        {BENCH_ABI, 0, "add", "t.c", 4, noop_loop, NULL, BENCH_KIND_PLAIN, NULL, NULL, 0, NULL}};
    for (size_t i = 0; i + 1 < 4; i++) d[i].next = &d[i + 1];
    /* over 3 (shard_reference.py): add and kib_touch in 1, none in 2, chain/64, chain/128 and
     * nap_200us in 3 */
    static const char *const part[4][4] = {
        {NULL}, {"add", "kib_touch", NULL}, {NULL}, {"chain/64", "chain/128", "nap_200us", NULL}};
    size_t total = 0;
    for (unsigned k = 1; k <= 3; k++) {
        struct br_registry reg;
        struct br_shard s = {k, 3, NULL};
        ck_assert_int_eq(br_registry_collect(&reg, &d[0]), 0);
        br_registry_shard(&reg, &s);
        ck_assert_uint_eq(reg.shard.k, k);
        ck_assert_uint_eq(reg.shard.n, 3);
        ck_assert_uint_eq(reg.shard.total, 5);
        size_t i = 0;
        for (; part[k][i]; i++) {
            ck_assert_uint_lt(i, reg.n);
            ck_assert_str_eq(reg.benches[i].name, part[k][i]);
        }
        ck_assert_uint_eq(reg.n, i);
        total += reg.n;
        br_registry_release(&reg);
    }
    ck_assert_uint_eq(total, 5);
}
END_TEST

START_TEST(context_lines)
{
    struct br_results r;
    struct br_shard_info info = {2, 3, 5, 0x3144449bc7e076ebu, 0x12u, 0};
    br_results_init(&r);
    br_shard_context(&r, &info, NULL);
    ck_assert_str_eq(br_results_get(&r, "shard"), "2/3");
    ck_assert_str_eq(br_results_get(&r, "shard_split"), "name");
    ck_assert_str_eq(br_results_get(&r, "suite_benchmarks"), "5");
    ck_assert_str_eq(br_results_get(&r, "suite_digest"), "3144449bc7e076eb");
    ck_assert_str_eq(br_results_get(&r, "shard_plan"), "0000000000000012");
    ck_assert_ptr_null(br_results_get(&r, "shard_by"));
    br_results_release(&r);
    info.by_times = 1;
    br_results_init(&r);
    br_shard_context(&r, &info, "base.csv");
    ck_assert_str_eq(br_results_get(&r, "shard_split"), "times");
    ck_assert_str_eq(br_results_get(&r, "shard_by"), "base.csv");
    br_results_release(&r);
    info.n = 0; /* not sharded: nothing */
    br_results_init(&r);
    br_shard_context(&r, &info, NULL);
    ck_assert_uint_eq(r.nctx, 0);
    br_results_release(&r);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("shard");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, fnv1a_known_values);
    tcase_add_test(tc, split_known_values);
    tcase_add_test(tc, every_name_in_exactly_one_shard);
    tcase_add_test(tc, every_name_in_exactly_one_shard_by_time);
    tcase_add_test(tc, adding_a_benchmark_moves_no_other);
    tcase_add_test(tc, adding_a_benchmark_moves_no_other_by_time);
    tcase_add_test(tc, hash_spreads_the_names);
    tcase_add_test(tc, time_split_is_longest_first);
    tcase_add_test(tc, time_is_samples_times_iterations);
    tcase_add_test(tc, parse_k_of_n);
    tcase_add_test(tc, registry_keeps_its_part_and_records_the_whole);
    tcase_add_test(tc, context_lines);
    suite_add_tcase(s, tc);
    return check_run_suite(s);
}
