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
