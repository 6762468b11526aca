/* results_read_gbench.c - reading Google Benchmark JSON (--benchmark_format=json, or
 * --benchmark_out=FILE) into the results model.
 *
 * The schema (Google Benchmark's json_reporter.cc): {"context": {...}, "benchmarks": [row...]}.
 * With --benchmark_repetitions=N each run_name has N rows of run_type "iteration" - those are
 * our samples - followed by "aggregate" rows (mean, median, stddev, cv) that are summaries of
 * them and are ignored.  real_time is already per iteration, in time_unit.  Rows of older
 * versions without run_name/run_type are keyed by name.  NaN and Infinity, which the library
 * writes bare for undefined counters, are accepted as numbers and refused as times.
 *
 * A small recursive-descent JSON reader (RFC 8259), bounded by the buffer and by a nesting
 * limit, that keeps the line for messages; values the model has no use for are skipped.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "format/results_read.h"
#include "base/strbuf.h"

/* Google Benchmark nests three levels deep; 64 leaves room for other producers' extras while
 * keeping recursion shallow. */
#define MAX_DEPTH 64

struct json {
    const char *name;
    const char *p, *end;
    size_t line;
    int depth;
    struct br_strbuf scratch; /* strings whose value is not kept */
};

static int fail(const struct json *j, const char *what)
{
    return br_read_fail(j->name, j->line, "invalid JSON: %s", what);
}

/* Skips blanks; the next character, or -1 at the end. */
static int peek(struct json *j)
{
    while (j->p < j->end) {
        if (*j->p == '\r' || *j->p == '\n')
            j->p = br_read_eol(j->p, j->end, &j->line);
        else if (*j->p == ' ' || *j->p == '\t')
            j->p++;
        else
            return (unsigned char)*j->p;
    }
    return -1;
}

static int eat(struct json *j, char c)
{
    if (peek(j) != c) return br_read_fail(j->name, j->line, "invalid JSON: expected '%c'", c);
    j->p++;
    return 0;
}

static int hex4(const char *p, uint32_t *out)
{
    *out = 0;
    for (int i = 0; i < 4; i++) {
        int c = p[i], d = c >= '0' && c <= '9'   ? c - '0'
                          : c >= 'a' && c <= 'f' ? c - 'a' + 10
                          : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                                 : -1;
        if (d < 0) return -1;
        *out = *out << 4 | (uint32_t)d;
    }
    return 0;
}

static void put_utf8(struct br_strbuf *sb, uint32_t cp)
{
    char b[4];
    size_t n = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    static const unsigned char lead[] = {0, 0, 0xc0, 0xe0, 0xf0};
    for (size_t i = n - 1; i > 0; i--, cp >>= 6) b[i] = (char)(0x80 | (cp & 0x3f));
    b[0] = (char)(lead[n] | cp);
    br_strbuf_add(sb, b, n);
}

/* \uXXXX at j->p (after the backslash and 'u'), with a surrogate pair when there is one. */
static int unicode_escape(struct json *j, struct br_strbuf *sb)
{
    uint32_t cp, lo;
    if (j->end - j->p < 4 || hex4(j->p, &cp) < 0) return fail(j, "bad \\u escape");
    j->p += 4;
    if (cp >= 0xd800 && cp <= 0xdbff) {
        if (j->end - j->p < 6 || j->p[0] != '\\' || j->p[1] != 'u' || hex4(j->p + 2, &lo) < 0 ||
            lo < 0xdc00 || lo > 0xdfff)
            return fail(j, "unpaired surrogate in a \\u escape");
        j->p += 6;
        cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
    } else if ((cp >= 0xdc00 && cp <= 0xdfff) || cp == 0) {
        return fail(j, cp ? "unpaired surrogate in a \\u escape" : "\\u0000 in a string");
    }
    put_utf8(sb, cp);
    return 0;
}

