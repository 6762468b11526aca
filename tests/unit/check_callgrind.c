/* check_callgrind.c - the reader of callgrind's format (format/callgrind.h) on captured files
 * and on one written by hand, with the expected numbers worked out from the files' lines:
 *
 *   callgrind_batch.out  a dump of one batch (valgrind 3.19, tests/data/callgrind_sample.c.txt):
 *                        compressed names, relative lines, calls=0 arcs of frames entered
 *                        before collection, and a summary (4226) above the cost lines' total
 *                        (4215) - the active frames' own cost is only in the summary;
 *   callgrind_instr.out  the same program with --dump-instr=yes --compress-strings=no:
 *                        `positions: instr line`, names written out;
 *   callgrind_calls.out  by hand: a second object, calls with and without cfi=/cob=, self
 *                        recursion, no summary line.
 */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "format/callgrind.h"
#include "check_main.h"

static void data_path(const char *name, char *path, size_t size)
{
    const char *top = getenv("top_srcdir");
    snprintf(path, size, "%s/tests/data/%s", top ? top : ".", name);
}

static void read_data(const char *name, int total_only, struct br_callgrind *cg)
{
    char path[4096];
    data_path(name, path, sizeof path);
    ck_assert_msg(br_callgrind_read(path, total_only, cg) == 0, "%s", br_errmsg());
}

static const struct br_cg_fn *fn(const struct br_callgrind *cg, const char *name,
                                 const char *object)
{
    for (size_t i = 0; i < cg->nfns; i++)
        if (strcmp(cg->fns[i].name, name) == 0 &&
            (!object || strcmp(cg->fns[i].object, object) == 0))
            return &cg->fns[i];
    ck_abort_msg("no function %s", name);
    return NULL;
}

static double line_cost(const struct br_callgrind *cg, const char *file_suffix, unsigned long line,
                        int event)
{
    for (size_t i = 0; i < cg->nlines; i++) {
        const struct br_cg_line *l = &cg->lines[i];
        size_t n = strlen(l->file), k = strlen(file_suffix);
        if (l->line == line && n >= k && strcmp(l->file + n - k, file_suffix) == 0)
            return l->self[event];
    }
    return NAN;
}

START_TEST(test_batch_dump)
{
    struct br_callgrind cg;
    read_data("callgrind_batch.out", 0, &cg);
    ck_assert_uint_eq(cg.nevents, 9);
    ck_assert_str_eq(cg.events[0], "Ir");
    ck_assert_int_eq(br_callgrind_event(&cg, "DLmw"), 8);
    ck_assert_int_eq(br_callgrind_event(&cg, "Bc"), -1);
    /* the summary, not the sum of the cost lines (4215) */
    ck_assert_double_eq(cg.total[0], 4226);
    ck_assert_double_eq(cg.total[1], 3);
    ck_assert_double_eq(cg.total[2], 9);
    ck_assert_double_eq(cg.total[3], 0);
    const struct br_cg_fn *a = fn(&cg, "helper_a", NULL), *b = fn(&cg, "helper_b", NULL);
    const struct br_cg_fn *m = fn(&cg, "main", NULL);
    ck_assert_double_eq(a->self[0], 4207);
    ck_assert_double_eq(a->inclusive[0], 4207);
    ck_assert_double_eq(a->calls_in, 1);
    ck_assert_double_eq(b->self[0], 4);
    ck_assert_double_eq(b->inclusive[0], 4211);
    ck_assert_double_eq(m->self[0], 4);
    ck_assert_double_eq(m->inclusive[0], 4215);
    ck_assert_double_eq(m->calls_in, 0); /* entered before collection: calls=0 */
    ck_assert_str_eq(a->object, "/tmp/cgcap/cg_sample");
    /* lines: 8 3, -1 2, +1 4200, +2 2 in helper_a; a call's cost line is not self cost */
    ck_assert_double_eq(line_cost(&cg, "cg_sample.c", 7, 0), 2);
    ck_assert_double_eq(line_cost(&cg, "cg_sample.c", 8, 0), 4203);
    ck_assert_double_eq(line_cost(&cg, "cg_sample.c", 10, 0), 2);
    ck_assert_double_eq(line_cost(&cg, "cg_sample.c", 12, 0), 4);
    ck_assert_double_eq(line_cost(&cg, "cg_sample.c", 22, 0), 2);
    ck_assert_double_eq(line_cost(&cg, "cg_sample.c", 23, 0), 2);
    ck_assert_double_eq(line_cost(&cg, "cg_sample.c", 10, 1), 1); /* Dr of "+2 2 1" */
    br_callgrind_release(&cg);
}
END_TEST

