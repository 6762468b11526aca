/* ctimeit_source.c - the program ctimeit compiles: names, expressions and the generated text. */
#include "prog/ctimeit_source.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- names --------------------------------------------------------------------------- */

/* One line, blanks folded, at most BR_CTIMEIT_NAME_MAX bytes; a byte that is not UTF-8 (a
 * Latin-1 "\xe9" in a string literal) as \xNN, the results file's rule for text (base/strbuf.h),
 * since the registry refuses names that are not text. */
static char *shorten(const char *s)
{
    struct br_strbuf b;
    br_strbuf_init(&b);
    for (size_t n; *s; s += n ? n : 1) {
        n = (unsigned char)*s > ' ' && *s != 0x7f ? br_utf8_len(s, s + strnlen(s, 4)) : 1;
        if (!n)
            br_strbuf_addf(&b, "\\x%02x", (unsigned char)*s);
        else if ((unsigned char)*s > ' ' && *s != 0x7f)
            br_strbuf_add(&b, s, n);
        else if (b.len && b.buf[b.len - 1] != ' ')
            br_strbuf_addc(&b, ' ');
    }
    if (b.len > BR_CTIMEIT_NAME_MAX) {
        size_t cut = BR_CTIMEIT_NAME_MAX - 3;
        while (cut > 0 && ((unsigned char)b.buf[cut] & 0xC0) == 0x80) cut--; /* mid-character */
        b.len = cut;
        while (b.len && b.buf[b.len - 1] == ' ') b.len--;
        b.buf[b.len] = '\0';
        br_strbuf_adds(&b, "...");
    }
    while (b.len && b.buf[b.len - 1] == ' ') b.buf[--b.len] = '\0';
    if (!b.len) br_strbuf_adds(&b, "(empty)");
    return br_strbuf_detach(&b);
}

static int taken(char *const *names, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(names[i], name) == 0) return 1;
    return 0;
}

char **br_ctimeit_names(char *const *stmts, size_t n)
{
    char **names = br_xcalloc(n ? n : 1, sizeof *names);
    for (size_t i = 0; i < n; i++) {
        char *name = shorten(stmts[i]);
        struct br_strbuf b;
        br_strbuf_init(&b);
        br_strbuf_adds(&b, name);
        for (unsigned k = 2; taken(names, i, b.buf); k++) {
            br_strbuf_reset(&b);
            br_strbuf_addf(&b, "%s #%u", name, k);
        }
        free(name);
        names[i] = br_strbuf_detach(&b);
    }
    return names;
}

void br_ctimeit_names_free(char **names, size_t n)
{
    for (size_t i = 0; names && i < n; i++) free(names[i]);
    free(names);
}

/* ---- which part of a statement is a kept expression ---------------------------------- */

/* Steps over the comment or string/character literal that starts at s[i]: the index after it,
 * or i when none starts there. */
static size_t skip_literal(const char *s, size_t i)
{
    if (s[i] == '/' && s[i + 1] == '*') {
        const char *end = strstr(s + i + 2, "*/");
        return end ? (size_t)(end - s) + 2 : strlen(s);
    }
    if (s[i] == '/' && s[i + 1] == '/') return i + strcspn(s + i, "\n");
    if (s[i] != '"' && s[i] != '\'') return i;
    size_t j = i + 1;
    for (; s[j] && s[j] != s[i] && s[j] != '\n'; j++)
        if (s[j] == '\\' && s[j + 1]) j++;
    return s[j] == s[i] ? j + 1 : j;
}

static size_t skip_blank(const char *s, size_t i)
{
    for (;;) {
        while (isspace((unsigned char)s[i])) i++;
        size_t j = s[i] == '/' ? skip_literal(s, i) : i;
        if (j == i) return i;
        i = j;
    }
}

/* Just after the last ';' or '}' outside brackets, strings and comments; 0 when none. */
static size_t after_last_separator(const char *s)
{
    size_t after = 0;
    int depth = 0;
    for (size_t i = 0; s[i];) {
        size_t j = skip_literal(s, i);
        if (j != i) {
            i = j;
            continue;
        }
        char c = s[i++];
        if (c == '(' || c == '[' || c == '{')
            depth++;
        else if ((c == ')' || c == ']' || c == '}') && depth > 0)
            depth--;
        if (depth == 0 && (c == ';' || c == '}')) after = i;
    }
    return after;
}

