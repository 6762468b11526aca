/* results_read_gbench.c - reading Google Benchmark JSON (--benchmark_format=json, or
 * --benchmark_out=FILE) into the results model.
 *
 * The schema (Google Benchmark's json_reporter.cc): {"context": {...}, "benchmarks": [row...]}.
 * With --benchmark_repetitions=N each run_name has N rows of run_type "iteration" - those are
 * our samples - followed by "aggregate" rows (mean, median, stddev, cv) that are summaries of
 * them and are ignored.  real_time is already per iteration, in time_unit, of all the threads of
 * a threaded run (`threads`), and becomes the time per operation of one thread (ns_of).  Rows of
 * older versions without run_name/run_type are keyed by name.  NaN and Infinity, which the library
 * writes bare for undefined counters, are accepted as numbers and refused as times.
 *
 * Any other numeric key of an entry is a user counter (GB writes state.counters as keys of their
 * own): the first iteration row's value becomes the row's counter (as its rates do).  GB's own
 * keys and benchrun's metrics' keys are not counters (br_metric_gb_own_key).
 *
 * With --benchmark_report_aggregates_only there are no iteration rows: the median aggregate
 * becomes the benchmark's one value, marked median_only (results.h), as Google Benchmark's
 * compare.py then compares aggregates without its U test.  A row with error_occurred is not a
 * sample: it becomes a "failed: NAME: MESSAGE" context line, which benchcmp warns about.
 *
 * Our own files of instruction counts (`"measure": "instructions"` in the context, see
 * report_json.c) carry each sample as the counter `instructions` and no time.
 *
 * Rows are grouped by name in one pass (a hash table), their samples kept as (benchmark, time)
 * pairs and put in order by a counting sort: linear time, and memory of a few bytes per row
 * besides the file.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/hash.h"
#include "base/strbuf.h"
#include "format/json_read.h"
#include "format/results_read.h"
#include "model/metric.h"

/* Per-benchmark metrics of the table (metric.h) read back from their JSON keys: the memory
 * counts (allocs_per_iter, max_bytes_used, ours), peak RSS, the wall/CPU ratio. */
#define GB_VALUES 32

/* One row of "benchmarks", as far as it matters here (strings are in struct gbench). */
struct gb_row {
    size_t line;                    /* where it starts */
    int aggregate, median, is_time; /* an aggregate row; the median; of a time, not a ratio */
    int error, has_time, has_name, has_run_name;
    double real_time, cpu_time, unit; /* unit: ns per time_unit; cpu_time NAN when absent */
    double count;                     /* the `instructions` counter; NAN when absent */
    double repetitions, iterations, bytes_rate, items_rate; /* NAN when absent */
    double value[GB_VALUES];    /* per-benchmark metrics by their JSON key (metric.h), NAN absent */
    double threads;             /* the threads of the run; NAN when absent (1) */
    size_t counters, ncounters; /* its user counters: gbench.counters[counters ..] */
    size_t names_len;           /* gbench.counter_names.len before them */
};

/* A user counter of a row: its name at `name` in gbench.counter_names. */
struct gb_counter {
    size_t name;
    double value;
};

/* One benchmark: the rows of one run_name. */
struct gb_bench {
    char *name;
    size_t nsamples;
    struct gb_row kept; /* its first iteration row, or while there is none its median aggregate */
    int has_median;
    char *error; /* the first error_message, NULL when none */
};

struct gb_sample {
    size_t bench;
    double ns, count; /* the time, and the count of a file of counts (NAN when absent) */
};

struct gbench {
    struct br_results *out;
    struct gb_row row;                        /* the row being read */
    struct br_strbuf name, run_name, message; /* its strings */
    struct gb_bench *benches;                 /* in the order of their first row */
    size_t nbenches, benches_cap;
    size_t *slots, nslots;     /* hash table: bench index + 1, 0 when free */
    size_t last;               /* the benchmark found last */
    struct gb_sample *samples; /* in file order */
    size_t nsamples, samples_cap;
    int seen_benchmarks;
    int row_kept;                /* the row just read became a benchmark's kept row */
    struct gb_counter *counters; /* of the kept rows, then of the row being read */
    size_t ncounters, counters_cap;
    struct br_strbuf counter_names; /* NUL-separated */
};

