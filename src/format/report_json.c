/* report_json.c - Google Benchmark's JSON schema, as Google Benchmark 1.7.1 writes it.
 *
 * The layout, key order and number format follow GB's json_reporter.cc (and are checked
 * against the output of a real GB 1.7.1 program by tests/programs/json_schema.sh), so GB's
 * tools/compare.py and the dashboards built for GB read our files unchanged:
 *
 *   { "context": { date, host_name, executable, num_cpus, mhz_per_cpu, cpu_scaling_enabled,
 *                  caches: [...], load_avg: [...], library_build_type, <our context keys> },
 *     "benchmarks": [ per row: one "iteration" entry per sample (repetition), then, when there
 *                     are two samples or more, the mean, median, stddev and cv "aggregate"
 *                     entries named "<run_name>_mean" etc. ] }
 *
 * benchrun measures wall-clock time only: `cpu_time` repeats `real_time`, so a tool comparing
 * CPU time sees the wall times (stated in docs/guide/gbench.md).
 *
 * A run of instruction counts (`"measure": "instructions"` in the context) has no time: each
 * entry carries its count per operation as Google Benchmark writes a counter (its perf
 * counters among them), `"instructions": N`, and no real_time, cpu_time or time_unit - a tool
 * that looks for a time finds none instead of taking the count for one.
 */
#include "format/report.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "base/stream.h"
#include "base/strbuf.h"
#include "model/complexity.h"
#include "model/stats.h"

/* Context keys GB defines: written in GB's types first, never repeated as our strings. */
static const char *const gb_context_keys[] = {
    "date",   "host_name", "executable",         "num_cpus", "mhz_per_cpu", "cpu_scaling_enabled",
    "caches", "load_avg",  "library_build_type", NULL};

/* The statistics GB computes over repetitions, in GB's order (statistics.cc). */
enum agg { AGG_MEAN, AGG_MEDIAN, AGG_STDDEV, AGG_CV, AGG_COUNT };
static const char *const agg_names[AGG_COUNT] = {"mean", "median", "stddev", "cv"};

/* A string's characters escaped for JSON (br_strbuf_add_json). */
static void put_escaped(FILE *out, const char *s)
{
    struct br_strbuf sb;
    br_strbuf_init(&sb);
    br_strbuf_add_json(&sb, s);
    fputs(sb.buf, out);
    br_strbuf_release(&sb);
}

static void put_str(FILE *out, const char *s)
{
    fputc('"', out);
    put_escaped(out, s);
    fputc('"', out);
}

/* `"key": ` at GB's indentation. */
static void put_key(FILE *out, int indent, const char *key)
{
    fprintf(out, "%*s\"", indent, "");
    put_escaped(out, key);
    fputs("\": ", out);
}

/* GB writes doubles in scientific notation with max_digits10 - 1 = 16 fractional digits:
 * exact round trip. */
static void put_double(FILE *out, double v) { fprintf(out, "%.16e", v); }

/* A context value as a positive integer (GB's num_cpus, mhz_per_cpu); 0 when unknown. */
static long ctx_long(const struct br_results *r, const char *key)
{
    double v;
    return br_results_get_num(r, key, &v) == 0 && v >= 1 && v < 1e15 ? (long)v : 0;
}

/* GB's date is ISO 8601 with a numeric offset ("...T22:50:33+00:00"); ours ends in "Z". */
static void put_date(FILE *out, const char *date)
{
    size_t n = strlen(date);
    fputc('"', out);
    if (n && date[n - 1] == 'Z') {
        fprintf(out, "%.*s+00:00", (int)(n - 1), date);
    } else {
        put_escaped(out, date);
    }
    fputc('"', out);
}

/* GB's executable is argv[0]: the first word of our "command". */
static void put_executable(FILE *out, const char *command)
{
    fputc('"', out);
    for (const char *c = command; *c && *c != ' '; c++) {
        char one[2] = {*c, '\0'};
        put_escaped(out, one);
    }
    fputc('"', out);
}

/* GB's caches array from our sizes in KiB (libcpuid: L1 data, L2, L3), in bytes as GB writes
 * them.  GB reads num_sharing from sysfs; libcpuid does not give it: 0 means unknown. */
