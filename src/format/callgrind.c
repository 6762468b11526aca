/* callgrind.c - reading callgrind's profile files (see callgrind.h for the format). */
#include "format/callgrind.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "base/hash.h"
#include "base/strbuf.h"
#include "format/results_read.h"

/* ---- names: one interning table per kind, and callgrind's compressed ids into it ---------- */

enum kind { OBJECT, FILE_, FUNCTION, NKINDS };

struct names {
    char **s; /* interned names */
    size_t n, cap;
    size_t *slots; /* open addressing: index + 1, 0 when free */
    size_t nslots;
    size_t *by_id; /* compressed id -> index + 1 */
    size_t nids;
};

struct tables {
    struct names kind[NKINDS];
    size_t *fn_slots; /* (object, function) -> fns index + 1 */
    size_t nfn_slots;
};

static void names_rehash(struct names *t)
{
    size_t n = t->nslots ? 2 * t->nslots : 256;
    free(t->slots);
    t->slots = br_xcalloc(n, sizeof *t->slots);
    t->nslots = n;
    for (size_t i = 0; i < t->n; i++) {
        size_t k = br_fnv1a(BR_FNV1A_OFFSET, t->s[i], strlen(t->s[i])) & (n - 1);
        while (t->slots[k]) k = (k + 1) & (n - 1);
        t->slots[k] = i + 1;
    }
}

/* The index of name s[0..len), added when new. */
static size_t intern(struct names *t, const char *s, size_t len)
{
    if (2 * (t->n + 1) > t->nslots) names_rehash(t);
    size_t k = br_fnv1a(BR_FNV1A_OFFSET, s, len) & (t->nslots - 1);
    for (; t->slots[k]; k = (k + 1) & (t->nslots - 1)) {
        const char *have = t->s[t->slots[k] - 1];
        if (strlen(have) == len && memcmp(have, s, len) == 0) return t->slots[k] - 1;
    }
    BR_GROW(t->s, t->cap, t->n + 1);
    t->s[t->n] = br_xmalloc(len + 1);
    memcpy(t->s[t->n], s, len);
    t->s[t->n][len] = '\0';
    t->slots[k] = ++t->n;
    return t->n - 1;
}

static void names_release(struct names *t)
{
    for (size_t i = 0; i < t->n; i++) free(t->s[i]);
    free(t->s);
    free(t->slots);
    free(t->by_id);
}

/* ---- the reading state --------------------------------------------------------------------- */

#define MAX_POSITIONS 3 /* instr, bb, line */

struct parser {
    const char *name; /* of the file, for messages */
    size_t lineno;
    struct br_callgrind *out;
    struct tables *t;
    int have_events, have_summary, have_totals, total_only;
    double totals[BR_CG_MAX_EVENTS], self_sum[BR_CG_MAX_EVENTS];
    size_t npos, line_pos;                 /* subpositions per cost line; which one is the line */
    unsigned long long pos[MAX_POSITIONS]; /* the last cost line's subpositions */
    size_t ob, fl, file, fn; /* current object, file (fl=), file of costs (fi/fe), fn */
    int have_fn;
    size_t cob, cfn; /* the next call's target (object, function); SIZE_MAX: none given */
    int in_call;     /* a calls= line was read: the next cost line is its cost */
    double call_count;
    size_t lines_cap, fns_cap, calls_cap;
};

/* A name specification's value: "(id) name" defines id, "(id)" refers to it, "name" is itself.
 * Returns the index in the kind's table, or (size_t)-1 on an undefined id. */
static size_t name_value(struct names *t, const char *v, size_t len)
{
    if (len >= 2 && v[0] == '(' && v[1] >= '0' && v[1] <= '9') {
        size_t id = 0, i = 1;
        while (i < len && v[i] >= '0' && v[i] <= '9' && id < ((size_t)1 << 40))
            id = id * 10 + (size_t)(v[i++] - '0');
        if (i == len || v[i] != ')') return (size_t)-1;
        for (i++; i < len && v[i] == ' '; i++) {
        }
        if (i == len) return id < t->nids && t->by_id[id] ? t->by_id[id] - 1 : (size_t)-1;
        if (id >= t->nids) {
            size_t n = id + 1 > 2 * t->nids ? id + 1 : 2 * t->nids;
            t->by_id = br_xrealloc(t->by_id, n * sizeof *t->by_id);
            memset(t->by_id + t->nids, 0, (n - t->nids) * sizeof *t->by_id);
            t->nids = n;
        }
        t->by_id[id] = intern(t, v + i, len - i) + 1;
        return t->by_id[id] - 1;
    }
    return intern(t, v, len);
}

