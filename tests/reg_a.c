/* Registration across translation units: half of the blocks (see reg_b.c). */
#include <bench.h>

int reg_a_runs;

BENCH(alpha) { reg_a_runs++; }

BENCH_ARGS(beta, 4096, 64, 7) { reg_a_runs += (int)bench->arg; }
