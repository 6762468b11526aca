/* CPU steering against a fake machine: each CPU has a reference-loop time that the test sets,
 * and the fake records where the measurement runs, so every decision is checked exactly. */
#include <check.h>

#include "check_main.h"
#include "steer.h"

struct machine {
    double ns[4];  /* reference-loop time per CPU */
    int self;      /* CPU this process runs on */
    int workers;   /* CPU the workers run on */
    int probes[4]; /* probes taken per CPU */
    int fail_move; /* move() fails */
};

static double m_probe(void *ctx, int cpu)
{
    struct machine *m = ctx;
    m->self = cpu;
    m->probes[cpu]++;
    return m->ns[cpu];
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

/* Feeds `rounds` rounds, each probing the current CPU's time; returns the moves made. */
static int run_rounds(struct br_steer *s, struct machine *m, int rounds)
{
    struct br_steer_ops ops = ops_for(m);
    int moves = 0;
    for (int i = 0; i < rounds; i++) moves += br_steer_round(s, m->ns[s->current], &ops);
    return moves;
}

START_TEST(start_picks_fastest_cpu)
{
    struct machine m = {{0.50, 0.27}, 1, 1, {0}, 0};
    struct br_steer s;
    br_steer_init(&s, two, 2, 1);
    struct br_steer_ops ops = ops_for(&m);
    ck_assert_int_eq(br_steer_start(&s, &ops), 1);
    ck_assert_int_eq(m.self, 1); /* returned after probing CPU 0 */
    ck_assert_int_eq(m.probes[0], 5);
    ck_assert_int_eq(m.probes[1], 5);

    struct machine m2 = {{0.27, 0.50}, 1, 1, {0}, 0};
    br_steer_init(&s, two, 2, 1);
    ops = ops_for(&m2);
    ck_assert_int_eq(br_steer_start(&s, &ops), 0);
    ck_assert_int_eq(m2.self, 0);
    ck_assert_int_eq(m2.workers, 0);
    ck_assert_double_eq(s.fast_ns, 0.27);
}
END_TEST

START_TEST(one_cpu_never_probes)
{
    struct machine m = {{0.27, 0.9}, 0, 0, {0}, 0};
    struct br_steer s;
    br_steer_init(&s, two, 1, 0);
    struct br_steer_ops ops = ops_for(&m);
    ck_assert_int_eq(br_steer_start(&s, &ops), 0);
    m.ns[0] = 2.0;
    ck_assert_int_eq(run_rounds(&s, &m, 50), 0);
    ck_assert_int_eq(m.probes[0] + m.probes[1], 0);
}
END_TEST

START_TEST(moves_when_current_slows_and_other_is_fast)
{
    struct machine m = {{0.27, 0.27}, 0, 0, {0}, 0};
    struct br_steer s;
    started(&s, &m, 0);
    ck_assert_int_eq(s.current, 0);
    ck_assert_int_eq(run_rounds(&s, &m, 10), 0); /* both fast: stays */
    ck_assert_uint_eq(s.checks, 0);
    m.ns[0] = 0.45;                             /* CPU 0 slows */
    ck_assert_int_eq(run_rounds(&s, &m, 1), 0); /* one slow probe of three: not yet */
    ck_assert_int_eq(run_rounds(&s, &m, 1), 1); /* two: the median is slow */
    ck_assert_int_eq(s.current, 1);
    ck_assert_int_eq(m.workers, 1);
    ck_assert_uint_eq(s.moves, 1);
}
END_TEST

START_TEST(single_slow_probes_do_not_trigger)
{
    struct machine m = {{0.27, 0.27}, 0, 0, {0}, 0};
    struct br_steer s;
    started(&s, &m, 0);
    struct br_steer_ops ops = ops_for(&m);
    int before = m.probes[1];
    /* every other probe 13 % high, as in the fast state: the median of three stays fast */
    for (int i = 0; i < 40; i++) br_steer_round(&s, i % 2 ? 0.305 : 0.273, &ops);
    ck_assert_uint_eq(s.checks, 0);
    ck_assert_int_eq(m.probes[1], before);
}
END_TEST

START_TEST(stays_when_other_is_not_clearly_faster)
{
    struct machine m = {{0.27, 0.27}, 0, 0, {0}, 0};
    struct br_steer s;
    started(&s, &m, 0);
    m.ns[0] = 0.45;
    m.ns[1] = 0.42; /* both slow: 7 % better is not worth a move */
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
    struct machine m = {{0.27, 0.27}, 0, 0, {0}, 0};
    struct br_steer s;
    started(&s, &m, 0);
    m.ns[0] = 0.5;
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
    struct machine m = {{0.27, 0.27}, 1, 1, {0}, 0};
    struct br_steer s;
    ck_assert_int_eq(started(&s, &m, 1), 0); /* a tie: the first of the fastest */
    m.ns[0] = 0.6;
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
    tcase_add_test(tc, one_cpu_never_probes);
    tcase_add_test(tc, moves_when_current_slows_and_other_is_fast);
    tcase_add_test(tc, single_slow_probes_do_not_trigger);
    tcase_add_test(tc, stays_when_other_is_not_clearly_faster);
    tcase_add_test(tc, failed_move_stays_and_returns);
    tcase_add_test(tc, describe_names_cpus_and_moves);
    suite_add_tcase(s, tc);
    return check_run_suite(s);
}
