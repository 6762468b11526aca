/* truth_f.c - the function whose instructions bench/instr_targets.sh counts twice: in a BENCH()
 * block (truth.c) and by hand, with callgrind over a driver that calls it N and 2N times
 * (truth_driver.c).  Its work does not depend on its argument: 600 rounds of a mixing step. */
#include "truth.h"

unsigned long truth_f(unsigned long x)
{
    for (int i = 0; i < 600; i++) x = (x ^ (x >> 31)) * 0xbf58476d1ce4e5b9u + (unsigned long)i;
    return x;
}

unsigned long helper_small(unsigned long x)
{
    for (int i = 0; i < 1000; i++) x = x * 6364136223846793005u + 1442695040888963407u;
    return x ^ 1;
}

unsigned long helper_big(unsigned long x)
{
    for (int i = 0; i < 3000; i++) x = x * 6364136223846793005u + 1442695040888963407u;
    return x ^ 1;
}
