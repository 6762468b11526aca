#!/bin/sh
# noisy_neighbour.sh [SECONDS] [MIB] [SEED] - a neighbour that comes and goes: one process that
# alternates memory-heavy work (memset and memcpy over two MIB-MiB buffers, far beyond any
# cache, so it takes memory bandwidth and evicts the caches of everything else) with sleep, in
# random phases of 1 to 4 seconds, for SECONDS (default 60; 0: until killed).  For measuring
# how a benchmark holds up when the machine is shared: start it in the background, measure,
# kill it (kill PID; it also ends with its parent shell's process group).
#
#   bench/noisy_neighbour.sh 120 & nn=$!; ./benchrun ...; kill $nn
#
# The work is a small C program compiled on the fly with $CC (default cc); its phases go to
# stderr ("work 2.7 s", "sleep 1.3 s") so a log shows when the neighbour was busy.
set -eu
seconds=${1:-60}
mib=${2:-256}
seed=${3:-$$}
dir=$(mktemp -d "${TMPDIR:-/tmp}/noisy.XXXXXX")
trap 'rm -rf "$dir"' EXIT
cat >"$dir/noisy.c" <<'C'
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

int main(int argc, char **argv)
{
    double seconds = atof(argv[1]), end = now() + seconds;
    size_t bytes = (size_t)atol(argv[2]) << 20;
    unsigned long long x = strtoull(argv[3], NULL, 10) | 1;
    char *a = malloc(bytes), *b = malloc(bytes);
    if (!a || !b) return 1;
    memset(a, 1, bytes);
    memset(b, 2, bytes);
    while (seconds <= 0 || now() < end) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17; /* xorshift64 */
        double phase = 1 + (double)(x % 3000) / 1000;
        int work = (x >> 20) & 1;
        fprintf(stderr, "%s %.1f s\n", work ? "work" : "sleep", phase);
        if (work) {
            for (double stop = now() + phase; now() < stop;) {
                memset(a, (int)(x & 0xff), bytes);
                memcpy(b, a, bytes);
                x += (unsigned char)b[x % bytes];
            }
        } else {
            struct timespec t = {(time_t)phase, (long)((phase - (double)(time_t)phase) * 1e9)};
            nanosleep(&t, NULL);
        }
    }
    return (int)(x & 0); /* x is used: the copies are not dead */
}
C
${CC:-cc} -O2 -o "$dir/noisy" "$dir/noisy.c"
"$dir/noisy" "$seconds" "$mib" "$seed" &
child=$!
# Killing this script ends the neighbour too.
trap 'kill "$child" 2>/dev/null || :; rm -rf "$dir"' EXIT INT TERM
wait "$child"