/* A string into sb (reset first), escapes decoded. */
static int string(struct json *j, struct br_strbuf *sb)
{
    static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
    br_strbuf_reset(sb);
    if (eat(j, '"') < 0) return -1;
    for (;;) {
        const char *s = j->p;
        while (j->p < j->end && *j->p != '"' && *j->p != '\\' && (unsigned char)*j->p >= 0x20)
            j->p++;
        br_strbuf_add(sb, s, (size_t)(j->p - s));
        if (j->p == j->end) return fail(j, "unterminated string");
        char c = *j->p++;
        if (c == '"') return 0;
        if (c != '\\') return j->p--, fail(j, "control character in a string");
        if (j->p == j->end) return fail(j, "unterminated string");
        const char *e = strchr(from, *j->p);
        if (*j->p == 'u') {
            j->p++;
            if (unicode_escape(j, sb) < 0) return -1;
        } else if (e && *j->p) {
            br_strbuf_addc(sb, to[e - from]);
            j->p++;
        } else {
            return fail(j, "bad escape in a string");
        }
    }
}

static const char *digits(const char *p, const char *end)
{
    while (p < end && *p >= '0' && *p <= '9') p++;
    return p;
}

/* A number; its text is left in [*text, j->p) for the context. */
static int number(struct json *j, double *v, const char **text)
{
    const char *s = j->p, *p = s, *e = j->end, *d;
    char buf[72];
    if (p < e && *p == '-') p++;
    if (e - p >= 8 && memcmp(p, "Infinity", 8) == 0) {
        p += 8;
    } else if (p == s && e - p >= 3 && memcmp(p, "NaN", 3) == 0) {
        p += 3;
    } else {
        /* int [frac] [exp]: each part that starts must have a digit; no leading zeros */
        d = p;
        p = digits(d, e);
        int bad = p == d || (*d == '0' && p - d > 1);
        if (!bad && p < e && *p == '.') {
            d = p + 1;
            bad = (p = digits(d, e)) == d;
        }
        if (!bad && p < e && (*p == 'e' || *p == 'E')) {
            d = p + (p + 1 < e && (p[1] == '+' || p[1] == '-') ? 2 : 1);
            bad = (p = digits(d, e)) == d;
        }
        if (bad) return fail(j, "bad number");
    }
    if ((size_t)(p - s) >= sizeof buf) return fail(j, "number too long");
    memcpy(buf, s, (size_t)(p - s));
    buf[p - s] = '\0';
    *v = strtod(buf, NULL); /* also reads NaN and [-]Infinity */
    *text = s;
    j->p = p;
    return 0;
}

/* true, false or null: *word is 1, 0 or -1. */
static int literal(struct json *j, int *word)
{
    static const char *const words[] = {"null", "false", "true"};
    for (int i = 0; i < 3; i++) {
        size_t n = strlen(words[i]);
        if ((size_t)(j->end - j->p) >= n && memcmp(j->p, words[i], n) == 0) {
            j->p += n;
            *word = i - 1;
            return 0;
        }
    }
    return fail(j, "unexpected character");
}

typedef int (*member_fn)(struct json *j, const char *key, void *ctx);
typedef int (*element_fn)(struct json *j, void *ctx);

/* An object: fn consumes the value of each member. */
static int object(struct json *j, member_fn fn, void *ctx)
{
    struct br_strbuf key;
    if (j->depth >= MAX_DEPTH) return fail(j, "nested too deeply");
    if (eat(j, '{') < 0) return -1;
    j->depth++;
    br_strbuf_init(&key);
    int rc = 0;
    if (peek(j) != '}')
        while ((rc = string(j, &key)) == 0 && (rc = eat(j, ':')) == 0 &&
               (rc = fn(j, key.buf, ctx)) == 0 && peek(j) == ',')
            j->p++;
    if (rc == 0) rc = eat(j, '}');
    br_strbuf_release(&key);
    j->depth--;
    return rc;
}

/* An array: fn consumes each element. */
static int array(struct json *j, element_fn fn, void *ctx)
{
    if (j->depth >= MAX_DEPTH) return fail(j, "nested too deeply");
    if (eat(j, '[') < 0) return -1;
    j->depth++;
    int rc = 0;
    if (peek(j) != ']')
        while ((rc = fn(j, ctx)) == 0 && peek(j) == ',') j->p++;
    if (rc == 0) rc = eat(j, ']');
    j->depth--;
    return rc;
}

