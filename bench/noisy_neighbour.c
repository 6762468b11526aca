/* noisy_neighbour [SECONDS] - another tenant's job on a shared machine, for the benchmarks of
 * benchrun itself: phases of random length (0.3 to 3 s) that alternate between streaming over
 * 64 MiB with integer work mixed in, and sleeping.  Runs SECONDS (default: until killed).  The
 * seed comes from the clock: every run of it is a different neighbour. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static uint64_t next(uint64_t *s) /* SplitMix64 */
{
    uint64_t z = (*s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

int main(int argc, char **argv)
{
    double end = argc > 1 ? now() + atof(argv[1]) : 1e300;
    size_t n = (size_t)64 << 20;
    uint64_t *buf = malloc(n), seed = (uint64_t)(now() * 1e9), sink = 0;
    if (!buf) return 1;
    memset(buf, 1, n);
    while (now() < end) {
        double phase = 0.3 + 2.7 * (double)(next(&seed) >> 11) / 9007199254740992.0;
        double until = now() + phase;
        if (next(&seed) & 1) {
            while (now() < until) /* stream and mix: memory bandwidth and ALU */
                for (size_t i = 0; i < n / 8; i += 8) sink += buf[i] * 2654435761u ^ (sink >> 7);
        } else {
            struct timespec ts = {(time_t)phase, (long)((phase - (double)(time_t)phase) * 1e9)};
            nanosleep(&ts, NULL);
        }
    }
    printf("%llu\n", (unsigned long long)(sink & 1));
    return 0;
}
