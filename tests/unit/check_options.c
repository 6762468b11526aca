/* benchrun's option table: values land in the right fields, every bad value is refused with a
 * message that starts with the flag's name. */
#include <check.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "prog/benchrun_opts.h"
#include "prog/results_out.h"
#include "base/error.h"
#include "check_main.h"

static int parse(struct br_benchrun_opts *o, struct br_args *a, const char *const *argv)
{
    int argc = 0;
    while (argv[argc]) argc++;
    return br_benchrun_parse(o, argc, (char **)argv, a);
}

START_TEST(values_and_defaults)
{
    struct br_benchrun_opts o;
    struct br_args a;
    const char *argv[] = {"benchrun", "--filter", "^mem",    "--repetitions=7", "--min-time",
                          "0.25",     "--cpu",    "1",       "--format",        "json",
                          "--out",    "x.json",   "--quiet", "--no-interleave", "--engine=gbench",
                          NULL};
    ck_assert_int_eq(parse(&o, &a, argv), 0);
    ck_assert_str_eq(o.filter, "^mem");
    ck_assert_uint_eq(o.run.repetitions, 7);
    ck_assert_double_eq(o.run.min_time, 0.25);
    ck_assert_int_eq(o.run.cpu, 1);
    ck_assert_str_eq(br_out_formats[o.format].name, "json");
    ck_assert_str_eq(o.engine, "gbench");
    ck_assert_str_eq(o.out, "x.json");
    ck_assert_int_eq(o.run.quiet, 1);
    ck_assert_int_eq(o.run.interleave, 0);
    /* untouched defaults; the floor never exceeds the ceiling */
    ck_assert_double_eq(o.run.max_time, 2.0);
    ck_assert_uint_le(o.run.min_repetitions, o.run.repetitions);
    br_args_release(&a);

    const char *none[] = {"benchrun", NULL};
    ck_assert_int_eq(parse(&o, &a, none), 0);
    ck_assert_ptr_null(o.filter);
    ck_assert_str_eq(br_out_formats[o.format].name, "console");
    ck_assert_int_eq(o.run.cpu, -1);
    ck_assert_int_eq(o.run.interleave, 1);
    br_args_release(&a);
}
END_TEST

START_TEST(passthrough_needs_gbench)
{
    struct br_benchrun_opts o;
    struct br_args a;
    const char *ok[] = {"benchrun", "--engine", "gbench", "--benchmark_min_warmup_time=0.1", NULL};
    ck_assert_int_eq(parse(&o, &a, ok), 0);
    ck_assert_str_eq(o.run.engine_argv[0], "--benchmark_min_warmup_time=0.1");
    ck_assert_ptr_null(o.run.engine_argv[1]);
    br_args_release(&a);
    const char *bad[] = {"benchrun", "--benchmark_filter=x", NULL};
    ck_assert_int_eq(parse(&o, &a, bad), -1);
    ck_assert(strncmp(br_errmsg(), "--benchmark_filter=x:", 21) == 0);
}
END_TEST

struct bad_case {
    const char *argv[4];
    const char *prefix; /* the error must start with this */
};

static const struct bad_case bad_cases[] = {
    {{"benchrun", "--repetitions", "0", NULL}, "--repetitions: 0 is out of range"},
    {{"benchrun", "--repetitions", "abc", NULL}, "--repetitions: 'abc' is not a number"},
    {{"benchrun", "--repetitions", "2.5", NULL}, "--repetitions: '2.5' is not a whole number"},
    {{"benchrun", "--repetitions", NULL, NULL}, "--repetitions: missing value"},
    {{"benchrun", "--min-time", "-1", NULL}, "--min-time: -1 is out of range"},
    {{"benchrun", "--min-time", "nan", NULL}, "--min-time: 'nan' is not a number"},
    {{"benchrun", "--max-time", "0", NULL}, "--max-time: 0 is out of range"},
    {{"benchrun", "--cpu", "-2", NULL}, "--cpu: -2 is out of range"},
    {{"benchrun", "--format", "xml", NULL}, "--format: unknown value 'xml'"},
    {{"benchrun", "--engine", "perf", NULL}, "--engine: unknown value 'perf'"},
    {{"benchrun", "--bogus", NULL, NULL}, "--bogus: unknown option"},
    {{"benchrun", "--list=yes", NULL, NULL}, "--list: takes no value"},
    {{"benchrun", "--out=", NULL, NULL}, "--out: empty value"},
    {{"benchrun", "stray", NULL, NULL}, "stray: unexpected argument"},
};

START_TEST(bad_values_name_the_flag)
{
    struct br_benchrun_opts o;
    struct br_args a;
    const struct bad_case *c = &bad_cases[_i];
    ck_assert_int_eq(parse(&o, &a, c->argv), -1);
    ck_assert_msg(strncmp(br_errmsg(), c->prefix, strlen(c->prefix)) == 0,
                  "got '%s', want prefix '%s'", br_errmsg(), c->prefix);
    ck_assert_ptr_null(strchr(br_errmsg(), '\n'));
}
END_TEST

