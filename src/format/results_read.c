/* results_read.c - reading a results file: the file, the text checks, the table of formats.
 *
 * Defensive by design (it reads whatever CI hands it, and is fuzzed): every scan is bounded by
 * the buffer's end, sizes are capped (results_read.h), and the first problem ends the read
 * with one message naming the file and line.  Each format has a file of its own: report_csv.c
 * (ours), results_read_gbench.c (Google Benchmark), results_read_hyperfine.c (hyperfine).
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
        size_t n = (*p < 0x20 && *p != '\t') || *p == 0x7f
                       ? 0
                       : br_utf8_len((const char *)p, (const char *)end);
        if (n == 0)
            return br_read_fail(name, line, "binary data (byte 0x%02x), not a text results file",
                                *p);
        p += n;
    }
    return 0;
}

/* ---- shared by the readers ----------------------------------------------------------------- */

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
    {"benchrun CSV", br_is_csv, br_read_csv, BR_READ_MAX_LINE},
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

/* br_results_parse; `failed_run` as br_results_read_failed_run. */
static int parse(const char *name, const char *buf, size_t len, int failed_run,
                 struct br_results *out)
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
    int rc = !f                                     ? unknown_format(name, buf, len, buf[i])
             : failed_run && f->read == br_read_csv ? br_read_csv_run(name, buf, len, 1, out)
                                                    : f->read(name, buf, len, out);
    if (rc < 0) br_results_release(out);
    return rc;
}

int br_results_parse(const char *name, const char *buf, size_t len, struct br_results *out)
{
    return parse(name, buf, len, 0, out);
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

static int read_file(const char *path, int failed_run, struct br_results *out)
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
    rc = parse(path, buf, len, failed_run, out);
    free(buf);
    return rc;
}

int br_results_read(const char *path, struct br_results *out) { return read_file(path, 0, out); }

int br_results_read_failed_run(const char *path, struct br_results *out)
{
    return read_file(path, 1, out);
}