/* ---- functions ----------------------------------------------------------------------------- */

static uint64_t fn_hash(size_t ob, size_t fn) { return (ob * 1000003u) ^ (fn * 2654435761u); }

static void fn_rehash(struct parser *p)
{
    struct tables *t = p->t;
    size_t n = t->nfn_slots ? 2 * t->nfn_slots : 256;
    free(t->fn_slots);
    t->fn_slots = br_xcalloc(n, sizeof *t->fn_slots);
    t->nfn_slots = n;
    for (size_t i = 0; i < p->out->nfns; i++) {
        const struct br_cg_fn *f = &p->out->fns[i];
        size_t k = fn_hash((size_t)(uintptr_t)f->object, (size_t)(uintptr_t)f->name) & (n - 1);
        while (t->fn_slots[k]) k = (k + 1) & (n - 1);
        t->fn_slots[k] = i + 1;
    }
}

/* The function `fn` of object `ob` (table indexes), added when new; its index in out->fns. */
static size_t function(struct parser *p, size_t ob, size_t fn)
{
    struct tables *t = p->t;
    const char *object = t->kind[OBJECT].s[ob], *name = t->kind[FUNCTION].s[fn];
    if (2 * (p->out->nfns + 1) > t->nfn_slots) fn_rehash(p);
    size_t k = fn_hash((size_t)(uintptr_t)object, (size_t)(uintptr_t)name) & (t->nfn_slots - 1);
    for (; t->fn_slots[k]; k = (k + 1) & (t->nfn_slots - 1)) {
        const struct br_cg_fn *f = &p->out->fns[t->fn_slots[k] - 1];
        if (f->object == object && f->name == name) return t->fn_slots[k] - 1;
    }
    BR_GROW(p->out->fns, p->fns_cap, p->out->nfns + 1);
    struct br_cg_fn *f = &p->out->fns[p->out->nfns];
    memset(f, 0, sizeof *f);
    f->object = object;
    f->name = name;
    t->fn_slots[k] = ++p->out->nfns;
    return p->out->nfns - 1;
}

/* ---- lines of the file ---------------------------------------------------------------------- */

/* Up to n unsigned numbers separated by blanks into v (missing ones 0).  -1 on anything else. */
static int numbers(const char *s, const char *end, double *v, size_t n)
{
    size_t i = 0;
    for (size_t k = 0; k < n; k++) v[k] = 0;
    for (;;) {
        while (s < end && (*s == ' ' || *s == '\t')) s++;
        if (s == end) return 0;
        if (i == n || *s < '0' || *s > '9') return -1;
        unsigned long long x = 0;
        for (; s < end && *s >= '0' && *s <= '9'; s++) x = x * 10 + (unsigned)(*s - '0');
        v[i++] = (double)x;
    }
}

static int header_events(struct parser *p, const char *v, const char *end)
{
    struct br_callgrind *o = p->out;
    while (v < end && *v == ' ') v++;
    if (p->have_events) {
        /* a second part: it must count the same events */
        struct br_strbuf was;
        br_strbuf_init(&was);
        for (size_t i = 0; i < o->nevents; i++)
            br_strbuf_addf(&was, "%s%s", i ? " " : "", o->events[i]);
        int same = strlen(was.buf) == (size_t)(end - v) && memcmp(was.buf, v, was.len) == 0;
        br_strbuf_release(&was);
        return same ? 0 : br_read_fail(p->name, p->lineno, "a second part counts other events");
    }
    for (;;) {
        while (v < end && *v == ' ') v++;
        if (v == end) break;
        const char *w = v;
        while (v < end && *v != ' ') v++;
        if (o->nevents == BR_CG_MAX_EVENTS)
            return br_read_fail(p->name, p->lineno, "more than %d events", BR_CG_MAX_EVENTS);
        o->events[o->nevents] = br_xmalloc((size_t)(v - w) + 1);
        memcpy(o->events[o->nevents], w, (size_t)(v - w));
        o->events[o->nevents++][v - w] = '\0';
    }
    if (!o->nevents) return br_read_fail(p->name, p->lineno, "events: names no event");
    p->have_events = 1;
    return 0;
}

