/* The harness's snippets: one definition, compiled once (snippets.c), called by both the
 * benchrun program (harness_native.c) and the Google Benchmark program (harness_gb.cc), so
 * both harnesses time exactly the same machine code.  Each is a non-inlined function. */
#ifndef HARNESS_SNIPPETS_H
#define HARNESS_SNIPPETS_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

void snip_empty(void);                      /* an empty function: the harness's overhead */
uint64_t snip_mul_chain(uint64_t x, int n); /* n dependent multiplies */
unsigned snip_memcpy_4k(void);              /* copy 4 KiB */
int snip_qsort_256(void);                   /* copy then sort 256 ints (64 inputs in turn) */
uint64_t snip_fnv1a_1k(void);               /* hash 1 KiB, byte at a time */
size_t snip_strlen_64(void);                /* strlen of a 64-byte string */
void snip_sleep_us(long us);                /* nanosleep */
uint64_t snip_lazy_chain(uint64_t x);       /* 100 dependent multiplies; the first call of the
                                               process also sleeps 0.4 s (a lazily built input) */

/* How many times each snippet body runs per operation: 1, or 2 for the snippets named in the
 * environment variable HARNESS_DOUBLE (comma-separated), the harness's simulated regression. */
int harness_factor(const char *name);

#ifdef __cplusplus
}
#endif

#endif
