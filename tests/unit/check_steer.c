/* CPU steering against a fake machine: each CPU has reference-kernel times that the test sets,
 * and the fake records where the measurement runs, so every decision is checked exactly. */
#include <check.h>

#include "check_main.h"
#include "measure/steer.h"

#define LOOP 0
#define SORT 1

struct machine {
    double ns[2][BR_STEER_KERNELS]; /* reference-kernel times per CPU */
    int self;                       /* CPU this process runs on */
    int workers;                    /* CPU the workers run on */
    int probes[2];                  /* probes taken per CPU */
    int fail_move;                  /* move() fails */
};

static void m_probe(void *ctx, int cpu, double ns[BR_STEER_KERNELS])
{
    struct machine *m = ctx;
    m->self = cpu;
    m->probes[cpu]++;
    for (int k = 0; k < BR_STEER_KERNELS; k++) ns[k] = m->ns[cpu][k];
}

static int m_move(void *ctx, int cpu)
{
    struct machine *m = ctx;
    if (m->fail_move) return -1;
    m->self = m->workers = cpu;
    return 0;
}

static int m_back(void *ctx, int cpu)
{
    ((struct machine *)ctx)->self = cpu;
    return 0;
}

static const int two[] = {0, 1};

/* Both CPUs at the fast times (loop 0.27 ns, sort 12 us), the measurement on `self`. */
static struct machine fast_machine(int self)
{
    struct machine m = {{{0.27, 12000}, {0.27, 12000}}, self, self, {0, 0}, 0};
    return m;
}

static struct br_steer_ops ops_for(struct machine *m)
{
    struct br_steer_ops ops = {m_probe, m_move, m_back, m};
    return ops;
}

/* Steering over CPUs 0 and 1, started on `current`; returns the CPU chosen. */
static int started(struct br_steer *s, struct machine *m, int current)
{
    struct br_steer_ops ops = ops_for(m);
    br_steer_init(s, two, 2, current);
    return br_steer_start(s, &ops);
}

/* Feeds `rounds` rounds, each probing the current CPU's times; returns the moves made. */
static int run_rounds(struct br_steer *s, struct machine *m, int rounds)
{
    struct br_steer_ops ops = ops_for(m);
    int moves = 0;
    for (int i = 0; i < rounds; i++) moves += br_steer_round(s, m->ns[s->current], &ops);
    return moves;
}

START_TEST(start_picks_fastest_cpu)
{
    struct machine m = fast_machine(1);
    m.ns[0][LOOP] = 0.50;
    struct br_steer s;
    ck_assert_int_eq(started(&s, &m, 1), 1);
    ck_assert_int_eq(m.self, 1); /* returned after probing CPU 0 */
    ck_assert_int_eq(m.probes[0], 5);
    ck_assert_int_eq(m.probes[1], 5);

    struct machine m2 = fast_machine(1);
    m2.ns[1][LOOP] = 0.50;
    ck_assert_int_eq(started(&s, &m2, 1), 0);
    ck_assert_int_eq(m2.self, 0);
    ck_assert_int_eq(m2.workers, 0);
    ck_assert_double_eq(s.fast_ns[LOOP], 0.27);
    ck_assert_double_eq(s.fast_ns[SORT], 12000);
}
END_TEST

START_TEST(start_judges_by_the_worse_kernel)
{
    /* CPU 0: loop 4 % slower, sort 40 % slower; CPU 1: loop 10 % slower, sort fast.  CPU 0's
     * worse ratio is 1.40, CPU 1's 1.10: CPU 1, although CPU 0 has the faster loop. */
    struct machine m = {{{0.26, 16800}, {0.286, 12000}}, 0, 0, {0, 0}, 0};
    struct br_steer s;
    ck_assert_int_eq(started(&s, &m, 0), 1);
    ck_assert_int_eq(m.workers, 1);
}
END_TEST

START_TEST(one_cpu_never_probes)
{
    struct machine m = fast_machine(0);
    struct br_steer s;
    struct br_steer_ops ops = ops_for(&m);
    br_steer_init(&s, two, 1, 0);
    ck_assert_int_eq(br_steer_start(&s, &ops), 0);
    m.ns[0][LOOP] = 2.0;
    ck_assert_int_eq(run_rounds(&s, &m, 50), 0);
    ck_assert_int_eq(m.probes[0] + m.probes[1], 0);
}
END_TEST

