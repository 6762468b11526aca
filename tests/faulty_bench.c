/* Snippets that go wrong, for tests/failures.sh: each must cost only itself.  Which ones are
 * selected is chosen with --filter. */
#include <bench.h>
#include <signal.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static volatile int *volatile nowhere;

/* The faults below strike on the first operation of a batch, whatever its size: at a later one
 * (bench_i == 3 once), a loaded machine could make a batch of 1-3 operations long enough for
 * Google Benchmark to keep that count, and the fault never came (CI: exit() not reported). */

BENCH(ok_add) { bench_keep(bench_i + 1); }

BENCH(segfaults)
{
    if (bench_i == 0) *nowhere = 1;
}

BENCH(aborts)
{
    if (bench_i == 0) abort();
}

BENCH(exits)
{
    if (bench_i == 0) exit(3);
}

BENCH(hangs)
{
    if (bench_i == 0)
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

/* Dies between two samples, while the parent is busy with another benchmark: the parent's next
 * command then goes to a pipe with no reader, which must fail the benchmark, not the run
 * (SIGPIPE).  A timer 100 ms after its third sample kills the idle child (SIGALRM). */
static void arm_after_third(bench_t *b)
{
    static uint64_t last, repeats;
    repeats = b->iterations == last ? repeats + 1 : 0;
    last = b->iterations;
    if (repeats == 2) {
        struct itimerval t = {{0, 0}, {0, 100000}};
        setitimer(ITIMER_REAL, &t, NULL);
    }
}
static const bench_fixture idle_fx = {NULL, NULL, NULL, arm_after_third};
BENCH_F(dies_idle, idle_fx) { bench_keep(bench_i); }

/* A slow, well-behaved benchmark for the interrupt tests: 20 ms per operation. */
BENCH(slow_20ms)
{
    struct timespec ts = {0, 20000000};
    nanosleep(&ts, NULL);
}

/* Prints from its hooks: standard output must not reach benchrun's formats, and what is
 * printed without a newline must not be lost when the worker ends. */
static void say_hello(bench_t *b)
{
    (void)b;
    printf("hello from a snippet's setup\n");
}
static void say_bye(bench_t *b)
{
    (void)b;
    printf("unflushed goodbye"); /* no newline: still in stdio's buffer at teardown */
}
static const bench_fixture chatty_fx = {say_hello, say_bye, NULL, NULL};
BENCH_F(prints, chatty_fx) { bench_keep(bench_i); }

/* Leaves a process of its own running (a daemon, a helper), which inherits the worker's
 * pipes: the benchmark must still finish normally, and a crash must still be a crash. */
static void spawn_sleeper(bench_t *b)
{
    (void)b;
    if (fork() == 0) {
        sleep(6);
        _exit(0);
    }
}
static const bench_fixture sleeper_fx = {spawn_sleeper, NULL, NULL, NULL};
BENCH_F(leaves_child, sleeper_fx) { bench_keep(bench_i); }
BENCH_F(leaves_child_crashes, sleeper_fx)
{
    if (bench_i == 0) *nowhere = 1;
}

/* Builds its input on the first call (0.3 s), then costs a few ns: the first call must not
 * fix the iteration count at 1. */
BENCH(lazy_first)
{
    static int built;
    if (!built) {
        struct timespec ts = {0, 300000000};
        nanosleep(&ts, NULL);
        built = 1;
    }
    bench_keep(bench_i * 3);
}

/* Declares an amount no format can carry. */
static void infinite(bench_t *b) { b->bytes_per_op = 1.0 / 0.0; }
static const bench_fixture infinite_fx = {infinite, NULL, NULL, NULL};
BENCH_F(infinite_bytes, infinite_fx) { bench_keep(bench_i); }

/* exit(0) from a body: in benchrun's own process (--no-fork) it would end the run with status
 * 0 and no results unless benchrun guards it (tests/trustruns.sh). */
BENCH(exits_zero)
{
    if (bench_i == 0) exit(0);
}

/* Crashes only in a copy of this program whose file name ends in "_new": one side of a paired
 * run (benchcmp --run faulty_bench faulty_new) crashes, the other does not. */
BENCH(segfaults_in_new)
{
    static int is_new = -1;
    if (is_new < 0) {
        char self[4096];
        ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
        self[n > 0 ? n : 0] = '\0';
        is_new = n > 4 && strcmp(self + n - 4, "_new") == 0;
    }
    if (is_new && bench_i == 0) *nowhere = 1;
    bench_keep(bench_i);
}
