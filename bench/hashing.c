/* Hashing: FNV-1a and a 64-bit mix over buffers of several sizes. */
#include <bench.h>
#include <stddef.h>
#include <stdint.h>

static unsigned char data[4096];

static uint64_t fnv1a(const unsigned char *p, size_t n)
{
    uint64_t h = 14695981039346656037ull;
    for (size_t i = 0; i < n; i++) {
        h ^= p[i];
        h *= 1099511628211ull;
    }
    return h;
}

BENCH_ARGS(fnv1a, 16, 256, 4096)
{
    const unsigned char *p = data;
    bench_hide(p);
    bench->bytes_per_op = (double)bench->arg;
    bench_keep(fnv1a(p, (size_t)bench->arg));
}

/* splitmix64's finaliser: a few ns, latency-bound. */
BENCH(splitmix64)
{
    uint64_t z = bench_i;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    bench_keep(z ^ (z >> 31));
}