static int header_positions(struct parser *p, const char *v, const char *end)
{
    p->npos = 0;
    p->line_pos = (size_t)-1;
    for (;;) {
        while (v < end && *v == ' ') v++;
        if (v == end) break;
        const char *w = v;
        while (v < end && *v != ' ') v++;
        if (p->npos == MAX_POSITIONS)
            return br_read_fail(p->name, p->lineno, "positions: more than %d", MAX_POSITIONS);
        if ((size_t)(v - w) == 4 && memcmp(w, "line", 4) == 0) p->line_pos = p->npos;
        p->npos++;
    }
    return p->npos ? 0 : br_read_fail(p->name, p->lineno, "positions: names no position");
}

/* `summary:` and `totals:`, added over the parts of the file. */
static int header_costs(struct parser *p, const char *v, const char *end, double *into, int *have)
{
    double c[BR_CG_MAX_EVENTS];
    if (!p->have_events) return br_read_fail(p->name, p->lineno, "costs before the events: line");
    if (numbers(v, end, c, p->out->nevents) < 0)
        return br_read_fail(p->name, p->lineno, "not a list of counts");
    for (size_t i = 0; i < p->out->nevents; i++) into[i] += c[i];
    *have = 1;
    return 0;
}

/* "key: value" lines: 1 when it was one, 0 when not, -1 on error. */
static int header_line(struct parser *p, const char *s, const char *end)
{
    static const char *const ignored[] = {"version", "creator", "pid",   "cmd",
                                          "part",    "desc",    "event", "thread"};
    const char *colon = memchr(s, ':', (size_t)(end - s));
    if (!colon || memchr(s, '=', (size_t)(colon - s))) return 0;
    size_t k = (size_t)(colon - s);
    const char *v = colon + 1;
    if (k == 6 && memcmp(s, "events", 6) == 0) return header_events(p, v, end) < 0 ? -1 : 1;
    if (k == 9 && memcmp(s, "positions", 9) == 0) return header_positions(p, v, end) < 0 ? -1 : 1;
    if (k == 7 && memcmp(s, "summary", 7) == 0)
        return header_costs(p, v, end, p->out->total, &p->have_summary) < 0 ? -1 : 1;
    if (k == 6 && memcmp(s, "totals", 6) == 0)
        return header_costs(p, v, end, p->totals, &p->have_totals) < 0 ? -1 : 1;
    for (size_t i = 0; i < sizeof ignored / sizeof ignored[0]; i++)
        if (strlen(ignored[i]) == k && memcmp(s, ignored[i], k) == 0) return 1;
    return 0;
}

/* "+3", "-2", "*", "0x1a2b" or "42": the subposition against the last one. */
static const char *subposition(const char *s, const char *end, unsigned long long *last)
{
    unsigned long long x = 0;
    int rel = *s == '+' ? 1 : *s == '-' ? -1 : 0, hex = 0;
    if (*s == '*') return s + 1;
    if (rel) s++;
    if (!rel && end - s > 2 && s[0] == '0' && s[1] == 'x') s += 2, hex = 1;
    const char *digits = s;
    for (; s < end; s++) {
        int d = *s >= '0' && *s <= '9'          ? *s - '0'
                : hex && *s >= 'a' && *s <= 'f' ? *s - 'a' + 10
                : hex && *s >= 'A' && *s <= 'F' ? *s - 'A' + 10
                                                : -1;
        if (d < 0) break;
        x = x * (hex ? 16u : 10u) + (unsigned)d;
    }
    if (s == digits) return NULL;
    *last = rel > 0 ? *last + x : rel < 0 ? *last - x : x;
    return s;
}

