/* The results model and its writers: CSV golden output with RFC 4180 quoting, console units,
 * and atomic file writing. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/atomic_file.h"
#include "base/error.h"
#include "format/report.h"
#include "model/results.h"
#include "check_main.h"

static char *render(int (*fn)(FILE *, const struct br_results *), const struct br_results *r)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    ck_assert_int_eq(fn(f, r), 0);
    fclose(f);
    return buf;
}

static void sample_results(struct br_results *r)
{
    const double a[] = {12.5, 10, 11};
    const double b[] = {0.1, 0.30000000000000004};
    br_results_init(r);
    br_results_set(r, "benchrun_version", "0.1.0");
    br_results_set(r, "command", "./benchrun --filter 'a\nb'");
    struct br_row *row = br_results_add(r, "plain/64", 1000, a, 3);
    br_row_set(row, "bytes_per_op", 64);
    br_results_add(r, "with,comma \"quoted\"", 7, b, 2);
}

START_TEST(csv_golden)
{
    struct br_results r;
    sample_results(&r);
    char *out = render(br_report_csv, &r);
    const char *want =
        "# results_format: 2\n"
        "# benchrun_version: 0.1.0\n"
        "# command: ./benchrun --filter 'a b'\n"
        "# rows: 2\n"
        "name,iterations,repetitions,min_ns,median_ns,mean_ns,stddev_ns,cv,max_ns,samples_ns,"
        "q1_ns,q3_ns,outliers,bytes_per_second,items_per_second\n"
        /* median 11 ns at 64 B/op: 64e9/11 B/s */
        "plain/64,1000,3,10,11,11.166666666666666,1.2583057392117918,0.11268409604881718,12.5,"
        "12.5;10;11,10.5,11.75,0,5818181818.181818,\n"
        "\"with,comma \"\"quoted\"\"\",7,2,0.1,0.2,0.2,0.14142135623730953,0.70710678118654757,"
        "0.30000000000000004,0.1;0.30000000000000004,0.15000000000000002,0.25,0,,\n";
    ck_assert_str_eq(out, want);
    free(out);
    br_results_release(&r);
}
END_TEST

START_TEST(model_lookup)
{
    struct br_results r;
    sample_results(&r);
    ck_assert_str_eq(br_results_get(&r, "benchrun_version"), "0.1.0");
    ck_assert_ptr_null(br_results_get(&r, "nope"));
    ck_assert_ptr_nonnull(br_results_find(&r, "plain/64"));
    ck_assert_ptr_null(br_results_find(&r, "plain"));
    ck_assert_double_eq(br_results_find(&r, "plain/64")->summary.median, 11);
    br_results_release(&r);
    ck_assert_uint_eq(r.nrows, 0);
}
END_TEST

/* Whatever enters the model is text every reader reads back (base/strbuf.h): bytes that are
 * not UTF-8 and control characters but tab, CR and LF become \xNN; UTF-8 stays as it is. */
START_TEST(model_keeps_text_only)
{
    struct br_results r;
    const double one = 1;
    br_results_init(&r);
    br_results_set(&r, "command", "./b --out r\xe9sultat.csv --filter \x01\ttab \xc3\xa9t\xc3");
    struct br_row *row = br_results_add(&r, "ctl\x01x\x7f\xff", 1, &one, 1);
    br_row_set_counter(row, "c\x1b", 2, 0);
    ck_assert_str_eq(br_results_get(&r, "command"),
                     "./b --out r\\xe9sultat.csv --filter \\x01\ttab \xc3\xa9t\\xc3");
    ck_assert_str_eq(r.rows[0].name, "ctl\\x01x\\x7f\\xff");
    ck_assert_ptr_nonnull(br_row_counter(row, "c\\x1b"));
    br_results_release(&r);
}
END_TEST

START_TEST(time_units_adapt)
{
    char buf[32];
    ck_assert_str_eq(br_format_time(0.4, buf, sizeof buf), "0.400 ns");
    ck_assert_str_eq(br_format_time(12.345, buf, sizeof buf), "12.35 ns");
    ck_assert_str_eq(br_format_time(999.9, buf, sizeof buf), "999.9 ns");
    ck_assert_str_eq(br_format_time(999.96, buf, sizeof buf), "1.000 us");
    ck_assert_str_eq(br_format_time(4567, buf, sizeof buf), "4.567 us");
    ck_assert_str_eq(br_format_time(7.89e6, buf, sizeof buf), "7.890 ms");
    ck_assert_str_eq(br_format_time(5e8, buf, sizeof buf), "500.0 ms");
    ck_assert_str_eq(br_format_time(1.5e9, buf, sizeof buf), "1.500 s");
    ck_assert_str_eq(br_format_time(7200e9, buf, sizeof buf), "7200.0 s");
    /* From 1e6 s an exponent: %f's 28 digits of 1e36 ns cut the unit off. */
    ck_assert_str_eq(br_format_time(1e36, buf, sizeof buf), "1e+27 s");
    ck_assert_str_eq(br_format_time(1.2e308, buf, sizeof buf), "1.2e+299 s");
}
END_TEST

