// engine_gbench.cc - the Google Benchmark engine: our BENCH() loops, timed by GB's own runner.
//
// How a BENCH() block maps onto Google Benchmark, and why:
//
// - One GB benchmark per selected instance, registered under our name ("memset/64"); --filter
//   already chose the instances, so only those are registered.  GB adds "/real_time" (and
//   "/repeats:N" when the budget cut repetitions) to the names in its own output; the run's
//   function_name is ours, which is how runs are matched back.
// - One GB "run" (an iteration-count probe, the warm-up, or one repetition) is one timed batch
//   of ours.  GB fixes state.max_iterations = n before the run; we run sample_setup for n
//   operations before the timer starts, then `while (state.KeepRunningBatch(n))` makes exactly
//   one call of the block's loop function over the n operations inside GB's timed region, then
//   sample_teardown after KeepRunningBatch stopped the timer.  That is the native engine's
//   br_batch_timed() (batch.c): the same loop function, hooks outside the clock, ns per operation
//   = batch time / n.  The alternatives measure something else: `for (auto _ : state)
//   loop(bench, 1)` adds a call per operation, and PauseTiming()/ResumeTiming() around
//   per-operation hooks cost clock reads inside the timed region (GB calls them "relatively
//   expensive").
// - UseRealTime(): GB predicts counts and reports from wall time, so a sleeping snippet is
//   measured right, as with the native engine.
// - Options become GB's own flags, given to benchmark::Initialize() BEFORE the user's
//   --benchmark_* flags so those win: --min-time -> --benchmark_min_time (0: the native
//   engine's clock-derived minimum batch), --warmup -> --benchmark_min_warmup_time,
//   --repetitions -> --benchmark_repetitions.  Pinning: benchrun pinned this thread, and GB runs
//   a single-threaded benchmark on the calling thread.
// - Time budget (--max-time, --min-repetitions): GB fixes repetitions at registration, so each
//   instance gets one probe call of one operation first and the native rule picks the count
//   (skipped when the user passed --benchmark_repetitions).
// - setup runs before the probe and teardown after GB returns: as in the native engine, every
//   selected fixture is live during the run.
//
// - Isolation: by default each benchmark's whole GB run happens in a worker process of its own
//   (br_child_call, run/child.h), which writes its row back as a results file; a crash, exit()
//   or hang (past its budget twice plus --timeout) fails only that benchmark, as with the
//   native engine.  GB's flags are then set afresh in every worker.  --benchmark_out is written by
//   benchrun, in GB's JSON, from all the rows; --no-fork runs GB in benchrun's own process,
//   where GB writes its own file in any of its formats.
//
// - Allocations (unless --no-memory): after GB's run, each instance's counting batches run as
//   with the native engine (run/memory.h: in the worker, or a child with --no-fork) into the row's
//   memory columns (GB's JSON written by benchrun: allocs_per_iter, max_bytes_used and ours).
//   Not through GB's MemoryManager: GB 1.7.1 calls it after every repetition, running the body
//   once more between timed repetitions, and writes allocs_per_iter even when nothing could be
//   counted; so GB's own --benchmark_out file (--no-fork) has no memory fields.
//
// No C++ type or exception crosses into C: br_gbench_run catches everything.
#include "config.h"

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <iostream>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "run/engine_gbench.h" // first: it includes runner.h and clock.h as C
#include "base/error.h"
extern "C" {
#include "base/atomic_file.h"
#include "format/report.h"
#include "format/results_read.h"
#include "model/stats.h"
#include "run/child.h"
#include "run/user_counters.h"
#include "run/memory.h"
#include "measure/batch.h"
#include "measure/calibrate.h"
#include "measure/team.h"
#include "base/interrupt.h"
}