static void add_line_cost(struct parser *p, const double *c)
{
    struct br_callgrind *o = p->out;
    BR_GROW(o->lines, p->lines_cap, o->nlines + 1);
    struct br_cg_line *l = &o->lines[o->nlines++];
    memset(l, 0, sizeof *l);
    l->file = p->t->kind[FILE_].s[p->file];
    l->line = p->line_pos == (size_t)-1 ? 0 : (unsigned long)p->pos[p->line_pos];
    l->fn = (const struct br_cg_fn *)(uintptr_t)(p->fn + 1); /* an index until the end */
    memcpy(l->self, c, sizeof l->self);
}

/* The pair caller -> callee, added when new (a linear search from the end: a caller's calls
 * come together in the file). */
static struct br_cg_call *call_pair(struct parser *p, size_t caller, size_t callee)
{
    struct br_callgrind *o = p->out;
    for (size_t i = o->ncalls; i-- > 0 && o->ncalls - i <= 64;)
        if (o->calls[i].caller == caller && o->calls[i].callee == callee) return &o->calls[i];
    BR_GROW(o->calls, p->calls_cap, o->ncalls + 1);
    struct br_cg_call *k = &o->calls[o->ncalls++];
    memset(k, 0, sizeof *k);
    k->caller = caller;
    k->callee = callee;
    return k;
}

/* A call's inclusive cost: the caller's inclusive cost, unless it calls itself. */
static void call_cost(struct parser *p, const double *c)
{
    struct br_callgrind *o = p->out;
    size_t ob = p->cob != (size_t)-1 ? p->cob : p->ob;
    size_t callee = function(p, ob, p->cfn), caller = function(p, p->ob, p->fn);
    struct br_cg_call *k = call_pair(p, caller, callee);
    o->fns[callee].calls_in += p->call_count;
    k->count += p->call_count;
    for (size_t i = 0; i < o->nevents; i++) k->inclusive[i] += c[i];
    if (callee != caller)
        for (size_t i = 0; i < o->nevents; i++) o->fns[caller].inclusive[i] += c[i];
    p->in_call = 0;
    p->cob = p->cfn = (size_t)-1;
}

static int cost_line(struct parser *p, const char *s, const char *end)
{
    double c[BR_CG_MAX_EVENTS];
    for (size_t k = 0; k < p->npos; k++) {
        while (s < end && *s == ' ') s++;
        s = s < end ? subposition(s, end, &p->pos[k]) : NULL;
        if (!s)
            return br_read_fail(p->name, p->lineno, "a cost line without its %zu position%s",
                                p->npos, p->npos == 1 ? "" : "s");
    }
    if (numbers(s, end, c, p->out->nevents) < 0)
        return br_read_fail(p->name, p->lineno, "not a cost line");
    if (!p->have_fn) return br_read_fail(p->name, p->lineno, "a cost line before any fn=");
    if (p->in_call) {
        call_cost(p, c);
        return 0;
    }
    size_t at = function(p, p->ob, p->fn); /* first: it may move fns */
    struct br_cg_fn *f = &p->out->fns[at];
    for (size_t i = 0; i < p->out->nevents; i++) {
        f->self[i] += c[i];
        f->inclusive[i] += c[i];
        p->self_sum[i] += c[i];
    }
    add_line_cost(p, c);
    return 0;
}

/* "calls=COUNT TARGET": the next cost line is the call's.  The target position is not needed
 * (and, as callgrind_annotate reads it, does not move the last position). */
static int calls_line(struct parser *p, const char *v, const char *end)
{
    double count[1];
    const char *sp = memchr(v, ' ', (size_t)(end - v));
    if (numbers(v, sp ? sp : end, count, 1) < 0 || v == (sp ? sp : end))
        return br_read_fail(p->name, p->lineno, "calls= without a count");
    if (p->cfn == (size_t)-1) return br_read_fail(p->name, p->lineno, "calls= without cfn=");
    if (!p->have_fn) return br_read_fail(p->name, p->lineno, "calls= before any fn=");
    p->call_count = count[0];
    p->in_call = 1;
    return 0;
}

