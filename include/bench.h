/*
 * bench.h - the one header a benchrun user includes.
 *
 *     #include <bench.h>
 *     #include <string.h>
 *
 *     BENCH(strlen_short) {
 *         const char *s = "hello, world";
 *         bench_hide(s);    // else strlen("hello, world") is folded to 12: an empty loop
 *         bench_keep(strlen(s));
 *     }
 *
 * Build with the library's main():
 *
 *     cc -O2 my_bench.c $(pkg-config --cflags --libs benchrun) -o my_bench
 *     ./my_bench --filter strlen
 *
 * Every BENCH() block registers itself at load time (a constructor links a static descriptor
 * onto a list; nothing is allocated, nothing can fail).  The block's body is ONE operation: the
 * macro emits the counting loop in your translation unit around the body, which is inlined, so
 * the harness adds no function call per iteration.
 *
 * Caveat: BENCH() blocks compiled into a static archive (.a) are dropped by the linker unless
 * something references their object file.  Link such archives with
 * -Wl,--whole-archive libfoo.a -Wl,--no-whole-archive; benchrun reports an empty registry as
 * an error that says so.
 *
 * The header is valid C99, C11, C++11 and C++17 under -Wall -Wextra -pedantic (GCC, Clang).
 */
#ifndef BENCH_H
#define BENCH_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Version of the header/library pair; the descriptor layout is checked against it. */
#define BENCH_VERSION_MAJOR 0
#define BENCH_VERSION_MINOR 1
#define BENCH_VERSION_PATCH 0
#define BENCH_ABI           2 /* 2: families, complexity, counters, threads */

#if defined(_WIN32)
#define BENCH_API
#else
#define BENCH_API __attribute__((visibility("default")))
#endif

/* Limits of one instance: arguments of a BENCH_PRODUCT (lists), counters of bench_counter(). */
#define BENCH_MAX_ARGS     4
#define BENCH_MAX_COUNTERS 16

/*
 * The kinds of a user counter (bench_counter_flags), Google Benchmark's Counter::Flags by the
 * same bits.  A counter's value is an amount per operation; the threads of a BENCH_THREADS
 * block add theirs up (GB sums its counters over threads), then:
 *
 *   BENCH_COUNTER_RATE         per second instead of per operation: value / time per operation
 *                              (GB's kIsRate: "hits/s"), at the median time in the results file;
 *                              counting instructions (--measure instructions, no time) the
 *                              counter is left out, and an `omitted` line says so
 *   BENCH_COUNTER_AVG_THREADS  the threads' mean instead of their sum (GB's kAvgThreads)
 *   BENCH_COUNTER_INVERT       1 / value, applied last (GB's kInvert: with RATE, seconds per hit)
 *
 * GB's kIsIterationInvariant and kAvgIterations have no equivalent: a value here is already
 * per operation, and the batch length that multiplying by iterations would give is the
 * harness's choice, not a property of the code.
 */
#define BENCH_COUNTER_RATE        0x1u
#define BENCH_COUNTER_AVG_THREADS 0x2u
#define BENCH_COUNTER_INVERT      0x80000000u

/* One counter set by bench_counter(): the harness reads them after each batch. */
typedef struct bench_counter_slot {
    const char *name; /* a string that lives as long as the benchmark runs (a literal) */
    double value;
    unsigned flags;
} bench_counter_slot;

/*
 * What a body, a fixture hook or a per-sample hook sees, through the pointer `bench`.
 *
 *   arg           the first argument of a parameterised benchmark (args[0]), else 0.
 *   iterations    how many times the body runs in the current timed batch; valid in the
 *                 per-sample hooks, so they can prepare one fresh input per iteration.
 *   data          free for the user: set it in a setup hook, read it in the body.
 *   bytes_per_op  bytes one operation processes; when > 0 the report adds B/s.
 *   items_per_op  items one operation processes; when > 0 the report adds items/s.
 *   args          every argument of the instance: args[0] .. args[nargs - 1] (BENCH_PRODUCT's
 *                 `name/a/b` has args[0] = a, args[1] = b); the rest are 0.
 *   nargs         how many.
 *   complexity_n  the size N of this instance's problem, for complexity fitting: set it (in
 *                 the body or a hook) and benchrun fits the block's instances as Google
 *                 Benchmark's Complexity() does; 0 (the default) leaves the block unfitted.
 *   thread_index  0 .. threads - 1: which thread of a BENCH_THREADS block runs this state.
 *   threads       how many threads run the batch at once (1 unless BENCH_THREADS).
 *   ncounters, counters, harness   the harness's: written by bench_counter(), read by benchrun.
 *
 * Invariant: the harness never changes `data`; it resets `arg`, `args`, `iterations` before
 * each call.  With threads, every thread has a bench_t of its own, a copy of thread 0's (which
 * the hooks see) made before each batch.
 */
