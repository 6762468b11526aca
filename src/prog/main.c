/* main.c - the main() libbenchrun supplies, in its own object file so that a program with a
 * main() of its own never pulls this one in (see bench_main in bench.h). */
#include "bench.h"

BENCH_API int main(int argc, char **argv);

int main(int argc, char **argv) { return bench_main(argc, argv); }
