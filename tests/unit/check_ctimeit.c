/* ctimeit's pure parts: names, which text is a kept expression, the generated program's
 * #line bookkeeping, and timeit's summary against exact expected text. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_main.h"
#include "model/results.h"
#include "prog/ctimeit_report.h"
#include "prog/ctimeit_source.h"

/* ---- names ----------------------------------------------------------------------------- */

static void check_names(char *const *stmts, size_t n, const char *const *want)
{
    char **names = br_ctimeit_names(stmts, n);
    for (size_t i = 0; i < n; i++) ck_assert_str_eq(names[i], want[i]);
    br_ctimeit_names_free(names, n);
}

START_TEST(names_are_the_statements_folded_cut_and_unique)
{
    char *plain[] = {"strlen(\"hello, world\")", "  a\n\tb  ", "", "x", "x", "x #2"};
    const char *want[] = {"strlen(\"hello, world\")", "a b", "(empty)", "x", "x #2", "x #2 #2"};
    check_names(plain, 6, want);

    char *dup_first[] = {"x #2", "x", "x"};
    const char *want_dup[] = {"x #2", "x", "x #3"};
    check_names(dup_first, 3, want_dup);

    char *long_ascii[] = {"0123456789012345678901234567890123456789_tail"};
    const char *want_ascii[] = {"0123456789012345678901234567890123456..."};
    check_names(long_ascii, 1, want_ascii);

    /* 30 two-byte characters: byte 37 is the middle of one, so the cut goes back to 36. */
    char utf8[61] = "";
    for (int i = 0; i < 30; i++) strcat(utf8, "\xc3\xa9");
    char *long_utf8[] = {utf8};
    char **names = br_ctimeit_names(long_utf8, 1);
    ck_assert_uint_eq(strlen(names[0]), 36 + 3);
    ck_assert_int_eq(strncmp(names[0], utf8, 36), 0);
    ck_assert_str_eq(names[0] + 36, "...");
    br_ctimeit_names_free(names, 1);
}
END_TEST

/* ---- kept expressions ------------------------------------------------------------------- */

static const struct {
    const char *stmt;
    long start; /* of the kept expression; -1: statements only */
} expression_cases[] = {
    {"strlen(s)", 0},
    {"  strlen(s)", 2},
    {"memset(b, 0, 4);", -1},
    {"{ x++; }", -1},
    {"x = 1; y", 7},
    {"x = 1;\n  y", 9},
    {"for (i = 0; i < 3; i++) s += i", -1},
    {"if (x) y = 1", -1},
    {"int y = 3", -1},
    {"size_t n = strlen(s)", -1},
    {"sizeof x", 0},
    {"f(\";\")", 0},
    {"f(';')", 0},
    {"a; // c", -1},
    {"a; /* ; */ b", 11},
    {"nanosleep(&(struct timespec){0, 10000000}, NULL)", 0},
    {"", -1},
    {"   ", -1},
};

START_TEST(expression_is_what_follows_the_last_statement)
{
    const char *s = expression_cases[_i].stmt;
    ck_assert_msg(br_ctimeit_expression(s) == expression_cases[_i].start, "'%s': got %ld, want %ld",
                  s, br_ctimeit_expression(s), expression_cases[_i].start);
}
END_TEST

/* ---- the generated program -------------------------------------------------------------- */

static char *generate(char **stmts, size_t n, enum br_ctimeit_mode mode)
{
    static char *headers[] = {"zlib.h", "\"my.h\""};
    static char *decls[] = {"static unsigned char buf[64];"};
    static char *setups[] = {"buf[0] = 1"};
    struct br_ctimeit_prog p = {headers, 2, decls, 1, setups, 1, stmts, n, NULL};
    p.names = br_ctimeit_names(stmts, n);
    struct br_strbuf sb;
    br_strbuf_init(&sb);
    br_ctimeit_generate(&sb, &p, mode, "/cache/k.c");
    br_ctimeit_names_free(p.names, n);
    return br_strbuf_detach(&sb);
}

static size_t count(const char *s, const char *needle)
{
    size_t n = 0;
    for (const char *p = s; (p = strstr(p, needle)) != NULL; p++) n++;
    return n;
}

/* Every `#line N "/cache/k.c"` must give the generated file its own numbering back: the line
 * after the directive is line N of the file. */
