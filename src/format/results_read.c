/* results_read.c - reading a results file: the file, the text checks, the table of formats
 * and our CSV contract.
 *
 * Defensive by design (it reads whatever CI hands it, and is fuzzed): every scan is bounded by
 * the buffer's end, sizes are capped (results_read.h), and the first problem ends the read
 * with one message naming the file and line.  The JSON formats have a file each:
 * results_read_gbench.c (Google Benchmark), results_read_hyperfine.c (hyperfine).
 */
#include "format/results_read.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/options.h"
#include "base/strbuf.h"
#include "format/json_read.h"

int br_read_fail(const char *name, size_t line, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return br_error("%s:%zu: %s", name, line, msg);
}

const char *br_read_eol(const char *p, const char *end, size_t *line)
{
    BR_ASSERT(p < end && (*p == '\r' || *p == '\n'));
    if (*p++ == '\r' && p < end && *p == '\n') p++;
    (*line)++;
    return p;
}

/* ---- text checks ------------------------------------------------------------------------- */

/* Length of the well-formed UTF-8 sequence at p (RFC 3629: shortest form, no surrogates, at
 * most U+10FFFF), 0 when it is not one. */
static size_t utf8_len(const unsigned char *p, const unsigned char *end)
{
    size_t n;
    if (p[0] < 0x80) return 1;
    if (p[0] >= 0xc2 && p[0] <= 0xdf)
        n = 2;
    else if ((p[0] & 0xf0) == 0xe0)
        n = 3;
    else if (p[0] >= 0xf0 && p[0] <= 0xf4)
        n = 4;
    else
        return 0;
    if ((size_t)(end - p) < n) return 0;
    uint32_t cp = p[0] & (0x7fu >> n);
    for (size_t i = 1; i < n; i++) {
        if ((p[i] & 0xc0) != 0x80) return 0;
        cp = cp << 6 | (p[i] & 0x3fu);
    }
    if (n == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) return 0;
    if (n == 4 && (cp < 0x10000 || cp > 0x10ffff)) return 0;
    return n;
}

/* Whether the 8 bytes at p are all printable ASCII (0x20 to 0x7e): none has its high bit set,
 * none is below 0x20, none is 0x7f (the "has less than" and "has zero byte" tests of Sean
 * Anderson's Bit Twiddling Hacks; exact when the answer is no). */
static int printable8(const unsigned char *p)
{
    const uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
    uint64_t w, del;
    memcpy(&w, p, 8);
    del = w ^ 0x7f * ones;
    return ((w | ((w - 0x20 * ones) & ~w) | ((del - ones) & ~del)) & highs) == 0;
}

/* Text, not data: well-formed UTF-8, no control characters but tab, CR and LF, no line longer
 * than `max_line` bytes.  One pass before any parsing, so the parsers may assume it. */
static int check_text(const char *name, const char *buf, size_t len, size_t max_line)
{
    const unsigned char *p = (const unsigned char *)buf, *end = p + len, *line_start = p;
    size_t line = 1;
    while (p < end) {
        /* Printable ASCII, the bulk of any results file, a word at a time. */
        while (end - p >= 8 && printable8(p)) p += 8;
        while (p < end && *p >= 0x20 && *p < 0x7f) p++;
        if ((size_t)(p - line_start) > max_line)
            return br_read_fail(name, line, "line longer than %zu bytes", max_line);
        if (p == end) break;
        if (*p == '\r' || *p == '\n') {
            p = (const unsigned char *)br_read_eol((const char *)p, (const char *)end, &line);
            line_start = p;
            continue;
        }
        size_t n = (*p < 0x20 && *p != '\t') || *p == 0x7f ? 0 : utf8_len(p, end);
        if (n == 0)
            return br_read_fail(name, line, "binary data (byte 0x%02x), not a text results file",
                                *p);
        p += n;
    }
    return 0;
}