typedef struct bench_state {
    int64_t arg;
    uint64_t iterations;
    void *data;
    double bytes_per_op;
    double items_per_op;
    int64_t args[BENCH_MAX_ARGS];
    size_t nargs;
    int64_t complexity_n;
    int thread_index;
    int threads;
    unsigned ncounters; /* BENCH_MAX_COUNTERS + 1 after one counter too many */
    bench_counter_slot counters[BENCH_MAX_COUNTERS];
    void *harness;
} bench_t;

/* A hook: run outside the timed region. */
typedef void (*bench_hook_fn)(bench_t *bench);

/*
 * Set-up and tear-down outside the timed region.  Any member may be NULL.
 *
 *   setup / teardown                once per benchmark (per argument), around all its samples.
 *   sample_setup / sample_teardown  around every timed batch (calibration batches included);
 *                                   bench->iterations tells how many operations follow.
 *
 * Written positionally so the same initialiser is valid C and C++:
 *
 *     static const bench_fixture qsort_fixture = { NULL, free_all, make_inputs, NULL };
 */
typedef struct bench_fixture {
    bench_hook_fn setup;
    bench_hook_fn teardown;
    bench_hook_fn sample_setup;
    bench_hook_fn sample_teardown;
} bench_fixture;

/* Runs `iterations` operations of one benchmark: generated by BENCH() in the user's unit. */
typedef void (*bench_loop_fn)(bench_t *bench, uint64_t iterations);

/* How a block's argument lists expand into instances (bench_desc.kind). */
#define BENCH_KIND_PLAIN 0u /* one instance, no lists */
#define BENCH_KIND_PRODUCT                                                                       \
    1u                        /* every combination of the lists: name/a/b (BENCH_ARGS: one list) \
                               */
#define BENCH_KIND_RANGE   2u /* one list {lo, hi, mult}: Google Benchmark's Range */
#define BENCH_KIND_THREADS 3u /* one list of thread counts: name/threads:N */

/*
 * One registered block.  Static storage, filled by the macros; `next` belongs to the registry.
 */
typedef struct bench_desc {
    unsigned abi;                 /* BENCH_ABI at compile time */
    unsigned flags;               /* BENCH_BUILT_*: how the block's unit was compiled */
    const char *name;             /* the identifier given to BENCH() */
    const char *file;             /* __FILE__ of the block */
    int line;                     /* __LINE__ of the block */
    bench_loop_fn loop;           /* the counting loop around the inlined body */
    const bench_fixture *fixture; /* NULL when none */
    unsigned kind;                /* BENCH_KIND_*: how `lists` expand */
    const int64_t *const *lists;  /* nlists lists of lens[i] values; NULL when none */
    const size_t *lens;
    size_t nlists;
    struct bench_desc *next; /* registry link; NULL until registered */
} bench_desc;

/* How the unit holding a block was compiled: benchrun warns about unoptimised or sanitized
 * benchmark code, whose timings say little about production code. */
#define BENCH_BUILT_OPTIMIZED 1u
#define BENCH_BUILT_SANITIZED 2u
#if defined(__OPTIMIZE__)
#define BENCH__OPT_FLAG BENCH_BUILT_OPTIMIZED
#else
#define BENCH__OPT_FLAG 0u
#endif
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define BENCH__SAN_FLAG BENCH_BUILT_SANITIZED
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) || \
    __has_feature(memory_sanitizer) || __has_feature(undefined_behavior_sanitizer)