static void put_caches(FILE *out, const struct br_results *r)
{
    static const struct {
        const char *key, *type;
        int level;
    } caches[] = {{"cache_l1d_kib", "Data", 1},
                  {"cache_l2_kib", "Unified", 2},
                  {"cache_l3_kib", "Unified", 3}};
    int any = 0;
    fputc('[', out);
    for (size_t i = 0; i < sizeof caches / sizeof caches[0]; i++) {
        long kib = ctx_long(r, caches[i].key);
        if (!kib) continue;
        fprintf(out,
                "%s\n      {\n        \"type\": \"%s\",\n        \"level\": %d,\n"
                "        \"size\": %ld,\n        \"num_sharing\": 0\n      }",
                any ? "," : "", caches[i].type, caches[i].level, kib * 1024);
        any = 1;
    }
    fputs("\n    ]", out);
}

/* load_avg: "a b c" when an engine recorded it (the gbench engine does, from GB); [] when
 * unknown, which is what GB writes where it cannot read it. */
static void put_load_avg(FILE *out, const char *v)
{
    fputc('[', out);
    for (int i = 0; v && *v; i++) {
        char *end;
        double x = strtod(v, &end);
        if (end == v) break;
        fprintf(out, "%s%g", i ? "," : "", x);
        v = end + strspn(end, " ,");
    }
    fputc(']', out);
}

static int is_gb_key(const char *key)
{
    for (size_t i = 0; gb_context_keys[i]; i++)
        if (strcmp(key, gb_context_keys[i]) == 0) return 1;
    return 0;
}

/* Our context keys, as strings, after GB's.  A key may repeat in a results file (one line per
 * event), but not in a JSON object: the values are joined with "; " under its first place. */
static void put_our_context(FILE *out, const struct br_results *r)
{
    for (size_t i = 0; i < r->nctx; i++) {
        const char *key = r->ctx[i].key;
        if (is_gb_key(key) || br_results_get(r, key) != r->ctx[i].value) continue;
        fputs(",\n", out);
        put_key(out, 4, key);
        fputc('"', out);
        for (size_t j = i, n = 0; j < r->nctx; j++) {
            if (strcmp(r->ctx[j].key, key) != 0) continue;
            if (n++) fputs("; ", out);
            put_escaped(out, r->ctx[j].value);
        }
        fputc('"', out);
    }
}

/* GB's library_build_type says how the measuring library was compiled: ours, here. */
static const char *build_type(void)
{
#if defined(__OPTIMIZE__)
    return "release";
#else
    return "debug";
#endif
}

static void put_context(FILE *out, const struct br_results *r)
{
    const char *v;
    fputs("  \"context\": {\n", out);
    put_key(out, 4, "date");
    put_date(out, (v = br_results_get(r, "date")) ? v : "");
    fputs(",\n", out);
    put_key(out, 4, "host_name");
    put_str(out, (v = br_results_get(r, "host")) ? v : "");
    fputs(",\n", out);
    put_key(out, 4, "executable");
    put_executable(out, (v = br_results_get(r, "command")) ? v : "");
    fprintf(out, ",\n    \"num_cpus\": %ld,\n    \"mhz_per_cpu\": %ld,\n", ctx_long(r, "num_cpus"),
            ctx_long(r, "cpu_mhz"));
    /* Unknown counts as false, as GB does when it cannot read the governor. */
    v = br_results_get(r, "cpu_scaling_enabled");
    fprintf(out, "    \"cpu_scaling_enabled\": %s,\n", v && !strcmp(v, "true") ? "true" : "false");
    fputs("    \"caches\": ", out);
    put_caches(out, r);
    fputs(",\n    \"load_avg\": ", out);
    put_load_avg(out, br_results_get(r, "load_avg"));
    fputs(",\n", out);
    put_key(out, 4, "library_build_type");
    put_str(out, build_type());
    put_our_context(out, r);
    fputs("\n  },\n", out);
}

/* Where a row sits in GB's numbering: a family is a base name ("memset" for "memset/64"),
 * numbered by first appearance; instances are numbered within their family. */
struct family_pos {
    size_t family, instance;
};

static size_t base_len(const char *name) { return strcspn(name, "/"); }

static int same_base(const char *a, const char *b)
{
    size_t n = base_len(a);
    return n == base_len(b) && strncmp(a, b, n) == 0;
}

/* Numbers every row's family and instance, O(n^2) in rows (a suite has hundreds at most). */
static void number_families(const struct br_results *r, struct family_pos *pos)
{
    size_t families = 0;
    for (size_t i = 0; i < r->nrows; i++) {
        size_t first = 0;
        while (!same_base(r->rows[first].name, r->rows[i].name)) first++;
        pos[i].family = first == i ? families++ : pos[first].family;
        pos[i].instance = 0;
        for (size_t j = first; j < i; j++)
            pos[i].instance += (size_t)same_base(r->rows[j].name, r->rows[i].name);
    }
}