START_TEST(test_total_only)
{
    struct br_callgrind whole, head;
    read_data("callgrind_batch.out", 0, &whole);
    read_data("callgrind_batch.out", 1, &head);
    for (size_t e = 0; e < whole.nevents; e++) ck_assert_double_eq(head.total[e], whole.total[e]);
    ck_assert_uint_eq(head.nlines, 0); /* the body was not read */
    ck_assert_uint_eq(head.nfns, 0);
    br_callgrind_release(&whole);
    br_callgrind_release(&head);
}
END_TEST

START_TEST(test_instr_positions)
{
    struct br_callgrind cg;
    read_data("callgrind_instr.out", 0, &cg);
    ck_assert_uint_eq(cg.nevents, 1);
    ck_assert_double_eq(cg.total[0], 2132);
    /* callgrind_annotate --inclusive=yes agrees: 2107 and 2111 */
    ck_assert_double_eq(fn(&cg, "helper_a", NULL)->inclusive[0], 2107);
    ck_assert_double_eq(fn(&cg, "helper_b", NULL)->inclusive[0], 2111);
    double sum = 0;
    for (size_t i = 0; i < cg.nlines; i++)
        if (cg.lines[i].fn == fn(&cg, "helper_a", NULL)) sum += cg.lines[i].self[0];
    ck_assert_double_eq(sum, 2107);
    /* 3 + 7 + 7 x 299 on line 8, the address column relative in decimal */
    ck_assert_double_eq(line_cost(&cg, "cg_sample.c", 8, 0), 2103);
    ck_assert_double_eq(line_cost(&cg, "cg_sample.c", 7, 0), 2);
    br_callgrind_release(&cg);
}
END_TEST

START_TEST(test_calls_by_hand)
{
    struct br_callgrind cg;
    read_data("callgrind_calls.out", 0, &cg);
    ck_assert_double_eq(cg.total[0], 460); /* no summary: the self costs */
    ck_assert_double_eq(cg.total[1], 41);
    const struct br_cg_fn *m = fn(&cg, "main", NULL), *f1 = fn(&cg, "func1", NULL);
    const struct br_cg_fn *f2 = fn(&cg, "func2", NULL), *r = fn(&cg, "rec", "/lib/librec.so");
    ck_assert_double_eq(m->inclusive[0], 460);
    ck_assert_double_eq(m->inclusive[1], 21);
    ck_assert_double_eq(f1->inclusive[0], 200);
    ck_assert_double_eq(f2->self[0], 300);
    ck_assert_double_eq(f2->calls_in, 3);
    ck_assert_str_eq(f2->object, "/bin/prog");
    ck_assert_double_eq(r->self[0], 50);
    ck_assert_double_eq(r->inclusive[0], 50); /* its call of itself is in its self cost */
    ck_assert_double_eq(r->calls_in, 2);
    ck_assert_uint_eq(cg.ncalls, 5);
    ck_assert_uint_eq(cg.nlines, 5);
    ck_assert_str_eq(cg.lines[0].file, "lib.c"); /* by file, then line */
    ck_assert_double_eq(cg.lines[0].self[0], 300);
    ck_assert_double_eq(line_cost(&cg, "main.c", 16, 0), 10);
    ck_assert_double_eq(line_cost(&cg, "main.c", 51, 0), 100);
    ck_assert_double_eq(line_cost(&cg, "rec.c", 6, 0), 20);
    ck_assert(isnan(line_cost(&cg, "main.c", 17, 0))); /* only a call's cost there */
    br_callgrind_release(&cg);
}
END_TEST