#define BENCH__SAN_FLAG BENCH_BUILT_SANITIZED
#endif
#endif
#ifndef BENCH__SAN_FLAG
#define BENCH__SAN_FLAG 0u
#endif
#define BENCH__FLAGS (BENCH__OPT_FLAG | BENCH__SAN_FLAG)

/* Links `desc` onto the registry.  Called from constructors; never fails, never allocates. */
BENCH_API void bench_register(bench_desc *desc);

/*
 * Runs benchrun over every registered block, exactly as the `benchrun` program does, and
 * returns its exit status (0 ok, 1 a benchmark failed, 2 bad usage or input).  The library
 * supplies a main() that calls it; a program with its own main() calls it instead:
 *
 *     int main(int argc, char **argv) { my_init(); return bench_main(argc, argv); }
 */
BENCH_API int bench_main(int argc, char **argv);

/* ---- helpers a snippet needs --------------------------------------------------------- */

#if defined(__GNUC__) || defined(__clang__)
/*
 * bench_keep(x): the value of x is "used": the computation producing it cannot be removed or
 * hoisted out of the loop.  Google Benchmark's DoNotOptimize.  Costs nothing at run time.
 */
#define bench_keep(x) __asm__ __volatile__("" : : "r,m"(x) : "memory")
/*
 * bench_clobber(): the compiler must assume all memory was read and written here, so stores
 * before it (into a buffer the snippet fills) are not elided.  Google Benchmark's ClobberMemory.
 */
#define bench_clobber() __asm__ __volatile__("" : : : "memory")
/*
 * bench_hide(var): the compiler forgets what it knows of the variable's value (a constant
 * input stays an input: nothing is folded at compile time).  `var` is an lvalue that fits a
 * register: an integer, a pointer, a double, or a struct or array of at most a pointer's size.
 * It stays in its register, so hiding costs nothing at run time.  A larger struct or array is
 * refused at compile time by an error naming
 * `bench_hide_takes_an_integer_pointer_or_double_not_a_struct_or_array`: hide its fields, or
 * write it through a pointer and call bench_clobber().
 */
#define bench_hide(var)                                                                  \
    do {                                                                                 \
        typedef char bench_hide_takes_an_integer_pointer_or_double_not_a_struct_or_array \
            [sizeof(var) <= sizeof(void *) ? 1 : -1] BENCH__UNUSED;                      \
        __asm__ __volatile__("" : "+r"(var));                                            \
    } while (0)
#define BENCH__INLINE __attribute__((always_inline)) inline
#define BENCH__UNUSED __attribute__((unused))
#define BENCH__CTOR(fn)                                \
    static void fn(void) __attribute__((constructor)); \
    static void fn(void)
#else
#error "bench.h needs GCC or Clang (inline asm and constructors)"
#endif

/*
 * bench_counter(bench, "name", value): a user counter, Google Benchmark's
 * state.counters["name"] = value.  `value` is an amount per operation of this benchmark (hits,
 * comparisons, cache misses per operation); the last value set in a batch is the counter's,
 * and a counter once set keeps its value until set again.  Each becomes a column of the
 * results file (`counter_name`), a key of Google Benchmark JSON entries ("name") and a column
 * on the console; benchcmp compares them.  Set it in the body or in a hook:
 *
 *     BENCH_F(lookup, fx) {
 *         bench_keep(find(bench->data, bench_i));
 *         bench_counter(bench, "probes", 2.5);       // 2.5 probes per lookup
 *     }
 *
 * `name`: letters, digits, '_', '.', '-', at most 48 characters, not a key Google Benchmark's
 * JSON entries have already, and a string that lives while the benchmark runs (a literal).  At
 * most BENCH_MAX_COUNTERS counters per benchmark; a bad name, a counter too many, or one set
 * for the first time only after calibration and warm-up fails the benchmark, naming the reason.
 * Inline and cheap: a few pointer compares for a literal name.
 */
static inline void bench_counter_flags(bench_t *bench, const char *name, double value,
                                       unsigned flags)
{
    unsigned i = 0;
    while (i < bench->ncounters && i < BENCH_MAX_COUNTERS && bench->counters[i].name != name &&
           strcmp(bench->counters[i].name, name) != 0)
        i++;
    if (i >= BENCH_MAX_COUNTERS) {
        bench->ncounters = BENCH_MAX_COUNTERS + 1;
        return;
    }
    if (i == bench->ncounters) {
        bench->counters[i].name = name;
        bench->ncounters = i + 1;
    }
    bench->counters[i].value = value;
    bench->counters[i].flags = flags;
}