static size_t word_length(const char *s)
{
    size_t n = 0;
    if (isalpha((unsigned char)s[0]) || s[0] == '_')
        while (isalnum((unsigned char)s[n]) || s[n] == '_') n++;
    return n;
}

static int word_in(const char *s, size_t n, const char *const *words)
{
    for (; *words; words++)
        if (strlen(*words) == n && strncmp(s, *words, n) == 0) return 1;
    return 0;
}

/* A keyword that begins a statement or a declaration: no expression starts with it. */
static const char *const statement_words[] = {
    "if",      "else",           "for",           "while",    "do",       "switch",
    "case",    "default",        "return",        "goto",     "break",    "continue",
    "typedef", "static",         "extern",        "register", "auto",     "_Thread_local",
    "void",    "char",           "short",         "int",      "long",     "float",
    "double",  "signed",         "unsigned",      "_Bool",    "bool",     "_Complex",
    "struct",  "union",          "enum",          "const",    "volatile", "restrict",
    "_Atomic", "_Static_assert", "static_assert", "inline",   NULL};
/* Keywords an expression may start with and follow with a name: `sizeof x`. */
static const char *const operator_words[] = {"sizeof",      "_Alignof",      "alignof",
                                             "__alignof__", "__extension__", NULL};

/* `for (...)`, `int x = 1`, or two names in a row (`size_t n = ...`: a declaration). */
static int begins_statement(const char *s)
{
    size_t n = word_length(s);
    if (!n) return 0;
    if (word_in(s, n, statement_words)) return 1;
    return !word_in(s, n, operator_words) && word_length(s + skip_blank(s, n)) > 0;
}

long br_ctimeit_expression(const char *stmt)
{
    size_t start = skip_blank(stmt, after_last_separator(stmt));
    if (!stmt[start] || begins_statement(stmt + start)) return -1;
    return (long)start;
}

/* ---- the generated program ----------------------------------------------------------- */

void br_ctimeit_add_c_string(struct br_strbuf *out, const char *s)
{
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '\\' || c == '"' || c == '?') /* '?': no trigraph under -std=c11 */
            br_strbuf_addf(out, "\\%c", c);
        else if (c < 0x20 || c == 0x7f)
            br_strbuf_addf(out, "\\%03o", c);
        else
            br_strbuf_addc(out, (char)c);
    }
}

struct gen {
    struct br_strbuf *out;
    const char *path; /* the generated file's own name */
};

static void line_directive(struct gen *g, size_t line, const char *file)
{
    br_strbuf_addf(g->out, "#line %zu \"", line);
    br_ctimeit_add_c_string(g->out, file);
    br_strbuf_adds(g->out, "\"\n");
}

/* Back to the generated file's own numbering: the directive is line k + 1 of the file when k
 * lines are complete, so the line after it is k + 2. */
static void restore(struct gen *g)
{
    size_t lines = 0;
    for (size_t i = 0; i < g->out->len; i++) lines += g->out->buf[i] == '\n';
    line_directive(g, lines + 2, g->path);
}

/* s[from, to) ends inside a // comment: text after it on the same line would be lost. */
static int ends_in_line_comment(const char *s, size_t from, size_t to)
{
    for (size_t i = from; i < to;) {
        size_t j = skip_literal(s, i);
        if (j >= to && s[i] == '/' && s[i + 1] == '/') return 1;
        i = j > i ? j : i + 1;
    }
    return 0;
}

/* s[0, len) ends in a backslash (then blanks, which GCC also splices over): the line after it
 * would be spliced onto the user's, and the next thing written is a suffix or a #line.  An
 * empty line is spliced instead, so `-d 'int x; \'` means `int x;`. */
static int ends_in_backslash(const char *s, size_t len)
{
    while (len && (s[len - 1] == ' ' || s[len - 1] == '\t')) len--;
    return len && s[len - 1] == '\\';
}

/* s[from, to) at the line and column where the user wrote it, under `label`, followed on its
 * last line by `suffix` (so that "expected ';'" points just after the user's text). */