static void check_own_numbering(const char *src)
{
    size_t line = 1, checked = 0;
    for (const char *p = src; *p; line++) {
        unsigned long n;
        int end = 0;
        if (sscanf(p, "#line %lu \"/cache/k.c\"%n", &n, &end) == 1 && end > 0) {
            ck_assert_uint_eq(n, line + 1);
            checked++;
        }
        p = strchr(p, '\n');
        if (!p) break;
        p++;
    }
    ck_assert_uint_gt(checked, 4);
}

START_TEST(generated_program_points_at_the_users_text)
{
    char *stmts[] = {"strlen(\"s\")", "x = 1;\n  y // note", "memset(buf, 0, 64);"};
    char *src = generate(stmts, 3, BR_CTIMEIT_KEEP);
    check_own_numbering(src);
    ck_assert_ptr_nonnull(strstr(src, "#line 1 \"header 1\"\n#include <zlib.h>\n"));
    ck_assert_ptr_nonnull(strstr(src, "#line 1 \"header 2\"\n#include \"my.h\"\n"));
    ck_assert_ptr_nonnull(strstr(src, "#line 1 \"declarations\"\nstatic unsigned char"));
    ck_assert_ptr_nonnull(strstr(src, "#line 1 \"setup\"\nbuf[0] = 1;\n"));
    /* the expression of statement 2 starts on its line 2, column 3, and is kept three times
     * over (its type, the void case, the kept case); its // comment does not swallow the ')' */
    ck_assert_uint_eq(count(src, "#line 2 \"statement 2\"\n  y // note\n"), 3);
    ck_assert_ptr_nonnull(strstr(src, "#line 1 \"statement 2\"\nx = 1;\n"));
    ck_assert_uint_eq(count(src, "#line 1 \"statement 1\"\nstrlen(\"s\")"), 3);
    ck_assert_ptr_nonnull(strstr(src, "#line 1 \"statement 3\"\nmemset(buf, 0, 64);;\n"));
    ck_assert_ptr_nonnull(strstr(src, "bench__desc_statement_1.name = \"strlen(\\\"s\\\")\";"));
    ck_assert_ptr_nonnull(strstr(src, "bench__desc_statement_2.name = \"x = 1; y // note\";"));
    free(src);

    src = generate(stmts, 3, BR_CTIMEIT_PLAIN);
    check_own_numbering(src);
    ck_assert_uint_eq(count(src, "#line 1 \"statement 1\"\nstrlen(\"s\")"), 1);
    ck_assert_uint_eq(count(src, "y // note\n"), 1);
    ck_assert_ptr_null(strstr(src, "bench_keep"));
    free(src);
}
END_TEST

/* A user's text ending in a backslash (and blanks, which GCC splices over too) must not splice
 * the line after it - a suffix or the #line that follows - onto the user's code: an empty line
 * follows it instead, and the numbering stays right. */
/* No line of `src` that ends in a backslash (then blanks) is followed by a directive; how many
 * such lines there are. */
static size_t splices_no_directive(const char *src)
{
    size_t n = 0;
    for (const char *p = src; (p = strchr(p, '\n')) != NULL; p++) {
        const char *q = p;
        while (q > src && (q[-1] == ' ' || q[-1] == '\t')) q--;
        if (q == src || q[-1] != '\\') continue;
        ck_assert_msg(p[1] != '#', "a splice onto: %.40s", p + 1);
        n++;
    }
    return n;
}

START_TEST(a_trailing_backslash_splices_nothing_of_ctimeits)
{
    char *stmts[] = {"x \\", "y = 1; \\ ", "z = 2; // note \\"};
    static char *headers[] = {"zlib.h"};
    static char *decls[] = {"int x; \\"};
    static char *setups[] = {"x = 1; \\"};
    struct br_ctimeit_prog p = {headers, 1, decls, 1, setups, 1, stmts, 3, NULL};
    p.names = br_ctimeit_names(stmts, 3);
    for (int mode = 0; mode < 2; mode++) {
        struct br_strbuf sb;
        br_strbuf_init(&sb);
        br_ctimeit_generate(&sb, &p, mode ? BR_CTIMEIT_PLAIN : BR_CTIMEIT_KEEP, "/cache/k.c");
        check_own_numbering(sb.buf);
        ck_assert_uint_ge(splices_no_directive(sb.buf), 5);
        ck_assert_ptr_nonnull(strstr(sb.buf, "#line 1 \"declarations\"\nint x; \\\n\n#line"));
        ck_assert_ptr_nonnull(strstr(sb.buf, "#line 1 \"setup\"\nx = 1; \\\n;\n#line"));
        /* the comment's backslash continues it onto an empty line, then the comment ends */
        ck_assert_ptr_nonnull(strstr(sb.buf, "z = 2; // note \\\n\n;\n#line"));
        br_strbuf_release(&sb);
    }
    br_ctimeit_names_free(p.names, 3);
}
END_TEST

