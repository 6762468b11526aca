// Google Benchmark 1.7.1's own fit of exact data points: manual time, one iteration per run.
// Each family is registered once per Complexity(class), so GB fits every class (on oAuto GB would
// choose the class on CPU time, which manual time does not set).  Build and run:
//   g++ -std=c++17 gbench_complexity_ref.cc -lbenchmark -lpthread && ./a.out
// It prints FAMILY.CLASS_BigO ... real_coef C and FAMILY.CLASS_RMS real_rms R, which
// tests/unit/check_complexity.c holds.
#include <benchmark/benchmark.h>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

struct Data { std::vector<long> n; std::vector<double> t; };  // t in ns, one per run, in order
static std::map<std::string, Data> data;
static std::map<std::string, size_t> at;

static void Fit(benchmark::State &state, std::string fam, std::string key)
{
    Data &d = data[fam];
    size_t i = at[key]++;
    for (auto _ : state) state.SetIterationTime(d.t[i] * 1e-9);
    state.SetComplexityN(d.n[i]);
}

static const char *big(benchmark::BigO b) { switch (b) { case benchmark::o1: return "(1)"; case benchmark::oN: return "N"; case benchmark::oNSquared: return "N^2"; case benchmark::oNCubed: return "N^3"; case benchmark::oLogN: return "lgN"; case benchmark::oNLogN: return "NlgN"; default: return "?"; } }
class Rep : public benchmark::ConsoleReporter {
  public:
    bool ReportContext(const Context &) override { return true; }
    void ReportRuns(const std::vector<Run> &runs) override
    {
        for (const Run &r : runs)
            if (r.report_big_o)
                std::printf("%s big_o %s real_coef %.17g\n", r.benchmark_name().c_str(),
                            big(r.complexity), r.GetAdjustedRealTime());
            else if (r.report_rms)
                std::printf("%s real_rms %.17g\n", r.benchmark_name().c_str(), r.GetAdjustedRealTime());
    }
};

int main(int argc, char **argv)
{
    // name, repetitions, sizes, times (reps per size, consecutive)
    data["lin"] = {{8, 64, 512, 4096}, {17.5, 130.0, 1030.0, 8190.0}};
    data["quad"] = {{8, 16, 32, 64, 128}, {70.0, 250.0, 1030.0, 4100.0, 16500.0}};
    data["nlgn"] = {{64, 512, 4096, 32768}, {1950.0, 23100.0, 245000.0, 2470000.0}};
    data["flat"] = {{1, 10, 100, 1000}, {5.0, 5.2, 4.9, 5.1}};
    data["lg"] = {{2, 16, 128, 1024}, {3.1, 12.2, 20.9, 30.1}};
    data["cube"] = {{4, 8, 16, 32}, {64.0, 520.0, 4090.0, 32800.0}};
    data["reps"] = {{100, 100, 100, 1000, 1000, 1000, 10000, 10000, 10000},
                    {210.0, 190.0, 205.0, 2010.0, 1985.0, 2100.0, 19900.0, 20300.0, 20050.0}};
    for (auto &kv : data) {
        Data &d = kv.second;
        int reps = kv.first == "reps" ? 3 : 1;
        static const benchmark::BigO classes[] = {benchmark::o1, benchmark::oLogN, benchmark::oN,
                                                  benchmark::oNLogN, benchmark::oNSquared, benchmark::oNCubed};
        for (benchmark::BigO c : classes) {
            std::string key = kv.first + "." + big(c);
            auto *b = benchmark::RegisterBenchmark(key.c_str(), Fit, kv.first, key);
            for (size_t i = 0; i < d.n.size(); i += reps) b->Arg(d.n[i]);
            b->Iterations(1)->UseManualTime()->Complexity(c)->Repetitions(reps);
        }
    }
    benchmark::Initialize(&argc, argv);
    Rep rep;
    benchmark::RunSpecifiedBenchmarks(&rep);
}
