/* random.h - a small deterministic generator for the statistics and the tests.
 *
 * SplitMix64 (G. L. Steele, D. Lea, C. H. Flood, "Fast splittable pseudorandom number
 * generators", OOPSLA 2014): 64 bits of state, passes BigCrush, and the same seed gives the
 * same sequence on every machine, so permutation tests and synthetic data are repeatable.
 * Not for anything that must be unpredictable.
 */
#ifndef BR_RANDOM_H
#define BR_RANDOM_H

#include <stdint.h>

/* The next 64 random bits; advances *state. */
uint64_t br_random_next(uint64_t *state);
/* Uniform in (0, 1): never 0, so log() of it is finite. */
double br_random_uniform(uint64_t *state);
/* Standard normal, by the Box-Muller transform (two uniforms per value). */
double br_random_normal(uint64_t *state);

#endif
