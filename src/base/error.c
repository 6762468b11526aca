/* error.c - error messages, warnings and checked allocation. */
#include "base/error.h"

#include <stdarg.h>
#include <string.h>

static char last_error[1024];
static const char *progname = "benchrun";

int br_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(last_error, sizeof last_error, fmt, ap);
    va_end(ap);
    return -1;
}

const char *br_errmsg(void) { return last_error; }

/* The last message with `fmt` before it (or after it, unless `before`), within the buffer's
 * size as br_error itself would cut it. */
static int wrap(int before, const char *fmt, va_list ap) BR_PRINTF(2, 0);
static int wrap(int before, const char *fmt, va_list ap)
{
    char old[sizeof last_error], add[sizeof last_error];
    snprintf(old, sizeof old, "%s", last_error);
    vsnprintf(add, sizeof add, fmt, ap);
    return br_error("%s%s", before ? add : old, before ? old : add);
}

int br_error_prefix(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = wrap(1, fmt, ap);
    va_end(ap);
    return rc;
}

int br_error_suffix(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = wrap(0, fmt, ap);
    va_end(ap);
    return rc;
}

void br_set_progname(const char *name) { progname = name; }
const char *br_progname(void) { return progname; }

void br_warn(const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "%s: warning: ", progname);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

void br_die_assert(const char *cond, const char *file, int line)
{
    fprintf(stderr, "%s: internal error: %s:%d: assertion failed: %s\n", progname, file, line,
            cond);
    abort();
}

static void *check_alloc(void *p)
{
    if (!p) {
        fprintf(stderr, "%s: out of memory\n", progname);
        abort();
    }
    return p;
}

void *br_xmalloc(size_t n) { return check_alloc(malloc(n ? n : 1)); }
void *br_xcalloc(size_t n, size_t size) { return check_alloc(calloc(n ? n : 1, size ? size : 1)); }
void *br_xrealloc(void *p, size_t n) { return check_alloc(realloc(p, n ? n : 1)); }
char *br_xstrdup(const char *s) { return check_alloc(strdup(s)); }

void br_grow(void **p, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap) return;
    size_t n = *cap ? *cap : 8;
    while (n < need) {
        BR_ASSERT(n <= (size_t)-1 / 2 / size);
        n *= 2;
    }
    *p = br_xrealloc(*p, n * size);
    *cap = n;
}