/* ---- benchmarks by name ------------------------------------------------------------------- */

static size_t hash(const char *s) { return (size_t)br_fnv1a(BR_FNV1A_OFFSET, s, strlen(s)); }

/* Doubles the table when half full, so probe sequences stay short. */
static void rehash(struct gbench *g)
{
    size_t n = g->nslots ? 2 * g->nslots : 1024;
    free(g->slots);
    g->slots = br_xcalloc(n, sizeof *g->slots);
    g->nslots = n;
    for (size_t b = 0; b < g->nbenches; b++) {
        size_t i = hash(g->benches[b].name) & (n - 1);
        while (g->slots[i]) i = (i + 1) & (n - 1);
        g->slots[i] = b + 1;
    }
}

/* The benchmark called `name`, added when new. */
static struct gb_bench *bench(struct gbench *g, const char *name)
{
    /* Rows of one benchmark come together in Google Benchmark's output: try the last one. */
    if (g->nbenches && strcmp(g->benches[g->last].name, name) == 0) return &g->benches[g->last];
    if (2 * (g->nbenches + 1) > g->nslots) rehash(g);
    size_t i = hash(name) & (g->nslots - 1);
    for (; g->slots[i]; i = (i + 1) & (g->nslots - 1))
        if (strcmp(g->benches[g->slots[i] - 1].name, name) == 0)
            return &g->benches[g->last = g->slots[i] - 1];
    BR_GROW(g->benches, g->benches_cap, g->nbenches + 1);
    g->slots[i] = ++g->nbenches;
    struct gb_bench *b = &g->benches[g->last = g->nbenches - 1];
    memset(b, 0, sizeof *b);
    b->name = br_xstrdup(name);
    return b;
}

/* ---- one row ------------------------------------------------------------------------------- */

static int context_member(struct br_json *j, const char *key, void *ctx)
{
    struct br_results *out = ctx;
    int rc = br_json_scalar_text(j, &j->scratch);
    if (rc > 0) {
        br_results_set(out, key, j->scratch.buf);
        /* Their host_name is our host: benchcmp warns when hosts differ. */
        if (strcmp(key, "host_name") == 0) br_results_set(out, "host", j->scratch.buf);
    }
    return rc < 0 ? -1 : 0;
}

static int get_string(struct br_json *j, const char *key, struct br_strbuf *sb)
{
    return br_json_expect(j, key, BR_JSON_STRING) < 0 ? -1 : br_json_string(j, sb);
}

static int get_number(struct br_json *j, const char *key, double *dst)
{
    return br_json_expect(j, key, BR_JSON_NUMBER) < 0 ? -1 : br_json_number(j, dst);
}

/* `value` of string member `key` into j->scratch, then compared with `want`: *flag. */
static int string_is(struct br_json *j, const char *key, const char *want, int *flag)
{
    if (get_string(j, key, &j->scratch) < 0) return -1;
    *flag = strcmp(j->scratch.buf, want) == 0;
    return 0;
}

static int time_unit(struct br_json *j, struct gb_row *r)
{
    static const struct {
        const char *name;
        double ns;
    } units[] = {{"ns", 1}, {"us", 1e3}, {"ms", 1e6}, {"s", 1e9}};
    if (get_string(j, "time_unit", &j->scratch) < 0) return -1;
    for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
        if (strcmp(j->scratch.buf, units[i].name) == 0) return r->unit = units[i].ns, 0;
    return br_read_fail(j->name, j->line, "unknown time_unit '%.20s'", j->scratch.buf);
}

static int error_occurred(struct br_json *j, struct gb_row *r)
{
    int word;
    if (br_json_peek(j) != 't' && br_json_peek(j) != 'f') return br_json_skip(j);
    if (br_json_literal(j, &word) < 0) return -1;
    r->error |= word == 1;
    return 0;
}