static int skip_value(struct json *j);
static int skip_member(struct json *j, const char *key, void *ctx)
{
    (void)key;
    (void)ctx;
    return skip_value(j);
}
static int skip_element(struct json *j, void *ctx)
{
    (void)ctx;
    return skip_value(j);
}

/* A scalar as text into sb (numbers as written); containers are skipped and give 0. */
static int scalar_text(struct json *j, struct br_strbuf *sb)
{
    static const char *const words[] = {"null", "false", "true"};
    int c = peek(j), word;
    const char *text;
    double v;
    br_strbuf_reset(sb);
    if (c == '{') return object(j, skip_member, NULL) < 0 ? -1 : 0;
    if (c == '[') return array(j, skip_element, NULL) < 0 ? -1 : 0;
    if (c == '"') return string(j, sb) < 0 ? -1 : 1;
    if (c == 't' || c == 'f' || c == 'n') {
        if (literal(j, &word) < 0) return -1;
        br_strbuf_adds(sb, words[word + 1]);
        return 1;
    }
    if (c < 0) return fail(j, "unexpected end of input");
    if (number(j, &v, &text) < 0) return -1;
    br_strbuf_add(sb, text, (size_t)(j->p - text));
    return 1;
}

static int skip_value(struct json *j) { return scalar_text(j, &j->scratch) < 0 ? -1 : 0; }

/* ---- the Google Benchmark schema -------------------------------------------------------- */

/* One row of "benchmarks", as far as it matters here. */
struct gb_row {
    char *name, *run_name;
    size_t line, index; /* where it starts; its position in the file */
    int skip;           /* aggregate or failed: not a sample */
    int has_time;
    double real_time, cpu_time, unit; /* unit: ns per time_unit; cpu_time NAN when absent */
    double repetitions, iterations, bytes_rate, items_rate; /* NAN when absent */
};

struct gbench {
    struct br_results *out;
    struct gb_row *rows; /* the samples, in file order */
    size_t nrows, cap;
    int seen_benchmarks;
};

static int context_member(struct json *j, const char *key, void *ctx)
{
    struct br_results *out = ctx;
    struct br_strbuf v;
    br_strbuf_init(&v);
    int rc = scalar_text(j, &v);
    if (rc > 0) {
        br_results_set(out, key, v.buf);
        /* Their host_name is our host: benchcmp warns when hosts differ. */
        if (strcmp(key, "host_name") == 0) br_results_set(out, "host", v.buf);
    }
    br_strbuf_release(&v);
    return rc < 0 ? -1 : 0;
}

static int typed(struct json *j, const char *key, int ok, const char *type)
{
    if (ok) return 0;
    return br_read_fail(j->name, j->line, "'%.40s' should be %s", key, type);
}

/* A string member's value into j->scratch. */
static int get_scratch(struct json *j, const char *key)
{
    return typed(j, key, peek(j) == '"', "a string") < 0 ? -1 : string(j, &j->scratch);
}

static int get_string(struct json *j, const char *key, char **dst)
{
    if (get_scratch(j, key) < 0) return -1;
    free(*dst);
    *dst = br_xstrdup(j->scratch.buf);
    return 0;
}

static int get_number(struct json *j, const char *key, double *dst)
{
    const char *text;
    int c = peek(j);
    int ok = c == '-' || c == 'N' || c == 'I' || (c >= '0' && c <= '9');
    return typed(j, key, ok, "a number") < 0 ? -1 : number(j, dst, &text);
}

static int time_unit(struct json *j, struct gb_row *r)
{
    static const struct {
        const char *name;
        double ns;
    } units[] = {{"ns", 1}, {"us", 1e3}, {"ms", 1e6}, {"s", 1e9}};
    if (get_scratch(j, "time_unit") < 0) return -1;
    for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
        if (strcmp(j->scratch.buf, units[i].name) == 0) return r->unit = units[i].ns, 0;
    return br_read_fail(j->name, j->line, "unknown time_unit '%.20s'", j->scratch.buf);
}

