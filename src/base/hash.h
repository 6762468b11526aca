/* hash.h - FNV-1a, 64 bits (Fowler, Noll, Vo): the one string hash of the tree (hash tables,
 * the shard split, ctimeit's cache keys).  Not a defence against forgery. */
#ifndef BR_BASE_HASH_H
#define BR_BASE_HASH_H

#include <stddef.h>
#include <stdint.h>

#define BR_FNV1A_OFFSET 0xcbf29ce484222325u

/* h continued over the n bytes at p (start with BR_FNV1A_OFFSET). */
static inline uint64_t br_fnv1a(uint64_t h, const void *p, size_t n)
{
    const unsigned char *s = p;
    for (size_t i = 0; i < n; i++) h = (h ^ s[i]) * 0x100000001b3u;
    return h;
}

#endif
