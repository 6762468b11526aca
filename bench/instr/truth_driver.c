/* truth_driver.c - calls truth_f N times (argv[1]): run under callgrind with N and 2N, the
 * difference of the two totals over N is truth_f's count per call, plus this loop's few
 * instructions. */
#include <stdio.h>
#include <stdlib.h>

#include "truth.h"

int main(int argc, char **argv)
{
    unsigned long n = argc > 1 ? strtoul(argv[1], NULL, 10) : 1000, x = 0;
    for (unsigned long i = 0; i < n; i++) x = truth_f(x + i);
    printf("%lu\n", x & 1);
    return 0;
}