static void user_text(struct gen *g, const char *label, const char *s, size_t from, size_t to,
                      const char *suffix)
{
    size_t line = 1, bol = 0;
    for (size_t i = 0; i < from; i++) {
        if (s[i] != '\n') continue;
        line++;
        bol = i + 1;
    }
    line_directive(g, line, label);
    for (size_t i = bol; i < from; i++) /* the same columns before it: tabs kept, one blank
                                           per character */
        if (s[i] == '\t' || ((unsigned char)s[i] & 0xC0) != 0x80)
            br_strbuf_addc(g->out, s[i] == '\t' ? '\t' : ' ');
    br_strbuf_add(g->out, s + from, to - from);
    if (ends_in_backslash(s + from, to - from)) br_strbuf_addc(g->out, '\n');
    if (ends_in_line_comment(s, from, to)) br_strbuf_addc(g->out, '\n');
    br_strbuf_adds(g->out, suffix);
    br_strbuf_addc(g->out, '\n');
    restore(g);
}

/* "setup" for a single -s, "setup 2" for the second of several. */
static void label(char *buf, size_t size, const char *what, size_t i, size_t n)
{
    if (n == 1)
        snprintf(buf, size, "%s", what);
    else
        snprintf(buf, size, "%s %zu", what, i + 1);
}

static void prologue(struct gen *g, const struct br_ctimeit_prog *p)
{
    static const char *const defaults[] = {"stdint.h", "stddef.h", "stdlib.h", "stdio.h",
                                           "string.h", "math.h",   "time.h",   NULL};
    br_strbuf_adds(g->out, "/* Generated by ctimeit from its command line. */\n"
                           "#ifndef _GNU_SOURCE\n"
                           "#define _GNU_SOURCE /* all the C library declares */\n"
                           "#endif\n");
    for (size_t i = 0; defaults[i]; i++) br_strbuf_addf(g->out, "#include <%s>\n", defaults[i]);
    br_strbuf_adds(g->out, "#include <bench.h>\n");
    for (size_t i = 0; i < p->nheaders; i++) {
        const char *h = p->headers[i];
        char text[4096], where[64];
        snprintf(text, sizeof text, *h == '<' || *h == '"' ? "#include %s" : "#include <%s>", h);
        label(where, sizeof where, "header", i, 0);
        user_text(g, where, text, 0, strlen(text), "");
    }
    for (size_t i = 0; i < p->ndecls; i++) {
        char where[64];
        label(where, sizeof where, "declarations", i, p->ndecls);
        user_text(g, where, p->decls[i], 0, strlen(p->decls[i]), "");
    }
}

static void setup_hook(struct gen *g, const struct br_ctimeit_prog *p)
{
    br_strbuf_adds(g->out, "static void ctimeit__setup(bench_t *bench)\n{\n    (void)bench;\n");
    for (size_t i = 0; i < p->nsetups; i++) {
        char where[64];
        label(where, sizeof where, "setup", i, p->nsetups);
        user_text(g, where, p->setups[i], 0, strlen(p->setups[i]), ";");
    }
    br_strbuf_adds(g->out, "}\nstatic const bench_fixture ctimeit__fixture = {ctimeit__setup, "
                           "NULL, NULL, NULL};\n");
}

/* The expression E = s[e, end) kept: E may be void, which bench_keep cannot take, so its type
 * chooses between `(void)(E)` and bench_keep(E); E is evaluated once either way. */
static void kept_expression(struct gen *g, const char *where, const char *s, size_t e)
{
    size_t end = strlen(s);
    br_strbuf_adds(g->out, "    enum { ctimeit__void = __builtin_types_compatible_p(__typeof__(\n");
    user_text(g, where, s, e, end, "), void) };");
    br_strbuf_adds(g->out, "    if (ctimeit__void)\n        (void)(\n");
    user_text(g, where, s, e, end, ");");
    br_strbuf_adds(g->out, "    else\n"
                           "        bench_keep(__builtin_choose_expr(ctimeit__void, 0, (\n");
    user_text(g, where, s, e, end, ")));");
}

