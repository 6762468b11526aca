/* A user program with its own main(): it calls bench_main() and the library's main() stays out
 * of the link. */
#include <bench.h>
#include <stdio.h>

BENCH(own) { bench_keep(bench_i); }

int main(int argc, char **argv)
{
    fputs("own main ran\n", stderr);
    return bench_main(argc, argv);
}
