/* alloc.c - malloc and its family counted on demand, in a process whose GOT leads them here
 * (see alloc.h). */
#include "measure/alloc.h"

#include <errno.h>
#include <link.h>
#include <malloc.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "base/error.h"

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__) || defined(__SANITIZE_MEMORY__)
#define BR_ALLOC_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) || \
    __has_feature(memory_sanitizer)
#define BR_ALLOC_SANITIZED 1
#endif
#endif

/* One live block allocated while counting. */
struct block {
    uintptr_t ptr; /* 0: a free slot */
    uint64_t size;
    uintptr_t frames[BR_ALLOC_FRAMES]; /* leak hunt only */
};

/* The table of live blocks: linear probing over a power-of-two array, deletion by backward
 * shift (no tombstones), grown by doubling at half full.  In mmap'd memory: counting never
 * calls the allocator it counts. */
static struct table {
    struct block *slots;
    size_t cap, used;
} live;

static struct br_alloc_count counts;
static uint64_t live_bytes;
static int sites_on;

/* 0 nobody counts; 1 a thread counts allocations and frees; 2 frees only (br_alloc_stop). */
static atomic_int mode;
/* The counting thread, and a guard: what our own bookkeeping calls (backtrace's first use
 * loads libgcc_s, which allocates) is not counted. */
static _Thread_local int counting_here __attribute__((tls_model("initial-exec")));
static _Thread_local int inside __attribute__((tls_model("initial-exec")));

#define FIRST_CAP ((size_t)1 << 14)
#define MAX_CAP   ((size_t)1 << 24)

static size_t slot_of(uintptr_t p, size_t cap)
{
    /* Fibonacci hashing: blocks are 16-byte aligned, so the low bits carry nothing. */
    return (size_t)(((uint64_t)p * UINT64_C(11400714819323198485)) >> 20) & (cap - 1);
}

