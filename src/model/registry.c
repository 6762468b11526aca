/* registry.c - collect, expand, sort, reject duplicates, filter. */
#include "model/registry.h"

#include <inttypes.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "base/strbuf.h"

/* The constructors' list.  Only bench_register() writes it, before main(). */
static bench_desc *registered;

void bench_register(bench_desc *desc)
{
    /* A descriptor registered twice (a constructor run twice) would make a cycle. */
    for (bench_desc *d = registered; d; d = d->next)
        if (d == desc) return;
    desc->next = registered;
    registered = desc;
}

const bench_desc *br_registry_head(void) { return registered; }

/* One instance of block d: its arguments (or thread count), named as Google Benchmark names
 * them: "name/a/b" (benchmark_api_internal.cc), "name/threads:N". */
static void add_instance(struct br_registry *reg, const bench_desc *d, size_t argi,
                         const int64_t *args, size_t nargs, int threads)
{
    BR_GROW(reg->benches, reg->cap, reg->n + 1);
    struct br_bench *b = &reg->benches[reg->n++];
    struct br_strbuf sb;
    memset(b, 0, sizeof *b);
    br_strbuf_init(&sb);
    br_strbuf_adds(&sb, d->name);
    b->desc = d;
    b->argi = argi;
    b->nargs = nargs;
    b->threads = threads;
    for (size_t i = 0; i < nargs; i++) {
        b->args[i] = args[i];
        br_strbuf_addf(&sb, "/%" PRId64, args[i]);
    }
    b->arg = b->args[0];
    if (d->kind == BENCH_KIND_THREADS) br_strbuf_addf(&sb, "/threads:%d", threads);
    b->name = br_strbuf_detach(&sb);
    br_strbuf_release(&sb);
}

size_t br_range_expand(int64_t lo, int64_t hi, int64_t mult, int64_t *out, size_t max)
{
    size_t n = 0;
#define PUT(v) (n < max ? (void)(out[n] = (v)) : (void)0, n++)
    PUT(lo);
    if (lo == hi) return n;
    if (lo + 1 == hi) return PUT(hi), n;
    int64_t lo_in = lo + 1, hi_in = hi - 1;
    if (lo_in < 0) { /* GB's AddNegatedPowers: the powers in [-min(hi_in, -1), -lo_in], negated */
        int64_t a = hi_in < -1 ? -hi_in : 1, b = -lo_in;
        size_t first = n;
        for (int64_t p = 1; p <= b; p *= mult) {
            if (p >= a) PUT(-p);
            if (p > INT64_MAX / mult) break;
        }
        for (size_t i = first, j = n - 1; i < j && j < max; i++, j--) { /* reverse: ascending */
            int64_t t = out[i];
            out[i] = out[j];
            out[j] = t;
        }
    }
    if (lo < 0 && hi >= 0) PUT(0); /* GB treats 0 apart (its issue #762) */
    for (int64_t p = 1; hi_in > 0 && p <= hi_in; p *= mult) {
        if (p >= (lo_in > 1 ? lo_in : 1)) PUT(p);
        if (p > INT64_MAX / mult) break;
    }
    if (n > max || out[n - 1] != hi) PUT(hi);
#undef PUT
    return n;
}

static int bad_block(const bench_desc *d, const char *what)
{
    return br_error("%s:%d: %s(%s): %s", d->file, d->line,
                    d->kind == BENCH_KIND_RANGE     ? "BENCH_RANGE"
                    : d->kind == BENCH_KIND_THREADS ? "BENCH_THREADS"
                                                    : "BENCH_PRODUCT",
                    d->name, what);
}

/* Every combination, the first list varying fastest (GB's ArgsProduct). */
static int expand_product(struct br_registry *reg, const bench_desc *d)
{
    size_t total = 1, idx[BENCH_MAX_ARGS] = {0};
    int64_t args[BENCH_MAX_ARGS];
    if (d->nlists > BENCH_MAX_ARGS) return bad_block(d, "more than 4 argument lists");
    for (size_t l = 0; l < d->nlists; l++) {
        if (d->lens[l] == 0) return bad_block(d, "an empty argument list");
        if (total > BR_MAX_INSTANCES / d->lens[l])
            return bad_block(d, "more than 100000 combinations");
        total *= d->lens[l];
    }
    for (size_t i = 0; i < total; i++) {
        for (size_t l = 0; l < d->nlists; l++) args[l] = d->lists[l][idx[l]];
        add_instance(reg, d, i, args, d->nlists, 1);
        for (size_t l = 0; l < d->nlists && (idx[l] = (idx[l] + 1) % d->lens[l]) == 0; l++) {
        }
    }
    return 0;
}

