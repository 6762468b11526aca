/* strbuf.c - growable strings. */
#include "base/strbuf.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void br_strbuf_init(struct br_strbuf *sb)
{
    sb->cap = 64;
    sb->buf = br_xmalloc(sb->cap);
    sb->buf[0] = '\0';
    sb->len = 0;
}

void br_strbuf_release(struct br_strbuf *sb)
{
    free(sb->buf);
    sb->buf = NULL;
    sb->len = sb->cap = 0;
}

void br_strbuf_reset(struct br_strbuf *sb)
{
    sb->len = 0;
    sb->buf[0] = '\0';
}

static void reserve(struct br_strbuf *sb, size_t extra)
{
    BR_ASSERT(extra < (size_t)-1 - sb->len - 1);
    BR_GROW(sb->buf, sb->cap, sb->len + extra + 1);
}

void br_strbuf_add(struct br_strbuf *sb, const char *s, size_t n)
{
    reserve(sb, n);
    memcpy(sb->buf + sb->len, s, n);
    sb->len += n;
    sb->buf[sb->len] = '\0';
}

void br_strbuf_adds(struct br_strbuf *sb, const char *s) { br_strbuf_add(sb, s, strlen(s)); }

void br_strbuf_addc(struct br_strbuf *sb, char c) { br_strbuf_add(sb, &c, 1); }

void br_strbuf_addf(struct br_strbuf *sb, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    BR_ASSERT(n >= 0);
    reserve(sb, (size_t)n);
    va_start(ap, fmt);
    vsnprintf(sb->buf + sb->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    sb->len += (size_t)n;
}

char *br_strbuf_detach(struct br_strbuf *sb)
{
    char *s = sb->buf;
    sb->buf = NULL;
    sb->len = sb->cap = 0;
    return s;
}

void br_strbuf_add_printable(struct br_strbuf *sb, const char *s)
{
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '\n')
            br_strbuf_adds(sb, "\\n");
        else if (c == '\t')
            br_strbuf_adds(sb, "\\t");
        else if (c == '\r')
            br_strbuf_adds(sb, "\\r");
        else if (c < 0x20 || c == 0x7f)
            br_strbuf_addf(sb, "\\x%02x", c);
        else
            br_strbuf_addc(sb, (char)c);
    }
}

int br_strbuf_add_stream(struct br_strbuf *sb, FILE *f)
{
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0) br_strbuf_add(sb, buf, n);
    return ferror(f) ? -1 : 0;
}