namespace
{

// One selected instance and what GB reported for it.
struct Job {
    const br_bench *b;
    bench_t st;
    uint64_t iterations;                             // GB's count per repetition
    std::vector<std::pair<int64_t, double>> samples; // (repetition_index, ns per op)
    br_counter_set counters;                         // bench_counter's, as of the last batch
    std::string failed; // why it has no row: a counter that cannot be reported, GB's error
};

// The counters of every thread's state after a batch (user_counters.h): 0, or -1 with j.failed.
int gather_counters(Job &j)
{
    const bench_t *states[BR_MAX_THREADS];
    char why[256];
    for (int i = 0; i < j.st.threads; i++) states[i] = br_team_state(&j.st, i);
    if (br_counters_gather(&j.counters, states, j.st.threads, 0, why, sizeof why) == 0) return 0;
    j.failed = why;
    return -1;
}

const char interrupted[] = "interrupted";

// One GB run = one timed batch of n operations, hooks outside the timed region (see the top).
void gb_batch(benchmark::State &state, Job *j)
{
    const benchmark::IterationCount n = state.max_iterations;
    // SIGINT/SIGTERM (interrupt.h): GB has no way to stop early, so every remaining run ends
    // at once as an error run, which the collector drops; the samples taken so far stay.
    if (br_interrupt_pending()) {
        state.SkipWithError(interrupted);
        while (state.KeepRunningBatch(n)) {
        }
        return;
    }
    br_batch_begin(j->b, &j->st, static_cast<uint64_t>(n));
    while (state.KeepRunningBatch(n)) br_batch_run(j->b, &j->st, static_cast<uint64_t>(n));
    br_batch_end(j->b, &j->st);
    if (gather_counters(*j) < 0) state.SkipWithError(j->failed.c_str());
    // Throughput as GB's own counters too, for the JSON GB writes with --benchmark_out; the
    // body may declare it, so it is read after the batch.
    if (j->st.bytes_per_op > 0)
        state.SetBytesProcessed(static_cast<int64_t>(j->st.bytes_per_op * static_cast<double>(n)));
    if (j->st.items_per_op > 0)
        state.SetItemsProcessed(static_cast<int64_t>(j->st.items_per_op * static_cast<double>(n)));
}

// Seconds one batch of one operation takes: the cheapest look at a snippet's cost.  The
// second call's: a first call may be slow once (lazily built input, page faults).
double probe_seconds(Job &j)
{
    br_clock clk;
    br_clock_init_plain(&clk);
    (void)br_batch_timed(j.b, &j.st, &clk, 1);
    return br_batch_timed(j.b, &j.st, &clk, 1) * 1e-9;
}

// The native engine's sample budget (calibrate.c), in seconds.
unsigned budget_repetitions(const br_run_opts *o, double batch_s)
{
    return br_sample_target(batch_s * 1e9, o->max_time * 1e9, o->repetitions, o->min_repetitions);
}

// ---- flags -----------------------------------------------------------------------------

// GB flags that would break benchrun's results: refused, with what to do instead.
const struct {
    const char *flag, *why;
} refused_flags[] = {
    {"--benchmark_list_tests", "use benchrun --list"},
    {"--benchmark_report_aggregates_only", "benchrun keeps every repetition as a sample"},
    {"--benchmark_display_aggregates_only", "benchrun keeps every repetition as a sample"},
};

bool starts_with(const char *s, const char *prefix)
{
    return std::strncmp(s, prefix, std::strlen(prefix)) == 0;
}

// The flags of Google Benchmark 1.7.1 and the kind of value each takes: a bad value is refused
// here, naming the flag, the value and what it wants (GB itself either exits or ignores the
// flag with a line of its own).  NULL values: any non-empty string.
enum FlagKind { BOOL, INT, DOUBLE, STRING, CHOICE };
const struct {
    const char *name;
    FlagKind kind;
    const char *values;
} gb_flags[] = {
    {"--benchmark_filter", STRING, nullptr},
    {"--benchmark_min_time", DOUBLE, nullptr},
    {"--benchmark_min_warmup_time", DOUBLE, nullptr},
    {"--benchmark_repetitions", INT, nullptr},
    {"--benchmark_enable_random_interleaving", BOOL, nullptr},
    {"--benchmark_format", CHOICE, "|console|json|csv|"},
    {"--benchmark_out", STRING, nullptr},
    {"--benchmark_out_format", CHOICE, "|console|json|csv|"},
    {"--benchmark_color", STRING, nullptr},
    {"--benchmark_counters_tabular", BOOL, nullptr},
    {"--benchmark_perf_counters", STRING, nullptr},
    {"--benchmark_context", STRING, nullptr},
    {"--benchmark_time_unit", CHOICE, "|ns|us|ms|s|"},
    {"--v", INT, nullptr},
};

bool value_fits(FlagKind kind, const char *choices, const std::string &v)
{
    char *end = nullptr;
    switch (kind) {
    case BOOL:
        return std::strstr("|true|false|yes|no|1|0|t|f|y|n|", ("|" + v + "|").c_str()) != nullptr;
    case INT: std::strtol(v.c_str(), &end, 10); return !v.empty() && *end == '\0';
    case DOUBLE: std::strtod(v.c_str(), &end); return !v.empty() && *end == '\0';
    case CHOICE:
        return v.find('|') == std::string::npos &&
               std::strstr(choices, ("|" + v + "|").c_str()) != nullptr;
    default: return !v.empty();
    }
}

const char *kind_name(FlagKind kind)
{
    static const char *const names[] = {"true or false", "a whole number", "a number",
                                        "a non-empty value", "one of"};
    return names[kind];
}

int check_value(const char *arg, size_t name_len, FlagKind kind, const char *choices)
{
    std::string v = arg[name_len] == '=' ? arg + name_len + 1 : "";
    if (value_fits(kind, choices, v)) return 0;
    // GB 1.8 takes "0.1s" (seconds) or "100x" (iterations); 1.7 only the number of seconds.
    bool min_time = std::strncmp(arg, "--benchmark_min_time=", 21) == 0;
    const char *newer = min_time && !v.empty() && (v.back() == 's' || v.back() == 'x')
                            ? "; the '0.1s' and '100x' forms are Google Benchmark 1.8's: give "
                              "the seconds as a plain number"
                            : "";
    return br_error("%.*s: bad value '%s': Google Benchmark %s wants %s%s%s%s", (int)name_len, arg,
                    v.c_str(), GBENCH_VERSION, kind_name(kind), choices ? " " : "",
                    choices ? choices : "", newer);
}

int check_flag(const char *arg)
{
    for (const auto &r : refused_flags)
        if (starts_with(arg, r.flag)) return br_error("%s: not with benchrun (%s)", arg, r.why);
    for (const auto &f : gb_flags) {
        size_t n = std::strlen(f.name);
        if (std::strncmp(arg, f.name, n) == 0 && (arg[n] == '=' || arg[n] == '\0'))
            return check_value(arg, n, f.kind, f.values);
    }
    return br_error("%s: not a Google Benchmark %s flag", arg, GBENCH_VERSION);
}

bool user_flag(const br_run_opts *o, const char *prefix)
{
    for (char **a = o->engine_argv; a && *a; a++)
        if (starts_with(*a, prefix)) return true;
    return false;
}

// The minimum batch: --min-time, or what the native engine derives from the clock.
double min_time_seconds(const br_run_opts *o)
{
    if (o->min_time > 0) return o->min_time;
    br_clock clk;
    br_clock_init(&clk);
    return br_calibrate_min_batch_ns(&clk, 0.001) * 1e-9;
}

// The minimum batch GB will use: the user's last --benchmark_min_time, else ours.
double effective_min_time(const br_run_opts *o, double ours)
{
    for (char **a = o->engine_argv; a && *a; a++)
        if (starts_with(*a, "--benchmark_min_time=")) ours = std::atof(*a + 21);
    return ours;
}

std::string flag(const char *name, double v)
{
    char buf[96];
    std::snprintf(buf, sizeof buf, "--benchmark_%s=%.9g", name, v);
    return buf;
}

// Our options as GB flags, then the user's; benchmark::Initialize() parses them in order, so
// the user's win.  Anything GB does not know is an error.  `shown` gets the effective list.
int init_gbench(const br_run_opts *o, double min_time, std::string &shown)
{
    // GB keeps a pointer to argv[0] for its reports (Context::executable_name): static.
    static char progname[] = "benchrun";
    std::vector<std::string> args = {progname, flag("min_time", min_time),
                                     flag("min_warmup_time", o->warmup),
                                     flag("repetitions", o->repetitions)};
    for (char **a = o->engine_argv; a && *a; a++) {
        if (check_flag(*a) < 0) return -1;
        args.push_back(*a);
    }
    std::vector<char *> argv = {progname};
    for (size_t i = 1; i < args.size(); i++) argv.push_back(&args[i][0]);
    argv.push_back(nullptr);
    int argc = static_cast<int>(args.size());
    benchmark::Initialize(&argc, argv.data());
    if (argc > 1) return br_error("%s: not a Google Benchmark %s flag", argv[1], GBENCH_VERSION);
    for (size_t i = 1; i < args.size(); i++) shown += (i > 1 ? " " : "") + args[i];
    return 0;
}

// ---- the reporter ------------------------------------------------------------------------

// Collects every repetition of every run into its Job; prints nothing on stdout (our formats own
// it): GB's own messages go to stderr.
class Collector : public benchmark::BenchmarkReporter
{
  public:
    Collector(std::vector<Job> &jobs, bool progress) : progress_(progress), total_(jobs.size())
    {
        for (Job &j : jobs) jobs_[j.b->name] = &j;
        SetOutputStream(&std::cerr);
        SetErrorStream(&std::cerr);
    }
    bool ReportContext(const Context &) override { return true; }
    void ReportRuns(const std::vector<Run> &runs) override;