/* "spec=value" lines. */
static int spec_line(struct parser *p, const char *s, const char *eq, const char *end)
{
    static const char *const names[] = {"ob",  "fl",  "fi",    "fe",   "fn",   "cob", "cfi",
                                        "cfl", "cfn", "calls", "jump", "jcnd", "jfi", "jfn"};
    static const enum kind kinds[] = {OBJECT, FILE_,    FILE_,  FILE_,  FUNCTION, OBJECT, FILE_,
                                      FILE_,  FUNCTION, NKINDS, NKINDS, NKINDS,   FILE_,  FUNCTION};
    size_t k = (size_t)(eq - s), which = 0;
    while (which < sizeof names / sizeof names[0] &&
           (strlen(names[which]) != k || memcmp(s, names[which], k) != 0))
        which++;
    if (which == sizeof names / sizeof names[0])
        return br_read_fail(p->name, p->lineno, "unknown specification '%.*s='", (int)k, s);
    if (which == 9) return calls_line(p, eq + 1, end);
    if (kinds[which] == NKINDS) return 0; /* jumps: not needed */
    size_t v = name_value(&p->t->kind[kinds[which]], eq + 1, (size_t)(end - eq - 1));
    if (v == (size_t)-1)
        return br_read_fail(p->name, p->lineno, "'%.*s' refers to an undefined id", (int)(end - s),
                            s);
    switch (which) {
    case 0: p->ob = v; break;
    case 1: p->fl = p->file = v; break;
    case 2:
    case 3: p->file = v; break;
    case 4: p->fn = v, p->have_fn = 1, p->file = p->fl; break;
    case 5: p->cob = v; break;
    case 8: p->cfn = v; break;
    default: break; /* cfi=, cfl=, jfi=, jfn=: the name is defined; functions go by object */
    }
    return 0;
}

static int body_line(struct parser *p, const char *s, const char *end)
{
    if (s == end || *s == '#') return 0;
    int rc = header_line(p, s, end);
    if (rc) return rc < 0 ? -1 : 0;
    if (!p->have_events)
        return br_read_fail(p->name, p->lineno, "no events: line before the costs");
    if (*s == '+' || *s == '-' || *s == '*' || (*s >= '0' && *s <= '9'))
        return cost_line(p, s, end);
    const char *eq = memchr(s, '=', (size_t)(end - s));
    if (!eq) /* the text is not NUL-terminated: at most the line, at most 40 bytes of it */
        return br_read_fail(p->name, p->lineno, "not a line of the callgrind format: '%.*s'",
                            end - s < 40 ? (int)(end - s) : 40, s);
    if (p->in_call)
        return br_read_fail(p->name, p->lineno, "calls= is not followed by its cost line");
    return spec_line(p, s, eq, end);
}

/* ---- the whole file ------------------------------------------------------------------------- */

/* A cost line or a specification (not a header line, comment or blank). */
static int is_body(const char *s, const char *end)
{
    if (s == end || *s == '#') return 0;
    if (*s == '+' || *s == '-' || *s == '*' || (*s >= '0' && *s <= '9')) return 1;
    const char *eq = memchr(s, '=', (size_t)(end - s)), *colon = memchr(s, ':', (size_t)(end - s));
    return eq && (!colon || eq < colon);
}

static int same_line(const struct br_cg_line *x, const struct br_cg_line *y)
{
    return x->line == y->line && strcmp(x->file, y->file) == 0;
}

static int cmp_lines(const void *a, const void *b)
{
    const struct br_cg_line *x = a, *y = b;
    int d = strcmp(x->file, y->file);
    if (d) return d;
    if (x->line != y->line) return x->line < y->line ? -1 : 1;
    return x->fn < y->fn ? -1 : x->fn > y->fn;
}

/* Lines by file and line, one entry per (file, line) - the costs of every function whose code
 * is there (inlined code, recursion levels) added - and their functions as pointers. */
static void finish_lines(struct br_callgrind *o)
{
    size_t kept = 0;
    qsort(o->lines, o->nlines, sizeof *o->lines, cmp_lines);
    for (size_t i = 0; i < o->nlines; i++) {
        struct br_cg_line *l = &o->lines[i];
        if (kept && same_line(&o->lines[kept - 1], l)) {
            for (size_t e = 0; e < o->nevents; e++) o->lines[kept - 1].self[e] += l->self[e];
            continue;
        }
        o->lines[kept++] = *l;
    }
    o->nlines = kept;
    for (size_t i = 0; i < o->nlines; i++)
        o->lines[i].fn = &o->fns[(size_t)(uintptr_t)o->lines[i].fn - 1];
}

