/* A user's benchmark file, built by installcheck exactly as README says:
 *   cc -O2 my_bench.c $(pkg-config --cflags --libs benchrun) -o my_bench */
#include <bench.h>
#include <string.h>

BENCH(user_strlen) { bench_keep(strlen("hello, world")); }

BENCH_ARGS(user_memset, 16, 256)
{
    static char buf[256];
    bench->bytes_per_op = (double)bench->arg;
    memset(buf, 1, (size_t)bench->arg);
    bench_clobber();
}
