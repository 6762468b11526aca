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

static void add_instance(struct br_registry *reg, const bench_desc *d, size_t argi)
{
    BR_GROW(reg->benches, reg->cap, reg->n + 1);
    struct br_bench *b = &reg->benches[reg->n++];
    struct br_strbuf sb;
    br_strbuf_init(&sb);
    br_strbuf_adds(&sb, d->name);
    b->desc = d;
    b->argi = argi;
    b->arg = d->nargs ? d->args[argi] : 0;
    if (d->nargs) br_strbuf_addf(&sb, "/%" PRId64, b->arg);
    b->name = br_strbuf_detach(&sb);
    br_strbuf_release(&sb);
}

/* By block name, then argument position: "memcpy/64" before "memcpy/4096". */
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
 * or context line in the results file) or hold control characters (a line break would split
 * a row; an escape sequence would rewrite a terminal). */
static int check_names(const struct br_registry *reg)
{
    for (size_t i = 0; i < reg->n; i++) {
        const struct br_bench *b = &reg->benches[i];
        const char *why = !*b->name ? "is empty" : b->name[0] == '#' ? "starts with '#'" : NULL;
        for (const char *c = b->name; !why && *c; c++)
            if ((unsigned char)*c < 0x20 || *c == 0x7f) why = "holds a control character";
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
        if (d->nargs == 0) add_instance(reg, d, 0);
        for (size_t i = 0; i < d->nargs; i++) add_instance(reg, d, i);
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
