/* Allocation counting (measure/alloc.h) on calls whose counts are known exactly, the leak rule,
 * the leak's site, and the GOT patch under it (measure/got_patch.h).  Most calls go through
 * volatile pointers, initialised with the functions' addresses (absolute relocations, patched
 * like the GOT): the compiler may otherwise remove a malloc/free pair or turn strdup of a
 * constant into malloc and memcpy.  The patch tests call malloc directly, through the PLT. */
#include <check.h>
#include <malloc.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdlib.h>
#include <string.h>

#include "measure/alloc.h"
#include "measure/got_patch.h"
#include "check_main.h"

/* Built like the library: with a sanitizer, counting is not compiled in. */
#if defined(__SANITIZE_ADDRESS__)
#define BR_TEST_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define BR_TEST_SANITIZED 1
#endif
#endif

#ifdef BR_TEST_SANITIZED
START_TEST(off_under_sanitizers)
{
    /* The sanitizer's malloc replaces glibc's: counting says so instead of counting wrong. */
    ck_assert_ptr_nonnull(br_alloc_patch());
}
END_TEST
#else
static void *(*volatile my_malloc)(size_t) = malloc;
static void *(*volatile my_calloc)(size_t, size_t) = calloc;
static void *(*volatile my_realloc)(void *, size_t) = realloc;
static char *(*volatile my_strdup)(const char *) = strdup;
static void (*volatile my_free)(void *) = free;

/* Every test but the GOT's own runs in a process whose GOT leads to the counting functions. */
static void patch(void)
{
    const char *why = br_alloc_patch();
    ck_assert_msg(why == NULL, "counting unavailable: %s", why);
}

static void unpatch(void) { br_alloc_unpatch(); }

/* ---- the GOT patch alone: a replacement malloc that counts its calls --------------------- */

extern void *__libc_malloc(size_t n);
static volatile int calls; /* volatile: the compiler assumes malloc writes no global */
static void *counting_malloc(size_t n)
{
    calls++;
    return __libc_malloc(n);
}

static const struct br_got_hook one_hook[] = {{"malloc", (void *)counting_malloc}};

/* A call of malloc through this program's PLT, and libc's own inside strdup. */
static __attribute__((noinline)) void *plt_malloc(size_t n)
{
    void *p = malloc(n);
    __asm__ volatile("" : : "r"(p) : "memory"); /* neither removed nor folded */
    return p;
}

static __attribute__((noinline)) char *libc_strdup(void)
{
    const char *src = "copied";
    __asm__ volatile("" : "+r"(src)); /* an unknown string: libc's strdup, not malloc+memcpy */
    return strdup(src);
}

/* Check's passing assertions allocate (they record the last line reached): the calls are
 * counted first, the assertions come after. */
START_TEST(got_patch_and_unpatch)
{
    int slots = br_got_patch(one_hook, 1);
    int twice = br_got_patch(one_hook, 1);
    calls = 0;
    void *p = plt_malloc(10);
    int by_plt = calls;
    char *s = libc_strdup();
    int by_libc = calls;
    br_got_unpatch();
    void *q = plt_malloc(10);
    char *t = libc_strdup();
    int unpatched = calls;
    int again = br_got_patch(one_hook, 1);
    calls = 0;
    free(plt_malloc(1));
    int repatched = calls;
    br_got_unpatch();
    /* at least the program's slot and libc's own (strdup reaches malloc through it) */
    ck_assert_int_ge(slots, 2);
    ck_assert_int_eq(twice, -1); /* patched already: refused */
    ck_assert_int_eq(by_plt, 1);
    ck_assert_int_eq(by_libc, 2);
    ck_assert_str_eq(s, "copied");
    ck_assert_int_eq(unpatched, 2); /* glibc's malloc again, directly */
    ck_assert_int_eq(again, slots); /* the patch is repeatable */
    ck_assert_int_eq(repatched, 1);
    free(p);
    free(q);
    free(s);
    free(t);
}
END_TEST

START_TEST(not_counted_unpatched)
{
    /* Without the patch nothing reaches the counting functions: a timed batch's malloc is
     * glibc's, and patching is what turns counting on. */
    struct br_alloc_count off, on;
    br_alloc_begin(0);
    free(plt_malloc(16));
    br_alloc_end(&off);
    const char *why = br_alloc_patch();
    br_alloc_begin(0);
    free(plt_malloc(16));
    br_alloc_end(&on);
    br_alloc_unpatch();
    ck_assert_uint_eq(off.allocs, 0);
    ck_assert_ptr_null(why);
    ck_assert_uint_eq(on.allocs, 1);
    ck_assert_uint_eq(on.bytes, 16);
    ck_assert_uint_eq(on.retained, 0);
}
END_TEST

