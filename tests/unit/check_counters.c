/* User counters (issue 15): bench_counter in the header, gathered over threads as Google
 * Benchmark sums them, its kinds (counter.cc's Finish: rate per second, then inverted), names
 * refused with the reason, carried through the worker protocol's names, and written to CSV and
 * GB JSON (the counter's name as the key, as GB's json_reporter.cc writes counters). */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "format/report.h"
#include "format/results_read.h"
#include "run/user_counters.h"
#include "check_main.h"
#include "check_render.h"

static bench_t fresh(int thread)
{
    bench_t b;
    memset(&b, 0, sizeof b);
    b.thread_index = thread;
    return b;
}

START_TEST(header_keeps_one_slot_per_name)
{
    bench_t b = fresh(0);
    char name[] = "hits"; /* the same name at another address: found by strcmp */
    bench_counter(&b, "hits", 1);
    bench_counter(&b, name, 2);
    bench_counter_flags(&b, "rate", 3, BENCH_COUNTER_RATE);
    ck_assert_uint_eq(b.ncounters, 2);
    ck_assert(b.counters[0].value == 2);
    ck_assert_uint_eq(b.counters[1].flags, BENCH_COUNTER_RATE);
    for (int i = 0; i < BENCH_MAX_COUNTERS; i++) {
        static char names[BENCH_MAX_COUNTERS][8];
        snprintf(names[i], sizeof names[i], "c%d", i);
        bench_counter(&b, names[i], 1);
    }
    ck_assert_uint_eq(b.ncounters, BENCH_MAX_COUNTERS + 1); /* one too many: marked */
}
END_TEST

/* Two threads' states and an empty counter set, as the session gathers them. */
struct two_threads {
    bench_t t0, t1;
    const bench_t *states[2];
    struct br_counter_set set;
    char why[160];
};

static void two_threads_init(struct two_threads *p)
{
    p->t0 = fresh(0);
    p->t1 = fresh(1);
    p->states[0] = &p->t0;
    p->states[1] = &p->t1;
    memset(&p->set, 0, sizeof p->set);
}

START_TEST(threads_sum_or_average)
{
    struct two_threads p;
    two_threads_init(&p);
    bench_counter(&p.t0, "work", 1);
    bench_counter(&p.t1, "work", 3);
    bench_counter_flags(&p.t0, "idx", 0, BENCH_COUNTER_AVG_THREADS);
    bench_counter_flags(&p.t1, "idx", 1, BENCH_COUNTER_AVG_THREADS);
    ck_assert_int_eq(br_counters_gather(&p.set, p.states, 2, 0, p.why, sizeof p.why), 0);
    ck_assert_uint_eq(p.set.n, 2);
    ck_assert_str_eq(p.set.names[0], "work");
    ck_assert(p.set.per_op[0] == 4);
    ck_assert(p.set.per_op[1] == 0.5);
    /* a later gather starts from 0, not from the last values */
    ck_assert_int_eq(br_counters_gather(&p.set, p.states, 1, 1, p.why, sizeof p.why), 0);
    ck_assert(p.set.per_op[0] == 1);
    ck_assert_int_eq(p.set.late, 0);
    /* fixed: a new name is late, not added */
    bench_counter(&p.t0, "new", 1);
    ck_assert_int_eq(br_counters_gather(&p.set, p.states, 1, 1, p.why, sizeof p.why), 0);
    ck_assert_int_eq(p.set.late, 1);
    ck_assert_uint_eq(p.set.n, 2);
}
END_TEST

static void expect_refused(const char *name, unsigned flags, const char *msg)
{
    bench_t b = fresh(0);
    const bench_t *states[] = {&b};
    struct br_counter_set set;
    char why[160];
    memset(&set, 0, sizeof set);
    bench_counter_flags(&b, name, 1, flags);
    ck_assert_int_eq(br_counters_gather(&set, states, 1, 0, why, sizeof why), -1);
    ck_assert_str_eq(why, msg);
}