START_TEST(moves_when_current_slows_and_other_is_fast)
{
    struct machine m = fast_machine(0);
    struct br_steer s;
    started(&s, &m, 0);
    ck_assert_int_eq(s.current, 0);
    ck_assert_int_eq(run_rounds(&s, &m, 10), 0); /* both fast: stays */
    ck_assert_uint_eq(s.checks, 0);
    m.ns[0][LOOP] = 0.45;                       /* CPU 0's loop slows */
    ck_assert_int_eq(run_rounds(&s, &m, 1), 0); /* one slow probe of three: not yet */
    ck_assert_int_eq(run_rounds(&s, &m, 1), 1); /* two: the median is slow */
    ck_assert_int_eq(s.current, 1);
    ck_assert_int_eq(m.workers, 1);
    ck_assert_uint_eq(s.moves, 1);
}
END_TEST

START_TEST(moves_when_only_the_sort_slows)
{
    struct machine m = fast_machine(0);
    struct br_steer s;
    started(&s, &m, 0);
    run_rounds(&s, &m, 5);
    m.ns[0][SORT] = 17400; /* 1.45x, the loop untouched */
    ck_assert_int_eq(run_rounds(&s, &m, 2), 1);
    ck_assert_int_eq(s.current, 1);
}
END_TEST

START_TEST(single_slow_probes_do_not_trigger)
{
    struct machine m = fast_machine(0);
    struct br_steer s;
    started(&s, &m, 0);
    struct br_steer_ops ops = ops_for(&m);
    int before = m.probes[1];
    /* every third probe high (loop 13 %, sort 17 %), as single readings in the fast state
     * are: the median of three stays fast */
    for (int i = 0; i < 40; i++) {
        double ns[BR_STEER_KERNELS] = {i % 3 ? 0.273 : 0.305, i % 3 ? 12000 : 14000};
        br_steer_round(&s, ns, &ops);
    }
    ck_assert_uint_eq(s.checks, 0);
    ck_assert_int_eq(m.probes[1], before);
}
END_TEST

START_TEST(stays_when_other_is_not_clearly_faster)
{
    struct machine m = fast_machine(0);
    struct br_steer s;
    started(&s, &m, 0);
    m.ns[0][LOOP] = 0.45;
    m.ns[1][LOOP] = 0.42; /* both slow: 7 % better is not worth a move */
    ck_assert_int_eq(run_rounds(&s, &m, 20), 0);
    ck_assert_int_eq(s.current, 0);
    ck_assert_int_eq(m.self, 0); /* went back after each check */
    /* checks are rate-limited: rounds 4, 8, 12, 16, 20 (CHECK_EVERY = 4) */
    ck_assert_uint_eq(s.checks, 5);
    ck_assert_int_eq(m.probes[1], 5 + 5 * 3);
}
END_TEST

START_TEST(failed_move_stays_and_returns)
{
    struct machine m = fast_machine(0);
    struct br_steer s;
    started(&s, &m, 0);
    m.ns[0][LOOP] = 0.5;
    m.fail_move = 1;
    ck_assert_int_eq(run_rounds(&s, &m, 4), 0);
    ck_assert_uint_eq(s.checks, 1);
    ck_assert_int_eq(s.current, 0);
    ck_assert_int_eq(m.self, 0);
    ck_assert_uint_eq(s.moves, 0);
}
END_TEST

START_TEST(describe_names_cpus_and_moves)
{
    struct machine m = fast_machine(1);
    struct br_steer s;
    ck_assert_int_eq(started(&s, &m, 1), 0); /* a tie: the first of the fastest */
    m.ns[0][LOOP] = 0.6;
    run_rounds(&s, &m, 4);
    char buf[128];
    br_steer_describe(&s, 0, buf, sizeof buf);
    ck_assert_str_eq(buf, "started on CPU 0 of 0,1; 1 checks, 1 moves; ended on CPU 1");
}
END_TEST

int main(void)
{
    Suite *s = suite_create("steer");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, start_picks_fastest_cpu);
    tcase_add_test(tc, start_judges_by_the_worse_kernel);
    tcase_add_test(tc, one_cpu_never_probes);
    tcase_add_test(tc, moves_when_current_slows_and_other_is_fast);
    tcase_add_test(tc, moves_when_only_the_sort_slows);
    tcase_add_test(tc, single_slow_probes_do_not_trigger);
    tcase_add_test(tc, stays_when_other_is_not_clearly_faster);
    tcase_add_test(tc, failed_move_stays_and_returns);
    tcase_add_test(tc, describe_names_cpus_and_moves);
    suite_add_tcase(s, tc);
    return check_run_suite(s);
}