static void statement(struct gen *g, const char *s, size_t i, enum br_ctimeit_mode mode)
{
    char where[64];
    snprintf(where, sizeof where, "statement %zu", i + 1);
    br_strbuf_addf(g->out, "\nBENCH_F(statement_%zu, ctimeit__fixture)\n{\n", i + 1);
    long e = br_ctimeit_expression(s);
    if (e < 0) {
        user_text(g, where, s, 0, strlen(s), ";");
    } else {
        if (e > 0) user_text(g, where, s, 0, (size_t)e, "");
        if (mode == BR_CTIMEIT_KEEP) {
            kept_expression(g, where, s, (size_t)e);
        } else {
            br_strbuf_adds(g->out, "    (void)(\n");
            user_text(g, where, s, (size_t)e, strlen(s), ");");
        }
    }
    br_strbuf_adds(g->out, "}\n");
}

static void main_function(struct gen *g, const struct br_ctimeit_prog *p)
{
    br_strbuf_adds(g->out, "\nint main(int argc, char **argv)\n{\n"
                           "    /* BENCH_F() takes an identifier; these benchmarks are named by "
                           "their statements. */\n");
    for (size_t i = 0; i < p->nstmts; i++) {
        br_strbuf_addf(g->out, "    bench__desc_statement_%zu.name = \"", i + 1);
        br_ctimeit_add_c_string(g->out, p->names[i]);
        br_strbuf_adds(g->out, "\";\n");
    }
    br_strbuf_adds(g->out, "    return bench_main(argc, argv);\n}\n");
}

void br_ctimeit_generate(struct br_strbuf *out, const struct br_ctimeit_prog *p,
                         enum br_ctimeit_mode mode, const char *path)
{
    struct gen g = {out, path};
    prologue(&g, p);
    setup_hook(&g, p);
    for (size_t i = 0; i < p->nstmts; i++) statement(&g, p->stmts[i], i, mode);
    main_function(&g, p);
}

/* ---- the compiler's messages in the user's terms ------------------------------------- */

/* The user's text that the #line label s[0, len) names ("statement 2", "setup", ...), or NULL
 * (a header, a file of ctimeit's or the system's).  The labels are label()'s, as generated. */
static const char *text_of(const struct br_ctimeit_prog *p, const char *s, size_t len)
{
    char buf[64];
    for (size_t i = 0; i < p->nstmts; i++) {
        snprintf(buf, sizeof buf, "statement %zu", i + 1);
        if (strlen(buf) == len && strncmp(s, buf, len) == 0) return p->stmts[i];
    }
    for (size_t i = 0; i < p->nsetups; i++) {
        label(buf, sizeof buf, "setup", i, p->nsetups);
        if (strlen(buf) == len && strncmp(s, buf, len) == 0) return p->setups[i];
    }
    for (size_t i = 0; i < p->ndecls; i++) {
        label(buf, sizeof buf, "declarations", i, p->ndecls);
        if (strlen(buf) == len && strncmp(s, buf, len) == 0) return p->decls[i];
    }
    return NULL;
}

/* "LABEL:LINE:COL: " at the start of the message msg[0, len) naming a user's text: that
 * text, *line and *col. */
static const char *located(const struct br_ctimeit_prog *p, const char *msg, size_t len,
                           size_t *line, size_t *col)
{
    for (const char *c = memchr(msg, ':', len); c;
         c = memchr(c + 1, ':', len - (size_t)(c - msg) - 1)) {
        char *end;
        if (!isdigit((unsigned char)c[1])) continue;
        *line = strtoul(c + 1, &end, 10);
        if (*end != ':' || !isdigit((unsigned char)end[1])) continue;
        *col = strtoul(end + 1, &end, 10);
        if (*end != ':') continue;
        return text_of(p, msg, (size_t)(c - msg));
    }
    return NULL;
}

/* Line `n` (from 1) of `s` and its length; NULL past the end. */
static const char *nth_line(const char *s, size_t n, size_t *len)
{
    for (; n > 1 && s; n--) s = (s = strchr(s, '\n')) ? s + 1 : NULL;
    if (s) *len = strcspn(s, "\n");
    return s;
}

