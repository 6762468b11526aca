/* Merging the shards of a run (model/merge.h): the rows in name order, the context rules, and
 * every refusal - refused without --force, kept as a merge_forced line with it - and the
 * refusals --force does not lift: a benchmark present twice, samples of another unit. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "model/merge.h"
#include "check_main.h"

/* A shard "K/3" of a suite of 5 holding the benchmarks `names` (NULL-terminated). */
static void make_shard(struct br_results *r, const char *k_of_n, const char *date,
                       const char *reference, const char *const *names)
{
    static const double samples[] = {10, 11, 12};
    char host[32];
    snprintf(host, sizeof host, "runner-%c", k_of_n[0]);
    br_results_init(r);
    br_results_set(r, "benchrun_version", "0.1.0");
    br_results_set(r, "date", date);
    br_results_set(r, "engine", "native");
    br_results_set(r, "host", host);
    br_results_set(r, "cpu_brand", "Some CPU");
    br_results_set(r, "compiler", "gcc 12.2.0");
    br_results_set(r, "shard", k_of_n);
    br_results_set(r, "shard_split", "name");
    br_results_set(r, "suite_benchmarks", "5");
    br_results_set(r, "suite_digest", "3144449bc7e076eb");
    br_results_set(r, "shard_plan", "00000000000000aa");
    if (reference) br_results_set(r, "reference_ns", reference);
    br_results_set(r, "status", "complete");
    for (size_t i = 0; names[i]; i++) br_results_add(r, names[i], 100, samples, 3);
}

static const char *const one[] = {"strlen", "memcpy/4096", NULL};
static const char *const two[] = {"x/abc", "memcpy/64", NULL};
static const char *const none[] = {NULL};

/* Shards 1/3, 2/3 and 3/3, given in the order 3, 1, 2. */
static void three_shards(struct br_results in[3])
{
    make_shard(&in[1], "1/3", "2026-01-02T10:00:00Z", "1.5", one);
    make_shard(&in[2], "2/3", "2026-01-02T09:59:00Z", "3", two);
    make_shard(&in[0], "3/3", "2026-01-02T10:01:00Z", "1", none);
    br_results_set(&in[0], "failed", "crashes: crashed with SIGSEGV");
}

static const char *const labels[] = {"c.csv", "a.csv", "b.csv"};

static void release3(struct br_results in[3])
{
    for (int i = 0; i < 3; i++) br_results_release(&in[i]);
}

/* The values of `key` in r, joined by '|'. */
static const char *all(const struct br_results *r, const char *key)
{
    static char buf[512];
    buf[0] = '\0';
    for (size_t i = 0; i < r->nctx; i++)
        if (strcmp(r->ctx[i].key, key) == 0)
            snprintf(buf + strlen(buf), sizeof buf - strlen(buf), "%s%s", buf[0] ? "|" : "",
                     r->ctx[i].value);
    return buf;
}

START_TEST(rows_in_name_order_context_by_rule)
{
    struct br_results in[3], out;
    three_shards(in);
    ck_assert_int_eq(br_merge_shards(in, labels, 3, 0, &out), 0);
    ck_assert_uint_eq(out.nrows, 4);
    const char *want[] = {"memcpy/64", "memcpy/4096", "strlen", "x/abc"};
    for (size_t i = 0; i < 4; i++) ck_assert_str_eq(out.rows[i].name, want[i]);
    ck_assert_uint_eq(out.rows[0].nsamples, 3);
    ck_assert_str_eq(all(&out, "merged_shard"), "1/3 a.csv|2/3 b.csv|3/3 c.csv");
    ck_assert_str_eq(all(&out, "shard"), "");
    ck_assert_str_eq(all(&out, "date"), "2026-01-02T09:59:00Z");
    ck_assert_str_eq(all(&out, "status"), "complete");
    ck_assert_str_eq(all(&out, "failed"), "crashes: crashed with SIGSEGV");
    ck_assert_str_eq(all(&out, "reference_ns"), "1.5");
    ck_assert_str_eq(all(&out, "host"), "runner-1|runner-2|runner-3");
    ck_assert_str_eq(all(&out, "cpu_brand"), "Some CPU");
    ck_assert_str_eq(all(&out, "suite_digest"), "3144449bc7e076eb");
    ck_assert_str_eq(all(&out, "merge_forced"), "");
    br_results_release(&out);
    release3(in);
}
END_TEST