/* The fields every entry starts with, in GB's order. */
static void put_entry_head(FILE *out, const struct br_row *row, struct family_pos pos,
                           const char *suffix)
{
    fputs("    {\n", out);
    put_key(out, 6, "name");
    fputc('"', out);
    put_escaped(out, row->name);
    fprintf(out, "%s\",\n      \"family_index\": %zu,\n      \"per_family_instance_index\": %zu,\n",
            suffix, pos.family, pos.instance);
    put_key(out, 6, "run_name");
    put_str(out, row->name);
    fputs(",\n", out);
}

/* One statistic of a summary; cv is a fraction, as GB writes it. */
static double agg_value(const struct br_summary *s, enum agg a)
{
    switch (a) {
    case AGG_MEAN: return s->mean;
    case AGG_MEDIAN: return s->median;
    case AGG_STDDEV: return s->stddev;
    default: return s->cv;
    }
}

/* The row's metrics in the order GB writes counters: by key (a std::map); those without a key
 * are left out. */
static size_t sorted_metrics(const struct br_row *row, const struct br_metric **out)
{
    size_t n = 0;
    for (size_t i = 0; i < row->nmetrics; i++) {
        if (!br_metric_json(&row->metrics[i])) continue;
        size_t j = n++;
        while (j > 0 && strcmp(br_metric_json(out[j - 1]), br_metric_json(&row->metrics[i])) > 0) {
            out[j] = out[j - 1];
            j--;
        }
        out[j] = &row->metrics[i];
    }
    return n;
}

/* The sample: times in ns, or a count as GB writes a counter (see the top of this file). */
static void put_sample(FILE *out, const struct br_measure_def *measure, double v)
{
    if (measure->counted) {
        fprintf(out, "      \"%s\": ", measure->json);
        put_double(out, v);
        return;
    }
    fputs("      \"real_time\": ", out);
    put_double(out, v);
    fputs(",\n      \"cpu_time\": ", out); /* wall time: see the top of this file */
    put_double(out, v);
    fputs(",\n      \"time_unit\": \"ns\"", out);
}

/* The sample, then the metrics as GB writes counters: `value(m)` is the entry's value. */
static void put_times(FILE *out, const struct br_measure_def *measure, const struct br_row *row,
                      double v, size_t sample, int aggregate)
{
    const struct br_metric **m = br_xcalloc(row->nmetrics + 1, sizeof *m);
    size_t n = sorted_metrics(row, m);
    put_sample(out, measure, v);
    for (size_t i = 0; i < n; i++) {
        fputs(",\n", out);
        put_key(out, 6, br_metric_json(m[i]));
        put_double(out, aggregate >= 0 ? agg_value(&m[i]->summary, (enum agg)aggregate)
                                       : br_metric_at(row, m[i], sample));
    }
    fputs("\n    }", out);
    free(m);
}

/* The threads of a BENCH_THREADS instance, from GB's name "base/threads:N"; 1 otherwise. */
static unsigned row_threads(const struct br_row *row)
{
    const char *t = strstr(row->name, "/threads:");
    char *end;
    unsigned long n = t ? strtoul(t + 9, &end, 10) : 1;
    return t && *end == '\0' && n >= 1 && n < 100000 ? (unsigned)n : 1;
}

/* GB counts the iterations of all threads and divides the batch's wall time by them
 * (benchmark_runner.cc): our ns per operation of one thread, over the thread count. */
static void put_iterations(FILE *out, const struct br_measure_def *measure,
                           const struct br_row *row, struct family_pos pos)
{
    unsigned threads = row_threads(row);
    for (size_t i = 0; i < row->nsamples; i++) {
        if (i) fputs(",\n", out);
        put_entry_head(out, row, pos, "");
        fprintf(out,
                "      \"run_type\": \"iteration\",\n      \"repetitions\": %zu,\n"
                "      \"repetition_index\": %zu,\n      \"threads\": %u,\n"
                "      \"iterations\": %" PRIu64 ",\n",
                row->nsamples, i, threads, row->iterations * threads);
        /* a count per operation is already one thread's operation's: not divided */
        put_times(out, measure, row, row->samples[i] / (measure->counted ? 1 : threads), i, -1);
    }
}

/* GB reports the statistics of each counter over the repetitions, like those of the time;
 * the model holds them (results.h). */