START_TEST(bad_counters_refused)
{
    expect_refused("", 0, "the counter name '' is empty");
    expect_refused("a b", 0,
                   "the counter name 'a b' holds a character other than letters, digits, '_', "
                   "'.' and '-'");
    expect_refused("x123456789x123456789x123456789x123456789x12345678", 0,
                   "the counter name 'x123456789x123456789x123456789x123456789x12345678' is "
                   "longer than 48 characters");
    expect_refused("real_time", 0,
                   "the counter name 'real_time' is a key Google Benchmark's JSON entries have "
                   "already, or a benchrun metric's");
    expect_refused("bytes_per_second", 0,
                   "the counter name 'bytes_per_second' is a key Google Benchmark's JSON entries "
                   "have already, or a benchrun metric's");
    expect_refused("k", 0x4, "counter 'k' has unknown flags 0x4");
    struct two_threads p;
    two_threads_init(&p);
    bench_counter(&p.t0, "k", 1);
    bench_counter_flags(&p.t1, "k", 1, BENCH_COUNTER_RATE);
    ck_assert_int_eq(br_counters_gather(&p.set, p.states, 2, 0, p.why, sizeof p.why), -1);
    ck_assert_str_eq(p.why, "counter 'k' has different kinds on different threads");
    p.t0.ncounters = BENCH_MAX_COUNTERS + 1;
    ck_assert_int_eq(br_counters_gather(&p.set, p.states, 1, 0, p.why, sizeof p.why), -1);
    ck_assert_str_eq(p.why, "more than 16 counters");
}
END_TEST

/* GB's Finish(): rate = value / seconds, then 1/x when inverted (counter.cc). */
START_TEST(kinds_as_google_benchmark)
{
    ck_assert(br_counter_finish(2, 0, 4) == 2);
    ck_assert(fabs(br_counter_finish(2, BENCH_COUNTER_RATE, 4) - 5e8) < 1e-6);
    ck_assert(fabs(br_counter_finish(2, BENCH_COUNTER_RATE | BENCH_COUNTER_INVERT, 4) - 2e-9) <
              1e-24);
    ck_assert(br_counter_finish(8, BENCH_COUNTER_INVERT, 4) == 0.125);
    ck_assert(isinf(br_counter_finish(0, BENCH_COUNTER_INVERT, 4)));
}
END_TEST

/* READY names "counter:FLAGS:NAME"; RESULT carries the values at their places. */
START_TEST(protocol_names_round_trip)
{
    struct br_counter_set w, c;
    char name[80], why[128];
    memset(&w, 0, sizeof w);
    memset(&c, 0, sizeof c);
    w.n = 1;
    snprintf(w.names[0], sizeof w.names[0], "hits");
    w.flags[0] = BENCH_COUNTER_RATE;
    br_counters_value_name(&w, 0, name, sizeof name);
    ck_assert_str_eq(name, "counter:1:hits");
    ck_assert_int_eq(br_counters_take_name(&c, "ns", 0), 0);
    ck_assert_int_eq(br_counters_take_name(&c, name, 9), 1);
    ck_assert_str_eq(c.names[0], "hits");
    ck_assert_uint_eq(c.flags[0], BENCH_COUNTER_RATE);
    double result[10] = {0};
    result[9] = 2;
    br_counters_take_values(&c, result, 10);
    ck_assert(c.per_op[0] == 2);
    br_counters_take_values(&c, result, 9); /* a RESULT too short: not a number */
    ck_assert(isnan(c.per_op[0]));
    ck_assert_int_eq(br_counters_check(&c, 4, why, sizeof why), -1);
    ck_assert_str_eq(why, "counter 'hits' is not a finite number (nan)");
    c.per_op[0] = 2;
    ck_assert_int_eq(br_counters_check(&c, 4, why, sizeof why), 0);
    struct br_results r;
    static const double t[] = {3, 4, 5};
    br_results_init(&r);
    struct br_row *row = br_results_add(&r, "x", 10, t, 3);
    br_counters_to_row(&c, row);
    ck_assert(fabs(br_row_counter(row, "hits")->value - 5e8) < 1e-6); /* at the median, 4 ns */
    br_results_release(&r);
}
END_TEST

/* Counting instructions there is no time: the rate counters leave the set, named on one line;
 * the others keep their values and their places in RESULT. */