/* The user's line, then a caret under column `col`, as Python's timeit shows a syntax error.
 * The column counts bytes from 1: clang's rule, and GCC's when it cannot open the file named
 * by #line ("statement 1" is no file; GCC counts display columns only in a file it reads).
 * Shown with tabs expanded to 8 and a UTF-8 character as one column, so the caret stands under
 * the character at that byte. */
static void excerpt(struct br_strbuf *out, const char *s, size_t len, size_t col)
{
    size_t shown = 0, caret = SIZE_MAX;
    br_strbuf_adds(out, "    ");
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (i + 1 >= col && caret == SIZE_MAX) caret = shown;
        if ((c & 0xC0) == 0x80) { /* a continuation byte: its character is counted */
            br_strbuf_addc(out, (char)c);
            continue;
        }
        size_t width = c == '\t' ? 8 - shown % 8 : 1;
        for (size_t k = 0; k < width; k++) br_strbuf_addc(out, c == '\t' ? ' ' : (char)c);
        shown += width;
    }
    br_strbuf_adds(out, "\n    ");
    for (size_t k = 0; k < (caret == SIZE_MAX ? shown : caret); k++) br_strbuf_addc(out, ' ');
    br_strbuf_adds(out, "^\n");
}

/* A line that only names ctimeit's own code: "X: In function 'bench__body_statement_2':" (the
 * function a statement becomes, the set-up hook, main), or "In file included from
 * /cache/KEY.plain.c:9:" (a line of the generated file, not the user's). */
static int internal(const char *s, size_t len, char *const *paths)
{
    const char *fn = strstr(s, ": In function ");
    if (fn && (size_t)(fn - s) < len) { /* the name's quotes: ' or a locale's (UTF-8) */
        fn += strlen(": In function ");
        while (*fn && !isalpha((unsigned char)*fn) && *fn != '_') fn++;
        size_t n = strspn(fn, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_");
        return strncmp(fn, "bench__", 7) == 0 || strncmp(fn, "ctimeit__", 9) == 0 ||
               (n == 4 && strncmp(fn, "main", 4) == 0);
    }
    while (*s == ' ') s++;
    if (strncmp(s, "In file included from ", 22) == 0)
        s += 22;
    else if (strncmp(s, "from ", 5) == 0)
        s += 5;
    else
        return 0;
    for (; *paths; paths++)
        if (strncmp(s, *paths, strlen(*paths)) == 0 && s[strlen(*paths)] == ':') return 1;
    return 0;
}

static const char *next_line(const char *s)
{
    s += strcspn(s, "\n");
    return *s ? s + 1 : s;
}

/* Only blanks, '~' and at least one '^': the compiler's caret line. */
static int caret_line(const char *s)
{
    size_t n = strcspn(s, "\n");
    return memchr(s, '^', n) && strspn(s, " \t~^") >= n;
}

/* After the compiler's own quote of the line at `s`, which ours replaces: GCC's "    1 | ..."
 * and "      |  ^" lines (it quotes a file named like the label, if one is here), clang's copy
 * of the generated line (the user's text with ctimeit's additions) and its caret line.  `s`
 * when there is none. */
static const char *after_quote(const char *s)
{
    for (;;) {
        const char *t = s + strspn(s, " ");
        t += strspn(t, "0123456789");
        if (t == s || (*t == ' ' ? t[1] : *t) != '|') break;
        s = next_line(s);
    }
    const char *second = next_line(s);
    return *s && *second && caret_line(second) ? next_line(second) : s;
}

void br_ctimeit_explain(struct br_strbuf *out, const char *messages,
                        const struct br_ctimeit_prog *p, char *const *internal_paths)
{
    for (const char *s = messages; *s;) {
        size_t len = strcspn(s, "\n"), line, col, n;
        const char *next = s[len] ? s + len + 1 : s + len;
        if (internal(s, len, internal_paths)) {
            s = next;
            continue;
        }
        br_strbuf_add(out, s, len);
        br_strbuf_addc(out, '\n');
        const char *text = located(p, s, len, &line, &col);
        const char *l = text ? nth_line(text, line, &n) : NULL;
        if (l) {
            excerpt(out, l, n, col);
            next = after_quote(next);
        }
        s = next;
    }
}
