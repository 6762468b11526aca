/* The native runner end to end on real BENCH() blocks (reg_a.c, reg_b.c): hooks called in the
 * right places, sample counts, per-operation times, throughput carried over.  No timing
 * assertion: only counts and relations that hold on any machine. */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "model/registry.h"
#include "run/runner.h"
#include "check_main.h"

extern int reg_b_calls[4];
extern uint64_t reg_b_body_runs, reg_b_last_sample_iterations;
struct reg_b_log { /* reg_b.c */
    size_t n;
    uint64_t iterations[64];
};
extern struct reg_b_log *reg_b_log;

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
    /* The counting batches after the samples have hooks too (tests/programs/memory.sh,
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

/* Interleaved, every sample of gamma follows alpha's code and is re-warmed first by untimed
 * batches (session.c): a quarter of the sample's operations before the first sample, then
 * chunks of 1/32 of them, at least one and at most a quarter of the sample in all (how many
 * depends on their times, which this test leaves alone).  Taken in one go (--no-interleave),
 * none is.  Through the protocol (forked workers) and in-process alike: gamma's batches are
 * logged by its sample_setup hook into shared memory. */
/* gamma's batches at 64 operations a sample: the warm-up's one batch, then per sample the warm
 * batches (16 at once before the first; then 1 to 8 chunks of 2) and the sample's 64. */
static void check_rewarm_log(int interleave)
{
    size_t at = 1, samples = 0;
    ck_assert_uint_ge(reg_b_log->n, 5);
    ck_assert_uint_eq(reg_b_log->iterations[0], 64);
    while (at < reg_b_log->n) {
        uint64_t warm = 0;
        size_t batches = 0;
        for (; at < reg_b_log->n && reg_b_log->iterations[at] != 64; at++, batches++) {
            ck_assert_uint_eq(reg_b_log->iterations[at], samples == 0 ? 16 : 2);
            warm += reg_b_log->iterations[at];
        }
        ck_assert_uint_lt(at, reg_b_log->n); /* a sample ends the sequence */
        if (interleave) {
            ck_assert_uint_ge(batches, 1);
            ck_assert_uint_le(warm, 16);
        } else {
            ck_assert_uint_eq(batches, 0);
        }
        samples++;
        at++;
    }
    ck_assert_uint_eq(samples, 4);
}

