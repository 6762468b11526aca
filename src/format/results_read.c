/* results_read.c - reading a results file: the file, the text checks, the format.
 *
 * Defensive by design (it reads whatever CI hands it, and is fuzzed): every scan is bounded by
 * the buffer's end, sizes are capped (results_read.h), and the first problem ends the read
 * with one message naming the file and line.  Google Benchmark JSON is in
 * results_read_gbench.c.
 */
#include "format/results_read.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/options.h"
#include "base/strbuf.h"

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

/* Text, not data: well-formed UTF-8, no control characters but tab, CR and LF, no line over
 * the cap.  One pass before any parsing, so the parsers may assume it. */
static int check_text(const char *name, const char *buf, size_t len)
{
    const unsigned char *p = (const unsigned char *)buf, *end = p + len, *line_start = p;
    size_t line = 1;
    while (p < end) {
        if (*p == '\r' || *p == '\n') {
            p = (const unsigned char *)br_read_eol((const char *)p, (const char *)end, &line);
            line_start = p;
            continue;
        }
        if ((size_t)(p - line_start) >= BR_READ_MAX_LINE)
            return br_read_fail(name, line, "line longer than %zu bytes", BR_READ_MAX_LINE);
        size_t n = (*p < 0x20 && *p != '\t') || *p == 0x7f ? 0 : utf8_len(p, end);
        if (n == 0)
            return br_read_fail(name, line, "binary data (byte 0x%02x), not a text results file",
                                *p);
        p += n;
    }
    return 0;
}

/* ---- entry points -----------------------------------------------------------------------------
 */

int br_results_parse(const char *name, const char *buf, size_t len, struct br_results *out)
{
    br_results_init(out);
    if (len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0) { /* UTF-8 byte-order mark */
        buf += 3;
        len -= 3;
    }
    if (check_text(name, buf, len) < 0) return -1;
    size_t i = 0;
    while (i < len && (buf[i] == ' ' || buf[i] == '\t' || buf[i] == '\r' || buf[i] == '\n')) i++;
    if (i == len) return br_error("%s: empty file, not a results file", name);
    int rc = buf[i] == '{' ? br_read_gbench(name, buf, len, out) : br_read_csv(name, buf, len, out);
    if (rc < 0) br_results_release(out);
    return rc;
}

/* The whole file, at most BR_READ_MAX_FILE bytes (pipes too, hence no trust in st_size). */
static int read_all(int fd, const char *path, char **buf, size_t *len)
{
    size_t cap = 1 << 16, n = 0;
    char *b = br_xmalloc(cap);
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
        rc = read_all(fd, path, &buf, &len);
    close(fd);
    if (rc < 0) return -1;
    rc = br_results_parse(path, buf, len, out);
    free(buf);
    return rc;
}