/* The members of a row that matter, in a table: most rows have a dozen members, and a file
 * has hundreds of thousands of rows, so a key is compared with few others (the first character
 * decides most). */
enum member {
    NUMBER,
    NAME,
    RUN_NAME,
    TIME_UNIT,
    RUN_TYPE,
    AGGREGATE_NAME,
    AGGREGATE_UNIT,
    ERROR,
    ERROR_MESSAGE
};
#define NUM(field) offsetof(struct gb_row, field)
static const struct {
    const char *key;
    enum member what;
    size_t offset; /* of the double, for NUMBER */
} members[] = {
    {"real_time", NUMBER, NUM(real_time)},
    {"cpu_time", NUMBER, NUM(cpu_time)},
    {"repetitions", NUMBER, NUM(repetitions)},
    {"iterations", NUMBER, NUM(iterations)},
    {"threads", NUMBER, NUM(threads)},
    {"bytes_per_second", NUMBER, NUM(bytes_rate)},
    {"items_per_second", NUMBER, NUM(items_rate)},
    {"instructions", NUMBER, NUM(count)},
    {"name", NAME, 0},
    {"run_name", RUN_NAME, 0},
    {"time_unit", TIME_UNIT, 0},
    {"run_type", RUN_TYPE, 0},
    {"aggregate_name", AGGREGATE_NAME, 0},
    {"aggregate_unit", AGGREGATE_UNIT, 0},
    {"error_occurred", ERROR, 0},
    {"error_message", ERROR_MESSAGE, 0},
};
#define NMEMBERS (sizeof members / sizeof members[0])

/* A number under a key of no meaning to GB: a user counter of the row. */
static int counter_member(struct br_json *j, const char *key, struct gbench *g)
{
    int c = br_json_peek(j);
    if (!(c == '-' || (c >= '0' && c <= '9') || c == 'N' || c == 'I') || br_metric_gb_own_key(key))
        return br_json_skip(j);
    BR_GROW(g->counters, g->counters_cap, g->ncounters + 1);
    struct gb_counter *k = &g->counters[g->ncounters++];
    k->name = g->counter_names.len;
    br_strbuf_add(&g->counter_names, key, strlen(key) + 1);
    g->row.ncounters++;
    return br_json_number(j, &k->value);
}

/* A per-benchmark metric's value (a number) by its JSON key, else a user counter. */
static int value_member(struct br_json *j, const char *key, struct gbench *g)
{
    struct gb_row *r = &g->row;
    for (size_t i = 0; br_metric_defs[i].name && i < GB_VALUES; i++) {
        const struct br_metric_def *d = &br_metric_defs[i];
        if (d->scope == BR_PER_BENCH && d->csv == BR_CSV_VALUE && d->json &&
            strcmp(key, d->json) == 0)
            return br_json_peek(j) == '"' ? br_json_skip(j) : get_number(j, key, &r->value[i]);
    }
    return counter_member(j, key, g);
}

static int row_member(struct br_json *j, const char *key, void *ctx)
{
    struct gbench *g = ctx;
    struct gb_row *r = &g->row;
    size_t m = 0;
    while (m < NMEMBERS && (key[0] != members[m].key[0] || strcmp(key, members[m].key) != 0)) m++;
    if (m == NMEMBERS) return value_member(j, key, g);
    switch (members[m].what) {
    case NUMBER:
        r->has_time |= members[m].offset == NUM(real_time);
        return get_number(j, key, (double *)(void *)((char *)r + members[m].offset));
    case NAME: return r->has_name = 1, get_string(j, key, &g->name);
    case RUN_NAME: return r->has_run_name = 1, get_string(j, key, &g->run_name);
    case TIME_UNIT: return time_unit(j, r);
    case RUN_TYPE: {
        int aggregate;
        if (string_is(j, key, "aggregate", &aggregate) < 0) return -1;
        r->aggregate |= aggregate;
        return 0;
    }
    case AGGREGATE_NAME: return r->aggregate = 1, string_is(j, key, "median", &r->median);
    case AGGREGATE_UNIT: return string_is(j, key, "time", &r->is_time);
    case ERROR: return error_occurred(j, r);
    default: return get_string(j, key, &g->message);
    }
}