/* bench_counter_flags(bench, "name", value, BENCH_COUNTER_*): the same with Google Benchmark's
 * kinds (see BENCH_COUNTER_RATE above), e.g. a rate per second:
 *
 *     bench_counter_flags(bench, "hashes", 1, BENCH_COUNTER_RATE);   // hashes/s
 */
static inline void bench_counter(bench_t *bench, const char *name, double value)
{
    bench_counter_flags(bench, name, value, 0);
}

/* ---- the macros ---------------------------------------------------------------------- */

/* Number of elements of a static array, in a form valid as C and C++ constant. */
#define BENCH__COUNT(a) (sizeof(a) / sizeof((a)[0]))
/* (1, 2, 3) -> 1, 2, 3: a parenthesised list passes through other macros as one argument. */
#define BENCH__UNPAREN(...) __VA_ARGS__
#define BENCH__CAT(a, b)    BENCH__CAT_(a, b)
#define BENCH__CAT_(a, b)   a##b

/*
 * The shared expansion.  The body becomes an always-inline function; the loop function calls it
 * `iterations` times, counting down like Google Benchmark's state loop.  The empty asm in the
 * loop keeps an empty body's loop from being deleted, so the batch length is real.
 * `label` is the block's name as written, stringified by the public macro itself: an argument
 * is macro-expanded before it reaches a macro that does not # or ## it, so stringified here a
 * name that a header #defines (pcre2.h's `#define pcre2_match pcre2_match_8`) would register as
 * its expansion, where Google Benchmark, which stringifies at once, keeps the name written.  The
 * identifiers may use the expansion: they need only be unique (two blocks whose names expand
 * to one token collide there, and the compiler says so).
 */
#define BENCH__DEFINE(name, label, fixture_ptr, kind, lists, lens, nlists)        \
    static BENCH__INLINE void bench__body_##name(bench_t *bench BENCH__UNUSED,    \
                                                 uint64_t bench_i BENCH__UNUSED); \
    static void bench__loop_##name(bench_t *bench, uint64_t iterations)           \
    {                                                                             \
        uint64_t bench__i;                                                        \
        for (bench__i = 0; bench__i != iterations; bench__i++) {                  \
            __asm__ __volatile__("");                                             \
            bench__body_##name(bench, bench__i);                                  \
        }                                                                         \
    }                                                                             \
    static bench_desc bench__desc_##name = {                                      \
        BENCH_ABI,   BENCH__FLAGS, label, __FILE__, __LINE__, bench__loop_##name, \
        fixture_ptr, kind,         lists, lens,     nlists,   NULL};              \
    BENCH__CTOR(bench__register_##name) { bench_register(&bench__desc_##name); }  \
    static BENCH__INLINE void bench__body_##name(bench_t *bench BENCH__UNUSED,    \
                                                 uint64_t bench_i BENCH__UNUSED)

/* The static lists of a block with argument lists, each written (a, b, ...); at most four. */
#define BENCH__LIST(name, k, list) \
    static const int64_t bench__l##k##_##name[] = {BENCH__UNPAREN list};
#define BENCH__LISTS_1(name, a)                                             \
    BENCH__LIST(name, 0, a)                                                 \
    static const int64_t *const bench__lists_##name[] = {bench__l0_##name}; \
    static const size_t bench__lens_##name[] = {BENCH__COUNT(bench__l0_##name)};
