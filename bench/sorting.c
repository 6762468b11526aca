/* Sorting: qsort of 256 ints.  Sorting consumes its input (a sorted array is the fast case),
 * so this is the documented pattern for input that each iteration consumes:
 *
 *   - a sample_setup hook runs before every timed batch (outside the timer) and prepares
 *     bench->iterations fresh, unsorted copies in bench->data;
 *   - the body sorts copy number bench_i, so every operation sees unsorted data;
 *   - sample_teardown releases them.
 *
 * The per-benchmark setup hook makes the pristine inputs once.  Batches stay small enough in
 * memory: a 5 ms batch of a ~12 us qsort is ~400 copies of 1 KiB.
 *
 * Several different inputs, used in turn, not one: a modern core's branch predictor learns the
 * comparisons of one 256-int sort repeated over and over (measured on Zen 5: ~4.3 us per sort
 * with one input, ~12 us with 64 inputs in turn), and whether it keeps what it learned depends
 * on what else ran on the core, so a single input makes the time jump between runs.  64 inputs
 * of 256 ints outrun what the predictor can remember: each sort pays for its mispredictions.
 */
#include <bench.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

enum { N = 256, INPUTS = 64 };

static int pristine[INPUTS][N];

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

static void make_pristine(bench_t *b)
{
    uint32_t x = 12345;
    for (int k = 0; k < INPUTS; k++)
        for (int i = 0; i < N; i++) {
            x = x * 1103515245u + 12345u; /* fixed LCG: the same inputs every run */
            pristine[k][i] = (int)(x >> 8);
        }
    b->items_per_op = N;
}

static void make_copies(bench_t *b)
{
    int *copies = malloc(b->iterations * sizeof pristine[0]);
    if (!copies) abort();
    for (uint64_t i = 0; i < b->iterations; i++)
        memcpy(copies + i * N, pristine[i % INPUTS], sizeof pristine[0]);
    b->data = copies;
}

static void free_copies(bench_t *b)
{
    free(b->data);
    b->data = NULL;
}

static const bench_fixture qsort_fixture = {make_pristine, NULL, make_copies, free_copies};

BENCH_F(qsort_256, qsort_fixture)
{
    int *input = (int *)bench->data + bench_i * N;
    qsort(input, N, sizeof *input, cmp_int);
    bench_clobber();
}

/* The same sort on already-sorted input, for contrast: what you measure if you forget that
 * qsort consumes its input. */
static int sorted_input[N];
static void make_sorted(bench_t *b)
{
    for (int i = 0; i < N; i++) sorted_input[i] = i;
    b->items_per_op = N;
}
static const bench_fixture sorted_fixture = {make_sorted, NULL, NULL, NULL};

BENCH_F(qsort_256_presorted, sorted_fixture)
{
    qsort(sorted_input, N, sizeof sorted_input[0], cmp_int);
    bench_clobber();
}
