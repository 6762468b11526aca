/* Snippets that go wrong, for tests/failures.sh: each must cost only itself.  Which ones are
 * selected is chosen with --filter. */
#include <bench.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static volatile int *volatile nowhere;

BENCH(ok_add) { bench_keep(bench_i + 1); }

BENCH(segfaults) {
    if (bench_i == 3) *nowhere = 1;
}

BENCH(aborts) {
    if (bench_i == 3) abort();
}

BENCH(exits) {
    if (bench_i == 3) exit(3);
}

BENCH(hangs) {
    if (bench_i == 3)
        for (;;) pause();
}

/* Crashes only after it has produced samples.  Calibration always grows the count, so the
 * third batch in a row at the same count is the third sample (run with --warmup 0). */
static void count_samples(bench_t *b)
{
    static uint64_t last, repeats;
    repeats = b->iterations == last ? repeats + 1 : 0;
    last = b->iterations;
    if (repeats >= 3) raise(SIGBUS);
}
static const bench_fixture late_fx = {NULL, NULL, count_samples, NULL};
BENCH_F(crashes_late, late_fx) { bench_keep(bench_i); }

/* A slow, well-behaved benchmark for the interrupt tests: 20 ms per operation. */
BENCH(slow_20ms) {
    struct timespec ts = {0, 20000000};
    nanosleep(&ts, NULL);
}
