/* The second definition of BENCH(same) (see dup_a.c). */
#include <bench.h>

BENCH(same) { bench_keep(2); }