static int row_member(struct json *j, const char *key, void *ctx)
{
    struct gb_row *r = ctx;
    int word;
    if (strcmp(key, "name") == 0) return get_string(j, key, &r->name);
    if (strcmp(key, "run_name") == 0) return get_string(j, key, &r->run_name);
    if (strcmp(key, "time_unit") == 0) return time_unit(j, r);
    if (strcmp(key, "real_time") == 0) return r->has_time = 1, get_number(j, key, &r->real_time);
    if (strcmp(key, "cpu_time") == 0) return get_number(j, key, &r->cpu_time);
    if (strcmp(key, "repetitions") == 0) return get_number(j, key, &r->repetitions);
    if (strcmp(key, "iterations") == 0) return get_number(j, key, &r->iterations);
    if (strcmp(key, "bytes_per_second") == 0) return get_number(j, key, &r->bytes_rate);
    if (strcmp(key, "items_per_second") == 0) return get_number(j, key, &r->items_rate);
    if (strcmp(key, "run_type") == 0) {
        if (get_scratch(j, key) < 0) return -1;
        r->skip |= strcmp(j->scratch.buf, "aggregate") == 0;
        return 0;
    }
    if (strcmp(key, "aggregate_name") == 0) r->skip = 1;
    if (strcmp(key, "error_occurred") == 0 && peek(j) == 't') {
        if (literal(j, &word) < 0) return -1;
        r->skip |= word == 1;
        return 0;
    }
    return skip_value(j);
}

static int is_count(double v, double min) { return v >= min && v <= 1e18 && v == floor(v); }

/* A kept row must be a valid sample: a name, a finite non-negative time, sane counts. */
static int check_row(const struct json *j, const struct gb_row *r)
{
    const char *n = r->run_name ? r->run_name : r->name;
    if (!n) return br_read_fail(j->name, r->line, "a benchmark row without a name");
    if (!*n) return br_read_fail(j->name, r->line, "empty benchmark name");
    if (!r->has_time) return br_read_fail(j->name, r->line, "'%.80s' has no real_time", n);
    if (!isfinite(r->real_time))
        return br_read_fail(j->name, r->line, "'%.80s': real_time is not finite", n);
    if (r->real_time < 0)
        return br_read_fail(j->name, r->line, "'%.80s': real_time %g is negative", n, r->real_time);
    if (!isnan(r->repetitions) && !is_count(r->repetitions, 1))
        return br_read_fail(j->name, r->line, "'%.80s': repetitions is not a whole number >= 1", n);
    if (!isnan(r->iterations) && !is_count(r->iterations, 0))
        return br_read_fail(j->name, r->line, "'%.80s': iterations is not a whole number", n);
    return 0;
}

static void free_row(struct gb_row *r)
{
    free(r->name);
    free(r->run_name);
}

static int row_element(struct json *j, void *ctx)
{
    struct gbench *g = ctx;
    struct gb_row r = {.index = g->nrows,
                       .real_time = NAN,
                       .cpu_time = NAN,
                       .unit = 1,
                       .repetitions = NAN,
                       .iterations = NAN,
                       .bytes_rate = NAN,
                       .items_rate = NAN};
    if (peek(j) != '{') return fail(j, "a benchmark row should be an object");
    r.line = j->line;
    int rc = object(j, row_member, &r);
    if (rc == 0 && !r.skip) rc = check_row(j, &r);
    if (rc < 0 || r.skip) {
        free_row(&r);
        return rc;
    }
    BR_GROW(g->rows, g->cap, g->nrows + 1);
    g->rows[g->nrows++] = r;
    return 0;
}

static int top_member(struct json *j, const char *key, void *ctx)
{
    struct gbench *g = ctx;
    if (strcmp(key, "context") == 0)
        return typed(j, key, peek(j) == '{', "an object") < 0 ? -1
                                                              : object(j, context_member, g->out);
    if (strcmp(key, "benchmarks") == 0) {
        g->seen_benchmarks = 1;
        return typed(j, key, peek(j) == '[', "an array") < 0 ? -1 : array(j, row_element, g);
    }
    return skip_value(j);
}