/* Parses text from an exact-size copy (ASan sees a read past the end). */
static int parse(const char *text, struct br_callgrind *cg)
{
    size_t n = strlen(text);
    char *copy = malloc(n ? n : 1);
    memcpy(copy, text, n);
    int rc = br_callgrind_parse("t.out", copy, n, cg);
    free(copy);
    return rc;
}

START_TEST(test_two_parts)
{
    static const char two[] = "events: Ir Dr\nsummary: 10 1\nfn=a\n1 6 1\n"
                              "part: 2\nevents: Ir Dr\nsummary: 5\nfn=a\n1 4\n";
    struct br_callgrind cg;
    ck_assert_int_eq(parse(two, &cg), 0);
    ck_assert_double_eq(cg.total[0], 15);
    ck_assert_double_eq(cg.total[1], 1);
    ck_assert_double_eq(fn(&cg, "a", NULL)->self[0], 10);
    br_callgrind_release(&cg);
    /* totals: stands in for a missing summary; CRLF line ends */
    ck_assert_int_eq(parse("events: Ir\r\nfn=a\r\n1 6\r\ntotals: 9\r\n", &cg), 0);
    ck_assert_double_eq(cg.total[0], 9);
    br_callgrind_release(&cg);
}
END_TEST

static void expect_error(const char *text, const char *says)
{
    struct br_callgrind cg;
    ck_assert_int_eq(parse(text, &cg), -1);
    ck_assert_msg(strstr(br_errmsg(), says) != NULL, "'%s' should say '%s'", br_errmsg(), says);
    ck_assert_msg(strncmp(br_errmsg(), "t.out:", 6) == 0, "'%s' names no file", br_errmsg());
    ck_assert_uint_eq(cg.nfns, 0);
    ck_assert_ptr_null(cg.names);
}

START_TEST(test_bad_files)
{
    expect_error("", "no events: line");
    expect_error("fn=main\n16 10\n", "no events: line before the costs");
    expect_error("events: Ir\n1 2\n", "a cost line before any fn=");
    expect_error("events: Ir\nfn=a\ncfn=b\ncalls=1 2\n", "ends after calls=");
    expect_error("events: Ir\nfn=a\ncfn=b\ncalls=1 2\nfn=c\n", "not followed by its cost line");
    expect_error("events: Ir\nfn=a\ncalls=1 2\n1 1\n", "calls= without cfn=");
    expect_error("events: Ir\nfn=(7)\n", "undefined id");
    expect_error("events: Ir\nfn=a\nhello world\n",
                 "not a line of the callgrind format: 'hello world'");
    expect_error("events: Ir\nfn=a\n1 2 3\n", "not a cost line");
    expect_error("events: Ir\nfn=a\nx= 1\n", "unknown specification 'x='");
    expect_error("events: Ir\npositions: instr line\nfn=a\n0x10\n", "without its 2 positions");
    expect_error("events: Ir\nsummary: 1\nevents: Ir Dr\n", "a second part counts other events");
    expect_error("summary: 3\nevents: Ir\n", "costs before the events: line");
}
END_TEST

int main(void)
{
    Suite *s = suite_create("callgrind");
    TCase *tc = tcase_create("format");
    tcase_add_test(tc, test_batch_dump);
    tcase_add_test(tc, test_total_only);
    tcase_add_test(tc, test_instr_positions);
    tcase_add_test(tc, test_calls_by_hand);
    tcase_add_test(tc, test_two_parts);
    tcase_add_test(tc, test_bad_files);
    suite_add_tcase(s, tc);
    return check_run_suite(s);
}
