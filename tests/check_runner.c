/* The native runner end to end on real BENCH() blocks (reg_a.c, reg_b.c): hooks called in the
 * right places, sample counts, per-operation times, throughput carried over.  No timing
 * assertion: only counts and relations that hold on any machine. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "model/registry.h"
#include "run/runner.h"
#include "check_main.h"

extern int reg_b_calls[4];
extern uint64_t reg_b_body_runs, reg_b_last_sample_iterations;

static struct br_run_opts quick(unsigned reps)
{
    struct br_run_opts o;
    br_run_opts_default(&o);
    o.repetitions = o.min_repetitions = reps;
    o.min_time = 1e-5;
    o.warmup = 0;
    o.fork = 0; /* the hooks' counters must move in this process */
    return o;
}

START_TEST(fixture_hooks_wrap_every_batch)
{
    struct br_registry reg;
    struct br_results r;
    struct br_clock clk;
    br_clock_init(&clk);
    ck_assert_int_eq(br_registry_collect(&reg, NULL), 0);
    ck_assert_int_eq(br_registry_filter(&reg, "^gamma$"), 0);
    memset(reg_b_calls, 0, sizeof reg_b_calls);
    reg_b_body_runs = 0;
    br_results_init(&r);
    struct br_run_opts o = quick(4);
    /* The counting batches after the samples have hooks too (tests/memory.sh,
     * freed_in_teardown); here the last batch must be a sample. */
    o.memory = 0;
    struct br_machine m;
    br_machine_unpinned(&m, &clk);
    ck_assert_int_eq(br_runner_run(reg.benches, reg.n, &o, &m, &clk, &r), 0);
    ck_assert_uint_eq(r.nrows, 1);
    const struct br_row *row = &r.rows[0];
    ck_assert_str_eq(row->name, "gamma");
    ck_assert_uint_eq(row->nsamples, 4);
    ck_assert_int_eq(reg_b_calls[0], 1); /* setup once */
    ck_assert_int_eq(reg_b_calls[1], 1); /* teardown once */
    /* sample hooks around every batch: calibration rounds + 4 samples, always paired */
    ck_assert_int_ge(reg_b_calls[2], 5);
    ck_assert_int_eq(reg_b_calls[2], reg_b_calls[3]);
    /* the last batch was a sample, announced with its iteration count */
    ck_assert_uint_eq(reg_b_last_sample_iterations, row->iterations);
    /* the body saw setup's data pointer (else it adds 1000000 per run) */
    ck_assert_uint_lt(reg_b_body_runs, 1000000);
    ck_assert_uint_ge(reg_b_body_runs, 4 * row->iterations);
    ck_assert(br_row_value(row, "items_per_op", 0) == 3);
    ck_assert(row->summary.min <= row->summary.median && row->summary.median <= row->summary.max);
    br_results_release(&r);
    br_registry_release(&reg);
}
END_TEST

START_TEST(every_selected_benchmark_gets_a_row)
{
    struct br_registry reg;
    struct br_results r;
    struct br_clock clk;
    br_clock_init(&clk);
    ck_assert_int_eq(br_registry_collect(&reg, NULL), 0);
    br_results_init(&r);
    for (int interleave = 0; interleave <= 1; interleave++) {
        struct br_run_opts o = quick(3);
        o.interleave = interleave;
        struct br_machine m;
        br_machine_unpinned(&m, &clk);
        ck_assert_int_eq(br_runner_run(reg.benches, reg.n, &o, &m, &clk, &r), 0);
    }
    ck_assert_uint_eq(r.nrows, 2 * reg.n);
    for (size_t i = 0; i < r.nrows; i++) {
        ck_assert_str_eq(r.rows[i].name, reg.benches[i % reg.n].name);
        ck_assert_uint_eq(r.rows[i].nsamples, 3);
        ck_assert_uint_ge(r.rows[i].iterations, 1);
    }
    br_results_release(&r);
    br_registry_release(&reg);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("runner");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, fixture_hooks_wrap_every_batch);
    tcase_add_test(tc, every_selected_benchmark_gets_a_row);
    suite_add_tcase(s, tc);
    return check_run_suite(s);
}
