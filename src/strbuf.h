/* strbuf.h - a growable, always NUL-terminated string. */
#ifndef BR_STRBUF_H
#define BR_STRBUF_H

#include <stddef.h>

#include "error.h"

struct strbuf {
    char *buf; /* NUL-terminated; never NULL after strbuf_init */
    size_t len;
    size_t cap;
};

void strbuf_init(struct strbuf *sb);
void strbuf_release(struct strbuf *sb);
void strbuf_reset(struct strbuf *sb);
void strbuf_add(struct strbuf *sb, const char *s, size_t n);
void strbuf_adds(struct strbuf *sb, const char *s);
void strbuf_addc(struct strbuf *sb, char c);
void strbuf_addf(struct strbuf *sb, const char *fmt, ...) BR_PRINTF(2, 3);
/* Hands the buffer to the caller (free() it); sb is then empty and needs strbuf_init to be
 * used again (strbuf_release is harmless). */
char *strbuf_detach(struct strbuf *sb);

#endif
