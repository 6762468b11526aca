/* json_read.c - the JSON reader under the JSON results readers (contract in json_read.h). */
#include "format/json_read.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/error.h"

void br_json_init(struct br_json *j, const char *name, const char *buf, size_t len)
{
    memset(j, 0, sizeof *j);
    j->name = name;
    j->p = buf;
    j->end = buf + len;
    j->line = 1;
    br_strbuf_init(&j->scratch);
}

void br_json_release(struct br_json *j)
{
    for (int i = 0; i < BR_JSON_MAX_DEPTH; i++)
        if (j->keys[i].buf) br_strbuf_release(&j->keys[i]);
    br_strbuf_release(&j->scratch);
}

/* "FILE:LINE: ..." as every reader's message (results_read.h), without depending on it. */
int br_json_fail(const struct br_json *j, const char *what)
{
    return br_error("%s:%zu: invalid JSON: %s", j->name, j->line, what);
}

/* The lines are counted here, the only place a JSON text may break one (a string may not hold
 * a raw line ending). */
int br_json_peek(struct br_json *j)
{
    const char *p = j->p, *e = j->end;
    for (; p < e; p++) {
        if (*p == '\n') {
            j->line++;
        } else if (*p == '\r') {
            if (p + 1 < e && p[1] == '\n') p++;
            j->line++;
        } else if (*p != ' ' && *p != '\t') {
            break;
        }
    }
    j->p = p;
    return p < e ? (unsigned char)*p : -1;
}

static int eat(struct br_json *j, char c)
{
    char what[16];
    if (br_json_peek(j) == c) return j->p++, 0;
    snprintf(what, sizeof what, "expected '%c'", c);
    return br_json_fail(j, what);
}

static int hex4(const char *p, uint32_t *out)
{
    *out = 0;
    for (int i = 0; i < 4; i++) {
        int c = p[i], d = c >= '0' && c <= '9'   ? c - '0'
                          : c >= 'a' && c <= 'f' ? c - 'a' + 10
                          : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                                 : -1;
        if (d < 0) return -1;
        *out = *out << 4 | (uint32_t)d;
    }
    return 0;
}

static void put_utf8(struct br_strbuf *sb, uint32_t cp)
{
    char b[4];
    size_t n = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    static const unsigned char lead[] = {0, 0, 0xc0, 0xe0, 0xf0};
    for (size_t i = n - 1; i > 0; i--, cp >>= 6) b[i] = (char)(0x80 | (cp & 0x3f));
    b[0] = (char)(lead[n] | cp);
    br_strbuf_add(sb, b, n);
}

/* \uXXXX at j->p (after the backslash and 'u'), with a surrogate pair when there is one. */
static int unicode_escape(struct br_json *j, struct br_strbuf *sb)
{
    uint32_t cp, lo;
    if (j->end - j->p < 4 || hex4(j->p, &cp) < 0) return br_json_fail(j, "bad \\u escape");
    j->p += 4;
    if (cp >= 0xd800 && cp <= 0xdbff) {
        if (j->end - j->p < 6 || j->p[0] != '\\' || j->p[1] != 'u' || hex4(j->p + 2, &lo) < 0 ||
            lo < 0xdc00 || lo > 0xdfff)
            return br_json_fail(j, "unpaired surrogate in a \\u escape");
        j->p += 6;
        cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
    } else if ((cp >= 0xdc00 && cp <= 0xdfff) || cp == 0) {
        return br_json_fail(j, cp ? "unpaired surrogate in a \\u escape" : "\\u0000 in a string");
    }
    put_utf8(sb, cp);
    return 0;
}

int br_json_string(struct br_json *j, struct br_strbuf *sb)
{
    static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
    br_strbuf_reset(sb);
    if (eat(j, '"') < 0) return -1;
    for (;;) {
        const char *s = j->p;
        while (j->p < j->end && *j->p != '"' && *j->p != '\\' && (unsigned char)*j->p >= 0x20)
            j->p++;
        br_strbuf_add(sb, s, (size_t)(j->p - s));
        if (j->p == j->end) return br_json_fail(j, "unterminated string");
        char c = *j->p++;
        if (c == '"') return 0;
        if (c != '\\') return j->p--, br_json_fail(j, "control character in a string");
        if (j->p == j->end) return br_json_fail(j, "unterminated string");
        const char *e = strchr(from, *j->p);
        if (*j->p == 'u') {
            j->p++;
            if (unicode_escape(j, sb) < 0) return -1;
        } else if (e && *j->p) {
            br_strbuf_addc(sb, to[e - from]);
            j->p++;
        } else {
            return br_json_fail(j, "bad escape in a string");
        }
    }
}

static const char *digits(const char *p, const char *end)
{
    while (p < end && *p >= '0' && *p <= '9') p++;
    return p;
}

/* Where the number at j->p ends (RFC 8259's grammar: each part that starts must have a digit,
 * no leading zeros), or NULL. */
static const char *number_end(const struct br_json *j)
{
    const char *p = j->p, *e = j->end, *d;
    if (p < e && *p == '-') p++;
    if (e - p >= 8 && memcmp(p, "Infinity", 8) == 0) return p + 8;
    if (p == j->p && e - p >= 3 && memcmp(p, "NaN", 3) == 0) return p + 3;
    d = p;
    p = digits(d, e);
    if (p == d || (*d == '0' && p - d > 1)) return NULL;
    if (p < e && *p == '.') {
        d = p + 1;
        if ((p = digits(d, e)) == d) return NULL;
    }
    if (p < e && (*p == 'e' || *p == 'E')) {
        d = p + (p + 1 < e && (p[1] == '+' || p[1] == '-') ? 2 : 1);
        if ((p = digits(d, e)) == d) return NULL;
    }
    return p;
}