/* ---- CSV records (RFC 4180) ---------------------------------------------------------------- */

struct csv {
    const char *name;
    const char *p, *end;
    size_t line;           /* line of p */
    size_t record_line;    /* line where the current record starts */
    struct br_strbuf text; /* the current record's fields, each NUL-terminated */
    size_t *start;         /* offsets of the fields in text */
    size_t nfields, cap;
};

static const char *field(const struct csv *c, size_t i) { return c->text.buf + c->start[i]; }

static int at_eol(const struct csv *c) { return *c->p == '\r' || *c->p == '\n'; }

/* A field in quotes: "" is a quote; commas and line endings are data. */
static int csv_quoted(struct csv *c)
{
    size_t open_line = c->line;
    const char *p = c->p + 1;
    for (;;) {
        if (p == c->end) return br_read_fail(c->name, open_line, "unterminated quoted field");
        if (*p == '"') {
            if (p + 1 == c->end || p[1] != '"') break;
            p++;
        }
        if (*p == '\r' || *p == '\n') {
            const char *q = br_read_eol(p, c->end, &c->line);
            br_strbuf_add(&c->text, p, (size_t)(q - p));
            p = q;
        } else {
            br_strbuf_addc(&c->text, *p++);
        }
    }
    c->p = p + 1;
    if (c->p < c->end && *c->p != ',' && !at_eol(c))
        return br_read_fail(c->name, c->line, "text after the closing quote of a field");
    return 0;
}

static int csv_plain(struct csv *c)
{
    const char *p = c->p;
    for (; p < c->end && *p != ',' && *p != '\r' && *p != '\n'; p++)
        if (*p == '"')
            return br_read_fail(c->name, c->line,
                                "quote inside an unquoted field (quote the whole field)");
    br_strbuf_add(&c->text, c->p, (size_t)(p - c->p));
    c->p = p;
    return 0;
}

/* Reads the record at c->p into c->text and c->start.  1: a record, 0: end of input, -1. */
static int csv_record(struct csv *c)
{
    br_strbuf_reset(&c->text);
    c->nfields = 0;
    c->record_line = c->line;
    if (c->p == c->end) return 0;
    for (;;) {
        BR_GROW(c->start, c->cap, c->nfields + 1);
        c->start[c->nfields++] = c->text.len;
        int rc = c->p < c->end && *c->p == '"' ? csv_quoted(c) : csv_plain(c);
        if (rc < 0) return -1;
        br_strbuf_addc(&c->text, '\0');
        if (c->p < c->end && *c->p == ',') {
            c->p++;
            continue;
        }
        if (c->p < c->end) c->p = br_read_eol(c->p, c->end, &c->line);
        return 1;
    }
}

static void skip_blank_lines(struct csv *c)
{
    while (c->p < c->end && at_eol(c)) c->p = br_read_eol(c->p, c->end, &c->line);
}

/* ---- the results table ---------------------------------------------------------------------- */

#define NO_COLUMN ((size_t)-1)
/* A guard for the parse only: the samples themselves are bounded by the line length. */
#define MAX_REPETITIONS 10000000

/* Where each column the reader uses sits in the header (NO_COLUMN when absent). */
struct columns {
    size_t name, iterations, repetitions, samples, bytes_rate, items_rate;
    size_t count; /* fields in the header */
};

static const struct {
    const char *header;
    size_t offset;
    int required;
} wanted[] = {
    {"name", offsetof(struct columns, name), 1},
    {"iterations", offsetof(struct columns, iterations), 0},
    {"repetitions", offsetof(struct columns, repetitions), 1},
    {"samples_ns", offsetof(struct columns, samples), 1},
    {"bytes_per_second", offsetof(struct columns, bytes_rate), 0},
    {"items_per_second", offsetof(struct columns, items_rate), 0},
};
#define NWANTED (sizeof wanted / sizeof wanted[0])