START_TEST(strict_numbers)
{
    double v;
    ck_assert_int_eq(br_parse_double("1e-3", &v), 0);
    ck_assert_double_eq(v, 1e-3);
    ck_assert_int_eq(br_parse_double("", &v), -1);
    ck_assert_int_eq(br_parse_double("1x", &v), -1);
    ck_assert_int_eq(br_parse_double("inf", &v), -1);
    ck_assert_int_eq(br_parse_double("1e999", &v), -1);
}
END_TEST

/* A repeatable flag keeps every value in order, in both spellings; an empty one is refused. */
struct list_opts {
    struct br_optlist inc;
    int flag;
};
static const struct br_option list_table[] = {
    {"-i", BR_OPT_LIST, offsetof(struct list_opts, inc), 0, 0, NULL, "H", "header"},
    {"--flag", BR_OPT_FLAG, offsetof(struct list_opts, flag), 0, 0, NULL, NULL, "flag"},
    {NULL, 0, 0, 0, 0, NULL, NULL, NULL}};

START_TEST(repeatable_flags_collect_in_order)
{
    struct list_opts o = {{0}, 0};
    struct br_args a;
    const char *argv[] = {"p", "-i", "a.h", "--flag", "-i=b.h", "stmt", "-i", "c.h", NULL};
    ck_assert_int_eq(br_options_parse(list_table, &o, 8, (char **)argv, NULL, &a), 0);
    ck_assert_uint_eq(o.inc.n, 3);
    ck_assert_str_eq(o.inc.items[0], "a.h");
    ck_assert_str_eq(o.inc.items[1], "b.h");
    ck_assert_str_eq(o.inc.items[2], "c.h");
    ck_assert_int_eq(o.flag, 1);
    ck_assert_uint_eq(a.npositional, 1);
    br_args_release(&a);
    br_optlist_release(&o.inc);
    ck_assert_uint_eq(o.inc.n, 0);

    const char *empty[] = {"p", "-i", "", NULL};
    ck_assert_int_eq(br_options_parse(list_table, &o, 3, (char **)empty, NULL, &a), -1);
    ck_assert_str_eq(br_errmsg(), "-i: empty value");
    br_optlist_release(&o.inc);
}
END_TEST

/* A choice table of {name, ...} entries (BR_OPT_CHOICE_TABLE): parsed, defaulted and listed by
 * name like an array of names. */
struct shape {
    const char *name;
    int sides;
};
static const struct shape shapes[] = {{"triangle", 3}, {"square", 4}, {NULL, 0}};
struct shape_opts {
    int shape;
};
static const struct br_option shape_table[] = {{"--shape", BR_OPT_CHOICE,
                                                offsetof(struct shape_opts, shape),
                                                BR_OPT_CHOICE_TABLE(shapes), "SHAPE", "shape"},
                                               {NULL, 0, 0, 0, 0, NULL, NULL, NULL}};

START_TEST(choices_from_a_table)
{
    struct shape_opts o = {0};
    struct br_args a;
    const char *argv[] = {"p", "--shape=square", NULL};
    ck_assert_int_eq(br_options_parse(shape_table, &o, 2, (char **)argv, NULL, &a), 0);
    ck_assert_int_eq(shapes[o.shape].sides, 4);
    br_args_release(&a);
    const char *bad[] = {"p", "--shape", "circle", NULL};
    ck_assert_int_eq(br_options_parse(shape_table, &o, 3, (char **)bad, NULL, &a), -1);
    ck_assert_str_eq(br_errmsg(), "--shape: unknown value 'circle'");
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    struct shape_opts d = {1};
    br_options_usage(out, shape_table, &d);
    fclose(out);
    ck_assert_ptr_nonnull(strstr(text, "shape (triangle, square) [default: square]"));
    free(text);
}
END_TEST

/* br_error_prefix and br_error_suffix wrap the last message (error.h). */
START_TEST(error_prefix_and_suffix)
{
    br_error("%s", "r.csv exists");
    ck_assert_int_eq(br_error_prefix("%s: ", "--out"), -1);
    ck_assert_str_eq(br_errmsg(), "--out: r.csv exists");
    ck_assert_int_eq(br_error_suffix(" (%s)", "--force replaces it"), -1);
    ck_assert_str_eq(br_errmsg(), "--out: r.csv exists (--force replaces it)");
}
END_TEST

int main(void)
{
    Suite *s = suite_create("options");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, values_and_defaults);
    tcase_add_test(tc, passthrough_needs_gbench);
    tcase_add_loop_test(tc, bad_values_name_the_flag, 0,
                        (int)(sizeof bad_cases / sizeof bad_cases[0]));
    tcase_add_test(tc, strict_numbers);
    tcase_add_test(tc, repeatable_flags_collect_in_order);
    tcase_add_test(tc, choices_from_a_table);
    tcase_add_test(tc, error_prefix_and_suffix);
    suite_add_tcase(s, tc);
    return check_run_suite(s);
}