/* Google Benchmark divides a threaded run's time by the iterations of all its threads
 * (benchmark_runner.cc); a benchrun sample is the batch's wall time per operation of one thread
 * (measure/team.h), as report_json.c writes it back: the time times the threads, the
 * iterations over them.  A count per operation is one thread's already. */
static double threads_of(const struct gb_row *r) { return isnan(r->threads) ? 1 : r->threads; }
static double ns_of(const struct gb_row *r) { return r->real_time * r->unit * threads_of(r); }

static int is_count(double v, double min) { return v >= min && v <= 1e18 && v == floor(v); }

/* A row whose time is kept must be valid: a name, a finite non-negative time, sane counts. */
static int check_row(const struct br_json *j, const struct gb_row *r, const char *n)
{
    if (!*n) return br_read_fail(j->name, r->line, "empty benchmark name");
    if (!isnan(r->count) && !(isfinite(r->count) && r->count >= 0))
        return br_read_fail(j->name, r->line, "'%.80s': instructions is not a count", n);
    if (!isnan(r->threads) && !is_count(r->threads, 1))
        return br_read_fail(j->name, r->line, "'%.80s': threads is not a whole number >= 1", n);
    if (!r->has_time && !isnan(r->count)) return 0; /* a file of counts (see the top) */
    if (!r->has_time) return br_read_fail(j->name, r->line, "'%.80s' has no real_time", n);
    if (!isfinite(r->real_time) || !isfinite(ns_of(r)))
        return br_read_fail(j->name, r->line, "'%.80s': real_time is not finite", n);
    if (r->real_time < 0)
        return br_read_fail(j->name, r->line, "'%.80s': real_time %g is negative", n, r->real_time);
    if (!isnan(r->repetitions) && !is_count(r->repetitions, 1))
        return br_read_fail(j->name, r->line, "'%.80s': repetitions is not a whole number >= 1", n);
    if (!isnan(r->iterations) && !is_count(r->iterations, 0))
        return br_read_fail(j->name, r->line, "'%.80s': iterations is not a whole number", n);
    for (size_t i = 0; i < GB_VALUES; i++)
        if (!isnan(r->value[i]) && !(isfinite(r->value[i]) && r->value[i] >= 0))
            return br_read_fail(j->name, r->line, "'%.80s': %s is not a number >= 0", n,
                                br_metric_defs[i].json);
    return 0;
}

/* An iteration row is a sample; of the aggregates only the median is kept (for a file of
 * aggregates only); an error row is remembered for the "failed" line. */
static int take_row(const struct br_json *j, struct gbench *g)
{
    const struct gb_row *r = &g->row;
    const char *n = r->has_run_name ? g->run_name.buf : g->name.buf;
    int named = r->has_name || r->has_run_name;
    if (r->error) {
        struct gb_bench *b = bench(g, named && *n ? n : "(no name)");
        if (!b->error) b->error = br_xstrdup(g->message.len ? g->message.buf : "error_occurred");
        return 0;
    }
    if (r->aggregate && (!r->median || !r->is_time)) return 0;
    if (!named) return br_read_fail(j->name, r->line, "a benchmark row without a name");
    struct gb_bench *b = bench(g, n);
    if (r->aggregate && (b->nsamples || b->has_median)) return 0; /* samples are the data */
    if (check_row(j, r, n) < 0) return -1;
    if (r->aggregate) {
        b->kept = *r;
        b->has_median = g->row_kept = 1;
        return 0;
    }
    if (b->nsamples++ == 0) b->kept = *r, g->row_kept = 1;
    BR_GROW(g->samples, g->samples_cap, g->nsamples + 1);
    g->samples[g->nsamples++] = (struct gb_sample){(size_t)(b - g->benches), ns_of(r), r->count};
    return 0;
}