START_TEST(status_complete_only_when_every_shard_is)
{
    struct br_results in[3], out;
    three_shards(in);
    br_results_remove(&in[2], "status");
    br_results_set(&in[2], "status", "interrupted");
    ck_assert_int_eq(br_merge_shards(in, labels, 3, 0, &out), 0);
    ck_assert_str_eq(all(&out, "status"), "interrupted");
    br_results_release(&out);
    release3(in);
}
END_TEST

/* One key of shard 2 changed: refused, naming the file, the key and the kind; merged with
 * force, the disagreement noted. */
static const struct {
    const char *key, *value, *kind;
} disagreements[] = {
    {"suite_digest", "0000000000000001", "shards of different suites"},
    {"suite_benchmarks", "6", "shards of different suites"},
    {"git_commit", "abc1234", "shards of different suites"},
    {"shard_plan", "00000000000000bb", "shards of different splits"},
    {"shard_split", "times", "shards of different splits"},
    {"cpu_brand", "Other CPU", "shards of different machine kinds"},
    {"compiler", "clang 14", "shards of different machine kinds"},
    {"cache_l3_kib", "32768", "shards of different machine kinds"},
    /* a runner with 1 CPU of 4 allowed against one with all 4 (the OS's counts, issue 29) */
    {"cpus_allowed", "1", "shards of different machine kinds"},
    {"cpus_online", "64", "shards of different machine kinds"},
    {"engine", "gbench", "shards of different measures"},
};

START_TEST(each_disagreement_refused_unless_forced)
{
    size_t d = (size_t)_i;
    struct br_results in[3], out;
    three_shards(in);
    br_results_remove(&in[2], disagreements[d].key);
    br_results_set(&in[2], disagreements[d].key, disagreements[d].value);
    ck_assert_int_eq(br_merge_shards(in, labels, 3, 0, &out), -1);
    const char *msg = br_errmsg();
    ck_assert_msg(strstr(msg, "b.csv: ") == msg && strstr(msg, disagreements[d].key) &&
                      strstr(msg, disagreements[d].kind) && strstr(msg, "--force") &&
                      !strchr(msg, '\n'),
                  "%s", msg);
    ck_assert_uint_eq(out.nrows, 0);
    ck_assert_int_eq(br_merge_shards(in, labels, 3, 1, &out), 0);
    ck_assert_uint_eq(out.nrows, 4);
    ck_assert(strstr(all(&out, "merge_forced"), disagreements[d].kind) != NULL);
    br_results_release(&out);
    release3(in);
}
END_TEST

/* Samples of another unit (issue 25): refused even with force, which would otherwise write
 * instruction counts into a file that every reader takes as nanoseconds. */
static const struct {
    const char *key, *value;
} other_units[] = {
    {"measure", "instructions"}, /* time and instruction shards */
    {"counter", "perf"},         /* callgrind's instructions and perf's (below) */
};

START_TEST(another_unit_refused_even_forced)
{
    size_t d = (size_t)_i;
    struct br_results in[3], out;
    three_shards(in);
    if (d == 1)
        for (int i = 0; i < 3; i++) {
            br_results_set(&in[i], "measure", "instructions");
            br_results_set(&in[i], "counter", "callgrind");
        }
    br_results_remove(&in[2], other_units[d].key);
    br_results_set(&in[2], other_units[d].key, other_units[d].value);
    for (int force = 0; force <= 1; force++) {
        ck_assert_int_eq(br_merge_shards(in, labels, 3, force, &out), -1);
        const char *msg = br_errmsg();
        ck_assert_msg(strstr(msg, "b.csv: ") == msg && strstr(msg, other_units[d].key) &&
                          strstr(msg, "shards of different measures, never merged") &&
                          !strstr(msg, "--force") && !strchr(msg, '\n'),
                      "%s", msg);
        ck_assert_uint_eq(out.nrows, 0);
    }
    release3(in);
}
END_TEST

