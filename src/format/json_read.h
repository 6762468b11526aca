/* json_read.h - the JSON reader under the JSON results readers (Google Benchmark, hyperfine).
 *
 * RFC 8259, plus the bare NaN and [-]Infinity that Google Benchmark writes for undefined
 * counters.  No tree is built: object() and array() hand each member or element to a callback,
 * so a reader keeps what its schema needs and skips the rest, and memory does not grow with
 * the document.  Every scan is bounded by the buffer's end and nesting by BR_JSON_MAX_DEPTH;
 * the line is kept for messages, and there is no limit on a line's length.  Errors are
 * br_error("NAME:LINE: ..."), the form of every reader's message, naming the file and line.
 *
 * Below the readers that use it (results_read*.c): it includes nothing of theirs.
 */
#ifndef BR_JSON_READ_H
#define BR_JSON_READ_H

#include <stddef.h>

#include "base/strbuf.h"

/* Google Benchmark nests three levels deep, hyperfine four; 64 leaves room for other
 * producers' extras while keeping the recursion shallow. */
#define BR_JSON_MAX_DEPTH 64

struct br_json {
    const char *name; /* the file, for messages */
    const char *p, *end;
    size_t line;
    int depth;
    struct br_strbuf keys[BR_JSON_MAX_DEPTH]; /* the key being read at each depth, reused */
    struct br_strbuf scratch;                 /* strings whose value is not kept */
};

typedef int (*br_json_member_fn)(struct br_json *j, const char *key, void *ctx);
typedef int (*br_json_element_fn)(struct br_json *j, void *ctx);

void br_json_init(struct br_json *j, const char *name, const char *buf, size_t len);
void br_json_release(struct br_json *j);

/* br_error("NAME:LINE: invalid JSON: WHAT") and -1. */
int br_json_fail(const struct br_json *j, const char *what);
/* Skips blanks; the next character, or -1 at the end. */
int br_json_peek(struct br_json *j);
/* A string into sb (reset first), escapes decoded. */
int br_json_string(struct br_json *j, struct br_strbuf *sb);
/* A number (or NaN, [-]Infinity). */
int br_json_number(struct br_json *j, double *v);
/* true, false or null: *word is 1, 0 or -1. */
int br_json_literal(struct br_json *j, int *word);
/* An object / array: fn consumes each member's value / each element. */
int br_json_object(struct br_json *j, br_json_member_fn fn, void *ctx);
int br_json_array(struct br_json *j, br_json_element_fn fn, void *ctx);
/* Any value, checked but not kept. */
int br_json_skip(struct br_json *j);
/* A scalar as text into sb (numbers as written, literals as words): 1; a container is skipped
 * and gives 0. */
int br_json_scalar_text(struct br_json *j, struct br_strbuf *sb);
enum br_json_type { BR_JSON_STRING, BR_JSON_NUMBER, BR_JSON_OBJECT, BR_JSON_ARRAY };
/* The value of member `key` must be of `type` (judged by its first character): 0, or -1 with
 * "'KEY' should be a string" (a number, an object, an array). */
int br_json_expect(struct br_json *j, const char *key, enum br_json_type type);
/* A whole document whose top level is an object; nothing but blanks may follow it. */
int br_json_document(struct br_json *j, br_json_member_fn fn, void *ctx);

/* 1 when buf holds a JSON object with a top-level member `key` (found before any syntax
 * error), else 0: how the JSON formats are told apart by content.  Reads only as far as the
 * member; a syntax error means 0 (br_json_validate then names it). */
int br_json_has_member(const char *buf, size_t len, const char *key);
/* 0 when buf is one valid JSON value, else -1 with the message naming file and line. */
int br_json_validate(const char *name, const char *buf, size_t len);

#endif