  private:
    std::unordered_map<std::string, Job *> jobs_;
    bool progress_;
    size_t total_, done_ = 0;
};

void Collector::ReportRuns(const std::vector<Run> &runs)
{
    for (const Run &r : runs) {
        auto it = jobs_.find(r.run_name.function_name);
        // Aggregates are recomputed from the samples, like the native engine's.
        if (r.run_type != Run::RT_Iteration || it == jobs_.end()) continue;
        Job *j = it->second;
        if (r.error_occurred) { // that benchmark fails (collect), not the run
            if (j->failed.empty() && r.error_message != interrupted) j->failed = r.error_message;
            continue;
        }
        j->iterations = static_cast<uint64_t>(r.iterations);
        j->samples.emplace_back(r.repetition_index,
                                r.real_accumulated_time * 1e9 / static_cast<double>(r.iterations));
    }
    if (progress_ && !runs.empty())
        std::fprintf(stderr, "\r\033[K[%zu/%zu] %s", ++done_, total_,
                     runs.front().run_name.function_name.c_str());
}

// ---- the run -----------------------------------------------------------------------------

// Registered benchmarks and live fixtures are undone however the run ends.
struct RunGuard {
    explicit RunGuard(std::vector<Job> &j) : jobs(j) {}
    std::vector<Job> &jobs;
    size_t set_up = 0;
    ~RunGuard()
    {
        for (size_t i = 0; i < set_up; i++) {
            br_batch_threads_stop(&jobs[i].st);
            br_batch_hook(jobs[i].b, BR_HOOK_TEARDOWN, &jobs[i].st);
        }
        benchmark::ClearRegisteredBenchmarks();
    }
};

void register_job(Job &j, const br_run_opts *o, double min_time, bool user_reps)
{
    benchmark::internal::Benchmark *b = benchmark::RegisterBenchmark(
        j.b->name, [&j](benchmark::State &state) { gb_batch(state, &j); });
    b->UseRealTime();
    if (user_reps) return;
    double probe = probe_seconds(j);
    unsigned reps = budget_repetitions(o, probe > min_time ? probe : min_time);
    if (reps != o->repetitions) b->Repetitions(static_cast<int>(reps));
}

// GB's view of the machine, for the JSON context (cpu_scaling_enabled, load_avg).
void add_context(br_results *out, const std::string &flags)
{
    const benchmark::CPUInfo &cpu = benchmark::CPUInfo::Get();
    br_results_set(out, "gbench_version", GBENCH_VERSION);
    br_results_set(out, "gbench_flags", flags.c_str());
    br_results_set(out, "cpu_scaling_enabled",
                   cpu.scaling == benchmark::CPUInfo::ENABLED ? "true" : "false");
}

// The counting batches of one instance GB ran (its set-up hook is live) into its row: in place
// in a worker (its GB run is over), in a child with --no-fork (benchrun times on).
void count_memory(Job &j, const br_run_opts *o, br_results *out, br_row *row)
{
    br_msg_counted m;
    char note[1024];
    br_memory_where where = o->fork ? BR_MEMORY_HERE : BR_MEMORY_CHILD;
    br_memory_count(j.b, &j.st, j.iterations, where, &m, note, sizeof note);
    if (br_run_add_memory(out, row, &m, note) < 0)
        br_results_set(out, "failed",
                       (std::string(j.b->name) + ": broken allocation counts").c_str());
}

// One row per instance GB ran (a --benchmark_filter may have skipped some), in our order.
int collect(std::vector<Job> &jobs, const br_run_opts *o, br_results *out)
{
    for (Job &j : jobs) {
        std::sort(j.samples.begin(), j.samples.end());
        std::vector<double> ns;
        for (const auto &s : j.samples) ns.push_back(s.second);
        br_summary sum;
        char why[256];
        if (!ns.empty()) br_stats_summarize(ns.data(), ns.size(), &sum);
        if (!ns.empty() && j.failed.empty() &&
            br_counters_check(&j.counters, sum.median, why, sizeof why) < 0)
            j.failed = why;
        if (!j.failed.empty()) { // that benchmark fails, as with the native engine
            br_results_set(out, "failed", (std::string(j.b->name) + ": " + j.failed).c_str());
            continue;
        }
        if (ns.empty()) continue;
        br_row *row = br_results_add(out, j.b->name, j.iterations, ns.data(), ns.size());
        if (j.st.bytes_per_op > 0) br_row_set(row, "bytes_per_op", j.st.bytes_per_op);
        if (j.st.items_per_op > 0) br_row_set(row, "items_per_op", j.st.items_per_op);
        if (j.st.complexity_n > 0)
            br_row_set(row, "complexity_n", static_cast<double>(j.st.complexity_n));
        br_counters_to_row(&j.counters, row);
        if (o->memory && !br_interrupt_pending()) count_memory(j, o, out, row);
    }
    return 0;
}

int run(const br_bench *benches, size_t n, const br_run_opts *o, br_results *out)
{
    std::string flags;
    double min_time = min_time_seconds(o);
    if (init_gbench(o, min_time, flags) < 0) return -1;
    min_time = effective_min_time(o, min_time);
    std::vector<Job> jobs(n);
    RunGuard guard(jobs);
    benchmark::ClearRegisteredBenchmarks();
    bool user_reps = user_flag(o, "--benchmark_repetitions");
    for (size_t i = 0; i < n; i++) {
        jobs[i] = Job{&benches[i], bench_t{}, 0, {}, br_counter_set{}, {}};
        br_batch_init_state(&benches[i], &jobs[i].st);
        br_batch_hook(&benches[i], BR_HOOK_SETUP, &jobs[i].st);
        guard.set_up = i + 1;
        if (br_batch_threads_start(&benches[i], &jobs[i].st) < 0) return -1;
        register_job(jobs[i], o, min_time, user_reps);
    }
    Collector collector(jobs, o->progress != 0);
    benchmark::RunSpecifiedBenchmarks(&collector);
    if (o->progress) std::fputs("\r\033[K", stderr);
    add_context(out, flags);
    return collect(jobs, o, out);
}

// ---- isolation: each benchmark in a worker process of its own -------------------------------

// GB writes --benchmark_out itself only in this process (--no-fork); with workers, benchrun
// writes it, in GB's JSON, from all the workers' results.
struct OutFile {
    std::string path, format = "json";
};

// The flags the workers get: the user's but --benchmark_out and --benchmark_out_format.
std::vector<char *> worker_flags(const br_run_opts *o, OutFile &out)
{
    std::vector<char *> flags;
    for (char **a = o->engine_argv; a && *a; a++) {
        if (starts_with(*a, "--benchmark_out="))
            out.path = *a + 16;
        else if (starts_with(*a, "--benchmark_out_format="))
            out.format = *a + 23;
        else
            flags.push_back(*a);
    }
    flags.push_back(nullptr);
    return flags;
}

// --benchmark_out in GB's JSON, written whole or not at all.
int write_out_file(const OutFile &file, const br_results *r)
{
    br_atomic_file af;
    const char *path = file.path.c_str();
    if (br_atomic_file_open(&af, path) < 0) return -1;
    if (br_report_json(af.fp, r) < 0) {
        br_atomic_file_abort(&af);
        return br_error("--benchmark_out: %s: write failed", path);
    }
    if (br_atomic_file_close(&af, path) < 0) return -1;
    return br_atomic_file_place(&af, path, 1) < 0 ? -1 : 0;
}

struct Call {
    const br_bench *b;
    const br_run_opts *o;
};

// In the worker: GB over one benchmark, its results written back as a results file (exact:
// the CSV writer's numbers read back as the same doubles).
void call_one(void *ctx, int fd)
{
    Call *c = static_cast<Call *>(ctx);
    br_results r;
    br_results_init(&r);
    FILE *f = fdopen(fd, "w");
    int rc;
    try {
        rc = run(c->b, 1, c->o, &r);
    } catch (const std::exception &e) {
        rc = br_error("%s", e.what());
    }
    if (rc < 0)
        std::fprintf(f, "error: %s\n", br_errmsg());
    else if (r.nrows)
        br_report_csv(f, &r);
    else if (br_results_get(&r, "failed")) // no row to make a results file of
        std::fprintf(f, "failed: %s\n", br_results_get(&r, "failed"));
    std::fclose(f);
}

// The whole run of one benchmark may take its budget twice (GB's own calibration and warm-up
// come on top of the repetitions) plus --timeout: past that it hangs.
double deadline_s(const br_run_opts *o) { return o->timeout + 2 * o->max_time + o->warmup; }

// One worker's answer into `out`: its row, and the first worker's GB context lines.
int take_answer(const br_bench *b, const char *answer, size_t len, br_results *out)
{
    br_results part;
    if (std::strncmp(answer, "error: ", 7) == 0)
        return br_error("--engine gbench: %.*s", (int)std::strcspn(answer + 7, "\n"), answer + 7);
    if (len == 0) return 0; /* a --benchmark_filter left it out */
    /* its row could not be made (collect) */
    if (std::strncmp(answer, "failed: ", 8) == 0) {
        br_results_set(out, "failed",
                       std::string(answer + 8, std::strcspn(answer + 8, "\n")).c_str());
        return 0;
    }
    if (br_results_parse("the Google Benchmark worker", answer, len, &part) < 0) {
        std::string why = std::string(b->name) + ": ended without its results (exit() in the "
                                                 "snippet?) during the run";
        br_results_set(out, "failed", why.c_str());
        return 0;
    }
    for (size_t i = 0; i < part.nrows; i++) br_results_copy_row(out, &part.rows[i]);
    // GB's context once; every worker's leak, uncounted and failed lines, one line on counting
    // being off.
    int first = !br_results_get(out, "gbench_version");
    for (size_t i = 0; i < part.nctx; i++) {
        const char *key = part.ctx[i].key;
        bool once = std::strcmp(key, "memory") == 0 && !br_results_get(out, "memory");
        bool each = std::strcmp(key, "leak") == 0 || std::strcmp(key, "uncounted") == 0 ||
                    std::strcmp(key, "failed") == 0;
        if (first || once || each) br_results_set(out, key, part.ctx[i].value);
    }
    br_results_release(&part);
    return 0;
}

int run_isolated(const br_bench *benches, size_t n, const br_run_opts *o, br_results *out)
{
    OutFile file;
    std::vector<char *> flags = worker_flags(o, file);
    br_run_opts worker = *o;
    worker.engine_argv = flags.data();
    worker.progress = 0;
    for (size_t i = 0; i < n && !br_interrupt_pending(); i++) {
        if (o->progress) std::fprintf(stderr, "\r\033[K[%zu/%zu] %s", i + 1, n, benches[i].name);
        Call call = {&benches[i], &worker};
        br_child child;
        char *answer = nullptr;
        size_t len = 0;
        int rc = br_child_call(&child, call_one, &call, deadline_s(o), &answer, &len), err = 0;
        if (rc == BR_CHILD_OK) {
            err = take_answer(&benches[i], answer, len, out);
        } else if (rc == BR_CHILD_FAILED) {
            std::string why = std::string(benches[i].name) + ": " + child.failed;
            br_results_set(out, "failed", why.c_str());
        }
        br_child_release(&child);
        std::free(answer);
        if (err < 0) return -1;
    }
    if (o->progress) std::fputs("\r\033[K", stderr);
    if (!out->nrows && !br_results_get(out, "failed") && !br_interrupt_pending())
        return br_error("--engine gbench: Google Benchmark ran nothing (a --benchmark_filter "
                        "matching none?)");
    return file.path.empty() ? 0 : write_out_file(file, out);
}

} // namespace