START_TEST(three_freed)
{
    struct br_alloc_count c;
    br_alloc_begin(0);
    void *a = my_malloc(16), *b = my_malloc(32), *d = my_calloc(4, 16);
    my_free(a);
    my_free(b);
    my_free(d);
    br_alloc_end(&c);
    ck_assert_uint_eq(c.allocs, 3);
    ck_assert_uint_eq(c.bytes, 112);
    ck_assert_uint_eq(c.retained, 0);
    ck_assert_uint_eq(c.peak, 112);
    ck_assert_int_eq(c.overflow, 0);
}
END_TEST

START_TEST(realloc_is_one_allocation_of_its_new_size)
{
    struct br_alloc_count c;
    br_alloc_begin(0);
    char *p = my_malloc(8);
    p = my_realloc(p, 4096);
    br_alloc_end(&c);
    ck_assert_uint_eq(c.allocs, 2);
    ck_assert_uint_eq(c.bytes, 4104);
    ck_assert_uint_eq(c.retained, 4096); /* the old block went with the realloc */
    ck_assert_uint_eq(c.peak, 4096);
    free(p);
    /* realloc(p, 0) frees: nothing allocated, nothing retained */
    p = malloc(8);
    br_alloc_begin(0);
    p = my_realloc(p, 0);
    br_alloc_end(&c);
    ck_assert_uint_eq(c.allocs, 0);
    free(p);
    /* ... also a block allocated while counting: it is freed, not retained */
    br_alloc_begin(0);
    p = my_malloc(8);
    p = my_realloc(p, 0);
    br_alloc_end(&c);
    ck_assert_uint_eq(c.allocs, 1);
    ck_assert_uint_eq(c.retained, 0);
    free(p);
}
END_TEST

START_TEST(libc_allocates_through_malloc)
{
    struct br_alloc_count c;
    char *t = NULL;
    br_alloc_begin(0);
    int n = asprintf(&t, "%d", 12345);
    br_alloc_end(&c);
    ck_assert_int_eq(n, 5);
    ck_assert_uint_ge(c.allocs, 1); /* glibc's asprintf allocates, then shrinks to fit */
    ck_assert_uint_eq(c.retained, 6);
    free(t);
    br_alloc_begin(0);
    char *s = my_strdup("twenty-three characters");
    free(s);
    br_alloc_end(&c);
    ck_assert_uint_eq(c.allocs, 1);
    ck_assert_uint_eq(c.bytes, 24);
    ck_assert_uint_eq(c.retained, 0);
}
END_TEST

START_TEST(aligned_family)
{
    struct br_alloc_count c;
    void *p[5], *bad = NULL;
    br_alloc_begin(0);
    int ok = posix_memalign(&p[0], 64, 100);
    p[1] = aligned_alloc(64, 128);
    p[2] = memalign(32, 10);
    p[3] = valloc(50);
    p[4] = reallocarray(NULL, 3, 7);
    int einval = posix_memalign(&bad, 3, 100); /* not counted */
    br_alloc_end(&c);
    ck_assert_int_eq(ok, 0);
    ck_assert_int_eq(einval, 22);
    ck_assert_uint_eq(c.allocs, 5);
    ck_assert_uint_eq(c.bytes, 100 + 128 + 10 + 50 + 21);
    ck_assert_uint_eq(c.retained, c.bytes);
    for (int i = 0; i < 5; i++) free(p[i]);
}
END_TEST

START_TEST(retained_until_the_end)
{
    struct br_alloc_count c;
    void *before = my_malloc(100);
    br_alloc_begin(0);
    void *kept = my_malloc(16), *later = my_malloc(40);
    my_free(before); /* allocated before counting: not ours to subtract */
    br_alloc_stop();
    void *after = my_malloc(1000); /* after the batch (a teardown's own): not counted */
    my_free(later);                /* freed by a teardown: not retained */
    br_alloc_end(&c);
    ck_assert_uint_eq(c.allocs, 2);
    ck_assert_uint_eq(c.bytes, 56);
    ck_assert_uint_eq(c.retained, 16);
    free(kept);
    free(after);
}
END_TEST

START_TEST(many_blocks_grow_the_table)
{
    enum { N = 40000 };
    static void *p[N];
    struct br_alloc_count c;
    br_alloc_begin(0);
    for (int i = 0; i < N; i++) p[i] = my_malloc(8 + (size_t)(i % 3));
    for (int i = 0; i < N; i += 2) my_free(p[i]);
    br_alloc_end(&c);
    ck_assert_uint_eq(c.allocs, N);
    ck_assert_uint_eq(c.bytes, (uint64_t)N * 9 - 1); /* sizes 8, 9, 10 repeating */
    uint64_t odd = 0;
    for (int i = 1; i < N; i += 2) odd += 8 + (uint64_t)(i % 3);
    ck_assert_uint_eq(c.retained, odd);
    ck_assert_int_eq(c.overflow, 0);
    for (int i = 1; i < N; i += 2) free(p[i]);
}
END_TEST

/* Blocks whose addresses share a home slot (varied sizes make the addresses irregular, so
 * the Fibonacci hash collides as a random one would: thousands of pairs at 40,000 blocks),
 * freed in a scrambled order: every free must find its block, however the runs were
 * shifted before (a block left behind a hole it could fill is lost: retained > 0). */
