/* error.h - how the library reports failure.
 *
 * Library functions return 0 on success and -1 on failure after recording a one-line message
 * with br_error(); callers write `return br_error("...")`.  Only the programs print it
 * (br_errmsg()) and choose an exit status.  Broken internal invariants are not errors: they
 * abort loudly through BR_ASSERT with file and line.
 */
#ifndef BR_ERROR_H
#define BR_ERROR_H

#include <stdio.h>
#include <stdlib.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define BR_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define BR_PRINTF(a, b)
#endif

/* Records a message (printf format) for the caller and returns -1. */
int br_error(const char *fmt, ...) BR_PRINTF(1, 2);
/* The last recorded message; "" when none. */
const char *br_errmsg(void);
/* Puts `fmt` (printf format) before the last recorded message and returns -1: a caller adds
 * what it knows to a callee's failure, `return br_error_prefix("--out: ")`.  The message is
 * not copied aside by the caller, so no caller can get this rule wrong. */
int br_error_prefix(const char *fmt, ...) BR_PRINTF(1, 2);
/* The same after the message: `br_error_suffix(" (--force replaces it)")`. */
int br_error_suffix(const char *fmt, ...) BR_PRINTF(1, 2);
/* Prints "PROGRAM: warning: ..." on stderr, always: a program that has --quiet tests it first. */
void br_warn(const char *fmt, ...) BR_PRINTF(1, 2);
/* Program name used as the prefix of warnings ("benchrun" by default). */
void br_set_progname(const char *name);
const char *br_progname(void);

/* Aborts with file and line: for broken invariants only, never for bad input. */
#define BR_ASSERT(cond)                                        \
    do {                                                       \
        if (!(cond)) br_die_assert(#cond, __FILE__, __LINE__); \
    } while (0)
void br_die_assert(const char *cond, const char *file, int line) __attribute__((noreturn));

/* malloc/realloc/strdup that abort on exhaustion: allocation failure is not recoverable here. */
void *br_xmalloc(size_t n);
void *br_xcalloc(size_t n, size_t size);
void *br_xrealloc(void *p, size_t n);
char *br_xstrdup(const char *s);
/* Grows *p (of *cap elements of `size`) so that it holds at least `need` elements. */
void br_grow(void **p, size_t *cap, size_t need, size_t size);
#define BR_GROW(arr, cap, need) br_grow((void **)&(arr), &(cap), (need), sizeof(*(arr)))

#ifdef __cplusplus
}
#endif

#endif