static size_t *column(struct columns *cols, size_t w)
{
    return (size_t *)(void *)((char *)cols + wanted[w].offset);
}

/* Columns are found by name, so extra columns and any order are fine. */
static int csv_header(const struct csv *c, struct columns *cols)
{
    for (size_t w = 0; w < NWANTED; w++) *column(cols, w) = NO_COLUMN;
    cols->count = c->nfields;
    for (size_t f = 0; f < c->nfields; f++) {
        for (size_t w = 0; w < NWANTED; w++) {
            if (strcmp(field(c, f), wanted[w].header) != 0) continue;
            if (*column(cols, w) != NO_COLUMN)
                return br_read_fail(c->name, c->record_line, "column '%s' appears twice",
                                    wanted[w].header);
            *column(cols, w) = f;
        }
    }
    for (size_t w = 0; w < NWANTED; w++)
        if (wanted[w].required && *column(cols, w) == NO_COLUMN)
            return br_read_fail(c->name, c->record_line,
                                "the header has no '%s' column (a results file needs name, "
                                "repetitions and samples_ns)",
                                wanted[w].header);
    return 0;
}

/* The state of one CSV read. */
struct reading {
    struct csv c;
    struct columns cols;
    double *samples; /* the current row's samples */
    size_t samples_cap;
    size_t *lines; /* line of each row, for the duplicate check */
    size_t lines_cap;
};

/* A whole number in plain digits, at most `max`. */
static int parse_uint(const char *s, uint64_t max, uint64_t *out)
{
    uint64_t v = 0;
    if (!*s) return -1;
    for (; *s; s++) {
        if (*s < '0' || *s > '9') return -1;
        unsigned d = (unsigned)(*s - '0');
        if (v > (max - d) / 10) return -1;
        v = v * 10 + d;
    }
    *out = v;
    return 0;
}

/* samples_ns: finite, non-negative numbers joined by ';'. */
static int parse_samples(struct reading *rd, const char *s, size_t *n)
{
    const struct csv *c = &rd->c;
    *n = 0;
    if (!*s) return br_read_fail(c->name, c->record_line, "samples_ns is empty");
    for (;;) {
        char *end;
        double v = strtod(s, &end);
        int shown = (int)strcspn(s, ";");
        shown = shown > 40 ? 40 : shown;
        if (end == s || (*end && *end != ';'))
            return br_read_fail(c->name, c->record_line, "samples_ns: '%.*s' is not a number",
                                shown, s);
        if (!isfinite(v))
            return br_read_fail(c->name, c->record_line, "samples_ns: '%.*s' is not finite", shown,
                                s);
        if (v < 0)
            return br_read_fail(c->name, c->record_line, "samples_ns: %.*s is negative", shown, s);
        BR_GROW(rd->samples, rd->samples_cap, *n + 1);
        rd->samples[(*n)++] = v;
        if (!*end) return 0;
        s = end + 1;
    }
}

/* Throughput columns hold the rate at the median time; the model keeps the amount per
 * operation.  Empty means none declared. */
static int read_rate(const struct reading *rd, size_t col, const char *label,
                     const struct br_row *row, double *per_op)
{
    if (col == NO_COLUMN || !*field(&rd->c, col)) return 0;
    const char *s = field(&rd->c, col);
    double v;
    if (br_parse_double(s, &v) < 0 || v < 0)
        return br_read_fail(rd->c.name, rd->c.record_line, "%s: '%.40s' is not a rate", label, s);
    *per_op = v * row->summary.median / 1e9;
    return 0;
}

