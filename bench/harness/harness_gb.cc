// The harness's snippets under Google Benchmark, written the way its users write them: a
// direct C++ program linked with libbenchmark (not benchrun's wrapper).
#include <benchmark/benchmark.h>

#include "snippets.h"

static void empty_body(benchmark::State &state)
{
    for (auto _ : state) {
    }
}
BENCHMARK(empty_body);

static void empty_call(benchmark::State &state)
{
    for (auto _ : state) snip_empty();
}
BENCHMARK(empty_call);

// Each operation continues the previous one's chain, as in harness_native.c.
static uint64_t chain;

static void mul_chain_1024(benchmark::State &state)
{
    for (auto _ : state) chain = snip_mul_chain(chain, 1024);
}
BENCHMARK(mul_chain_1024);

static void mul_chain_2048(benchmark::State &state)
{
    for (auto _ : state) chain = snip_mul_chain(chain, 2048);
}
BENCHMARK(mul_chain_2048);

static void lazy_chain_100(benchmark::State &state)
{
    for (auto _ : state) chain = snip_lazy_chain(chain);
}
BENCHMARK(lazy_chain_100);

static void memcpy_4k(benchmark::State &state)
{
    for (auto _ : state) benchmark::DoNotOptimize(snip_memcpy_4k());
}
BENCHMARK(memcpy_4k);

static void qsort_256(benchmark::State &state)
{
    for (auto _ : state) benchmark::DoNotOptimize(snip_qsort_256());
}
BENCHMARK(qsort_256);

static void fnv1a_1k(benchmark::State &state)
{
    for (auto _ : state) benchmark::DoNotOptimize(snip_fnv1a_1k());
}
BENCHMARK(fnv1a_1k);

static void strlen_64(benchmark::State &state)
{
    for (auto _ : state) benchmark::DoNotOptimize(snip_strlen_64());
}
BENCHMARK(strlen_64);

// The slow snippets are timed separately (they are the CPU-time calibration trap).
static void sleep_1ms(benchmark::State &state)
{
    for (auto _ : state) snip_sleep_us(1000);
}
BENCHMARK(sleep_1ms);

BENCHMARK_MAIN();