static void init(struct parser *p, const char *name, struct br_callgrind *out)
{
    memset(out, 0, sizeof *out);
    memset(p, 0, sizeof *p);
    p->name = name;
    p->out = out;
    p->t = br_xcalloc(1, sizeof *p->t);
    out->names = p->t;
    p->npos = 1; /* "positions: line" unless the header says otherwise */
    p->line_pos = 0;
    p->cob = p->cfn = (size_t)-1;
    /* Costs before any ob= or fl= belong to an unnamed object and file. */
    p->ob = intern(&p->t->kind[OBJECT], "???", 3);
    p->fl = p->file = intern(&p->t->kind[FILE_], "???", 3);
}

static int finish(struct parser *p)
{
    struct br_callgrind *o = p->out;
    if (!p->have_events)
        return br_read_fail(p->name, p->lineno, "no events: line (not a callgrind file?)");
    if (p->in_call)
        return br_read_fail(p->name, p->lineno, "the file ends after calls= without its cost line");
    if (!p->have_summary)
        memcpy(o->total, p->have_totals ? p->totals : p->self_sum, sizeof o->total);
    if (!p->total_only) {
        finish_lines(o);
    } else {
        free(o->lines); /* of no use, and their functions are not resolved */
        free(o->calls);
        o->lines = NULL;
        o->calls = NULL;
        o->nlines = o->ncalls = 0;
    }
    return 0;
}

static int parse(const char *name, const char *buf, size_t len, int total_only,
                 struct br_callgrind *out)
{
    struct parser p;
    init(&p, name, out);
    p.total_only = total_only;
    const char *s = buf, *end = buf + len;
    int rc = 0;
    while (rc == 0 && s < end) {
        const char *eol = memchr(s, '\n', (size_t)(end - s));
        const char *e = eol ? eol : end;
        p.lineno++;
        if (e > s && e[-1] == '\r') e--;
        /* Once the summary is known, the total needs nothing of the body. */
        if (total_only && p.have_summary && is_body(s, e)) break;
        rc = body_line(&p, s, e);
        s = eol ? eol + 1 : end;
    }
    if (rc == 0) rc = finish(&p);
    if (rc < 0) br_callgrind_release(out);
    return rc;
}

int br_callgrind_parse(const char *name, const char *buf, size_t len, struct br_callgrind *out)
{
    return parse(name, buf, len, 0, out);
}

int br_callgrind_parse_total(const char *name, const char *buf, size_t len,
                             struct br_callgrind *out)
{
    return parse(name, buf, len, 1, out);
}

int br_callgrind_read(const char *path, int total_only, struct br_callgrind *out)
{
    FILE *f = fopen(path, "rb");
    struct br_strbuf sb;
    if (!f) return memset(out, 0, sizeof *out), br_error("%s: %s", path, strerror(errno));
    br_strbuf_init(&sb);
    int rc = br_strbuf_add_stream(&sb, f);
    fclose(f);
    if (rc < 0) {
        br_strbuf_release(&sb);
        memset(out, 0, sizeof *out);
        return br_error("%s: read failed", path);
    }
    rc = parse(path, sb.buf, sb.len, total_only, out);
    br_strbuf_release(&sb);
    return rc;
}

int br_callgrind_event(const struct br_callgrind *cg, const char *name)
{
    for (size_t i = 0; i < cg->nevents; i++)
        if (strcmp(cg->events[i], name) == 0) return (int)i;
    return -1;
}

void br_callgrind_release(struct br_callgrind *cg)
{
    struct tables *t = cg->names;
    for (size_t i = 0; i < cg->nevents; i++) free(cg->events[i]);
    if (t) {
        for (int k = 0; k < NKINDS; k++) names_release(&t->kind[k]);
        free(t->fn_slots);
        free(t);
    }
    free(cg->fns);
    free(cg->calls);
    free(cg->lines);
    memset(cg, 0, sizeof *cg);
}
