/* truth.h - the functions of truth_f.c, compiled apart so that nothing inlines them. */
#ifndef BR_BENCH_TRUTH_H
#define BR_BENCH_TRUTH_H

unsigned long truth_f(unsigned long x);
/* helper_big does three times helper_small's loop: the profile target. */
unsigned long helper_small(unsigned long x);
unsigned long helper_big(unsigned long x);

#endif
