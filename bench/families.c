/* Families (issue 15): one block, many instances, as Google Benchmark users write them.
 *
 *   fam_copy       BENCH_RANGE: memcpy of 8 B .. 8 KiB, a throughput curve and an O(N) fit
 *   fam_fill       BENCH_PRODUCT: two arguments, every combination (size x byte value)
 *   fam_sort       BENCH_F_RANGE: qsort of n ints, fresh input per operation: O(NlgN)
 *   fam_pairs      BENCH_RANGE: every pair of n elements: O(N^2)
 *   fam_search     a user counter: the comparisons one linear search makes
 *   fam_parallel   BENCH_THREADS: work each thread does on its own: the same time per
 *                  operation on 1 and 2 threads (given 2 free CPUs)
 *   fam_contended  BENCH_THREADS: every thread increments one atomic counter: the cache line
 *                  moves between the CPUs, so 2 threads take longer per operation than 1
 *
 * Each range block sets bench->complexity_n, so benchrun fits its instances as GB's
 * Complexity() does and prints fam_copy_BigO / fam_copy_RMS after them.
 */
#include <bench.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static unsigned char src[8 << 10], dst[8 << 10];

BENCH_RANGE(fam_copy, 8, 8 << 10, 8)
{
    size_t n = (size_t)bench->arg;
    bench->complexity_n = bench->arg;
    bench->bytes_per_op = (double)n;
    memcpy(dst, src, n);
    bench_clobber();
}

BENCH_PRODUCT(fam_fill, (64, 4096), (0, 255))
{
    memset(dst, (int)bench->args[1], (size_t)bench->args[0]);
    bench_clobber();
}

/* ---- sorting n ints: each operation sorts a fresh copy (see bench/sorting.c) ----
 * Each copy is another window of a 64 Ki-int pool: one input sorted again and again is learned
 * by the branch predictor at small n and not at large n, which bends the curve (a single input
 * fitted N^2 here; see bench/sorting.c). */

enum { SORT_MAX = 16384, POOL = 1 << 16 };
static int pristine[POOL];

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

static void sort_setup(bench_t *b)
{
    uint32_t x = 12345;
    for (int i = 0; i < POOL; i++) {
        x = x * 1103515245u + 12345u; /* fixed LCG: the same input every run */
        pristine[i] = (int)(x >> 8);
    }
    b->complexity_n = b->arg;
}

static void sort_copies(bench_t *b)
{
    size_t n = (size_t)b->arg;
    int *copies = malloc(b->iterations * n * sizeof(int));
    if (!copies) abort();
    for (uint64_t i = 0; i < b->iterations; i++)
        memcpy(copies + i * n, pristine + (i * 4099) % (POOL - n), n * sizeof(int));
    b->data = copies;
}

static void sort_free(bench_t *b)
{
    free(b->data);
    b->data = NULL;
}

static const bench_fixture sort_fixture = {sort_setup, NULL, sort_copies, sort_free};

BENCH_F_RANGE(fam_sort, sort_fixture, 16, 16384, 4)
{
    size_t n = (size_t)bench->arg;
    qsort((int *)bench->data + bench_i * n, n, sizeof(int), cmp_int);
}

BENCH_RANGE(fam_pairs, 16, 256, 2)
{
    int64_t n = bench->arg, close = 0;
    bench->complexity_n = n;
    for (int64_t i = 0; i < n; i++) {
        int64_t a = i * 7919 % 1021;
        bench_hide(a);
        for (int64_t j = 0; j < n; j++) close += (a - j * 7919 % 1021) < 8;
    }
    bench_keep(close);
}

/* ---- a user counter: how many comparisons a search makes, next to how long it takes ---- */

static int haystack[1024];

static void fill_haystack(bench_t *b)
{
    (void)b;
    for (int k = 0; k < 1024; k++) haystack[k] = k;
}

static const bench_fixture haystack_fixture = {fill_haystack, NULL, NULL, NULL};

BENCH_F_ARGS(fam_search, haystack_fixture, 16, 1024)
{
    int64_t n = bench->arg, i = 0;
    int needle = (int)(bench_i % (uint64_t)n);
    bench_hide(needle);
    while (i < n && haystack[i] != needle) i++;
    bench_keep(i);
    /* on average (n + 1) / 2 comparisons: the column counter_compares */
    bench_counter(bench, "compares", (double)(n + 1) / 2);
}

/* ---- threads ---- */

BENCH_THREADS(fam_parallel, 1, 2)
{
    /* a dependent chain of multiply-adds on a local: nothing shared between threads */
    uint64_t x = bench_i;
    bench_hide(x);
    for (int k = 0; k < 64; k++) x = x * 6364136223846793005u + 1442695040888963407u;
    bench_keep(x);
}

static _Atomic uint64_t shared_hits;

BENCH_THREADS(fam_contended, 1, 2)
{
    atomic_fetch_add_explicit(&shared_hits, 1, memory_order_relaxed);
    /* per operation each thread adds 1: with 2 threads the counter reads 2 */
    bench_counter(bench, "increments", 1);
}