/* What the compiler said, in the user's terms: each message in a user's text followed by that
 * line and a caret under its (byte) column, tabs shown as 8; ctimeit's own function and file
 * left out; the compiler's own quote (clang's copy of the generated line, GCC's "N |" lines)
 * replaced by ours; messages elsewhere (a system header) kept as they are. */
START_TEST(compiler_messages_quote_the_users_text_with_a_caret)
{
    static char *decls[] = {"int x;"};
    static char *setups[] = {"x = 1;\n\tx = 2; nosuch = 3"};
    static char *stmts[] = {"strlen(\"a\")", "strlen(\"é\", 2)"};
    struct br_ctimeit_prog p = {NULL, 0, decls, 1, setups, 1, stmts, 2, NULL};
    char *internal[] = {"/c/k.c", "/c/k.plain.c", NULL};
    const char *gcc = "statement 2: In function \xe2\x80\x98"
                      "bench__body_statement_2\xe2\x80\x99:\n"
                      "statement 2:1:1: error: too many arguments to function 'strlen'\n"
                      "In file included from /c/k.plain.c:9:\n"
                      "/usr/include/string.h:407:15: note: declared here\n"
                      "  407 | extern size_t strlen (const char *__s)\n"
                      "      |               ^~~~~~\n"
                      "statement 2:1:14: warning: w\n"
                      "    1 | a file named statement 2\n"
                      "      |             ^\n"
                      "setup: In function 'ctimeit__setup':\n"
                      "setup:2:9: error: 'nosuch' undeclared\n"
                      "declarations: In function 'helper':\n"
                      "declarations:1:5: note: n\n";
    const char *want = "statement 2:1:1: error: too many arguments to function 'strlen'\n"
                       "    strlen(\"é\", 2)\n"
                       "    ^\n"
                       "/usr/include/string.h:407:15: note: declared here\n"
                       "  407 | extern size_t strlen (const char *__s)\n"
                       "      |               ^~~~~~\n"
                       "statement 2:1:14: warning: w\n"
                       "    strlen(\"é\", 2)\n"
                       "                ^\n"
                       "setup:2:9: error: 'nosuch' undeclared\n"
                       "            x = 2; nosuch = 3\n"
                       "                   ^\n"
                       "declarations: In function 'helper':\n"
                       "declarations:1:5: note: n\n"
                       "    int x;\n"
                       "        ^\n";
    struct br_strbuf sb;
    br_strbuf_init(&sb);
    br_ctimeit_explain(&sb, gcc, &p, internal);
    ck_assert_str_eq(sb.buf, want);
    br_strbuf_reset(&sb);
    br_ctimeit_explain(&sb,
                       "statement 1:1:8: error: e\n       strlen(\"a\"));\n"
                       "              ^~~\n1 error generated.\n",
                       &p, internal);
    ck_assert_str_eq(sb.buf, "statement 1:1:8: error: e\n    strlen(\"a\")\n           ^\n"
                             "1 error generated.\n");
    br_strbuf_reset(&sb);
    br_ctimeit_explain(&sb, "statement 9:1:1: error: past the statements\nno newline", &p,
                       internal);
    ck_assert_str_eq(sb.buf, "statement 9:1:1: error: past the statements\nno newline\n");
    br_strbuf_release(&sb);
}
END_TEST

START_TEST(c_strings_are_escaped)
{
    struct br_strbuf sb;
    br_strbuf_init(&sb);
    br_ctimeit_add_c_string(&sb, "a\"b\\c?\?=\n\x7f\xc3\xa9"); /* ?\?= is "??=" */
    ck_assert_str_eq(sb.buf, "a\\\"b\\\\c\\?\\?=\\012\\177\xc3\xa9");
    br_strbuf_release(&sb);
}
END_TEST

/* ---- timeit's summary ------------------------------------------------------------------- */

START_TEST(times_in_timeit_units)
{
    static const struct {
        double ns;
        const char *want;
    } cases[] = {{3.214, "3.21 nsec"}, {0.5, "0.5 nsec"},   {999.4, "999 nsec"},
                 {1234, "1.23 usec"},  {1.5e6, "1.5 msec"}, {2e9, "2 sec"}};
    char buf[32];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        ck_assert_str_eq(br_ctimeit_format_time(cases[i].ns, buf, sizeof buf), cases[i].want);
}
END_TEST