START_TEST(rates_dropped_without_a_time)
{
    static const struct {
        const char *name;
        unsigned flags;
    } c[] = {{"hits", 0},
             {"per_s", BENCH_COUNTER_RATE},
             {"s_per", BENCH_COUNTER_RATE | BENCH_COUNTER_INVERT},
             {"mean", BENCH_COUNTER_AVG_THREADS}};
    struct br_counter_set set;
    char names[64];
    memset(&set, 0, sizeof set);
    for (size_t i = 0; i < 4; i++) {
        snprintf(set.names[i], sizeof set.names[i], "%s", c[i].name);
        set.flags[i] = c[i].flags;
        set.per_op[i] = (double)i + 1;
        set.at[i] = 20 + (int)i;
    }
    set.n = 4;
    ck_assert_uint_eq(br_counters_drop_rates(&set, names, sizeof names), 2);
    ck_assert_str_eq(names, "'per_s', 's_per'");
    ck_assert_uint_eq(set.n, 2);
    ck_assert_str_eq(set.names[0], "hits");
    ck_assert_str_eq(set.names[1], "mean");
    ck_assert_uint_eq(set.flags[1], BENCH_COUNTER_AVG_THREADS);
    ck_assert(set.per_op[0] == 1 && set.per_op[1] == 4);
    ck_assert_int_eq(set.at[1], 23);
    ck_assert_uint_eq(br_counters_drop_rates(&set, names, sizeof names), 0);
    ck_assert_str_eq(names, "");
}
END_TEST

static void two_rows(struct br_results *r)
{
    static const double t[] = {3, 4, 5};
    br_results_init(r);
    struct br_row *a = br_results_add(r, "a", 10, t, 3);
    br_row_set_counter(a, "zeta", 2, 0);
    br_row_set_counter(a, "alpha", -1.5, 0);
    br_row_set(a, "bytes_per_op", 64);
    br_results_add(r, "b", 10, t, 3);
}

/* CSV: one column per counter (counter_NAME, sorted), empty where a row lacks it; read back
 * to the same values and written again byte for byte. */
START_TEST(csv_columns_round_trip)
{
    struct br_results r, back;
    two_rows(&r);
    char *c = check_render(br_report_csv, &r);
    ck_assert_msg(strstr(c, ",counter_alpha,counter_zeta") != NULL, "%s", c);
    ck_assert_msg(strstr(c, ",-1.5,2") != NULL, "%s", c);
    br_results_init(&back);
    ck_assert_int_eq(br_read_csv("t.csv", c, strlen(c), &back), 0);
    ck_assert(br_row_counter(&back.rows[0], "zeta")->value == 2);
    ck_assert(br_row_counter(&back.rows[0], "alpha")->value == -1.5);
    ck_assert_ptr_null(br_row_counter(&back.rows[1], "zeta"));
    char *again = check_render(br_report_csv, &back);
    ck_assert_str_eq(again, c);
    free(again);
    free(c);
    br_results_release(&back);
    br_results_release(&r);
}
END_TEST

/* CSV: a counter column that is not a number, or twice, is refused naming it. */
START_TEST(csv_bad_counter_refused)
{
    static const char twice[] = "# rows: 1\nname,iterations,repetitions,samples_ns,counter_x,"
                                "counter_x\na,1,1,5,1,2\n";
    static const char bad[] = "# rows: 1\nname,iterations,repetitions,samples_ns,counter_x\n"
                              "a,1,1,5,many\n";
    struct br_results r;
    br_results_init(&r);
    ck_assert_int_eq(br_read_csv("t.csv", twice, strlen(twice), &r), -1);
    ck_assert_msg(strstr(br_errmsg(), "column 'counter_x' appears twice") != NULL, "%s",
                  br_errmsg());
    br_results_release(&r);
    br_results_init(&r);
    ck_assert_int_eq(br_read_csv("t.csv", bad, strlen(bad), &r), -1);
    ck_assert_msg(strstr(br_errmsg(), "counter_x: 'many' is not a number") != NULL, "%s",
                  br_errmsg());
    br_results_release(&r);
}
END_TEST

/* GB JSON: the counter's name as a key of every entry of its benchmark, among the other keys
 * in std::map order as GB writes them. */
