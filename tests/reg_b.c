/* Registration across translation units: the other half (see reg_a.c). */
#include <bench.h>
#include <stddef.h>

int reg_b_calls[4]; /* setup, teardown, sample_setup, sample_teardown */
uint64_t reg_b_body_runs, reg_b_last_sample_iterations;
uint64_t reg_b_index_sum;

static void setup(bench_t *b)
{
    reg_b_calls[0]++;
    b->data = &reg_b_calls;
    b->items_per_op = 3;
}
static void teardown(bench_t *b)
{
    (void)b;
    reg_b_calls[1]++;
}
static void sample_setup(bench_t *b)
{
    reg_b_calls[2]++;
    reg_b_last_sample_iterations = b->iterations;
}
static void sample_teardown(bench_t *b)
{
    (void)b;
    reg_b_calls[3]++;
}

static const bench_fixture fx = {setup, teardown, sample_setup, sample_teardown};

BENCH_F(gamma, fx)
{
    reg_b_body_runs++;
    reg_b_index_sum += bench_i;
    if (bench->data != &reg_b_calls) reg_b_body_runs += 1000000; /* setup's data not seen */
}