#define BENCH__LISTS_2(name, a, b)                                                            \
    BENCH__LIST(name, 0, a)                                                                   \
    BENCH__LIST(name, 1, b)                                                                   \
    static const int64_t *const bench__lists_##name[] = {bench__l0_##name, bench__l1_##name}; \
    static const size_t bench__lens_##name[] = {BENCH__COUNT(bench__l0_##name),               \
                                                BENCH__COUNT(bench__l1_##name)};
#define BENCH__LISTS_3(name, a, b, c)                                                        \
    BENCH__LIST(name, 0, a)                                                                  \
    BENCH__LIST(name, 1, b)                                                                  \
    BENCH__LIST(name, 2, c)                                                                  \
    static const int64_t *const bench__lists_##name[] = {bench__l0_##name, bench__l1_##name, \
                                                         bench__l2_##name};                  \
    static const size_t bench__lens_##name[] = {BENCH__COUNT(bench__l0_##name),              \
                                                BENCH__COUNT(bench__l1_##name),              \
                                                BENCH__COUNT(bench__l2_##name)};
#define BENCH__LISTS_4(name, a, b, c, d)                                                      \
    BENCH__LIST(name, 0, a)                                                                   \
    BENCH__LIST(name, 1, b)                                                                   \
    BENCH__LIST(name, 2, c)                                                                   \
    BENCH__LIST(name, 3, d)                                                                   \
    static const int64_t *const bench__lists_##name[] = {bench__l0_##name, bench__l1_##name,  \
                                                         bench__l2_##name, bench__l3_##name}; \
    static const size_t bench__lens_##name[] = {                                              \
        BENCH__COUNT(bench__l0_##name), BENCH__COUNT(bench__l1_##name),                       \
        BENCH__COUNT(bench__l2_##name), BENCH__COUNT(bench__l3_##name)};
/* How many lists (1 to 4); a fifth makes the expansion name the mistake. */
#define BENCH__NLISTS(...) \
    BENCH__NLISTS_(__VA_ARGS__, _bench_product_takes_at_most_four_lists, 4, 3, 2, 1, 0)
#define BENCH__NLISTS_(a, b, c, d, e, n, ...) n
#define BENCH__LISTS__bench_product_takes_at_most_four_lists(name, ...) \
    typedef char bench_product_takes_at_most_four_lists[-1];

/* A block over `nlists` lists (already declared by BENCH__LISTS_*) expanded as `kind`. */
#define BENCH__WITH_LISTS(name, label, fixture_ptr, kind)                                  \
    BENCH__DEFINE(name, label, fixture_ptr, kind, bench__lists_##name, bench__lens_##name, \
                  BENCH__COUNT(bench__lens_##name))

/*
 * BENCH(name) { body }
 *   Registers `name`.  Inside the body: `bench` (bench_t *) and `bench_i` (uint64_t, the index
 *   of this operation within the current batch, 0 .. bench->iterations-1).  Every block is
 *   named as written, even when `name` is also a macro (pcre2.h's pcre2_match), as Google
 *   Benchmark names it.
 *
 *     BENCH(sqrt_double) { double x = 2.0; bench_hide(x); bench_keep(sqrt(x)); }
 */
#define BENCH(name) BENCH__DEFINE(name, #name, NULL, BENCH_KIND_PLAIN, NULL, NULL, 0)

/*
 * BENCH_ARGS(name, a1, a2, ...) { body }
 *   One block run once per argument, as `name/a1`, `name/a2`, ...; the argument is bench->arg.
 *
 *     BENCH_ARGS(memset, 64, 4096) {
 *         static char buf[4096];
 *         bench->bytes_per_op = (double)bench->arg;       // report B/s
 *         memset(buf, bench_i & 0xff, (size_t)bench->arg);
 *         bench_clobber();
 *     }
 */
#define BENCH_ARGS(name, ...)           \
    BENCH__LISTS_1(name, (__VA_ARGS__)) \
    BENCH__WITH_LISTS(name, #name, NULL, BENCH_KIND_PRODUCT)

/*
 * BENCH_F(name, fixture) { body }
 *   With a bench_fixture (see above) whose hooks run outside the timed region.  The documented
 *   pattern for input that each iteration consumes (sorting, parsing into place): a
 *   sample_setup hook prepares bench->iterations fresh inputs in bench->data, and the body
 *   consumes input number bench_i.  See bench/sorting.c.
 */
#define BENCH_F(name, fixture) \
    BENCH__DEFINE(name, #name, &(fixture), BENCH_KIND_PLAIN, NULL, NULL, 0)

/* BENCH_F_ARGS(name, fixture, a1, a2, ...) { body }: both of the above. */
#define BENCH_F_ARGS(name, fixture, ...) \
    BENCH__LISTS_1(name, (__VA_ARGS__))  \
    BENCH__WITH_LISTS(name, #name, &(fixture), BENCH_KIND_PRODUCT)

/*
 * BENCH_RANGE(name, lo, hi, mult) { body }
 *   Google Benchmark's Range(lo, hi) with RangeMultiplier(mult): the arguments are lo, every
 *   power of mult strictly between lo and hi, and hi (negative ranges as GB: the negated powers,
 *   and 0 when the range crosses it).  mult >= 2, lo <= hi.
 *
 *     BENCH_RANGE(copy, 8, 8 << 10, 8) { ... }  // copy/8 copy/64 copy/512 copy/4096 copy/8192
 */
#define BENCH_RANGE(name, lo, hi, mult)  \
    BENCH__LISTS_1(name, (lo, hi, mult)) \
    BENCH__WITH_LISTS(name, #name, NULL, BENCH_KIND_RANGE)
/* BENCH_F_RANGE(name, fixture, lo, hi, mult) { body }: with a fixture. */
#define BENCH_F_RANGE(name, fixture, lo, hi, mult) \
    BENCH__LISTS_1(name, (lo, hi, mult))           \
    BENCH__WITH_LISTS(name, #name, &(fixture), BENCH_KIND_RANGE)

/*
 * BENCH_PRODUCT(name, (a1, a2, ...), (b1, b2, ...)) { body }
 *   Google Benchmark's ArgsProduct: one instance per combination of one value of each list (up
 *   to BENCH_MAX_ARGS lists), named `name/a/b` and ordered as GB orders them (the first list
 *   varies fastest); the body reads bench->args[0], bench->args[1], ... (bench->arg is args[0]).
 *
 *     BENCH_PRODUCT(fill, (64, 4096), (0, 255)) {  // fill/64/0 fill/4096/0 fill/64/255 ...
 *         memset(buf, (int)bench->args[1], (size_t)bench->args[0]);
 *         bench_clobber();
 *     }
 */
#define BENCH_PRODUCT(name, ...)                          \
    BENCH__CAT(BENCH__LISTS_, BENCH__NLISTS(__VA_ARGS__)) \
    (name, __VA_ARGS__) BENCH__WITH_LISTS(name, #name, NULL, BENCH_KIND_PRODUCT)
/* BENCH_F_PRODUCT(name, fixture, (a1, ...), (b1, ...)) { body }: with a fixture. */
#define BENCH_F_PRODUCT(name, fixture, ...)               \
    BENCH__CAT(BENCH__LISTS_, BENCH__NLISTS(__VA_ARGS__)) \
    (name, __VA_ARGS__) BENCH__WITH_LISTS(name, #name, &(fixture), BENCH_KIND_PRODUCT)

/*
 * BENCH_THREADS(name, n1, n2, ...) { body }
 *   Google Benchmark's Threads(n): each instance `name/threads:N` runs the body on N threads at
 *   once, each thread doing the whole batch with a bench_t of its own (bench->thread_index,
 *   bench->threads); the threads start together behind a barrier, and the time of a batch is
 *   its wall time, from the start to the end of the last thread, per operation of one thread.
 *   The hooks run once per batch, on thread 0's state, outside the timed region.  benchrun puts
 *   thread i on the i-th CPU after the measuring one among those the process may use.
 *
 *     BENCH_THREADS(shared_counter, 1, 2) {
 *         static _Atomic long hits;        // all threads on one cache line: contention
 *         atomic_fetch_add(&hits, 1);
 *     }
 */
#define BENCH_THREADS(name, ...)        \
    BENCH__LISTS_1(name, (__VA_ARGS__)) \
    BENCH__WITH_LISTS(name, #name, NULL, BENCH_KIND_THREADS)
/* BENCH_F_THREADS(name, fixture, n1, n2, ...) { body }: with a fixture. */
#define BENCH_F_THREADS(name, fixture, ...) \
    BENCH__LISTS_1(name, (__VA_ARGS__))     \
    BENCH__WITH_LISTS(name, #name, &(fixture), BENCH_KIND_THREADS)

#ifdef __cplusplus
}
#endif

#endif /* BENCH_H */
