/* The harness's snippets (see snippets.h). */
#include "snippets.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#define NOINLINE __attribute__((noinline))

NOINLINE void snip_empty(void) { __asm__ __volatile__(""); }

NOINLINE uint64_t snip_mul_chain(uint64_t x, int n)
{
    for (int i = 0; i < n; i++) {
        x *= 0x9E3779B97F4A7C15ull;
        __asm__ __volatile__("" : "+r"(x)); /* no vectorising, no closed form */
    }
    return x;
}

static char src4k[4096], dst4k[4096];

NOINLINE unsigned snip_memcpy_4k(void)
{
    char *d = dst4k;
    __asm__ __volatile__("" : "+r"(d));
    memcpy(d, src4k, sizeof src4k);
    __asm__ __volatile__("" : : : "memory");
    return (unsigned char)d[100];
}

static int pristine[256], work[256];

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

NOINLINE int snip_qsort_256(void)
{
    if (!pristine[0]) {
        uint32_t s = 12345;
        for (int i = 0; i < 256; i++) pristine[i] = (int)((s = s * 1103515245u + 12345u) >> 8) | 1;
    }
    memcpy(work, pristine, sizeof work);
    qsort(work, 256, sizeof work[0], cmp_int);
    return work[0];
}

static unsigned char data1k[1024];

NOINLINE uint64_t snip_fnv1a_1k(void)
{
    const unsigned char *p = data1k;
    __asm__ __volatile__("" : "+r"(p));
    uint64_t h = 14695981039346656037ull;
    for (size_t i = 0; i < sizeof data1k; i++) {
        h ^= p[i];
        h *= 1099511628211ull;
    }
    return h;
}

static const char str64[] = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde";

NOINLINE size_t snip_strlen_64(void)
{
    const char *s = str64;
    __asm__ __volatile__("" : "+r"(s));
    return strlen(s);
}

NOINLINE void snip_sleep_us(long us)
{
    struct timespec ts = {us / 1000000, (us % 1000000) * 1000};
    nanosleep(&ts, NULL);
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
