/* Uses every macro of bench.h; compiled by header_dialects.sh as C99, C11, C++11 and C++17
 * under -Wall -Wextra -pedantic -Werror with gcc and clang. */
#include <bench.h>
#include <stdint.h>

static void on_setup(bench_t *b) { b->items_per_op = 1; }
static const bench_fixture fixture = {on_setup, NULL, NULL, NULL};

BENCH(plain) { bench_keep(bench_i * 3); }

BENCH(uses_nothing) {}

BENCH_ARGS(with_args, 1, 2, 3)
{
    int64_t a = bench->arg;
    bench_hide(a);
    bench_keep(a);
    bench_clobber();
}

BENCH_F(with_fixture, fixture) { bench_keep(bench->data); }

struct pair {
    int a, b;
};

/* bench_hide on every kind that fits a register */
BENCH(hides)
{
    double d = 2.0;
    const char *p = "x";
    struct pair small = {1, 2};
    unsigned char c = 7;
    bench_hide(d);
    bench_hide(p);
    bench_hide(small);
    bench_hide(c);
    bench_keep(d + p[0] + small.b + c);
}

BENCH_F_ARGS(with_both, fixture, 10, 20)
{
    double d = (double)bench->arg;
    bench_keep(d);
}

/* Families (issue 15): a Range, products of one to four lists, threads, with and without a
 * fixture; the size for complexity fitting and user counters of every kind. */
BENCH_RANGE(ranged, 8, 8 << 10, 8)
{
    bench->complexity_n = bench->arg;
    bench_keep(bench->arg);
}

BENCH_F_RANGE(ranged_fixture, fixture, 1, 1000, 10) { bench_keep(bench->arg); }

BENCH_PRODUCT(product1, (1, 2)) { bench_keep(bench->args[0]); }

BENCH_PRODUCT(product2, (64, 4096), (0, 255))
{
    bench_keep(bench->args[0] + bench->args[1]);
    bench_counter(bench, "sum", (double)(bench->args[0] + bench->args[1]));
}

BENCH_PRODUCT(product3, (1), (2, 3), (4)) { bench_keep(bench->args[2]); }

BENCH_F_PRODUCT(product4, fixture, (1, 2), (3), (4), (5, 6))
{
    bench_keep(bench->args[3] + (int64_t)bench->nargs);
    bench_counter_flags(bench, "rate", 1, BENCH_COUNTER_RATE);
    bench_counter_flags(bench, "per_thread", 1, BENCH_COUNTER_AVG_THREADS | BENCH_COUNTER_INVERT);
}

BENCH_THREADS(threaded, 1, 2, 4) { bench_keep(bench->thread_index + bench->threads); }

BENCH_F_THREADS(threaded_fixture, fixture, 2) { bench_keep(bench->thread_index); }
