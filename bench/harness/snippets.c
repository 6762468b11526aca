/* The harness's snippets (see snippets.h).
 *
 * Placement is fixed, not left to the linker: functions start on 64-byte boundaries and every
 * buffer has a stated alignment.  Speed depends on where code and data fall (loop alignment,
 * 4 KiB aliasing between a copy's source and destination, a string's alignment for SIMD
 * strlen), and the two harness programs lay out their sections differently; before this,
 * memcpy_4k ran ~9 % faster in one program than in the other with the very same code, because
 * its destination sat 96 bytes below its source modulo 4 KiB in one and 1984 bytes above in
 * the other. */
#include "snippets.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#define NOINLINE __attribute__((noinline, aligned(64)))

/* The A/B run's doubled work (HARNESS_DOUBLE, see snippets.h), applied here rather than in the
 * harness programs so that both programs' loops stay identical: each snippet repeats its work
 * rep_* times, read once at load time; 1 unless doubled. */
static int rep_memcpy = 1, rep_qsort = 1, rep_fnv = 1, rep_strlen = 1;

static void read_reps(void) __attribute__((constructor));
static void read_reps(void)
{
    rep_memcpy = harness_factor("memcpy_4k");
    rep_qsort = harness_factor("qsort_256");
    rep_fnv = harness_factor("fnv1a_1k");
    rep_strlen = harness_factor("strlen_64");
}

NOINLINE void snip_empty(void) { __asm__ __volatile__(""); }

NOINLINE uint64_t snip_mul_chain(uint64_t x, int n)
{
    for (int i = 0; i < n; i++) {
        x *= 0x9E3779B97F4A7C15ull;
        __asm__ __volatile__("" : "+r"(x)); /* no vectorising, no closed form */
    }
    return x;
}

/* Source page-aligned; destination cache-line aligned, half a page further on, so loads and
 * stores never share their low 12 address bits (no 4 KiB aliasing stalls). */
static _Alignas(4096) char src4k[4096];
static _Alignas(4096) char dst4k[2048 + 4096];

NOINLINE unsigned snip_memcpy_4k(void)
{
    char *d = dst4k + 2048;
    for (int k = 0; k < rep_memcpy; k++) {
        __asm__ __volatile__("" : "+r"(d));
        memcpy(d, src4k, sizeof src4k);
        __asm__ __volatile__("" : : : "memory");
    }
    return (unsigned char)d[100];
}

/* 64 different inputs, used in turn.  With a single input repeated, the branch predictor of a
 * modern core (measured here on Zen 5) learns the whole sequence of comparisons: the sort then
 * runs ~3x faster than on unseen data, and whether the predictor keeps what it learned depends
 * on what else ran on the core, so the time jumped between ~4 us and ~7 us within one run and
 * between runs (the 70 % run-to-run spread measured for both harnesses).  64 x 256 comparisons
 * outruns the predictor's memory: every sort pays its real mispredictions. */
#define QSORT_N      256
#define QSORT_INPUTS 64
static _Alignas(64) int pristine[QSORT_INPUTS][QSORT_N];
static _Alignas(64) int work[QSORT_N];
static unsigned next_input;

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

NOINLINE int snip_qsort_256(void)
{
    if (!pristine[0][0]) {
        uint32_t s = 12345;
        for (int k = 0; k < QSORT_INPUTS; k++)
            for (int i = 0; i < QSORT_N; i++)
                pristine[k][i] = (int)((s = s * 1103515245u + 12345u) >> 8) | 1;
    }
    for (int k = 0; k < rep_qsort; k++) {
        memcpy(work, pristine[next_input], sizeof work);
        next_input = (next_input + 1) % QSORT_INPUTS;
        qsort(work, QSORT_N, sizeof work[0], cmp_int);
    }
    return work[0];
}

static _Alignas(64) unsigned char data1k[1024];

NOINLINE uint64_t snip_fnv1a_1k(void)
{
    uint64_t h = 14695981039346656037ull;
    for (int k = 0; k < rep_fnv; k++) {
        const unsigned char *p = data1k;
        __asm__ __volatile__("" : "+r"(p));
        for (size_t i = 0; i < sizeof data1k; i++) {
            h ^= p[i];
            h *= 1099511628211ull;
        }
    }
    return h;
}

static const _Alignas(64) char str64[] =
    "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde";

NOINLINE size_t snip_strlen_64(void)
{
    size_t n = 0;
    for (int k = 0; k < rep_strlen; k++) {
        const char *s = str64;
        __asm__ __volatile__("" : "+r"(s));
        n += strlen(s);
    }
    return n;
}

NOINLINE void snip_sleep_us(long us)
{
    struct timespec ts = {us / 1000000, (us % 1000000) * 1000};
    nanosleep(&ts, NULL);
}

NOINLINE uint64_t snip_lazy_chain(uint64_t x)
{
    static int built;
    if (!built) {
        snip_sleep_us(400000);
        built = 1;
    }
    return snip_mul_chain(x, 100);
}

int harness_factor(const char *name)
{
    const char *list = getenv("HARNESS_DOUBLE");
    size_t n = strlen(name);
    for (const char *p = list; p && *p;) {
        const char *end = strchr(p, ',');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (len == n && strncmp(p, name, n) == 0) return 2;
        p = end ? end + 1 : p + len;
    }
    return 1;
}