START_TEST(resumed_samples_are_rewarmed)
{
    struct br_registry reg;
    struct br_clock clk;
    br_clock_init(&clk);
    ck_assert_int_eq(br_registry_collect(&reg, NULL), 0);
    ck_assert_int_eq(br_registry_filter(&reg, "^(alpha|gamma)$"), 0);
    ck_assert_uint_eq(reg.n, 2);
    reg_b_log =
        mmap(NULL, sizeof *reg_b_log, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    ck_assert_ptr_ne(reg_b_log, MAP_FAILED);
    for (int fork = 0; fork <= 1; fork++) {
        for (int interleave = 0; interleave <= 1; interleave++) {
            struct br_results r;
            br_results_init(&r);
            struct br_run_opts o = quick(4);
            o.iterations = 64;
            o.memory = 0; /* no counting batches after the samples */
            o.fork = fork;
            o.interleave = interleave;
            struct br_machine m;
            br_machine_unpinned(&m, &clk);
            reg_b_log->n = 0;
            ck_assert_int_eq(br_runner_run(reg.benches, reg.n, &o, &m, &clk, &r), 0);
            ck_assert_uint_eq(r.nrows, 2);
            check_rewarm_log(interleave);
            br_results_release(&r);
        }
    }
    munmap(reg_b_log, sizeof *reg_b_log);
    reg_b_log = NULL;
    br_registry_release(&reg);
}
END_TEST

/* The i-th context line of `key` (0 first), or NULL. */
static const char *nth_line(const struct br_results *r, const char *key, size_t i)
{
    for (size_t c = 0; c < r->nctx; c++)
        if (strcmp(r->ctx[c].key, key) == 0 && i-- == 0) return r->ctx[c].value;
    return NULL;
}

/* The counting batches' answer onto a row (issue 29): the range columns only where the batches
 * differed, growth that the fixture's teardown freed as a `retained` line (not a leak), the
 * part still live after it as a `leak` line with its site, and nothing set from a count that
 * is not a finite, non-negative number. */
START_TEST(memory_counts_become_columns_and_lines)
{
    static const double s[] = {10, 11, 12};
    struct br_results r;
    br_results_init(&r);
    struct br_row *grow = br_results_add(&r, "grow", 100, s, 3);
    struct br_msg_counted m = {0};
    m.allocs_per_op = m.allocs_min = m.allocs_max = 1; /* the same in every batch */
    m.alloc_bytes_per_op = m.bytes_min = m.bytes_max = 40;
    m.retained_bytes_per_op = 40;
    m.teardown_bytes_per_op = 40; /* all of the growth freed by teardown */
    ck_assert_int_eq(br_run_add_memory(&r, grow, &m, ""), 0);
    ck_assert(br_row_value(grow, "allocs_per_op", -1) == 1);
    ck_assert_ptr_null(br_row_metric(grow, "allocs_per_op_min")); /* exact: no range */
    ck_assert_ptr_null(br_row_metric(grow, "alloc_bytes_per_op_max"));
    ck_assert_ptr_null(br_results_get(&r, "leak"));
    ck_assert_str_eq(br_results_get(&r, "retained"),
                     "grow: 40 B/op retained until the fixture's teardown, which frees it "
                     "(growing with the operation count by design, not a leak)");

    /* 24 B/op of 64 still live after teardown: a leak at its site, beside 40 retained */
    struct br_row *both = br_results_add(&r, "both", 100, s, 3);
    m.leak_bytes_per_op = 24;
    m.allocs_min = 0.328125, m.allocs_max = 0.34375; /* 21/64 .. 22/64 */
    ck_assert_int_eq(br_run_add_memory(&r, both, &m, "most allocated at f (x.c:3)"), 0);
    ck_assert_str_eq(br_results_get(&r, "leak"), "both: 24 B/op retained, growing with the "
                                                 "operation count; most allocated at f (x.c:3)");
    ck_assert_str_eq(nth_line(&r, "retained", 1),
                     "both: 40 B/op retained until the fixture's teardown, which frees it "
                     "(growing with the operation count by design, not a leak)");
    ck_assert(br_row_value(both, "allocs_per_op_min", -1) == 0.328125);
    ck_assert(br_row_value(both, "allocs_per_op_max", -1) == 0.34375);
    ck_assert_ptr_null(br_row_metric(both, "alloc_bytes_per_op_min")); /* bytes did not vary */

    /* a leak with no site says why in the note; no retained line without teardown growth */
    struct br_row *lost = br_results_add(&r, "lost", 100, s, 3);
    m.teardown_bytes_per_op = 0;
    ck_assert_int_eq(br_run_add_memory(&r, lost, &m, "no allocation site, because"), 0);
    ck_assert_str_eq(nth_line(&r, "leak", 1), "lost: 24 B/op retained, growing with the "
                                              "operation count; no allocation site, because");
    ck_assert_ptr_null(nth_line(&r, "retained", 2));

    struct br_row *bad = br_results_add(&r, "bad", 100, s, 3);
    m.teardown_bytes_per_op = -1;
    ck_assert_int_eq(br_run_add_memory(&r, bad, &m, ""), -1);
    ck_assert_ptr_null(br_row_metric(bad, "allocs_per_op"));
    ck_assert_ptr_null(nth_line(&r, "leak", 2));
    br_results_release(&r);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("runner");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, fixture_hooks_wrap_every_batch);
    tcase_add_test(tc, every_selected_benchmark_gets_a_row);
    tcase_add_test(tc, resumed_samples_are_rewarmed);
    tcase_add_test(tc, memory_counts_become_columns_and_lines);
    suite_add_tcase(s, tc);
    return check_run_suite(s);
}