START_TEST(console_table_aligned)
{
    struct br_results r;
    sample_results(&r);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    struct br_console_opts o = {0};
    ck_assert_int_eq(br_report_console(f, &r, &o), 0);
    fclose(f);
    /* header + 2 rows, every row the same width up to the throughput column */
    char *l1 = strtok(buf, "\n"), *l2 = strtok(NULL, "\n"), *l3 = strtok(NULL, "\n");
    ck_assert_ptr_nonnull(l3);
    ck_assert(strstr(l2, "plain/64") == l2);
    ck_assert(strstr(l2, "11.00 ns") != NULL);
    ck_assert(strstr(l2, "5.42 GiB/s") != NULL);
    ck_assert(strchr(l1, '\033') == NULL); /* no colour unless asked */
    ck_assert_ptr_eq(strstr(l2, " ns"), l2 + (strstr(l3, " ns") - l3));
    free(buf);
    br_results_release(&r);
}
END_TEST

static char dir[] = "/tmp/br_check_results_XXXXXX";

START_TEST(atomic_commit_and_abort)
{
    char path[256], tmp[256];
    ck_assert_ptr_nonnull(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/out.csv", dir);
    struct br_atomic_file af;
    ck_assert_int_eq(br_atomic_file_open(&af, path), 0);
    snprintf(tmp, sizeof tmp, "%s", af.tmp_path);
    fputs("partial", af.fp);
    ck_assert_int_ne(access(path, F_OK), 0); /* nothing at the final name yet */
    br_atomic_file_abort(&af);
    ck_assert_int_ne(access(tmp, F_OK), 0);
    ck_assert_int_ne(access(path, F_OK), 0);

    ck_assert_int_eq(br_atomic_file_open(&af, path), 0);
    fputs("whole\n", af.fp);
    ck_assert_int_eq(br_atomic_file_close(&af, path), 0);
    ck_assert_int_eq(br_atomic_file_place(&af, path, 0), 0);
    FILE *f = fopen(path, "r");
    char line[16] = "";
    ck_assert_ptr_nonnull(fgets(line, sizeof line, f));
    fclose(f);
    ck_assert_str_eq(line, "whole\n");
    unlink(path);
    rmdir(dir);
}
END_TEST

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    fclose(f);
}

static void read_file(const char *path, char *buf, size_t size)
{
    FILE *f = fopen(path, "r");
    ck_assert_ptr_nonnull(f);
    buf[0] = '\0';
    ck_assert_ptr_nonnull(fgets(buf, (int)size, f));
    fclose(f);
}

/* Two runs finishing at once: the second must not replace the file the first just wrote. */
START_TEST(place_never_replaces_unless_asked)
{
    char d[] = "/tmp/br_check_place_XXXXXX", path[256], other[256], line[64];
    ck_assert_ptr_nonnull(mkdtemp(d));
    snprintf(path, sizeof path, "%s/r.csv", d);
    snprintf(other, sizeof other, "%s/r-2.csv", d);
    struct br_atomic_file af;
    ck_assert_int_eq(br_atomic_file_open(&af, path), 0);
    fputs("second\n", af.fp);
    ck_assert_int_eq(br_atomic_file_close(&af, path), 0);
    write_file(path, "first\n"); /* appeared meanwhile */
    ck_assert_int_eq(br_atomic_file_place(&af, path, 0), 1);
    read_file(path, line, sizeof line);
    ck_assert_str_eq(line, "first\n");
    ck_assert_int_eq(br_atomic_file_place(&af, other, 0), 0); /* kept for another name */
    read_file(other, line, sizeof line);
    ck_assert_str_eq(line, "second\n");
    /* asked to replace: a regular file is replaced */
    ck_assert_int_eq(br_atomic_file_open(&af, path), 0);
    fputs("third\n", af.fp);
    ck_assert_int_eq(br_atomic_file_close(&af, path), 0);
    ck_assert_int_eq(br_atomic_file_place(&af, path, 1), 0);
    read_file(path, line, sizeof line);
    ck_assert_str_eq(line, "third\n");
    unlink(path);
    unlink(other);
    rmdir(d);
}
END_TEST

/* --force replaces regular files only: a directory, a symbolic link or a device is refused
 * before the run and again when the file is put in place. */
