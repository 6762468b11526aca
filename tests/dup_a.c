/* Two files defining BENCH(same): benchrun must refuse to start (see dup_b.c). */
#include <bench.h>

BENCH(same) { bench_keep(1); }