static int csv_row(struct reading *rd, struct br_results *out)
{
    const struct csv *c = &rd->c;
    const struct columns *k = &rd->cols;
    uint64_t reps, iters = 0;
    size_t n;
    if (c->nfields != k->count)
        return br_read_fail(c->name, c->record_line, "%zu fields where the header has %zu",
                            c->nfields, k->count);
    const char *name = field(c, k->name);
    if (!*name) return br_read_fail(c->name, c->record_line, "empty benchmark name");
    if (parse_uint(field(c, k->repetitions), MAX_REPETITIONS, &reps) < 0 || reps == 0)
        return br_read_fail(c->name, c->record_line,
                            "repetitions: '%.40s' is not a whole number from 1 to %d",
                            field(c, k->repetitions), MAX_REPETITIONS);
    if (k->iterations != NO_COLUMN && parse_uint(field(c, k->iterations), UINT64_MAX, &iters) < 0)
        return br_read_fail(c->name, c->record_line, "iterations: '%.40s' is not a whole number",
                            field(c, k->iterations));
    if (parse_samples(rd, field(c, k->samples), &n) < 0) return -1;
    if (n != reps)
        return br_read_fail(c->name, c->record_line,
                            "'%.80s': samples_ns has %zu values but repetitions is %llu", name, n,
                            (unsigned long long)reps);
    struct br_row *row = br_results_add(out, name, iters, rd->samples, n);
    if (read_rate(rd, k->bytes_rate, "bytes_per_second", row, &row->bytes_per_op) < 0 ||
        read_rate(rd, k->items_rate, "items_per_second", row, &row->items_per_op) < 0)
        return -1;
    BR_GROW(rd->lines, rd->lines_cap, out->nrows);
    rd->lines[out->nrows - 1] = c->record_line;
    return 0;
}

struct named {
    const char *name;
    size_t line;
};

static int cmp_named(const void *a, const void *b)
{
    const struct named *x = a, *y = b;
    int d = strcmp(x->name, y->name);
    return d ? d : (x->line > y->line) - (x->line < y->line);
}

/* Names are keys (benchcmp matches by them): sorting finds repeats in O(n log n). */
int br_read_check_unique(const char *file, const struct br_results *r, const size_t *lines)
{
    struct named *v = br_xmalloc(r->nrows * sizeof *v);
    int rc = 0;
    for (size_t i = 0; i < r->nrows; i++) v[i] = (struct named){r->rows[i].name, lines[i]};
    qsort(v, r->nrows, sizeof *v, cmp_named);
    for (size_t i = 1; i < r->nrows && rc == 0; i++)
        if (strcmp(v[i - 1].name, v[i].name) == 0)
            rc = br_read_fail(file, v[i].line,
                              "duplicate benchmark name '%.80s' (first at line %zu)", v[i].name,
                              v[i - 1].line);
    free(v);
    return rc;
}

/* Appends [a, b) without the blanks at either end. */
static void add_trimmed(struct br_strbuf *sb, const char *a, const char *b)
{
    while (a < b && (*a == ' ' || *a == '\t')) a++;
    while (b > a && (b[-1] == ' ' || b[-1] == '\t')) b--;
    br_strbuf_add(sb, a, (size_t)(b - a));
}

/* "# key: value" lines before the header; other lines starting with '#' are comments. */
static void read_context(struct csv *c, struct br_results *out)
{
    struct br_strbuf key, value;
    br_strbuf_init(&key);
    br_strbuf_init(&value);
    for (skip_blank_lines(c); c->p < c->end && *c->p == '#'; skip_blank_lines(c)) {
        const char *s = c->p + 1, *eol = s;
        while (eol < c->end && *eol != '\r' && *eol != '\n') eol++;
        const char *colon = memchr(s, ':', (size_t)(eol - s));
        if (colon) {
            br_strbuf_reset(&key);
            br_strbuf_reset(&value);
            add_trimmed(&key, s, colon);
            add_trimmed(&value, colon + 1, eol);
            if (key.len) br_results_set(out, key.buf, value.buf);
        }
        c->p = eol;
        if (c->p < c->end) c->p = br_read_eol(c->p, c->end, &c->line);
    }
    br_strbuf_release(&key);
    br_strbuf_release(&value);
}

