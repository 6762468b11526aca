/* The Python original, translated.  Python's timeit is typically shown on a cheap function and
 * an expensive one:
 *
 *     def fast_func(): return sum(range(100))
 *     def slow_func(): time.sleep(0.5)
 *
 * fast_func calibrates to millions of iterations per sample; slow_func takes half a second per
 * call, so benchrun gives it one iteration per sample and only the floor of samples
 * (--min-repetitions) within its time budget (--max-time): a few seconds, not minutes. */
#include <bench.h>
#include <time.h>

static int fast_func(int n)
{
    int sum = 0;
    for (int i = 0; i < n; i++) sum += i;
    return sum;
}

static void slow_func(void)
{
    struct timespec ts = {0, 500000000};
    nanosleep(&ts, NULL);
}

BENCH(fast_func)
{
    int n = 100;
    bench_hide(n);
    bench_keep(fast_func(n));
}

BENCH(slow_func) { slow_func(); }
