/* strbuf.c - growable strings. */
#include "base/strbuf.h"

#include <stdarg.h>
#include <stdint.h>
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

size_t br_utf8_len(const char *s, const char *end)
{
    const unsigned char *p = (const unsigned char *)s;
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
    if ((size_t)(end - s) < n) return 0;
    uint32_t cp = p[0] & (0x7fu >> n);
    for (size_t i = 1; i < n; i++) {
        if ((p[i] & 0xc0) != 0x80) return 0;
        cp = cp << 6 | (p[i] & 0x3fu);
    }
    if (n == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) return 0;
    if (n == 4 && (cp < 0x10000 || cp > 0x10ffff)) return 0;
    return n;
}

/* The character of a C string at s: its length in bytes, 0 when it is not UTF-8.  A sequence
 * ends at the NUL at the latest (a NUL is no continuation byte), so 4 bytes are never read past
 * it. */
static size_t char_len(const char *s) { return br_utf8_len(s, s + strnlen(s, 4)); }

/* Bytes the text rule keeps at s (one character), or 0: a byte to write as \xNN. */
static size_t text_len(const char *s)
{
    unsigned char c = (unsigned char)*s;
    if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f) return 0;
    return char_len(s);
}

void br_strbuf_add_text(struct br_strbuf *sb, const char *s)
{
    while (*s) {
        size_t n = text_len(s);
        if (n) {
            br_strbuf_add(sb, s, n);
            s += n;
        } else {
            br_strbuf_addf(sb, "\\x%02x", (unsigned char)*s++);
        }
    }
}

char *br_text_dup(const char *s)
{
    const char *p = s;
    for (size_t n; *p && (n = text_len(p)) > 0;) p += n;
    if (!*p) return br_xstrdup(s);
    struct br_strbuf sb;
    br_strbuf_init(&sb);
    br_strbuf_add_text(&sb, s);
    return br_strbuf_detach(&sb);
}

void br_strbuf_add_json(struct br_strbuf *sb, const char *s)
{
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            br_strbuf_addf(sb, "\\%c", c);
        else if (c == '\n')
            br_strbuf_adds(sb, "\\n");
        else if (c == '\t')
            br_strbuf_adds(sb, "\\t");
        else if (c == '\r')
            br_strbuf_adds(sb, "\\r");
        else if (c < 0x20)
            br_strbuf_addf(sb, "\\u%04x", c);
        else
            br_strbuf_addc(sb, (char)c);
    }
}

void br_strbuf_add_printable(struct br_strbuf *sb, const char *s)
{
    while (*s) {
        unsigned char c = (unsigned char)*s;
        size_t n = c < 0x20 || c == 0x7f ? 0 : char_len(s);
        if (c == '\n')
            br_strbuf_adds(sb, "\\n");
        else if (c == '\t')
            br_strbuf_adds(sb, "\\t");
        else if (c == '\r')
            br_strbuf_adds(sb, "\\r");
        else if (!n)
            br_strbuf_addf(sb, "\\x%02x", c);
        else
            br_strbuf_add(sb, s, n);
        s += n ? n : 1;
    }
}

int br_strbuf_add_stream(struct br_strbuf *sb, FILE *f)
{
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0) br_strbuf_add(sb, buf, n);
    return ferror(f) ? -1 : 0;
}