extern "C" {

int br_gbench_available(void) { return 0; }

int br_gbench_check(const struct br_run_opts *o)
{
    OutFile file;
    for (char **a = o->engine_argv; a && *a; a++)
        if (check_flag(*a) < 0) return -1;
    (void)worker_flags(o, file);
    if (file.path.empty()) return 0;
    if (o->fork && file.format != "json")
        return br_error("--benchmark_out_format=%s: with Google Benchmark in worker processes "
                        "benchrun writes --benchmark_out as JSON; for Google Benchmark's own %s "
                        "file add --no-fork",
                        file.format.c_str(), file.format.c_str());
    if (br_atomic_file_check(file.path.c_str(), 1) < 0) return br_error_prefix("--benchmark_out: ");
    return 0;
}

const char *br_gbench_version(void) { return GBENCH_VERSION; }

int br_gbench_run(const struct br_bench *benches, size_t n, const struct br_run_opts *o,
                  struct br_machine *m, const struct br_clock *clk, struct br_results *out)
{
    (void)m;
    (void)clk;
    try {
        return o->fork ? run_isolated(benches, n, o, out) : run(benches, n, o, out);
    } catch (const std::exception &e) {
        return br_error("--engine gbench: %s", e.what());
    } catch (...) {
        return br_error("--engine gbench: unknown C++ exception");
    }
}
}