static int row_element(struct br_json *j, void *ctx)
{
    struct gbench *g = ctx;
    if (br_json_peek(j) != '{') return br_json_fail(j, "a benchmark row should be an object");
    g->row = (struct gb_row){.line = j->line,
                             .is_time = 1,
                             .real_time = NAN,
                             .cpu_time = NAN,
                             .count = NAN,
                             .unit = 1,
                             .repetitions = NAN,
                             .iterations = NAN,
                             .bytes_rate = NAN,
                             .items_rate = NAN,
                             .threads = NAN,
                             .counters = g->ncounters,
                             .names_len = g->counter_names.len};
    for (size_t i = 0; i < GB_VALUES; i++) g->row.value[i] = NAN;
    br_strbuf_reset(&g->name);
    br_strbuf_reset(&g->run_name);
    br_strbuf_reset(&g->message);
    g->row_kept = 0;
    if (br_json_object(j, row_member, g) < 0 || take_row(j, g) < 0) return -1;
    if (!g->row_kept) { /* the pool keeps the counters of kept rows only */
        g->ncounters = g->row.counters;
        g->counter_names.len = g->row.names_len;
    }
    return 0;
}

static int top_member(struct br_json *j, const char *key, void *ctx)
{
    struct gbench *g = ctx;
    if (strcmp(key, "context") == 0)
        return br_json_expect(j, key, BR_JSON_OBJECT) < 0
                   ? -1
                   : br_json_object(j, context_member, g->out);
    if (strcmp(key, "benchmarks") == 0) {
        g->seen_benchmarks = 1;
        return br_json_expect(j, key, BR_JSON_ARRAY) < 0 ? -1 : br_json_array(j, row_element, g);
    }
    return br_json_skip(j);
}

/* ---- the model ----------------------------------------------------------------------------- */

/* Google Benchmark divides rate counters by CPU time: multiplying back gives the amount per
 * operation (real time when a producer gave no CPU time). */
static void set_rates(struct br_row *row, const struct gb_row *r)
{
    double per = (isfinite(r->cpu_time) && r->cpu_time > 0 ? r->cpu_time : r->real_time) * r->unit *
                 threads_of(r);
    if (r->bytes_rate > 0 && isfinite(r->bytes_rate))
        br_row_set(row, "bytes_per_op", r->bytes_rate * per / 1e9);
    if (r->items_rate > 0 && isfinite(r->items_rate))
        br_row_set(row, "items_per_op", r->items_rate * per / 1e9);
}

static int add_bench(const struct br_json *j, struct gbench *g, const struct gb_bench *b,
                     const double *samples)
{
    const struct gb_row *r = &b->kept;
    struct br_row *row;
    if (b->error) {
        struct br_strbuf line;
        br_strbuf_init(&line);
        br_strbuf_addf(&line, "%s: %s", b->name, b->error);
        br_results_set(g->out, "failed", line.buf);
        br_strbuf_release(&line);
    }
    if (!b->nsamples && !b->has_median) return 0;
    if (b->nsamples && !isnan(r->repetitions) && (double)b->nsamples != r->repetitions)
        return br_read_fail(j->name, r->line, "'%.80s': %zu iteration rows but repetitions is %.0f",
                            b->name, b->nsamples, r->repetitions);
    if (b->nsamples) {
        double iterations = isnan(r->iterations) ? 0 : floor(r->iterations / threads_of(r));
        row = br_results_add(g->out, b->name, (uint64_t)iterations, samples, b->nsamples);
    } else {
        double median = ns_of(r);
        row = br_results_add(g->out, b->name, 0, &median, 1);
        row->median_only = 1;
    }
    set_rates(row, r);
    for (size_t i = 0; i < GB_VALUES; i++)
        if (!isnan(r->value[i])) br_row_set(row, br_metric_defs[i].name, r->value[i]);
    for (size_t i = r->counters; i < r->counters + r->ncounters; i++)
        if (isfinite(g->counters[i].value))
            br_row_set_counter(row, g->counter_names.buf + g->counters[i].name,
                               g->counters[i].value, 0);
    return 0;
}