static struct block *table_alloc(size_t cap)
{
    void *m = mmap(NULL, cap * sizeof(struct block), PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    return m == MAP_FAILED ? NULL : m;
}

static void table_free(struct table *t)
{
    if (t->slots) munmap(t->slots, t->cap * sizeof(struct block));
    memset(t, 0, sizeof *t);
}

static void table_put(struct table *t, const struct block *b)
{
    size_t i = slot_of(b->ptr, t->cap);
    while (t->slots[i].ptr) i = (i + 1) & (t->cap - 1);
    t->slots[i] = *b;
    t->used++;
}

/* Room for one more: 0, or -1 when the table cannot grow. */
static int table_room(struct table *t)
{
    if (t->slots && 2 * (t->used + 1) <= t->cap) return 0;
    size_t cap = t->slots ? 2 * t->cap : FIRST_CAP;
    struct block *s = cap <= MAX_CAP ? table_alloc(cap) : NULL;
    if (!s) return -1;
    struct table bigger = {s, cap, 0};
    for (size_t i = 0; t->slots && i < t->cap; i++)
        if (t->slots[i].ptr) table_put(&bigger, &t->slots[i]);
    table_free(t);
    *t = bigger;
    return 0;
}

/* Removes p's block; its size, or -1 when p was not allocated while counting. */
static int64_t table_take(struct table *t, uintptr_t p)
{
    if (!t->slots) return -1;
    size_t i = slot_of(p, t->cap);
    while (t->slots[i].ptr != p) {
        if (!t->slots[i].ptr) return -1;
        i = (i + 1) & (t->cap - 1);
    }
    int64_t size = (int64_t)t->slots[i].size;
    /* Backward shift: every later block of the run that may move into the hole does. */
    for (size_t j = (i + 1) & (t->cap - 1); t->slots[j].ptr; j = (j + 1) & (t->cap - 1)) {
        size_t home = slot_of(t->slots[j].ptr, t->cap);
        if (((j - home) & (t->cap - 1)) >= ((j - i) & (t->cap - 1))) {
            t->slots[i] = t->slots[j];
            i = j;
        }
    }
    t->slots[i].ptr = 0;
    t->used--;
    return size;
}

/* ---- the hooks the allocator calls ------------------------------------------------------- */

#include <execinfo.h>

/* The frames from `caller` (malloc's return address) outwards. */
static __attribute__((noinline)) void take_frames(uintptr_t caller, uintptr_t *out)
{
    void *f[BR_ALLOC_FRAMES + 8];
    int n = backtrace(f, BR_ALLOC_FRAMES + 8), i = 0;
    while (i < n && (uintptr_t)f[i] != caller) i++;
    if (i == n) i = 0, f[0] = (void *)caller, n = 1; /* no unwind information: the caller */
    for (int k = 0; k < BR_ALLOC_FRAMES; k++) out[k] = i + k < n ? (uintptr_t)f[i + k] : 0;
}

static void freed(void *p)
{
    int64_t size = table_take(&live, (uintptr_t)p);
    if (size >= 0) live_bytes -= (uint64_t)size;
}

static void allocated(void *p, size_t n, uintptr_t caller)
{
    counts.allocs++;
    counts.bytes += n;
    struct block b = {(uintptr_t)p, n, {0}};
    if (sites_on) take_frames(caller, b.frames);
    if (table_room(&live) < 0) {
        counts.overflow = 1;
        return;
    }
    table_put(&live, &b);
    live_bytes += n;
    if (live_bytes > counts.peak) counts.peak = live_bytes;
}

/* Called by every entry point once mode != 0: `old` freed (or NULL), `p` of n bytes allocated
 * (or NULL).  Unused in a build without the counting functions (a sanitizer's, BR_ALLOC_OFF). */
static __attribute__((noinline, unused)) void hook(void *old, void *p, size_t n, uintptr_t caller)
{
    if (!counting_here || inside) return;
    inside = 1;
    if (old) freed(old);
    if (p && atomic_load_explicit(&mode, memory_order_relaxed) == 1) allocated(p, n, caller);
    inside = 0;
}

/* The dynamic linker's count of objects loaded plus those unloaded: it changes when a dlopen
 * loads or a dlclose unloads one (also glibc's own: NSS modules, iconv's gconv modules).  The
 * dynamic linker allocates through its own pointer to malloc, never a GOT slot, so those
 * allocations are not seen; a change says so instead (issue 25). */
static int dl_count_of(struct dl_phdr_info *info, size_t size, void *data)
{
    (void)size;
    *(unsigned long long *)data = info->dlpi_adds + info->dlpi_subs;
    return 1; /* the counters are the same for every object: the first is enough */
}

static unsigned long long dl_count(void)
{
    unsigned long long n = 0;
    dl_iterate_phdr(dl_count_of, &n);
    return n;
}

static unsigned long long dl_at_begin;

/* While counting allocations (mode 1), the end of it: did the set of objects change? */
static void dl_check(void)
{
    if (atomic_load(&mode) == 1 && dl_count() != dl_at_begin) counts.loaded = 1;
}

void br_alloc_begin(int sites)
{
    if (sites) {
        void *f[2];
        backtrace(f, 2); /* its first call loads libgcc_s: not inside a counted batch */
    }
    memset(&counts, 0, sizeof counts);
    live_bytes = 0;
    sites_on = sites;
    table_free(&live);
    dl_at_begin = dl_count();
    counting_here = 1;
    atomic_store(&mode, 1);
}

void br_alloc_stop(void)
{
    dl_check();
    atomic_store(&mode, 2);
}

void br_alloc_end(struct br_alloc_count *out)
{
    dl_check();
    atomic_store(&mode, 0);
    counting_here = 0;
    *out = counts;
    out->retained = live_bytes;
}

uint64_t br_alloc_live_bytes(void) { return live_bytes; }

void br_alloc_each_live(void (*fn)(void *ctx, uint64_t size, const uintptr_t *frames), void *ctx)
{
    for (size_t i = 0; i < live.cap; i++)
        if (live.slots[i].ptr) fn(ctx, live.slots[i].size, live.slots[i].frames);
}

/* ---- the counting functions ------------------------------------------------------------ */

#if !defined(BR_ALLOC_SANITIZED) && !defined(BR_ALLOC_OFF)
#include <dlfcn.h>

#include "config.h"
#include "measure/got_patch.h"

#ifdef HAVE_VALGRIND_CALLGRIND_H /* Debian's valgrind ships both headers */
#include <valgrind/valgrind.h>
static int under_valgrind(void) { return RUNNING_ON_VALGRIND != 0; }
#else
static int under_valgrind(void) { return 0; }
#endif

/* glibc's allocator under its own names (exported for exactly this): never the patched ones. */
extern void *__libc_malloc(size_t n);
extern void *__libc_calloc(size_t nmemb, size_t size);
extern void *__libc_realloc(void *p, size_t n);
extern void *__libc_memalign(size_t align, size_t n);
extern void *__libc_valloc(size_t n);
extern void *__libc_pvalloc(size_t n);
extern void __libc_free(void *p);

#define CALLER() ((uintptr_t)__builtin_return_address(0))

/* What the patched slots lead to (got_patch.h): glibc's function, then the hook.  Only a
 * process that counts (a worker after its samples, or a child forked for it: run/memory.h)
 * ever calls these. */
static void *count_malloc(size_t n)
{
    void *p = __libc_malloc(n);
    hook(NULL, p, n, CALLER());
    return p;
}

static void count_free(void *p)
{
    if (p) hook(p, NULL, 0, 0);
    __libc_free(p);
}

static void *count_calloc(size_t nmemb, size_t size)
{
    void *p = __libc_calloc(nmemb, size);
    hook(NULL, p, nmemb * size, CALLER()); /* p is NULL when the product overflows */
    return p;
}

static void *realloc_counted(void *old, size_t n, uintptr_t caller)
{
    void *p = __libc_realloc(old, n);
    /* realloc(old, 0) frees and returns NULL; a failed realloc leaves old allocated. */
    if (p || n == 0) hook(old, p, n, caller);
    return p;
}

static void *count_realloc(void *old, size_t n) { return realloc_counted(old, n, CALLER()); }

static void *count_reallocarray(void *old, size_t nmemb, size_t size)
{
    size_t n;
    if (__builtin_mul_overflow(nmemb, size, &n)) {
        errno = ENOMEM;
        return NULL;
    }
    return realloc_counted(old, n, CALLER());
}

static void *count_memalign(size_t align, size_t n)
{
    void *p = __libc_memalign(align, n);
    hook(NULL, p, n, CALLER());
    return p;
}

static int count_posix_memalign(void **out, size_t align, size_t n)
{
    if (align % sizeof(void *) != 0 || (align & (align - 1)) != 0 || align == 0) return EINVAL;
    void *p = __libc_memalign(align, n);
    if (!p) return ENOMEM;
    hook(NULL, p, n, CALLER());
    *out = p;
    return 0;
}

static void *count_valloc(size_t n)
{
    void *p = __libc_valloc(n);
    hook(NULL, p, n, CALLER());
    return p;
}

static void *count_pvalloc(size_t n)
{
    void *p = __libc_pvalloc(n);
    hook(NULL, p, n, CALLER());
    return p;
}

static const struct br_got_hook hooks[] = {
    {"malloc", (void *)count_malloc},
    {"free", (void *)count_free},
    {"calloc", (void *)count_calloc},
    {"realloc", (void *)count_realloc},
    {"reallocarray", (void *)count_reallocarray},
    {"memalign", (void *)count_memalign},
    {"aligned_alloc", (void *)count_memalign},
    {"posix_memalign", (void *)count_posix_memalign},
    {"valloc", (void *)count_valloc},
    {"pvalloc", (void *)count_pvalloc},
};

/* NULL when the process allocates with glibc's malloc; else whose malloc it is.  Patching in
 * front of another allocator (a sanitizer's runtime, an LD_PRELOAD'ed jemalloc) would hand its
 * blocks to glibc's free. */
static const char *foreign_malloc(char *why, size_t size)
{
    void *libc = dlopen("libc.so.6", RTLD_LAZY | RTLD_NOLOAD);
    void *ours = libc ? dlsym(libc, "malloc") : NULL, *used = dlsym(RTLD_DEFAULT, "malloc");
    if (libc) dlclose(libc);
    if (!ours || ours == used) return NULL; /* no libc.so.6: a static executable, no slots */
    Dl_info info;
    snprintf(why, size, "malloc is %s's here, not glibc's",
             used && dladdr(used, &info) && info.dli_fname && *info.dli_fname ? info.dli_fname
                                                                              : "another object");
    return why;
}

/* One strdup through libc, counted: libc's own call of malloc reached us. */
static int strdup_counted(void)
{
    static const char text[] = "twenty-three characters";
    const char *volatile src = text;
    struct br_alloc_count c;
    br_alloc_begin(0);
    char *copy = strdup(src);
    br_alloc_end(&c);
    free(copy);
    return c.allocs == 1 && c.bytes == sizeof text;
}

/* Under valgrind's tools that replace the allocator (memcheck, helgrind and massif tried; drd
 * and dhat replace it too) the C++ runtime's operator new is redirected, at its code, to
 * valgrind's own allocator, which never calls malloc: every `new`, every std::vector would
 * count as 0 while C's malloc counts (issue 25).  So: one operator new of known size through the
 * runtime's own symbol (not the program's, which may replace it on purpose), counted.  NULL when it
 * reached malloc, or when no C++ runtime is loaded; else why counting is off. */
static const char *new_uncounted(char *why, size_t size)
{
    static const char *const runtimes[] = {"libstdc++.so.6", "libc++.so.1"};
    for (size_t i = 0; i < sizeof runtimes / sizeof runtimes[0]; i++) {
        void *rt = dlopen(runtimes[i], RTLD_LAZY | RTLD_NOLOAD);
        if (!rt) continue;
        /* operator new(size_t) and operator delete(void *), as the Itanium C++ ABI names them */
        void *(*op_new)(size_t) = (void *(*)(size_t))dlsym(rt, "_Znwm");
        void (*op_delete)(void *) = (void (*)(void *))dlsym(rt, "_ZdlPv");
        struct br_alloc_count c;
        memset(&c, 0, sizeof c);
        if (op_new && op_delete) {
            br_alloc_begin(0);
            void *p = op_new(24);
            br_alloc_end(&c);
            op_delete(p);
        }
        dlclose(rt);
        if (!op_new || !op_delete || (c.allocs == 1 && c.bytes == 24)) continue;
        snprintf(why, size,
                 "%s's operator new does not call malloc here%s, so C++ allocations would count "
                 "as 0",
                 runtimes[i],
                 under_valgrind() ? " (under valgrind, whose allocator replaces it)" : "");
        return why;
    }
    return NULL;
}

const char *br_alloc_patch(void)
{
    static char why[512];
    if (foreign_malloc(why, sizeof why)) return why;
    int slots = br_got_patch(hooks, sizeof hooks / sizeof hooks[0]);
    if (slots < 0) {
        snprintf(why, sizeof why, "%s", br_errmsg());
        return why;
    }
    if (slots > 0 && strdup_counted()) {
        if (!new_uncounted(why, sizeof why)) return NULL;
        br_got_unpatch();
        return why;
    }
    br_got_unpatch();
    return slots ? "libc's own calls of malloc were not seen (a static libc?)"
                 : "no call of malloc through a GOT (a static executable?)";
}

void br_alloc_unpatch(void) { br_got_unpatch(); }
#else
const char *br_alloc_patch(void)
{
#if defined(BR_ALLOC_SANITIZED)
    return "this is a sanitizer build, whose malloc replaces glibc's";
#else
    return "benchrun was built with -DBR_ALLOC_OFF";
#endif
}

void br_alloc_unpatch(void) {}
#endif

double br_alloc_leak_per_op(uint64_t n1, uint64_t r1, uint64_t n2, uint64_t r2)
{
    if (n2 <= n1 || r2 <= r1) return 0;
    return (double)(r2 - r1) / (double)(n2 - n1);
}