static int expand_range(struct br_registry *reg, const bench_desc *d)
{
    if (d->nlists != 1 || d->lens[0] != 3) return bad_block(d, "wants lo, hi and mult");
    int64_t lo = d->lists[0][0], hi = d->lists[0][1], mult = d->lists[0][2], v[130];
    if (mult < 2)
        return bad_block(d, "mult must be 2 or more (Google Benchmark's RangeMultiplier)");
    if (hi < lo) return bad_block(d, "hi is below lo");
    /* 64-bit powers of 2 on both sides of 0, lo, 0 and hi: at most 129 values */
    size_t n = br_range_expand(lo, hi, mult, v, sizeof v / sizeof v[0]);
    BR_ASSERT(n <= sizeof v / sizeof v[0]);
    for (size_t i = 0; i < n; i++) add_instance(reg, d, i, &v[i], 1, 1);
    return 0;
}

static int expand_threads(struct br_registry *reg, const bench_desc *d)
{
    if (d->nlists != 1 || d->lens[0] == 0) return bad_block(d, "wants thread counts");
    for (size_t i = 0; i < d->lens[0]; i++) {
        int64_t t = d->lists[0][i];
        if (t < 1 || t > BR_MAX_THREADS) return bad_block(d, "a thread count is not 1 to 256");
        add_instance(reg, d, i, NULL, 0, (int)t);
    }
    return 0;
}

static int expand(struct br_registry *reg, const bench_desc *d)
{
    switch (d->kind) {
    case BENCH_KIND_PLAIN: return add_instance(reg, d, 0, NULL, 0, 1), 0;
    case BENCH_KIND_PRODUCT: return expand_product(reg, d);
    case BENCH_KIND_RANGE: return expand_range(reg, d);
    case BENCH_KIND_THREADS: return expand_threads(reg, d);
    default:
        return br_error("%s:%d: BENCH(%s): unknown kind %u", d->file, d->line, d->name, d->kind);
    }
}

/* By block name, then expansion order: "memcpy/64" before "memcpy/4096". */
static int cmp_bench(const void *pa, const void *pb)
{
    const struct br_bench *a = pa, *b = pb;
    int c = strcmp(a->desc->name, b->desc->name);
    if (c) return c;
    if (a->desc != b->desc) return strcmp(a->name, b->name);
    return (a->argi > b->argi) - (a->argi < b->argi);
}

static int cmp_name(const void *pa, const void *pb)
{
    const struct br_bench *a = *(const struct br_bench *const *)pa;
    const struct br_bench *b = *(const struct br_bench *const *)pb;
    return strcmp(a->name, b->name);
}

/* Orders two places so the message names the earlier source position first, whatever the
 * link order was. */
static int duplicate_error(const struct br_bench *a, const struct br_bench *b)
{
    const bench_desc *x = a->desc, *y = b->desc;
    int c = strcmp(x->file, y->file);
    if (c > 0 || (c == 0 && x->line > y->line)) {
        const bench_desc *t = x;
        x = y;
        y = t;
    }
    return br_error("duplicate benchmark name '%s': defined at %s:%d and at %s:%d", a->name,
                    x->file, x->line, y->file, y->line);
}

/* Sorted by full name (the registry order keeps arguments in declaration order, so equal
 * names need not be adjacent there). */
static int check_duplicates(const struct br_registry *reg)
{
    int rc = 0;
    const struct br_bench **by_name = br_xcalloc(reg->n, sizeof *by_name);
    for (size_t i = 0; i < reg->n; i++) by_name[i] = &reg->benches[i];
    qsort(by_name, reg->n, sizeof *by_name, cmp_name);
    for (size_t i = 1; i < reg->n && rc == 0; i++)
        if (strcmp(by_name[i - 1]->name, by_name[i]->name) == 0)
            rc = duplicate_error(by_name[i - 1], by_name[i]);
    free(by_name);
    return rc;
}

