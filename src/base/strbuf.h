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
 * file cannot move the cursor, clear the screen or split a line of a report; bytes that are not
 * UTF-8 are shown as \xNN too. */
void br_strbuf_add_printable(struct br_strbuf *sb, const char *s);
/* Appends s escaped for the inside of a JSON string (RFC 8259 section 7): quote, backslash
 * and control characters (\n, \t, \r, else \u00NN); other bytes (UTF-8) as they are. */
void br_strbuf_add_json(struct br_strbuf *sb, const char *s);
/* Length of the well-formed UTF-8 sequence at p (RFC 3629: shortest form, no surrogates, at
 * most U+10FFFF), 0 when the bytes before `end` are not one. */
size_t br_utf8_len(const char *p, const char *end);
/* The one rule for the text of a results file (names, context values): every reader refuses a
 * file that is not UTF-8 text (format/results_read.c), so each byte that is not part of a
 * well-formed UTF-8 sequence, and each control character but tab, line feed and carriage
 * return (C0 and DEL; the formats quote or escape those three), becomes the four characters
 * \xNN.  Appends s so. */
void br_strbuf_add_text(struct br_strbuf *sb, const char *s);
/* s under that rule, malloc'ed (free() it): s itself when nothing needs escaping. */
char *br_text_dup(const char *s);
/* Appends what is left of `f` up to its end.  0, or -1 when reading failed (ferror). */
int br_strbuf_add_stream(struct br_strbuf *sb, FILE *f);
/* Hands the buffer to the caller (free() it); sb is then empty and needs br_strbuf_init to be
 * used again (br_strbuf_release is harmless). */
char *br_strbuf_detach(struct br_strbuf *sb);

#endif
