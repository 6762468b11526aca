/* benchcmp.c - the benchcmp program (issue 3: to be implemented). */
#include <stdio.h>

int main(void)
{
    fputs("benchcmp: not implemented yet\n", stderr);
    return 2;
}
