/* alloc.h - counting what a batch allocates: malloc and its family, through patched GOT slots.
 *
 * Timed batches call glibc's malloc directly: libbenchrun defines no malloc, so a timed batch
 * pays nothing for counting, not even a branch.  A process that counts (a worker whose samples
 * are over, or with --no-fork a child forked to count: run/memory.h) calls br_alloc_patch(),
 * which rewrites the GOT slots of malloc, free, calloc, realloc, reallocarray, posix_memalign,
 * aligned_alloc, memalign, valloc and pvalloc in every loaded object (got_patch.h) to lead to
 * counting functions here; they call glibc's own allocator (__libc_malloc and its siblings,
 * exported for exactly this) and, only while a thread counts, record the call.  Everything
 * else that allocates goes through those slots: glibc's strdup, asprintf, getline... call
 * malloc through libc's own GOT (glibc lets a program replace malloc), and libstdc++'s
 * operator new and delete call malloc and free through its PLT.
 *
 * br_alloc_patch() refuses, with the reason, where the counts could be wrong: a sanitizer build
 * (whose runtime replaces malloc: the counting is not compiled in), a process whose malloc is
 * not glibc's (an LD_PRELOAD'ed allocator), a static executable (no slots), an architecture
 * other than x86-64 and AArch64.  It checks the patch on a strdup of known size.  While
 * counting, only the thread that called br_alloc_begin() is counted; the others pass through.
 *
 * What counts: a call that returned memory is one allocation of the bytes asked (realloc: one
 * allocation of its new size; calloc: nmemb * size).  Retained: bytes allocated while counting
 * and not freed by br_alloc_end() - the table of live blocks (an open-addressing hash table in
 * mmap'd memory, so that counting itself never calls malloc) matches every free on the counting
 * thread, also after br_alloc_stop() until br_alloc_end(), so a sample_teardown hook that frees
 * what the body allocated leaves nothing retained.
 *
 * -DBR_ALLOC_OFF (CPPFLAGS) leaves the counting and the patching out: bench/memory builds the
 * example suite so, as the reference of a build with no counting code at all.
 */
#ifndef BR_ALLOC_H
#define BR_ALLOC_H

#include <stddef.h>
#include <stdint.h>

/* The frames kept per allocation in a leak hunt: from malloc's caller outwards. */
#define BR_ALLOC_FRAMES 6

struct br_alloc_count {
    uint64_t allocs;   /* calls that allocated */
    uint64_t bytes;    /* bytes they asked for */
    uint64_t retained; /* of those, bytes not freed by br_alloc_end() */
    uint64_t peak;     /* most bytes of those live at once */
    int overflow;      /* the table of live blocks ran out of room: `retained` is a floor */
    int loaded;        /* an object was loaded or unloaded while counting (dlopen, dlclose):
                          what the dynamic linker allocated for it, and what a library loaded
                          then allocated (its GOT is not patched), are not in the counts */
};

/* Leads this process's calls of malloc and its family to the counting functions: NULL, or why
 * counting cannot work here (then nothing is patched).  Call it where nothing is timed until
 * br_alloc_unpatch(): a worker whose samples are over, a child forked to count (run/memory.h),
 * a test. */
const char *br_alloc_patch(void);
/* Undoes br_alloc_patch(): the process calls glibc directly again. */
void br_alloc_unpatch(void);

/* Starts counting on the calling thread (one at a time), from zero.  With `sites`, every
 * allocation also keeps its backtrace (the leak hunt: slower, for short batches). */
void br_alloc_begin(int sites);
/* Stops counting allocations; frees are still matched until br_alloc_end(). */
void br_alloc_stop(void);
/* Stops all counting and gives the counts. */
void br_alloc_end(struct br_alloc_count *out);
/* The bytes allocated since br_alloc_begin() and not freed so far. */
uint64_t br_alloc_live_bytes(void);

/* After a leak hunt (br_alloc_begin(1) ... br_alloc_end()): the frame that holds most of the
 * retained bytes (the first caller outside the C and C++ runtimes) and those bytes; 0 when
 * nothing was retained. */
uintptr_t br_alloc_top_site(uint64_t *bytes);

/* Each block still live after the last counting (alloc_site.c ranks them): its size and, after
 * a leak hunt, its frames. */
void br_alloc_each_live(void (*fn)(void *ctx, uint64_t size, const uintptr_t *frames), void *ctx);

/* The leak rule: a batch of n1 operations retained r1 bytes, a longer one of n2 > n1
 * operations retained r2.  Retained bytes that grow with the operation count (r2 > r1) are a
 * leak of (r2 - r1) / (n2 - n1) bytes per operation; a body that frees what it allocates, or
 * keeps a cache of a size that does not depend on the count, retains as much in both: 0. */
double br_alloc_leak_per_op(uint64_t n1, uint64_t r1, uint64_t n2, uint64_t r2);

/* A code address as a person reads it: "function (file:line)" from addr2line when the code has
 * debug information, else "function+0xOFF (module)" or "module+0xOFF".  Spawns addr2line:
 * call it outside every measured batch. */
void br_alloc_describe(uintptr_t pc, char *buf, size_t size);

#endif
