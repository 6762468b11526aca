/* Registration across translation units: the other half (see reg_a.c). */
#include <bench.h>
#include <stddef.h>

int reg_b_calls[4]; /* setup, teardown, sample_setup, sample_teardown */
uint64_t reg_b_body_runs, reg_b_last_sample_iterations;
uint64_t reg_b_index_sum;
/* When set (check_runner.c; shared memory, so that a forked worker's batches show): the
 * operation count of each of gamma's batches, in order, up to 64. */
struct reg_b_log {
    size_t n;
    uint64_t iterations[64];
};
struct reg_b_log *reg_b_log;

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
    if (reg_b_log && reg_b_log->n < 64) reg_b_log->iterations[reg_b_log->n++] = b->iterations;
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