/* n samples value, value (1 + step), value (1 + 2 step), ... */
static void add_row(struct br_results *r, const char *name, double value, double step, size_t n)
{
    double samples[10];
    for (size_t i = 0; i < n; i++) samples[i] = value * (1 + step * (double)i);
    br_results_add(r, name, 1000, samples, n);
}

START_TEST(rows_follow_the_statements)
{
    struct br_results r;
    br_results_init(&r);
    add_row(&r, "a", 1, 0, 3);
    add_row(&r, "b", 1, 0, 3);
    add_row(&r, "c", 1, 0, 3);
    char *names[] = {"c", "zz", "a"};
    br_ctimeit_order_rows(&r, names, 3);
    ck_assert_str_eq(r.rows[0].name, "c");
    ck_assert_str_eq(r.rows[1].name, "a");
    ck_assert_str_eq(r.rows[2].name, "b");
    br_results_release(&r);
}
END_TEST

static char *summary(const struct br_results *r, char **names, size_t n)
{
    char *text = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&text, &size);
    ck_assert_int_eq(br_ctimeit_summary(f, r, names, n), 0);
    fclose(f);
    return text;
}

START_TEST(summary_lines_and_ratios)
{
    struct br_results r;
    br_results_init(&r);
    add_row(&r, "strlen(s)", 2, 0.01, 10); /* 2, 2.02, ..., 2.18: median 2.09 */
    char *one[] = {"strlen(s)"};
    char *text = summary(&r, one, 1);
    ck_assert_str_eq(text, "1000 loops, best of 10: 2 nsec per loop (median 2.09 nsec)\n");
    free(text);
    br_results_release(&r);

    /* Every sample of a row equal: every ratio between two rows is exact, and so its interval. */
    br_results_init(&r);
    add_row(&r, "sqrt(x)", 2, 0, 10);
    add_row(&r, "sin(x)", 8, 0, 10);
    add_row(&r, "abs(x)", 1, 0, 10);
    br_results_set(&r, "failed",
                   "bad(x): crashed with SIGSEGV (Segmentation fault) during a sample");
    char *four[] = {"sqrt(x)", "sin(x)", "abs(x)", "bad(x)"};
    text = summary(&r, four, 4);
    ck_assert_str_eq(text,
                     "sqrt(x): 1000 loops, best of 10: 2 nsec per loop (median 2 nsec)\n"
                     "sin(x):  1000 loops, best of 10: 8 nsec per loop (median 8 nsec)\n"
                     "abs(x):  1000 loops, best of 10: 1 nsec per loop (median 1 nsec)\n"
                     "bad(x):  failed: crashed with SIGSEGV (Segmentation fault) during a sample\n"
                     "\n"
                     "sin(x)  is 4.00x slower than sqrt(x) (95% interval 4.00x to 4.00x)\n"
                     "abs(x)  is 2.00x faster than sqrt(x) (95% interval 2.00x to 2.00x)\n");
    free(text);

    /* One sample each: even two separated samples cannot reach p < 0.05. */
    add_row(&r, "one", 2, 0, 1);
    add_row(&r, "two", 2.5, 0, 1);
    char *two[] = {"one", "two"};
    text = summary(&r, two, 2);
    ck_assert_ptr_nonnull(
        strstr(text, "\ntwo is 1.25x slower than one (too few samples for a 95% interval)\n"));
    free(text);

    char *bad_first[] = {"bad(x)", "sqrt(x)"};
    text = summary(&r, bad_first, 2);
    ck_assert_ptr_nonnull(strstr(text, "\nno ratios: the first statement has no result\n"));
    free(text);
    br_results_release(&r);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("ctimeit");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, names_are_the_statements_folded_cut_and_unique);
    tcase_add_loop_test(tc, expression_is_what_follows_the_last_statement, 0,
                        (int)(sizeof expression_cases / sizeof expression_cases[0]));
    tcase_add_test(tc, generated_program_points_at_the_users_text);
    tcase_add_test(tc, a_trailing_backslash_splices_nothing_of_ctimeits);
    tcase_add_test(tc, compiler_messages_quote_the_users_text_with_a_caret);
    tcase_add_test(tc, c_strings_are_escaped);
    tcase_add_test(tc, times_in_timeit_units);
    tcase_add_test(tc, rows_follow_the_statements);
    tcase_add_test(tc, summary_lines_and_ratios);
    suite_add_tcase(s, tc);
    return check_run_suite(s);
}
