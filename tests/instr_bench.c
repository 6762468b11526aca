/* instr_bench.c - snippets of known instruction counts for tests/instructions.sh.
 *
 * work_N calls one non-inlined loop of N iterations, so the counts of work_100, work_200 and
 * work_300 are in arithmetic progression, exactly.  helpers calls helper_one and helper_three,
 * which does three times helper_one's loop.  Built three ways: as it is; with -DINSTR_MORE,
 * where work_100 does 10 % more work and everything else is the same; with -DINSTR_FAKE_SAN,
 * where the blocks say they were built with a sanitizer (as bench.h's flags would). */
#include <bench.h>

#ifdef INSTR_FAKE_SAN
#undef BENCH__SAN_FLAG
#define BENCH__SAN_FLAG BENCH_BUILT_SANITIZED
#endif

#ifdef INSTR_MORE
#define WORK_A 110
#else
#define WORK_A 100
#endif

__attribute__((noinline)) static unsigned long work(unsigned long n)
{
    unsigned long s = 0;
    for (unsigned long i = 0; i < n; i++) s += i ^ (s >> 3);
    return s;
}

/* Not tail calls (a jump would hide the helper from the call graph): work after the call. */
__attribute__((noinline)) static unsigned long helper_one(unsigned long n) { return work(n) ^ n; }
__attribute__((noinline)) static unsigned long helper_three(unsigned long n)
{
    return work(3 * n) ^ n;
}

BENCH(work_100)
{
    unsigned long n = WORK_A;
    bench_hide(n);
    bench_keep(work(n));
}

BENCH(work_200)
{
    unsigned long n = 200;
    bench_hide(n);
    bench_keep(work(n));
}

BENCH(work_300)
{
    unsigned long n = 300;
    bench_hide(n);
    bench_keep(work(n));
}

BENCH(helpers)
{
    unsigned long n = 1000;
    bench_hide(n);
    bench_keep(helper_one(n) + helper_three(n));
}