START_TEST(every_block_found_after_backward_shifts)
{
    enum { N = 40000 };
    static void *p[N];
    struct br_alloc_count c;
    uint64_t total = 0, x = 12345;
    br_alloc_begin(0);
    for (int i = 0; i < N; i++) {
        x = x * 6364136223846793005u + 1442695040888963407u; /* Knuth's MMIX LCG */
        size_t size = 1 + (size_t)(x >> 33) % 1500;
        p[i] = my_malloc(size);
        total += size;
    }
    for (int i = 0; i < N; i++) my_free(p[(size_t)i * 7919 % N]); /* 7919 is prime to N */
    br_alloc_end(&c);
    ck_assert_uint_eq(c.allocs, N);
    ck_assert_uint_eq(c.bytes, total);
    ck_assert_uint_eq(c.retained, 0);
}
END_TEST

static sem_t go, done;
static void *other_thread(void *arg)
{
    (void)arg;
    sem_wait(&go);
    void *p = my_malloc(64);
    sem_post(&done);
    return p;
}

START_TEST(other_threads_are_not_counted)
{
    pthread_t t;
    void *p;
    sem_init(&go, 0, 0);
    sem_init(&done, 0, 0);
    ck_assert_int_eq(pthread_create(&t, NULL, other_thread, NULL), 0);
    struct br_alloc_count c;
    br_alloc_begin(0);
    sem_post(&go);
    sem_wait(&done);
    br_alloc_end(&c);
    pthread_join(t, &p);
    free(p);
    ck_assert_uint_eq(c.allocs, 0);
    ck_assert_uint_eq(c.bytes, 0);
}
END_TEST

/* A leak through strdup: the site is this function (libc's frame is skipped), at its line. */
static __attribute__((noinline)) char *leaky_copy(void)
{
    char *s = my_strdup("leak");
    __asm__ volatile("" : : "r"(s) : "memory"); /* no tail call: this frame stays */
    return s;
}

START_TEST(leak_site_is_the_caller_with_its_line)
{
    struct br_alloc_count c;
    char *p[3];
    br_alloc_begin(1);
    for (int i = 0; i < 3; i++) p[i] = leaky_copy();
    void *q = my_malloc(4);
    br_alloc_end(&c);
    ck_assert_uint_eq(c.retained, 3 * 5 + 4);
    uint64_t bytes;
    uintptr_t pc = br_alloc_top_site(&bytes);
    ck_assert_uint_eq(bytes, 15);
    char where[1024];
    br_alloc_describe(pc, where, sizeof where);
    ck_assert_msg(strstr(where, "leaky_copy") != NULL, "site: %s", where);
    ck_assert_msg(strstr(where, "check_alloc.c:") != NULL, "site: %s", where);
    for (int i = 0; i < 3; i++) free(p[i]);
    free(q);
}
END_TEST
#endif

START_TEST(leak_rule)
{
    /* 16 B per operation kept: a batch of 32 retains 512, one of 64 retains 1024. */
    ck_assert_double_eq(br_alloc_leak_per_op(32, 512, 64, 1024), 16);
    /* Frees everything, or keeps a cache of a fixed size: no leak. */
    ck_assert_double_eq(br_alloc_leak_per_op(32, 0, 64, 0), 0);
    ck_assert_double_eq(br_alloc_leak_per_op(32, 4096, 64, 4096), 0);
    /* A cache filled in the first batch, reused in the second: less, not a leak. */
    ck_assert_double_eq(br_alloc_leak_per_op(32, 4096, 64, 0), 0);
    /* One block every few operations still grows. */
    ck_assert_double_eq(br_alloc_leak_per_op(32, 0, 64, 16), 0.5);
    /* Not a longer second batch: no judgement. */
    ck_assert_double_eq(br_alloc_leak_per_op(32, 0, 32, 16), 0);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("alloc");
    TCase *tc = tcase_create("core");
#ifdef BR_TEST_SANITIZED
    tcase_add_test(tc, off_under_sanitizers);
#else
    TCase *got = tcase_create("got");
    tcase_add_test(got, got_patch_and_unpatch);
    tcase_add_test(got, not_counted_unpatched);
    suite_add_tcase(s, got);
    tcase_add_checked_fixture(tc, patch, unpatch);
    tcase_add_test(tc, three_freed);
    tcase_add_test(tc, realloc_is_one_allocation_of_its_new_size);
    tcase_add_test(tc, libc_allocates_through_malloc);
    tcase_add_test(tc, aligned_family);
    tcase_add_test(tc, retained_until_the_end);
    tcase_add_test(tc, many_blocks_grow_the_table);
    tcase_add_test(tc, every_block_found_after_backward_shifts);
    tcase_add_test(tc, other_threads_are_not_counted);
    tcase_add_test(tc, leak_site_is_the_caller_with_its_line);
#endif
    tcase_add_test(tc, leak_rule);
    suite_add_tcase(s, tc);
    return check_run_suite(s);
}