static const char *key_of(const struct gb_row *r) { return r->run_name ? r->run_name : r->name; }

static int cmp_key(const void *a, const void *b)
{
    const struct gb_row *x = a, *y = b;
    int d = strcmp(key_of(x), key_of(y));
    return d ? d : (x->index > y->index) - (x->index < y->index);
}

/* The rows of one benchmark: [start, start + count) of the sorted rows. */
struct group {
    size_t first, start, count; /* first: file position of its first row */
};

static int cmp_group(const void *a, const void *b)
{
    const struct group *x = a, *y = b;
    return (x->first > y->first) - (x->first < y->first);
}

static int add_group(const struct json *j, struct gbench *g, const struct group *gr,
                     double *samples)
{
    const struct gb_row *r = &g->rows[gr->start];
    if (!isnan(r->repetitions) && (double)gr->count != r->repetitions)
        return br_read_fail(j->name, r->line, "'%.80s': %zu iteration rows but repetitions is %.0f",
                            key_of(r), gr->count, r->repetitions);
    for (size_t i = 0; i < gr->count; i++) {
        samples[i] = r[i].real_time * r[i].unit;
        if (!isfinite(samples[i]))
            return br_read_fail(j->name, r[i].line, "'%.80s': real_time out of range", key_of(r));
    }
    struct br_row *row = br_results_add(
        g->out, key_of(r), isnan(r->iterations) ? 0 : (uint64_t)r->iterations, samples, gr->count);
    /* Google Benchmark divides rate counters by CPU time: multiplying back gives the amount
     * per operation (real time when a producer gave no CPU time). */
    double per = (isfinite(r->cpu_time) && r->cpu_time > 0 ? r->cpu_time : r->real_time) * r->unit;
    if (r->bytes_rate > 0 && isfinite(r->bytes_rate))
        br_row_set(row, "bytes_per_op", r->bytes_rate * per / 1e9);
    if (r->items_rate > 0 && isfinite(r->items_rate))
        br_row_set(row, "items_per_op", r->items_rate * per / 1e9);
    return 0;
}

/* The rows of one run_name are the samples of one benchmark, in file order; benchmarks come in
 * the order of their first row. */
static int build(const struct json *j, struct gbench *g)
{
    if (!g->seen_benchmarks)
        return br_error("%s: no \"benchmarks\" array, not Google Benchmark JSON", j->name);
    if (g->nrows == 0)
        return br_error("%s: no iteration rows, only aggregates or errors (run without "
                        "--benchmark_report_aggregates_only)",
                        j->name);
    qsort(g->rows, g->nrows, sizeof *g->rows, cmp_key);
    struct group *groups = br_xmalloc(g->nrows * sizeof *groups);
    size_t ngroups = 0;
    for (size_t i = 0, e; i < g->nrows; i = e) {
        for (e = i + 1; e < g->nrows && strcmp(key_of(&g->rows[e]), key_of(&g->rows[i])) == 0;) e++;
        groups[ngroups++] = (struct group){g->rows[i].index, i, e - i};
    }
    qsort(groups, ngroups, sizeof *groups, cmp_group);
    double *samples = br_xmalloc(g->nrows * sizeof *samples);
    int rc = 0;
    for (size_t k = 0; k < ngroups && rc == 0; k++) rc = add_group(j, g, &groups[k], samples);
    free(samples);
    free(groups);
    return rc;
}

int br_read_gbench(const char *name, const char *buf, size_t len, struct br_results *out)
{
    struct json j = {.name = name, .p = buf, .end = buf + len, .line = 1};
    struct gbench g = {.out = out};
    br_strbuf_init(&j.scratch);
    int rc = object(&j, top_member, &g);
    if (rc == 0 && peek(&j) >= 0) rc = fail(&j, "text after the end of the document");
    if (rc == 0) rc = build(&j, &g);
    for (size_t i = 0; i < g.nrows; i++) free_row(&g.rows[i]);
    free(g.rows);
    br_strbuf_release(&j.scratch);
    return rc;
}