/* A name is a key of every results format: it may not be empty, start with '#' (a comment
 * or context line in the results file), hold control characters (a line break would split
 * a row; an escape sequence would rewrite a terminal) or bytes that are not UTF-8 (every
 * reader refuses them as binary data; the model would write them as \xNN, another name than
 * the user's, which --filter and a baseline would then not find). */
static int check_names(const struct br_registry *reg)
{
    for (size_t i = 0; i < reg->n; i++) {
        const struct br_bench *b = &reg->benches[i];
        size_t n = 0;
        const char *why = !*b->name ? "is empty" : b->name[0] == '#' ? "starts with '#'" : NULL;
        for (const char *c = b->name; !why && *c; c++)
            if ((unsigned char)*c < 0x20 || *c == 0x7f) why = "holds a control character";
        for (const char *c = b->name, *end = c + strlen(c); !why && c < end; c += n ? n : 1)
            if (!(n = br_utf8_len(c, end))) why = "is not UTF-8 text";
        if (why) {
            struct br_strbuf shown;
            br_strbuf_init(&shown);
            br_strbuf_add_printable(&shown, b->name);
            br_error("%s:%d: the benchmark name '%s' %s: a results file cannot carry it",
                     b->desc->file, b->desc->line, shown.buf, why);
            br_strbuf_release(&shown);
            return -1;
        }
    }
    return 0;
}

int br_registry_collect(struct br_registry *reg, const bench_desc *head)
{
    memset(reg, 0, sizeof *reg);
    if (!head) head = registered;
    if (!head)
        return br_error("no benchmarks registered: no BENCH() block was linked in. If your "
                        "BENCH() blocks are in a static library (.a), the linker dropped them; "
                        "link it with -Wl,--whole-archive LIB.a -Wl,--no-whole-archive");
    for (const bench_desc *d = head; d; d = d->next) {
        if (d->abi != BENCH_ABI)
            return br_error("%s:%d: BENCH(%s) was compiled against another bench.h (ABI %u, "
                            "library %u): rebuild it",
                            d->file, d->line, d->name, d->abi, (unsigned)BENCH_ABI);
        if (expand(reg, d) < 0) {
            br_registry_release(reg);
            return -1;
        }
    }
    qsort(reg->benches, reg->n, sizeof *reg->benches, cmp_bench);
    if (check_names(reg) < 0 || check_duplicates(reg) < 0) {
        br_registry_release(reg);
        return -1;
    }
    return 0;
}

int br_registry_filter(struct br_registry *reg, const char *pattern)
{
    if (!pattern) return 0;
    regex_t re;
    int rc = regcomp(&re, pattern, REG_EXTENDED | REG_NOSUB);
    if (rc != 0) {
        char msg[256];
        regerror(rc, &re, msg, sizeof msg);
        return br_error("--filter: invalid regular expression '%s': %s", pattern, msg);
    }
    size_t kept = 0;
    for (size_t i = 0; i < reg->n; i++) {
        if (regexec(&re, reg->benches[i].name, 0, NULL, 0) == 0)
            reg->benches[kept++] = reg->benches[i];
        else
            free(reg->benches[i].name);
    }
    reg->n = kept;
    regfree(&re);
    return 0;
}

void br_registry_shard(struct br_registry *reg, const struct br_shard *s)
{
    const char **names = br_xcalloc(reg->n + 1, sizeof *names);
    unsigned char *keep = br_xcalloc(reg->n + 1, 1);
    for (size_t i = 0; i < reg->n; i++) names[i] = reg->benches[i].name;
    br_shard_select(s, names, reg->n, keep, &reg->shard);
    size_t kept = 0;
    for (size_t i = 0; i < reg->n; i++) {
        if (keep[i])
            reg->benches[kept++] = reg->benches[i];
        else
            free(reg->benches[i].name);
    }
    reg->n = kept;
    free(keep);
    free(names);
}

void br_registry_release(struct br_registry *reg)
{
    for (size_t i = 0; i < reg->n; i++) free(reg->benches[i].name);
    free(reg->benches);
    memset(reg, 0, sizeof *reg);
}