int br_json_number(struct br_json *j, double *v)
{
    char buf[72];
    const char *p = number_end(j);
    if (!p) return br_json_fail(j, "bad number");
    /* A copy, because strtod would read on past a number that ends the buffer. */
    if ((size_t)(p - j->p) >= sizeof buf) return br_json_fail(j, "number too long");
    memcpy(buf, j->p, (size_t)(p - j->p));
    buf[p - j->p] = '\0';
    *v = strtod(buf, NULL); /* also reads NaN and [-]Infinity */
    j->p = p;
    return 0;
}

static const char *const words[] = {"null", "false", "true"};

int br_json_literal(struct br_json *j, int *word)
{
    for (int i = 0; i < 3; i++) {
        size_t n = strlen(words[i]);
        if ((size_t)(j->end - j->p) >= n && memcmp(j->p, words[i], n) == 0) {
            j->p += n;
            *word = i - 1;
            return 0;
        }
    }
    return br_json_fail(j, "unexpected character");
}

int br_json_object(struct br_json *j, br_json_member_fn fn, void *ctx)
{
    if (j->depth >= BR_JSON_MAX_DEPTH) return br_json_fail(j, "nested too deeply");
    if (eat(j, '{') < 0) return -1;
    /* One key buffer per depth: an object at depth d ends before the next one there starts. */
    struct br_strbuf *key = &j->keys[j->depth++];
    if (!key->buf) br_strbuf_init(key);
    int rc = 0;
    if (br_json_peek(j) != '}')
        while ((rc = br_json_string(j, key)) == 0 && (rc = eat(j, ':')) == 0 &&
               (rc = fn(j, key->buf, ctx)) == 0 && br_json_peek(j) == ',')
            j->p++;
    if (rc == 0) rc = eat(j, '}');
    j->depth--;
    return rc;
}

int br_json_array(struct br_json *j, br_json_element_fn fn, void *ctx)
{
    if (j->depth >= BR_JSON_MAX_DEPTH) return br_json_fail(j, "nested too deeply");
    if (eat(j, '[') < 0) return -1;
    j->depth++;
    int rc = 0;
    if (br_json_peek(j) != ']')
        while ((rc = fn(j, ctx)) == 0 && br_json_peek(j) == ',') j->p++;
    if (rc == 0) rc = eat(j, ']');
    j->depth--;
    return rc;
}

static int skip_member(struct br_json *j, const char *key, void *ctx)
{
    (void)key;
    (void)ctx;
    return br_json_skip(j);
}

static int skip_element(struct br_json *j, void *ctx)
{
    (void)ctx;
    return br_json_skip(j);
}

int br_json_scalar_text(struct br_json *j, struct br_strbuf *sb)
{
    int c = br_json_peek(j), word;
    br_strbuf_reset(sb);
    if (c == '{') return br_json_object(j, skip_member, NULL) < 0 ? -1 : 0;
    if (c == '[') return br_json_array(j, skip_element, NULL) < 0 ? -1 : 0;
    if (c == '"') return br_json_string(j, sb) < 0 ? -1 : 1;
    if (c == 't' || c == 'f' || c == 'n') {
        if (br_json_literal(j, &word) < 0) return -1;
        br_strbuf_adds(sb, words[word + 1]);
        return 1;
    }
    if (c < 0) return br_json_fail(j, "unexpected end of input");
    const char *s = j->p, *e = number_end(j);
    if (!e) return br_json_fail(j, "bad number");
    br_strbuf_add(sb, s, (size_t)(e - s));
    j->p = e;
    return 1;
}

/* Numbers are only checked, not converted: most of what a reader skips is numbers. */
int br_json_skip(struct br_json *j)
{
    int c = br_json_peek(j);
    if ((c >= '0' && c <= '9') || c == '-') {
        const char *e = number_end(j);
        if (!e) return br_json_fail(j, "bad number");
        j->p = e;
        return 0;
    }
    return br_json_scalar_text(j, &j->scratch) < 0 ? -1 : 0;
}

int br_json_expect(struct br_json *j, const char *key, enum br_json_type type)
{
    static const struct {
        const char *starts, *name; /* the characters a value of the type starts with */
    } types[] = {
        {"\"", "a string"}, {"-0123456789NI", "a number"}, {"{", "an object"}, {"[", "an array"}};
    int c = br_json_peek(j);
    if (c > 0 && strchr(types[type].starts, c)) return 0;
    return br_error("%s:%zu: '%.40s' should be %s", j->name, j->line, key, types[type].name);
}

int br_json_document(struct br_json *j, br_json_member_fn fn, void *ctx)
{
    if (br_json_object(j, fn, ctx) < 0) return -1;
    if (br_json_peek(j) >= 0) return br_json_fail(j, "text after the end of the document");
    return 0;
}

struct finder {
    const char *key;
    int found;
};

static int find_member(struct br_json *j, const char *key, void *ctx)
{
    struct finder *f = ctx;
    if (strcmp(key, f->key) != 0) return br_json_skip(j);
    f->found = 1;
    return -1; /* stop reading: the answer is known */
}

int br_json_has_member(const char *buf, size_t len, const char *key)
{
    struct br_json j;
    struct finder f = {key, 0};
    br_json_init(&j, "", buf, len);
    if (br_json_peek(&j) == '{') br_json_object(&j, find_member, &f);
    br_json_release(&j);
    return f.found;
}

int br_json_validate(const char *name, const char *buf, size_t len)
{
    struct br_json j;
    br_json_init(&j, name, buf, len);
    int rc = br_json_skip(&j);
    if (rc == 0 && br_json_peek(&j) >= 0)
        rc = br_json_fail(&j, "text after the end of the document");
    br_json_release(&j);
    return rc;
}