/* The samples of each benchmark together, in file order: a counting sort by benchmark.  Counts
 * in a file of counts (every sample must have one), else times. */
static double *by_bench(const struct gbench *g, int counted, size_t *start)
{
    double *sorted = br_xmalloc((g->nsamples ? g->nsamples : 1) * sizeof *sorted);
    size_t *next = br_xcalloc(g->nbenches + 1, sizeof *next);
    for (size_t b = 0; b < g->nbenches; b++) start[b + 1] = start[b] + g->benches[b].nsamples;
    memcpy(next, start, g->nbenches * sizeof *next);
    for (size_t i = 0; i < g->nsamples; i++)
        sorted[next[g->samples[i].bench]++] = counted ? g->samples[i].count : g->samples[i].ns;
    free(next);
    return sorted;
}

static int nothing_to_compare(const struct br_json *j, const struct gbench *g)
{
    for (size_t b = 0; b < g->nbenches; b++)
        if (g->benches[b].error)
            return br_error("%s: no iteration rows: every benchmark failed ('%.80s': %.200s)",
                            j->name, g->benches[b].name, g->benches[b].error);
    return br_error("%s: no iteration rows and no median aggregate: nothing to compare", j->name);
}

/* The measure the context names (time when none); every sample of a file of counts has one. */
static int check_measure(const struct br_json *j, const struct gbench *g, int *counted)
{
    const struct br_measure_def *m = br_results_measure(g->out);
    if (!m)
        return br_error("%s: measure '%.40s' is not a measure this program reads", j->name,
                        br_results_get(g->out, "measure"));
    *counted = m->counted;
    for (size_t i = 0; i < g->nsamples; i++) {
        const struct gb_sample *s = &g->samples[i];
        if (m->counted ? isnan(s->count) : isnan(s->ns))
            return br_error("%s: '%.80s' has no %s in a file of %s", j->name,
                            g->benches[s->bench].name, m->json, m->name);
    }
    return 0;
}

static int build(const struct br_json *j, struct gbench *g)
{
    int counted = 0;
    if (!g->seen_benchmarks)
        return br_error("%s: no \"benchmarks\" array, not Google Benchmark JSON", j->name);
    if (check_measure(j, g, &counted) < 0) return -1;
    size_t *start = br_xcalloc(g->nbenches + 1, sizeof *start);
    double *sorted = by_bench(g, counted, start);
    int rc = 0;
    for (size_t b = 0; b < g->nbenches && rc == 0; b++)
        rc = add_bench(j, g, &g->benches[b], sorted + start[b]);
    free(sorted);
    free(start);
    if (rc == 0 && g->out->nrows == 0) rc = nothing_to_compare(j, g);
    return rc;
}

int br_is_gbench(const char *buf, size_t len) { return br_json_has_member(buf, len, "benchmarks"); }

int br_read_gbench(const char *name, const char *buf, size_t len, struct br_results *out)
{
    struct br_json j;
    struct gbench g = {.out = out};
    br_json_init(&j, name, buf, len);
    br_strbuf_init(&g.name);
    br_strbuf_init(&g.run_name);
    br_strbuf_init(&g.message);
    br_strbuf_init(&g.counter_names);
    int rc = br_json_document(&j, top_member, &g);
    if (rc == 0) rc = build(&j, &g);
    for (size_t b = 0; b < g.nbenches; b++) {
        free(g.benches[b].name);
        free(g.benches[b].error);
    }
    free(g.benches);
    free(g.slots);
    free(g.samples);
    br_strbuf_release(&g.name);
    br_strbuf_release(&g.run_name);
    br_strbuf_release(&g.message);
    br_strbuf_release(&g.counter_names);
    free(g.counters);
    br_json_release(&j);
    return rc;
}