static int read_table(struct reading *rd, struct br_results *out)
{
    struct csv *c = &rd->c;
    read_context(c, out);
    int got = csv_record(c);
    if (got <= 0)
        return got < 0 ? -1 : br_read_fail(c->name, c->line, "no header after the context lines");
    if (csv_header(c, &rd->cols) < 0) return -1;
    size_t header_line = c->record_line;
    for (;;) {
        skip_blank_lines(c);
        got = csv_record(c);
        if (got <= 0) break;
        if (csv_row(rd, out) < 0) return -1;
    }
    if (got < 0) return -1;
    if (out->nrows == 0) return br_read_fail(c->name, header_line, "a header but no benchmarks");
    return br_read_check_unique(c->name, out, rd->lines);
}

static int read_csv(const char *name, const char *buf, size_t len, struct br_results *out)
{
    struct reading rd;
    memset(&rd, 0, sizeof rd);
    rd.c.name = name;
    rd.c.p = buf;
    rd.c.end = buf + len;
    rd.c.line = 1;
    br_strbuf_init(&rd.c.text);
    int rc = read_table(&rd, out);
    br_strbuf_release(&rd.c.text);
    free(rd.c.start);
    free(rd.samples);
    free(rd.lines);
    return rc;
}

/* Ours: context lines first, or a first line naming a column that a results file needs (the
 * rest of the header is read_table's to judge). */
static int is_csv(const char *buf, size_t len)
{
    struct csv c = {.name = "", .p = buf, .end = buf + len, .line = 1};
    int found = 0;
    skip_blank_lines(&c);
    if (c.p < c.end && *c.p == '#') return 1;
    br_strbuf_init(&c.text);
    if (csv_record(&c) > 0)
        for (size_t f = 0; f < c.nfields; f++)
            for (size_t w = 0; w < NWANTED; w++)
                found |= wanted[w].required && strcmp(field(&c, f), wanted[w].header) == 0;
    br_strbuf_release(&c.text);
    free(c.start);
    return found;
}

/* ---- the formats ------------------------------------------------------------------------------
 */

/* The formats read, told apart by content, never by the file's name: the first whose detect()
 * claims the text reads it.  JSON first: its detection stops at a top-level key, where CSV's
 * would read a one-line JSON file's whole first "record". */
static const struct format {
    const char *name; /* as the message for an unknown format lists it */
    int (*detect)(const char *buf, size_t len);
    int (*read)(const char *name, const char *buf, size_t len, struct br_results *out);
    size_t max_line; /* CSV rows have a cap (results_read.h); JSON, any layout, has none */
} formats[] = {
    {"Google Benchmark JSON", br_is_gbench, br_read_gbench, SIZE_MAX},
    {"hyperfine JSON", br_is_hyperfine, br_read_hyperfine, SIZE_MAX},
    {"benchrun CSV", is_csv, read_csv, BR_READ_MAX_LINE},
};
#define NFORMATS (sizeof formats / sizeof formats[0])

/* One line: what the file is not, and what is read.  Broken JSON gets its syntax error instead,
 * with the line: a truncated or hand-edited file is more likely than a new format. */
static int unknown_format(const char *name, const char *buf, size_t len, char first)
{
    struct br_strbuf list;
    if ((first == '{' || first == '[') && br_json_validate(name, buf, len) < 0) return -1;
    br_strbuf_init(&list);
    for (size_t k = 0; k < NFORMATS; k++)
        br_strbuf_addf(&list, "%s%s", k ? ", " : "", formats[k].name);
    br_error("%s: %s; the formats read are %s", name,
             first == '{' || first == '[' ? "JSON of an unknown layout" : "unknown format",
             list.buf);
    br_strbuf_release(&list);
    return -1;
}

/* ---- entry points -----------------------------------------------------------------------------
 */

