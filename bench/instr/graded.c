/* graded.c - the sensitivity suite of bench/instr_targets.sh: five kinds of work, each twice.
 * Built as it is and with -DGRADED_CHANGED, where five blocks do +1 %, +3 %, +5 %, +10 % and
 * -5 % of their work and the five *_same blocks are the same code as before: benchcmp
 * --threshold 0.5 on two instruction runs must flag exactly the five, in their direction. */
#include <bench.h>
#include <stdlib.h>
#include <string.h>

#ifdef GRADED_CHANGED
#define WORK(base, pct) ((base) + (base) * (pct) / 100)
#else
#define WORK(base, pct) (base)
#endif

/* Aligned, so that libc's string functions take the same path in both builds. */
static _Alignas(64) unsigned char buf[16384], dst[16384];
static _Alignas(64) int keys[512];

__attribute__((noinline)) static unsigned long mix(unsigned long n)
{
    unsigned long s = 1;
    for (unsigned long i = 0; i < n; i++) s = s * 6364136223846793005u + (i ^ (s >> 29));
    return s;
}

__attribute__((noinline)) static unsigned long fnv1a(const unsigned char *p, size_t n)
{
    unsigned long h = 14695981039346656037u;
    for (size_t i = 0; i < n; i++) h = (h ^ p[i]) * 1099511628211u;
    return h;
}

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

/* The same input before every sort: a fixed permutation, so every batch sorts the same. */
static void sort_ints(size_t n)
{
    for (size_t i = 0; i < n; i++) keys[i] = (int)((i * 7919u) % 1009u);
    qsort(keys, n, sizeof keys[0], cmp_int);
}

static void fill(void)
{
    for (size_t i = 0; i < sizeof buf; i++) buf[i] = (unsigned char)('a' + i % 26);
}

#define LOOP(name, n)          \
    BENCH(name)                \
    {                          \
        unsigned long k = (n); \
        bench_hide(k);         \
        bench_keep(mix(k));    \
    }
#define HASH(name, n)              \
    BENCH(name)                    \
    {                              \
        size_t k = (n);            \
        bench_hide(k);             \
        bench_keep(fnv1a(buf, k)); \
    }
#define SORT(name, n)    \
    BENCH(name)          \
    {                    \
        size_t k = (n);  \
        bench_hide(k);   \
        sort_ints(k);    \
        bench_clobber(); \
    }
#define COPY(name, n)        \
    BENCH(name)              \
    {                        \
        size_t k = (n);      \
        bench_hide(k);       \
        memcpy(dst, buf, k); \
        bench_clobber();     \
    }
#define LENGTH(name, n)                  \
    BENCH(name)                          \
    {                                    \
        size_t k = (n);                  \
        bench_hide(k);                   \
        if (!buf[0]) fill();             \
        buf[k] = 0;                      \
        bench_keep(strlen((char *)buf)); \
        buf[k] = 'x';                    \
    }

LOOP(loop_plus1, WORK(2000, 1))
LOOP(loop_same, 2000)
HASH(hash_plus3, WORK(4000, 3))
HASH(hash_same, 4000)
SORT(sort_plus5, WORK(400, 5))
SORT(sort_same, 400)
COPY(copy_plus10, WORK(12000, 10))
COPY(copy_same, 12000)
LENGTH(strlen_minus5, WORK(8000, -5))
LENGTH(strlen_same, 8000)
