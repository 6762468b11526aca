/* got_patch.h - sending a process's calls of named functions elsewhere, by rewriting the slots
 * of the global offset tables (GOT) that the dynamic linker filled.
 *
 * Why: counting allocations needs every malloc of a batch to reach a counting function, and the
 * timed batches must not pay for it.  Defining malloc in libbenchrun (interposition) puts a test
 * and a call on every malloc of every timed batch, counted or not (about 1 ns each, +16 % on a
 * malloc/free pair).  A call of malloc from position-independent code goes through a slot the
 * dynamic linker wrote: a JUMP_SLOT of the procedure linkage table for a call, a GLOB_DAT for
 * an address taken (and a call under -fno-plt), an absolute data relocation for a function
 * pointer in a table.  Rewriting those slots while nothing is timed (in a worker after its
 * timed samples, or in a child forked to count: run/memory.h) sends every call there - the
 * program's, libc's own (strdup, asprintf: glibc calls malloc through its own GLOB_DAT and
 * JUMP_SLOT slots, since a program may replace malloc) and libstdc++'s operator new and
 * delete - while the timed batches call glibc directly, unchanged.  It is how plthook,
 * Bytehound's and heaptrack's injected mode work.
 *
 * What it cannot see: a call inside one object that the static linker bound directly (a static
 * executable: no slots at all; a library's calls of its own non-interposable functions), a
 * pointer to the function copied into a variable before patching, and code that jumps to an
 * address it computed.  The caller checks the patch with a call of known effect (alloc.c counts
 * a strdup) before trusting it.
 *
 * x86-64 and AArch64 (whose relocations are RELA, with the same three kinds); elsewhere
 * br_got_patch() refuses.
 */
#ifndef BR_GOT_PATCH_H
#define BR_GOT_PATCH_H

#include <stddef.h>

/* A function to send elsewhere: its symbol name and the replacement. */
struct br_got_hook {
    const char *name;
    void *fn;
};

/* Writes hooks[i].fn into every slot of every loaded object (the program, its libraries, those
 * dlopen'ed so far; not the vDSO) that the dynamic linker filled with the address of
 * hooks[i].name, making a read-only (RELRO) page writable for the write and read-only again.
 * The number of slots written (0: none found, e.g. a static executable), or -1 with br_error
 * on an unsupported architecture, a second patch without unpatching, or a page that cannot be
 * made writable (then nothing stays patched).  Not thread-safe: call it while no other thread
 * runs code that the slots lead to (in practice: in a single-threaded process). */
int br_got_patch(const struct br_got_hook *hooks, size_t n);

/* Puts back what br_got_patch() replaced, and the pages' protection; nothing when nothing is
 * patched. */
void br_got_unpatch(void);

#endif
