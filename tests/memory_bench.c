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

/* Allocates (and frees) 32 B on every third call once 50 calls are behind it, as a cache that
 * fills in steps does: a batch of 64 operations starting at call s allocates 22 times when s is
 * a multiple of 3, else 21, so the six counting batches (each starting one later, mod 3, than
 * the last) count 21/64 and 22/64 allocs/op, their mean 128/384 = 1/3 exactly; which one a
 * single batch saw depended on how many calls came before it (issue 29, point 3). */
BENCH(every_third_call)
{
    static unsigned long calls;
    if (++calls > 50 && calls % 3 == 0) {
        void *p = malloc(32);
        bench_keep(p);
        free(p);
    }
}

/* A store that grows by one 40-byte record per operation, freed by the fixture's teardown, as
 * an in-memory database grows by its rows: retained until teardown, not a leak (issue 29).  To
 * bound the test's memory it keeps the last RING records (2.6 MB), freeing the oldest: those
 * were allocated long before the counting batches (fewer than 700 operations in all), so each
 * counted operation still keeps its 40 bytes until teardown. */
#define RING 65536
struct store {
    void *rec[RING];
    size_t next;
};
static void open_store(bench_t *bench) { bench->data = calloc(1, sizeof(struct store)); }
static void close_store(bench_t *bench)
{
    struct store *s = bench->data;
    for (size_t i = 0; i < RING; i++) free(s->rec[i]);
    free(s);
}
static const bench_fixture store_fixture = {open_store, close_store, NULL, NULL};
static void add_record(bench_t *bench)
{
    struct store *s = bench->data;
    free(s->rec[s->next]);
    s->rec[s->next] = malloc(40);
    s->next = (s->next + 1) % RING;
}
BENCH_F(grow_until_teardown, store_fixture) { add_record(bench); }

/* The same growth, and 24 bytes per operation that nothing frees: a leak of 24 B/op at this
 * line, beside 40 B/op retained until teardown. */
BENCH_F(leak_beside_growth, store_fixture)
{
    add_record(bench);
    void *lost = malloc(24); /* FIXTURE-LEAK-LINE */
    bench_keep(lost);
}