int br_results_parse(const char *name, const char *buf, size_t len, struct br_results *out)
{
    const struct format *f = NULL;
    br_results_init(out);
    if (len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0) { /* UTF-8 byte-order mark */
        buf += 3;
        len -= 3;
    }
    size_t i = 0;
    while (i < len && (buf[i] == ' ' || buf[i] == '\t' || buf[i] == '\r' || buf[i] == '\n')) i++;
    if (i == len) return br_error("%s: empty file, not a results file", name);
    for (size_t k = 0; k < NFORMATS && !f; k++)
        if (formats[k].detect(buf, len)) f = &formats[k];
    if (check_text(name, buf, len, f ? f->max_line : SIZE_MAX) < 0) return -1;
    int rc = f ? f->read(name, buf, len, out) : unknown_format(name, buf, len, buf[i]);
    if (rc < 0) br_results_release(out);
    return rc;
}

/* A buffer for `size` bytes.  A large one is asked for in huge pages (Linux THP, 2 MiB):
 * reading 100 MB into fresh 4 KiB pages takes 25,000 page faults, which a VM makes dear.
 * Measured on this project's VM (2 vCPUs, THP "madvise"): reading a 92 MB file and one pass
 * over it took 0.6 s in 4 KiB pages and 0.1 s in huge ones. */
static char *file_buffer(size_t size)
{
    void *p = NULL;
#ifdef MADV_HUGEPAGE
    size_t huge = (size_t)2 << 20;
    if (size >= huge && posix_memalign(&p, huge, size) == 0) {
        madvise(p, size - size % huge, MADV_HUGEPAGE); /* a hint: failure costs only speed */
        return p;
    }
#endif
    return br_xmalloc(size);
}

/* The whole file, at most BR_READ_MAX_FILE bytes (pipes too, hence no trust in st_size, which
 * only sizes the buffer: one allocation and one copy for a regular file, however large). */
static int read_all(int fd, const char *path, size_t hint, char **buf, size_t *len)
{
    size_t cap = hint < BR_READ_MAX_FILE ? hint + 1 : 1 << 16, n = 0;
    char *b = file_buffer(cap);
    for (;;) {
        if (n == cap) {
            if (cap > BR_READ_MAX_FILE) break;
            cap = cap * 2 > BR_READ_MAX_FILE + 1 ? BR_READ_MAX_FILE + 1 : cap * 2;
            b = br_xrealloc(b, cap);
        }
        ssize_t got = read(fd, b + n, cap - n);
        if (got < 0 && errno == EINTR) continue;
        if (got < 0) {
            free(b);
            return br_error("%s: %s", path, strerror(errno));
        }
        if (got == 0) break;
        n += (size_t)got;
    }
    if (n > BR_READ_MAX_FILE) {
        free(b);
        return br_error("%s: larger than %zu MiB, not a results file", path,
                        BR_READ_MAX_FILE >> 20);
    }
    *buf = b;
    *len = n;
    return 0;
}

int br_results_read(const char *path, struct br_results *out)
{
    struct stat st;
    char *buf = NULL;
    size_t len = 0;
    br_results_init(out);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return br_error("%s: %s", path, strerror(errno));
    int rc = fstat(fd, &st);
    if (rc < 0)
        rc = br_error("%s: %s", path, strerror(errno));
    else if (S_ISDIR(st.st_mode))
        rc = br_error("%s: is a directory, not a results file", path);
    else if (S_ISREG(st.st_mode) && (uintmax_t)st.st_size > BR_READ_MAX_FILE)
        rc = br_error("%s: larger than %zu MiB, not a results file", path, BR_READ_MAX_FILE >> 20);
    else
        rc = read_all(fd, path, S_ISREG(st.st_mode) ? (size_t)st.st_size : 0, &buf, &len);
    close(fd);
    if (rc < 0) return -1;
    rc = br_results_parse(path, buf, len, out);
    free(buf);
    return rc;
}