START_TEST(json_keys)
{
    struct br_results r;
    two_rows(&r);
    char *j = check_render(br_report_json, &r);
    const char *a = strstr(j, "\"name\": \"a\""), *b = strstr(j, "\"name\": \"b\"");
    ck_assert_ptr_nonnull(a);
    const char *alpha = strstr(a, "\"alpha\": -1.5"), *bytes = strstr(a, "\"bytes_per_second\": "),
               *zeta = strstr(a, "\"zeta\": 2.0");
    ck_assert_msg(alpha && bytes && zeta && alpha < bytes && bytes < zeta && zeta < b, "%.900s", a);
    ck_assert_ptr_null(strstr(b, "zeta"));
    free(j);
    br_results_release(&r);
}
END_TEST

/* GB JSON read back: a number under a key of no meaning to GB is a counter (the first
 * iteration row's value); GB's own keys and benchrun's metrics are not. */
START_TEST(json_counters_read)
{
    static const char gb[] =
        "{\"benchmarks\": [\n"
        "{\"name\": \"x\", \"run_name\": \"x\", \"run_type\": \"iteration\", "
        "\"family_index\": 0, \"repetitions\": 2, \"repetition_index\": 0, \"threads\": 1, "
        "\"iterations\": 10, \"real_time\": 5, \"cpu_time\": 5, \"time_unit\": \"ns\", "
        "\"hits\": 2, \"cpu_ns\": 4, \"label\": \"l\"},\n"
        "{\"name\": \"x\", \"run_name\": \"x\", \"run_type\": \"iteration\", "
        "\"repetitions\": 2, \"iterations\": 10, \"real_time\": 6, \"time_unit\": \"ns\", "
        "\"hits\": 3},\n"
        "{\"name\": \"x_mean\", \"run_name\": \"x\", \"run_type\": \"aggregate\", "
        "\"aggregate_name\": \"mean\", \"real_time\": 5.5, \"hits\": 9},\n"
        "{\"name\": \"y\", \"run_type\": \"iteration\", \"real_time\": 1, \"time_unit\": "
        "\"ns\", \"rate\": 1.5e6}]}";
    struct br_results r;
    br_results_init(&r);
    ck_assert_int_eq(br_read_gbench("t.json", gb, strlen(gb), &r), 0);
    ck_assert_uint_eq(r.nrows, 2);
    ck_assert(br_row_counter(&r.rows[0], "hits")->value == 2);
    ck_assert_ptr_null(br_row_counter(&r.rows[0], "cpu_ns"));
    ck_assert_ptr_null(br_row_counter(&r.rows[0], "family_index"));
    ck_assert_ptr_null(br_row_counter(&r.rows[0], "repetition_index"));
    ck_assert_ptr_null(br_row_counter(&r.rows[0], "rate"));
    ck_assert(br_row_counter(&r.rows[1], "rate")->value == 1.5e6);
    ck_assert_ptr_null(br_row_counter(&r.rows[1], "hits"));
    br_results_release(&r);
    /* our own JSON reads back with its counters */
    two_rows(&r);
    char *j = check_render(br_report_json, &r);
    struct br_results back;
    br_results_init(&back);
    ck_assert_int_eq(br_read_gbench("t.json", j, strlen(j), &back), 0);
    ck_assert(br_row_counter(&back.rows[0], "zeta")->value == 2);
    ck_assert(br_row_counter(&back.rows[0], "alpha")->value == -1.5);
    ck_assert_ptr_null(br_row_counter(&back.rows[1], "zeta"));
    free(j);
    br_results_release(&back);
    br_results_release(&r);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("counters");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, header_keeps_one_slot_per_name);
    tcase_add_test(tc, threads_sum_or_average);
    tcase_add_test(tc, bad_counters_refused);
    tcase_add_test(tc, kinds_as_google_benchmark);
    tcase_add_test(tc, protocol_names_round_trip);
    tcase_add_test(tc, rates_dropped_without_a_time);
    tcase_add_test(tc, csv_columns_round_trip);
    tcase_add_test(tc, csv_bad_counter_refused);
    tcase_add_test(tc, json_keys);
    tcase_add_test(tc, json_counters_read);
    suite_add_tcase(s, tc);
    return check_run_suite(s);
}
