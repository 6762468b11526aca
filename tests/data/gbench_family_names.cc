// Google Benchmark 1.7.1: the families of tests/fixtures/family_blocks.c; its
// --benchmark_list_tests=true printed the names tests/unit/check_families.c expects
// (g++ -std=c++17 ... -lbenchmark -lpthread).
#include <benchmark/benchmark.h>
static void f(benchmark::State &s) { for (auto _ : s) {} }
BENCHMARK(f)->Name("copy")->RangeMultiplier(8)->Range(8, 8 << 10);
BENCHMARK(f)->Name("dec")->RangeMultiplier(10)->Range(1, 1000);
BENCHMARK(f)->Name("neg")->RangeMultiplier(4)->Range(-64, 64);
BENCHMARK(f)->Name("negonly")->RangeMultiplier(2)->Range(-100, -3);
BENCHMARK(f)->Name("zero")->RangeMultiplier(10)->Range(0, 100);
BENCHMARK(f)->Name("odd")->RangeMultiplier(3)->Range(5, 100);
BENCHMARK(f)->Name("same")->Range(5, 5);
BENCHMARK(f)->Name("next")->Range(5, 6);
BENCHMARK(f)->Name("big")->RangeMultiplier(1024)->Range(1, int64_t(1) << 40);
BENCHMARK(f)->Name("fill")->ArgsProduct({{64, 4096}, {0, 255}});
BENCHMARK(f)->Name("three")->ArgsProduct({{1, 2}, {10}, {-5, 7, 9}});
BENCHMARK(f)->Name("four")->ArgsProduct({{1, 2}, {3, 4}, {5, 6}, {7, 8}});
BENCHMARK(f)->Name("spin")->Threads(1)->Threads(2)->Threads(4);
BENCHMARK(f)->Name("spin_fixture")->Threads(2);
BENCHMARK_MAIN();