static void put_aggregates(FILE *out, const struct br_measure_def *measure,
                           const struct br_row *row, struct family_pos pos)
{
    unsigned threads = row_threads(row);
    for (int a = 0; a < AGG_COUNT; a++) {
        char suffix[16];
        snprintf(suffix, sizeof suffix, "_%s", agg_names[a]);
        fputs(",\n", out);
        put_entry_head(out, row, pos, suffix);
        fprintf(out,
                "      \"run_type\": \"aggregate\",\n      \"repetitions\": %zu,\n"
                "      \"threads\": %u,\n      \"aggregate_name\": \"%s\",\n"
                "      \"aggregate_unit\": \"%s\",\n      \"iterations\": %zu,\n",
                row->nsamples, threads, agg_names[a],
                a == AGG_CV        ? "percentage"
                : measure->counted ? measure->unit
                                   : "time",
                row->nsamples);
        double v = agg_value(&row->summary, (enum agg)a);
        put_times(out, measure, row, a == AGG_CV || measure->counted ? v : v / threads, 0, a);
    }
}

static void put_row(FILE *out, const struct br_measure_def *measure, const struct br_row *row,
                    struct family_pos pos)
{
    put_iterations(out, measure, row, pos);
    /* GB reports no aggregate for a single repetition (statistics.cc, ComputeStats). */
    if (row->nsamples >= 2) put_aggregates(out, measure, row, pos);
}

/* The head of a fit's entry: GB's ComputeBigO names it after the family (run_name without the
 * arguments) and gives it the first member's place and repetitions (complexity.cc). */
static void put_fit_head(FILE *out, const struct br_complexity *c, const struct br_row *first,
                         struct family_pos pos, const char *what, const char *unit)
{
    fputs(",\n    {\n", out);
    put_key(out, 6, "name");
    fputc('"', out);
    put_escaped(out, c->family);
    fprintf(out,
            "_%s\",\n      \"family_index\": %zu,\n      \"per_family_instance_index\": %zu,\n",
            what, pos.family, pos.instance);
    put_key(out, 6, "run_name");
    put_str(out, c->family);
    fprintf(out,
            ",\n      \"run_type\": \"aggregate\",\n      \"repetitions\": %zu,\n"
            "      \"threads\": %u,\n      \"aggregate_name\": \"%s\",\n"
            "      \"aggregate_unit\": \"%s\",\n",
            first->nsamples, row_threads(first), what, unit);
}

/* The `NAME_BigO` and `NAME_RMS` entries GB writes after a fitted family (json_reporter.cc);
 * the CPU fields repeat the wall-time fit, as cpu_time repeats real_time. */
static void put_fit(FILE *out, const struct br_measure_def *measure, const struct br_results *r,
                    const struct br_complexity *c, struct family_pos pos)
{
    const struct br_row *first = &r->rows[c->first];
    put_fit_head(out, c, first, pos, "BigO", measure->counted ? measure->unit : "time");
    fputs("      \"cpu_coefficient\": ", out);
    put_double(out, c->fit.coef);
    fputs(",\n      \"real_coefficient\": ", out);
    put_double(out, c->fit.coef);
    fprintf(out, ",\n      \"big_o\": \"%s\"", br_bigo_name(c->fit.bigo));
    /* a fit of counts has no time unit, as the entries of a run of counts have none */
    fputs(measure->counted ? "\n    }" : ",\n      \"time_unit\": \"ns\"\n    }", out);
    put_fit_head(out, c, first, pos, "RMS", "percentage");
    fputs("      \"rms\": ", out);
    put_double(out, c->fit.rms);
    fputs("\n    }", out);
}

int br_report_json(FILE *out, const struct br_results *r)
{
    const struct br_measure_def *measure = br_results_measure(r);
    BR_ASSERT(measure);
    struct br_complexity *fits;
    size_t nfits = br_complexities(r, &fits);
    fputs("{\n", out);
    put_context(out, r);
    fputs("  \"benchmarks\": [\n", out);
    struct family_pos *pos = br_xcalloc(r->nrows ? r->nrows : 1, sizeof *pos);
    number_families(r, pos);
    for (size_t i = 0; i < r->nrows; i++) {
        if (i) fputs(",\n", out);
        put_row(out, measure, &r->rows[i], pos[i]);
        for (size_t k = 0; k < nfits; k++)
            if (fits[k].last == i) put_fit(out, measure, r, &fits[k], pos[fits[k].first]);
    }
    br_complexities_release(fits, nfits);
    free(pos);
    fputs("\n  ]\n}\n", out);
    return br_stream_check(out, "writing JSON");
}