START_TEST(only_regular_files_are_replaced)
{
    char d[] = "/tmp/br_check_kind_XXXXXX", sub_dir[256], link_path[256], target[256];
    ck_assert_ptr_nonnull(mkdtemp(d));
    snprintf(sub_dir, sizeof sub_dir, "%s/adir", d);
    snprintf(link_path, sizeof link_path, "%s/alink", d);
    snprintf(target, sizeof target, "%s/target", d);
    ck_assert_int_eq(mkdir(sub_dir, 0755), 0);
    write_file(target, "keep\n");
    ck_assert_int_eq(symlink(target, link_path), 0);
    ck_assert_int_eq(br_atomic_file_check(sub_dir, 1), -1);
    ck_assert(strstr(br_errmsg(), "a directory") != NULL);
    ck_assert_int_eq(br_atomic_file_check(link_path, 1), -1);
    ck_assert(strstr(br_errmsg(), "symbolic link") != NULL);
    ck_assert_int_eq(br_atomic_file_check("/dev/null", 1), -1);
    ck_assert(strstr(br_errmsg(), "regular files only") != NULL);
    ck_assert_int_eq(br_atomic_file_check(target, 0), -1);
    ck_assert(strstr(br_errmsg(), "exists (--force") != NULL);
    ck_assert_int_eq(br_atomic_file_check(target, 1), 0);
    /* a link that appears after the check is still not replaced */
    struct br_atomic_file af;
    ck_assert_int_eq(br_atomic_file_open(&af, link_path), 0);
    ck_assert_int_eq(br_atomic_file_close(&af, link_path), 0);
    ck_assert_int_eq(br_atomic_file_place(&af, link_path, 1), -1);
    char line[16];
    read_file(target, line, sizeof line);
    ck_assert_str_eq(line, "keep\n");
    unlink(link_path);
    unlink(target);
    rmdir(sub_dir);
    rmdir(d);
}
END_TEST

/* The temporary's name does not grow with the target's: a 254-character name works. */
START_TEST(longest_names_work)
{
    char d[] = "/tmp/br_check_long_XXXXXX", path[512];
    ck_assert_ptr_nonnull(mkdtemp(d));
    int n = snprintf(path, sizeof path, "%s/", d);
    memset(path + n, 'x', 250);
    strcpy(path + n + 250, ".csv");
    ck_assert_int_eq(br_atomic_file_check(path, 0), 0);
    struct br_atomic_file af;
    ck_assert_int_eq(br_atomic_file_open(&af, path), 0);
    ck_assert_int_eq(br_atomic_file_close(&af, path), 0);
    ck_assert_int_eq(br_atomic_file_place(&af, path, 0), 0);
    ck_assert_int_eq(access(path, F_OK), 0);
    unlink(path);
    rmdir(d);
}
END_TEST

START_TEST(unwritable_folder_named)
{
    ck_assert_int_eq(br_atomic_file_check("/nonexistent/dir/out.csv", 0), -1);
    ck_assert(strstr(br_errmsg(), "/nonexistent/dir/out.csv") != NULL);
    struct br_atomic_file af;
    ck_assert_int_eq(br_atomic_file_open(&af, "/nonexistent/dir/out.csv"), -1);
    ck_assert(strstr(br_errmsg(), "/nonexistent/dir/out.csv") != NULL);
}
END_TEST

START_TEST(disk_full_leaves_nothing)
{
    /* /dev/full accepts open() and fails every write with ENOSPC: the commit must fail and
     * remove its temporary.  Write through a folder we own, with the stream redirected. */
    char path[256];
    char d2[] = "/tmp/br_check_full_XXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(d2));
    snprintf(path, sizeof path, "%s/out.csv", d2);
    struct br_atomic_file af;
    ck_assert_int_eq(br_atomic_file_open(&af, path), 0);
    char *tmp = strdup(af.tmp_path);
    ck_assert_ptr_nonnull(freopen("/dev/full", "w", af.fp));
    for (int i = 0; i < 10000; i++) fputs("0123456789", af.fp);
    ck_assert_int_eq(br_atomic_file_close(&af, path), -1);
    ck_assert(strstr(br_errmsg(), "no file written") != NULL);
    ck_assert_int_ne(access(path, F_OK), 0);
    ck_assert_int_ne(access(tmp, F_OK), 0);
    free(tmp);
    rmdir(d2);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("results");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, csv_golden);
    tcase_add_test(tc, model_lookup);
    tcase_add_test(tc, model_keeps_text_only);
    tcase_add_test(tc, time_units_adapt);
    tcase_add_test(tc, console_table_aligned);
    tcase_add_test(tc, atomic_commit_and_abort);
    tcase_add_test(tc, unwritable_folder_named);
    tcase_add_test(tc, disk_full_leaves_nothing);
    tcase_add_test(tc, place_never_replaces_unless_asked);
    tcase_add_test(tc, only_regular_files_are_replaced);
    tcase_add_test(tc, longest_names_work);
    suite_add_tcase(s, tc);
    return check_run_suite(s);
}
