/* Memory: copying and filling buffers of several sizes, reported as bytes per second. */
#include <bench.h>
#include <stdlib.h>
#include <string.h>

static char src[65536], dst[65536];

BENCH_ARGS(memcpy, 64, 4096, 65536)
{
    bench->bytes_per_op = (double)bench->arg;
    char *d = dst;
    bench_hide(d);
    memcpy(d, src, (size_t)bench->arg);
    bench_clobber();
}

BENCH_ARGS(memset, 64, 4096, 65536)
{
    bench->bytes_per_op = (double)bench->arg;
    char *d = dst;
    bench_hide(d);
    memset(d, (int)(bench_i & 0x7f), (size_t)bench->arg);
    bench_clobber();
}

/* malloc + free of a small block: the allocator's fast path. */
BENCH_ARGS(malloc_free, 16, 1024)
{
    void *p = malloc((size_t)bench->arg);
    bench_keep(p);
    free(p);
}
