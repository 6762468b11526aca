/* strbuf.h - a growable, always NUL-terminated string. */
#ifndef BR_STRBUF_H
#define BR_STRBUF_H

#include <stddef.h>
#include <stdio.h>

#include "base/error.h"

struct br_strbuf {
    char *buf; /* NUL-terminated; never NULL after br_strbuf_init */
    size_t len;
    size_t cap;
};

void br_strbuf_init(struct br_strbuf *sb);
void br_strbuf_release(struct br_strbuf *sb);
void br_strbuf_reset(struct br_strbuf *sb);
void br_strbuf_add(struct br_strbuf *sb, const char *s, size_t n);
void br_strbuf_adds(struct br_strbuf *sb, const char *s);
void br_strbuf_addc(struct br_strbuf *sb, char c);
void br_strbuf_addf(struct br_strbuf *sb, const char *fmt, ...) BR_PRINTF(2, 3);
/* Appends s with control characters made visible (\n, \t, \r, \xNN), so a name read from a
 * file cannot move the cursor, clear the screen or split a line of a report. */
void br_strbuf_add_printable(struct br_strbuf *sb, const char *s);
/* Appends what is left of `f` up to its end.  0, or -1 when reading failed (ferror). */
int br_strbuf_add_stream(struct br_strbuf *sb, FILE *f);
/* Hands the buffer to the caller (free() it); sb is then empty and needs br_strbuf_init to be
 * used again (br_strbuf_release is harmless). */
char *br_strbuf_detach(struct br_strbuf *sb);

#endif
