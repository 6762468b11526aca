/* memory_bench.c - bodies whose allocations are known exactly (tests/memory.sh checks the
 * counts benchrun reports for each; issue 14's targets). */
#include <bench.h>
#include <stdlib.h>
#include <string.h>

/* Three allocations freed in the body: 3 allocs/op, 16 + 32 + 4 x 16 = 112 B/op, 0 retained. */
BENCH(three_freed)
{
    char *a = malloc(16), *b = malloc(32), *c = calloc(4, 16);
    bench_keep(a);
    bench_keep(b);
    bench_keep(c);
    free(a);
    free(b);
    free(c);
}

/* malloc(8) then realloc to 4096: 2 allocs/op, 4104 B/op. */
BENCH(realloc_grow)
{
    char *p = malloc(8);
    bench_keep(p);
    p = realloc(p, 4096);
    bench_keep(p);
    free(p);
}

/* strdup of a 23-character string: libc's malloc call is counted, 1 alloc/op, 24 B/op. */
BENCH(strdup_23)
{
    static const char s[] = "twenty-three characters";
    char *p = strdup(s);
    bench_keep(p);
    free(p);
}

/* Never frees: 16 B/op retained, reported as a leak naming this line. */
BENCH(leak_16)
{
    void *p = malloc(16); /* LEAK-LINE */
    bench_keep(p);
}

/* No allocation: all zero. */
BENCH(no_alloc)
{
    int x = 42;
    bench_keep(x);
}

/* A cache filled in set-up and reused: no allocation per operation, no leak. */
static void fill_cache(bench_t *bench) { bench->data = calloc(1024, 1); }
static void drop_cache(bench_t *bench) { free(bench->data); }
static const bench_fixture cache_fixture = {fill_cache, drop_cache, NULL, NULL};
BENCH_F(cache_reuse, cache_fixture)
{
    char *c = bench->data;
    c[bench->iterations % 1024]++;
    bench_keep(c);
}

/* Allocations the body keeps and sample_teardown frees: counted, but neither retained nor a
 * leak (the batch ends after its teardown hook). */
static void *kept[1024];
static size_t nkept;
static void free_kept(bench_t *bench)
{
    (void)bench;
    while (nkept) free(kept[--nkept]);
}
static const bench_fixture kept_fixture = {NULL, NULL, NULL, free_kept};
BENCH_F(freed_in_teardown, kept_fixture)
{
    if (nkept < 1024) kept[nkept++] = malloc(48);
}
