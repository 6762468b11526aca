/* random.c - SplitMix64 and what is built on it (random.h). */
#include "base/random.h"

#include <math.h>

uint64_t br_random_next(uint64_t *state)
{
    /* The constants of the reference implementation (Vigna, splitmix64.c). */
    uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

double br_random_uniform(uint64_t *state)
{
    /* 53 random bits, centred in their interval: (k + 0.5) / 2^53 is never 0 or 1. */
    return ((double)(br_random_next(state) >> 11) + 0.5) * 0x1p-53;
}

double br_random_normal(uint64_t *state)
{
    double u = br_random_uniform(state), v = br_random_uniform(state);
    return sqrt(-2 * log(u)) * cos(2 * M_PI * v);
}