START_TEST(missing_measure_is_time)
{
    struct br_results in[3], out;
    three_shards(in);
    br_results_set(&in[1], "measure", "time");
    br_results_set(&in[2], "engine_unknown_key", "x");
    ck_assert_int_eq(br_merge_shards(in, labels, 3, 0, &out), 0);
    br_results_release(&out);
    release3(in);
}
END_TEST

/* A broken split, one way each: which message, and merged under force. */
static void check_split_refused(struct br_results *in, size_t n, const char *const *names,
                                const char *want)
{
    struct br_results out;
    ck_assert_int_eq(br_merge_shards(in, names, n, 0, &out), -1);
    ck_assert_msg(strstr(br_errmsg(), want) != NULL, "'%s' lacks '%s'", br_errmsg(), want);
    ck_assert_int_eq(br_merge_shards(in, names, n, 1, &out), 0);
    ck_assert(strstr(all(&out, "merge_forced"), want) != NULL);
    br_results_release(&out);
}

START_TEST(broken_splits_refused_unless_forced)
{
    struct br_results in[3];
    three_shards(in);
    check_split_refused(in, 2, labels, "shard 2/3 is missing: 2 files given");
    br_results_remove(&in[0], "shard");
    br_results_set(&in[0], "shard", "3/4");
    check_split_refused(in, 3, labels, "c.csv: shard 3/4, but a.csv is 1/3: not one split");
    br_results_remove(&in[0], "shard");
    br_results_set(&in[0], "shard", "2/3");
    check_split_refused(in, 3, labels, "shard 2/3 again");
    br_results_remove(&in[0], "shard");
    check_split_refused(in, 3, labels, "c.csv: not a shard (no 'shard' context line)");
    release3(in);
}
END_TEST

/* A shard without a status line did not come whole from benchrun (issue 25): refused, and
 * under force the merged file is not complete but "unknown", also when no input has one. */
START_TEST(no_status_refused_unless_forced)
{
    struct br_results in[3], out;
    three_shards(in);
    br_results_remove(&in[1], "status");
    check_split_refused(in, 3, labels, "a.csv: no 'status' line: not known to have ended");
    ck_assert_int_eq(br_merge_shards(in, labels, 3, 1, &out), 0);
    ck_assert_str_eq(all(&out, "status"), "unknown");
    br_results_release(&out);
    br_results_remove(&in[0], "status");
    br_results_remove(&in[2], "status");
    ck_assert_int_eq(br_merge_shards(in, labels, 3, 1, &out), 0);
    ck_assert_str_eq(all(&out, "status"), "unknown");
    br_results_release(&out);
    release3(in);
}
END_TEST

START_TEST(a_benchmark_twice_is_refused_even_forced)
{
    struct br_results in[3], out;
    three_shards(in);
    static const double s[] = {1};
    br_results_add(&in[0], "strlen", 1, s, 1);
    for (int force = 0; force <= 1; force++) {
        ck_assert_int_eq(br_merge_shards(in, labels, 3, force, &out), -1);
        ck_assert_str_eq(br_errmsg(), "benchmark 'strlen' is in both a.csv and c.csv: a results "
                                      "file holds a name once");
    }
    release3(in);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("merge");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, rows_in_name_order_context_by_rule);
    tcase_add_test(tc, status_complete_only_when_every_shard_is);
    tcase_add_loop_test(tc, each_disagreement_refused_unless_forced, 0,
                        (int)(sizeof disagreements / sizeof disagreements[0]));
    tcase_add_loop_test(tc, another_unit_refused_even_forced, 0,
                        (int)(sizeof other_units / sizeof other_units[0]));
    tcase_add_test(tc, missing_measure_is_time);
    tcase_add_test(tc, broken_splits_refused_unless_forced);
    tcase_add_test(tc, no_status_refused_unless_forced);
    tcase_add_test(tc, a_benchmark_twice_is_refused_even_forced);
    suite_add_tcase(s, tc);
    return check_run_suite(s);
}
