/* check_results_read.c - reading results back: round trips through the writer, the CSV
 * variations the contract allows, Google Benchmark JSON, and every bad input of issue 3, each
 * refused with one line that names the file and the line. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/error.h"
#include "base/strbuf.h"
#include "format/report.h"
#include "format/results_read.h"
#include "check_main.h"

/* ---- helpers ------------------------------------------------------------------------------ */

/* A results model with the awkward cases: names that need quotes, a context value with colons,
 * numbers that only %.17g gets right, a declared throughput. */
static void sample_results(struct br_results *r, int with_newline_name)
{
    static const double a[] = {12.5, 0.1 + 0.2, 1.0 / 3, 1e-300, 0};
    static const double b[] = {123456789.123, 7, 7, 8};
    static const double c[] = {42};
    br_results_init(r);
    br_results_set(r, "benchrun_version", "0.1.0");
    br_results_set(r, "date", "2026-11-23T22:50:33Z");
    br_results_set(r, "cpu_brand", "Some CPU @ 3.00GHz");
    br_results_add(r, "plain", 1000, a, 5);
    struct br_row *row = br_results_add(r, "with,comma \"and quotes\"", 1ULL << 40, b, 4);
    br_row_set(row, "bytes_per_op", 64);
    br_results_add(r, with_newline_name ? "two\nlines" : "caf\xc3\xa9/64", 3, c, 1);
}

static char *write_csv(const struct br_results *r, size_t *len)
{
    char *text = NULL;
    FILE *f = open_memstream(&text, len);
    ck_assert_int_eq(br_report_csv(f, r), 0);
    fclose(f);
    return text;
}

/* Parses from an exact-size heap copy, so that a read past the end is caught by ASan. */
static int parse(const char *name, const char *text, size_t len, struct br_results *out)
{
    char *copy = malloc(len ? len : 1);
    memcpy(copy, text, len);
    int rc = br_results_parse(name, copy, len, out);
    free(copy);
    return rc;
}

static void assert_same(const struct br_results *x, const struct br_results *y)
{
    ck_assert_uint_eq(x->nctx, y->nctx);
    for (size_t i = 0; i < x->nctx; i++) {
        ck_assert_str_eq(x->ctx[i].key, y->ctx[i].key);
        ck_assert_str_eq(x->ctx[i].value, y->ctx[i].value);
    }
    ck_assert_uint_eq(x->nrows, y->nrows);
    for (size_t i = 0; i < x->nrows; i++) {
        const struct br_row *a = &x->rows[i], *b = &y->rows[i];
        ck_assert_str_eq(a->name, b->name);
        ck_assert_uint_eq(a->iterations, b->iterations);
        ck_assert_uint_eq(a->nsamples, b->nsamples);
        for (size_t k = 0; k < a->nsamples; k++)
            ck_assert_msg(a->samples[k] == b->samples[k], "%s sample %zu: %.17g != %.17g", a->name,
                          k, a->samples[k], b->samples[k]);
        ck_assert(a->summary.median == b->summary.median);
        double pa = br_row_value(a, "bytes_per_op", 0), pb = br_row_value(b, "bytes_per_op", 0);
        ck_assert(fabs(pa - pb) <= 1e-12 * pa);
    }
}

/* Asserts a refusal: -1, one line, starting with `prefix` (file and line), containing `needle`,
 * and nothing left in the model. */
static void expect_error_n(const char *text, size_t len, const char *prefix, const char *needle)
{
    struct br_results r;
    ck_assert_msg(parse("in.csv", text, len, &r) == -1, "accepted: %.60s", text);
    const char *msg = br_errmsg();
    ck_assert_msg(strncmp(msg, prefix, strlen(prefix)) == 0, "'%s' should start with '%s'", msg,
                  prefix);
    ck_assert_msg(strstr(msg, needle) != NULL, "'%s' should say '%s'", msg, needle);
    ck_assert_msg(strchr(msg, '\n') == NULL, "'%s' is more than one line", msg);
    ck_assert(r.nrows == 0 && r.rows == NULL && r.nctx == 0);
}

static void expect_error(const char *text, const char *prefix, const char *needle)
{
    expect_error_n(text, strlen(text), prefix, needle);
}

#define HEADER "name,iterations,repetitions,samples_ns\n"

/* ---- our CSV ------------------------------------------------------------------------------- */

START_TEST(test_round_trip)
{
    struct br_results r, back;
    size_t len;
    sample_results(&r, 1);
    char *text = write_csv(&r, &len);
    ck_assert_int_eq(parse("rt.csv", text, len, &back), 0);
    assert_same(&r, &back);
    ck_assert_str_eq(back.rows[1].name, "with,comma \"and quotes\"");
    ck_assert_str_eq(back.rows[2].name, "two\nlines");
    free(text);
    br_results_release(&back);
    br_results_release(&r);
}
END_TEST

static char *to_crlf(const char *s)
{
    char *out = malloc(2 * strlen(s) + 1), *o = out;
    for (; *s; s++) {
        if (*s == '\n') *o++ = '\r';
        *o++ = *s;
    }
    *o = '\0';
    return out;
}

START_TEST(test_crlf_and_bom)
{
    struct br_results r, back;
    size_t len;
    sample_results(&r, 0);
    char *text = write_csv(&r, &len), *crlf = to_crlf(text);
    char *bom = malloc(strlen(crlf) + 4);
    strcpy(bom, "\xef\xbb\xbf");
    strcat(bom, crlf);
    ck_assert_int_eq(parse("crlf.csv", crlf, strlen(crlf), &back), 0);
    assert_same(&r, &back);
    br_results_release(&back);
    ck_assert_int_eq(parse("bom.csv", bom, strlen(bom), &back), 0);
    assert_same(&r, &back);
    ck_assert_str_eq(back.ctx[0].key, "benchrun_version"); /* not "\xef\xbb\xbf..." */
    free(text);
    free(crlf);
    free(bom);
    br_results_release(&back);
    br_results_release(&r);
}
END_TEST

START_TEST(test_extra_and_reordered_columns)
{
    const char *text = "# host: box\n"
                       "samples_ns,extra,name,repetitions,notes\n"
                       "1.5;2.5;3.5,,\"x,y\",3,\"free \"\"text\"\"\"\n"
                       "\n"
                       "4,x,z,1,\n";
    struct br_results r;
    ck_assert_int_eq(parse("cols.csv", text, strlen(text), &r), 0);
    ck_assert_uint_eq(r.nrows, 2);
    ck_assert_str_eq(r.rows[0].name, "x,y");
    ck_assert_uint_eq(r.rows[0].nsamples, 3);
    ck_assert(r.rows[0].samples[2] == 3.5 && r.rows[0].summary.median == 2.5);
    ck_assert_uint_eq(r.rows[0].iterations, 0); /* no iterations column */
    ck_assert_str_eq(r.rows[1].name, "z");
    ck_assert_str_eq(br_results_get(&r, "host"), "box");
    br_results_release(&r);
}
END_TEST

START_TEST(test_quoted_fields)
{
    const char *text = HEADER "\"say \"\"hi\"\"\",1,2,\"1;2\"\n"
                              "\"multi\r\nline\",1,1,3\n"
                              "\"\",1,1,3\n";
    struct br_results r;
    /* The last row has an empty (quoted) name: refused, and on line 5 - the quoted line
     * ending inside the second row counts. */
    expect_error(text, "in.csv:5: ", "empty benchmark name");
    ck_assert_int_eq(parse("q.csv", text, strlen(text) - 9, &r), 0);
    ck_assert_str_eq(r.rows[0].name, "say \"hi\"");
    ck_assert_str_eq(r.rows[1].name, "multi\r\nline");
    br_results_release(&r);
}
END_TEST

START_TEST(test_context_lines)
{
    const char *text = "\n# clock: CLOCK_MONOTONIC, resolution: 1 ns\n#no colon is a comment\n"
                       "#   spaced key  :  value  \n" HEADER "a,1,1,5\n";
    struct br_results r;
    ck_assert_int_eq(parse("ctx.csv", text, strlen(text), &r), 0);
    ck_assert_uint_eq(r.nctx, 2);
    ck_assert_str_eq(br_results_get(&r, "clock"), "CLOCK_MONOTONIC, resolution: 1 ns");
    ck_assert_str_eq(br_results_get(&r, "spaced key"), "value");
    br_results_release(&r);
}
END_TEST

/* A context value may not span lines: its line endings, \n or a lone \r (which ends a line
 * for the reader too), are written as blanks, and the value reads back on one line. */
START_TEST(test_context_value_on_one_line)
{
    struct br_results r, back;
    static const double one[] = {1};
    br_results_init(&r);
    br_results_set(&r, "note", "one\ntwo\rthree");
    br_results_set(&r, "after", "x");
    br_results_add(&r, "a", 1, one, 1);
    size_t len;
    char *text = write_csv(&r, &len);
    ck_assert_int_eq(parse("ctx.csv", text, len, &back), 0);
    ck_assert_str_eq(br_results_get(&back, "note"), "one two three");
    ck_assert_str_eq(br_results_get(&back, "after"), "x");
    free(text);
    br_results_release(&r);
    br_results_release(&back);
}
END_TEST

START_TEST(test_throughput_back_to_per_op)
{
    const char *text = "name,repetitions,samples_ns,bytes_per_second,items_per_second\n"
                       "m,2,4;4,16000000000,\n";
    struct br_results r;
    ck_assert_int_eq(parse("tp.csv", text, strlen(text), &r), 0);
    ck_assert(br_row_value(&r.rows[0], "bytes_per_op", 0) == 64 &&
              !br_row_metric(&r.rows[0], "items_per_op"));
    br_results_release(&r);
}
END_TEST

START_TEST(test_read_file)
{
    char dir[] = "/tmp/check_results_read.XXXXXX", path[64];
    struct br_results r, back;
    ck_assert_ptr_nonnull(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/r.csv", dir);
    sample_results(&r, 1);
    FILE *f = fopen(path, "w");
    ck_assert_int_eq(br_report_csv(f, &r), 0);
    fclose(f);
    ck_assert_int_eq(br_results_read(path, &back), 0);
    assert_same(&r, &back);
    br_results_release(&back);
    br_results_release(&r);
    /* a directory, a missing file, an empty file: the path, no line */
    ck_assert_int_eq(br_results_read(dir, &back), -1);
    ck_assert(strstr(br_errmsg(), dir) == br_errmsg() && strstr(br_errmsg(), "is a directory"));
    unlink(path);
    ck_assert_int_eq(br_results_read(path, &back), -1);
    ck_assert(strstr(br_errmsg(), path) == br_errmsg() && strstr(br_errmsg(), "No such file"));
    fclose(fopen(path, "w"));
    ck_assert_int_eq(br_results_read(path, &back), -1);
    ck_assert(strstr(br_errmsg(), path) == br_errmsg() && strstr(br_errmsg(), "empty file"));
    unlink(path);
    rmdir(dir);
}
END_TEST

/* ---- bad CSV: every case of issue 3, each naming file and line -------------------------- */

START_TEST(test_bad_empty)
{
    expect_error("", "in.csv: ", "empty file");
    expect_error(" \r\n\n\t\n", "in.csv: ", "empty file");
    expect_error("\xef\xbb\xbf", "in.csv: ", "empty file");
}
END_TEST

START_TEST(test_bad_header)
{
    expect_error("name,iterations,median_ns\nx,1,5\n", "in.csv:1: ", "no 'repetitions' column");
    expect_error("# a: b\n\nname,repetitions\nx,1\n", "in.csv:3: ", "no 'samples_ns' column");
    expect_error("x,y\n", "in.csv: ", "unknown format"); /* no column a results file needs */
    expect_error("name,name,repetitions,samples_ns\n", "in.csv:1: ", "'name' appears twice");
    expect_error("# only: context\n", "in.csv:2: ", "no header");
    expect_error(HEADER, "in.csv:1: ", "no benchmarks");
    expect_error("# rows: 0\n" HEADER, "in.csv:2: ", "no benchmarks");
    /* why there are none, when the file says */
    expect_error("# status: interrupted\n# rows: 0\n" HEADER,
                 "in.csv:3: ", "no benchmarks (the run was interrupted first)");
    expect_error("# failed: a: crashed with SIGSEGV\n# status: complete\n# rows: 0\n" HEADER,
                 "in.csv:4: ", "no benchmarks (every one failed)");
}
END_TEST

/* A shard of a run may hold no benchmark (model/shard.h) when it says so; benchmerge reads it. */
START_TEST(test_empty_shard)
{
    struct br_results r;
    const char *empty = "# shard: 2/3\n# failed: x: crashed\n# rows: 0\n" HEADER;
    ck_assert_int_eq(parse("in.csv", empty, strlen(empty), &r), 0);
    ck_assert_uint_eq(r.nrows, 0);
    ck_assert_str_eq(br_results_get(&r, "failed"), "x: crashed");
    br_results_release(&r);
    expect_error("# shard: 2/3\n" HEADER, "in.csv:2: ", "no benchmarks");
    expect_error("# shard: 2/3\n# rows: 1\n" HEADER, "in.csv:3: ", "declares 1 rows but has 0");
}
END_TEST

/* ctimeit reads back a run whose every statement failed (to report each failure); everyone
 * else refuses it, and a header without rows or failures stays refused even for ctimeit. */
START_TEST(test_failed_run_for_ctimeit)
{
    char dir[] = "/tmp/check_results_read.XXXXXX", path[64];
    ck_assert_ptr_nonnull(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/r.csv", dir);
    const char *failed =
        "# failed: a: crashed with SIGSEGV\n# status: complete\n# rows: 0\n" HEADER;
    FILE *f = fopen(path, "w");
    fputs(failed, f);
    fclose(f);
    struct br_results r;
    ck_assert_int_eq(br_results_read(path, &r), -1);
    ck_assert_ptr_nonnull(strstr(br_errmsg(), "no benchmarks (every one failed)"));
    ck_assert_int_eq(br_results_read_failed_run(path, &r), 0);
    ck_assert_uint_eq(r.nrows, 0);
    ck_assert_str_eq(br_results_get(&r, "failed"), "a: crashed with SIGSEGV");
    br_results_release(&r);
    f = fopen(path, "w");
    fputs("# status: complete\n" HEADER, f);
    fclose(f);
    ck_assert_int_eq(br_results_read_failed_run(path, &r), -1);
    ck_assert_ptr_nonnull(strstr(br_errmsg(), "a header but no benchmarks"));
    unlink(path);
    rmdir(dir);
}
END_TEST

START_TEST(test_bad_times)
{
    expect_error(HEADER "a,1,2,1;abc\n", "in.csv:2: ", "'abc' is not a number");
    expect_error(HEADER "a,1,1,\n", "in.csv:2: ", "samples_ns is empty");
    expect_error(HEADER "a,1,2,1;;\n", "in.csv:2: ", "'' is not a number");
    expect_error(HEADER "a,1,1,5ns\n", "in.csv:2: ", "'5ns' is not a number");
    expect_error(HEADER "a,1,2,1;nan\n", "in.csv:2: ", "'nan' is not finite");
    expect_error(HEADER "a,1,1,inf\n", "in.csv:2: ", "'inf' is not finite");
    expect_error(HEADER "a,1,1,1e999\n", "in.csv:2: ", "not finite");
    expect_error(HEADER "b,1,1,2\na,1,2,3;-0.5\n", "in.csv:3: ", "-0.5 is negative");
    expect_error("name,repetitions,samples_ns,bytes_per_second\nm,1,4,fast\n",
                 "in.csv:2: ", "bytes_per_second: 'fast'");
}
END_TEST

START_TEST(test_bad_counts)
{
    expect_error(HEADER "a,1,3,1;2\n",
                 "in.csv:2: ", "samples_ns has 2 values but repetitions is 3");
    expect_error(HEADER "a,1,1,1;2\n",
                 "in.csv:2: ", "samples_ns has 2 values but repetitions is 1");
    expect_error(HEADER "a,1,0,1\n", "in.csv:2: ", "repetitions: '0'");
    expect_error(HEADER "a,1,-2,1\n", "in.csv:2: ", "repetitions: '-2'");
    expect_error(HEADER "a,1,99999999999999999999,1\n", "in.csv:2: ", "repetitions");
    expect_error(HEADER "a,1.5,1,1\n", "in.csv:2: ", "iterations: '1.5'");
    /* the largest count there is, 2^64 - 1, is read; one more is not */
    expect_error(HEADER "a,18446744073709551616,1,1\n", "in.csv:2: ", "iterations");
    struct br_results r;
    const char *most = HEADER "a,18446744073709551615,1,1\n";
    ck_assert_int_eq(parse("in.csv", most, strlen(most), &r), 0);
    ck_assert(r.rows[0].iterations == UINT64_MAX);
    br_results_release(&r);
    expect_error(HEADER "a,1,1\n", "in.csv:2: ", "3 fields where the header has 4");
    expect_error(HEADER "a,1,1,1,extra\n", "in.csv:2: ", "5 fields where the header has 4");
}
END_TEST

START_TEST(test_bad_duplicates)
{
    expect_error(HEADER "x,1,1,1\ny,1,1,1\nx,1,1,2\n",
                 "in.csv:4: ", "duplicate benchmark name 'x' (first at line 2)");
}
END_TEST

START_TEST(test_bad_quotes)
{
    expect_error(HEADER "a,1,1,1\n\"never closed,1,1,1\nb,1,1,1\n",
                 "in.csv:3: ", "unterminated quoted field");
    expect_error(HEADER "\"a\"b,1,1,1\n", "in.csv:2: ", "text after the closing quote");
    expect_error(HEADER "a\"b,1,1,1\n", "in.csv:2: ", "quote inside an unquoted field");
}
END_TEST

START_TEST(test_bad_binary)
{
    static const char nul[] = HEADER "a,1,1,1\n\0\x01\x02garbage";
    expect_error_n(nul, sizeof nul - 1, "in.csv:3: ", "binary data (byte 0x00)");
    expect_error("\x7f"
                 "ELF\x02\x01\x01",
                 "in.csv:1: ", "binary data (byte 0x7f)");
    expect_error(HEADER "caf\xe9,1,1,1\n", "in.csv:2: ", "binary data (byte 0xe9)");
    expect_error("\xff\xfe"
                 "n\0",
                 "in.csv:1: ", "binary data (byte 0xff)");
    expect_error(HEADER "\xed\xa0\x80,1,1,1\n", "in.csv:2: ", "binary data"); /* surrogate */
    expect_error(HEADER "\xc0\xae,1,1,1\n", "in.csv:2: ", "binary data");     /* overlong */
    expect_error(HEADER "x,1,1,1\xe2\x82", "in.csv:2: ", "binary data");      /* cut short */
    /* Every byte that is not printable ASCII stops the word-at-a-time scan, wherever it is in
     * the word; every printable one passes it. */
    static const unsigned char bad[] = {0x00, 0x01, 0x08, 0x1f, 0x7f, 0x80, 0xbf, 0xff};
    char text[192], want[40];
    for (size_t b = 0; b < sizeof bad; b++)
        for (size_t at = 0; at < 16; at++) {
            size_t n =
                (size_t)snprintf(text, sizeof text, "%s%.16s,1,1,1\n", HEADER, "abcdefghijklmnop");
            text[strlen(HEADER) + at] = (char)bad[b];
            snprintf(want, sizeof want, "binary data (byte 0x%02x)", bad[b]);
            expect_error_n(text, n, "in.csv:2: ", want);
        }
    struct br_results r;
    char all[0x7f - 0x20 + 1];
    for (int c = 0x20; c < 0x7f; c++) all[c - 0x20] = c == ',' || c == '"' ? '_' : (char)c;
    all[sizeof all - 1] = '\0';
    snprintf(text, sizeof text, "%s%s,1,1,1\n", HEADER, all);
    ck_assert_int_eq(parse("ascii.csv", text, strlen(text), &r), 0);
    ck_assert_str_eq(r.rows[0].name, all);
    br_results_release(&r);
}
END_TEST

START_TEST(test_bad_long_line)
{
    /* One byte over the cap is refused, wherever the line is. */
    size_t head = strlen(HEADER), n = BR_READ_MAX_LINE + 1;
    char *text = malloc(head + n + 1);
    memcpy(text, HEADER, head);
    memset(text + head, 'x', n);
    text[head + n] = '\n';
    expect_error_n(text, head + n + 1, "in.csv:2: ", "line longer than 4194304 bytes");
    /* A long but legitimate row under the cap - 2,000,000 samples, 4,000,011 bytes - is read. */
    size_t k = 2000000, len = head;
    len += (size_t)sprintf(text + len, "x,1,%zu,", k);
    for (size_t i = 0; i < k; i++) memcpy(text + len + 2 * i, i + 1 < k ? "1;" : "1\n", 2);
    struct br_results r;
    ck_assert_int_eq(parse("long.csv", text, len + 2 * k, &r), 0);
    ck_assert_uint_eq(r.rows[0].nsamples, k);
    br_results_release(&r);
    free(text);
}
END_TEST

/* A file cut at a row boundary is still well-formed CSV: the declared row count catches it. */
START_TEST(test_cut_at_row_boundary)
{
    struct br_results r, back;
    size_t len;
    sample_results(&r, 0);
    char *text = write_csv(&r, &len);
    char *last_row = strstr(text, "\ncaf");
    ck_assert_ptr_nonnull(last_row);
    last_row++;
    expect_error_n(text, (size_t)(last_row - text), "in.csv:", "declares 3 rows but has 2");
    /* the whole file reads, and the file's own lines stay out of the model */
    ck_assert_int_eq(parse("in.csv", text, len, &back), 0);
    ck_assert_ptr_null(br_results_get(&back, "rows"));
    ck_assert_ptr_null(br_results_get(&back, "results_format"));
    br_results_release(&back);
    expect_error("# rows: many\n" HEADER "a,1,1,1\n", "in.csv:1: ", "rows: 'many'");
    free(text);
    br_results_release(&r);
}
END_TEST

/* Summary columns are data's shadow: a number that is not one, or that contradicts the
 * samples, is an error like a bad sample; the spread columns need only be numbers. */
START_TEST(test_bad_summary)
{
#define SUMMARY_HEADER "name,repetitions,samples_ns,min_ns,median_ns,mean_ns,stddev_ns,outliers\n"
    struct br_results r;
    expect_error(SUMMARY_HEADER "a,3,1;2;6,1,abc,3,2.6,0\n", "in.csv:2: ", "median_ns: 'abc'");
    expect_error(SUMMARY_HEADER "a,3,1;2;6,1,20,3,2.6,0\n",
                 "in.csv:2: ", "median_ns: 20 does not match the samples (2)");
    expect_error(SUMMARY_HEADER "a,3,1;2;6,1,2,3,-1,0\n", "in.csv:2: ", "stddev_ns: '-1'");
    /* another writer's spread (n instead of n - 1) and rounding to 6 digits are fine */
    ck_assert_int_eq(parse("in.csv", SUMMARY_HEADER "a,3,1;2;6.0000001,1,2,3,2.16,0\n",
                           strlen(SUMMARY_HEADER) + 30, &r),
                     0);
    br_results_release(&r);
#undef SUMMARY_HEADER
}
END_TEST

/* Every metric of the table survives the file: per-sample lists and per-benchmark values. */
START_TEST(test_metrics_round_trip)
{
    struct br_results r, back;
    size_t len;
    const double cpu[] = {1.5, 2.25, 3}, sw[] = {0, 4, 1};
    sample_results(&r, 0);
    struct br_row *row = &r.rows[0];
    const double t[] = {10, 20, 30};
    row = br_results_add(&r, "metrics", 5, t, 3);
    br_row_set_samples(row, "cpu_ns", cpu);
    br_row_set_samples(row, "involuntary_switches", sw);
    br_row_set(row, "wall_cpu_ratio", 1.25);
    char *text = write_csv(&r, &len);
    ck_assert_ptr_nonnull(strstr(text, ",cpu_samples_ns,involuntary_switches,wall_cpu_ratio\n"));
    ck_assert_int_eq(parse("rt.csv", text, len, &back), 0);
    const struct br_row *b = br_results_find(&back, "metrics");
    ck_assert_ptr_nonnull(b);
    ck_assert(br_row_metric(b, "cpu_ns")->samples[1] == 2.25);
    ck_assert(br_row_metric(b, "involuntary_switches")->summary.median == 1);
    ck_assert(br_row_value(b, "wall_cpu_ratio", 0) == 1.25);
    ck_assert_ptr_null(br_row_metric(&back.rows[0], "cpu_ns")); /* empty field: absent */
    expect_error("name,repetitions,samples_ns,cpu_samples_ns\na,2,1;2,1\n",
                 "in.csv:2: ", "cpu_samples_ns has 1 values but repetitions is 2");
    free(text);
    br_results_release(&back);
    br_results_release(&r);
}
END_TEST

/* The memory columns (issue 14): their names, after max_rss_kib, and back; a row without them
 * (--no-memory, another engine) leaves its fields empty, and a body that allocates nothing
 * keeps its zeros. */
START_TEST(test_memory_columns)
{
    struct br_results r, back;
    size_t len;
    const double t[] = {10, 20, 30};
    br_results_init(&r);
    struct br_row *row = br_results_add(&r, "allocates", 5, t, 3);
    br_row_set(row, "max_rss_kib", 1800);
    br_row_set(row, "allocs_per_op", 3);
    br_row_set(row, "alloc_bytes_per_op", 112);
    br_row_set(row, "retained_bytes_per_op", 0.5);
    br_row_set(row, "max_bytes_used", 4096);
    row = br_results_add(&r, "none", 5, t, 3);
    br_row_set(row, "allocs_per_op", 0);
    br_results_add(&r, "uncounted", 5, t, 3);
    char *text = write_csv(&r, &len);
    ck_assert_ptr_nonnull(strstr(text, ",max_rss_kib,allocs_per_op,alloc_bytes_per_op,"
                                       "retained_bytes_per_op,max_bytes_used\n"));
    ck_assert_ptr_nonnull(strstr(text, ",1800,3,112,0.5,4096\n"));
    ck_assert_ptr_nonnull(strstr(text, ",,0,,,\n"));
    ck_assert_int_eq(parse("mem.csv", text, len, &back), 0);
    const struct br_row *b = br_results_find(&back, "allocates");
    ck_assert(br_row_value(b, "allocs_per_op", -1) == 3);
    ck_assert(br_row_value(b, "alloc_bytes_per_op", -1) == 112);
    ck_assert(br_row_value(b, "retained_bytes_per_op", -1) == 0.5);
    ck_assert(br_row_value(b, "max_bytes_used", -1) == 4096);
    ck_assert(br_row_value(br_results_find(&back, "none"), "allocs_per_op", -1) == 0);
    ck_assert_ptr_null(br_row_metric(br_results_find(&back, "uncounted"), "allocs_per_op"));
    free(text);
    br_results_release(&back);
    br_results_release(&r);
}
END_TEST

/* Every prefix of a valid file is either a valid file or refused with a message naming it:
 * truncated downloads and interrupted writes never crash the reader or read past the end. */
static void every_prefix(const char *text, size_t len)
{
    struct br_results back;
    for (size_t cut = 0; cut <= len; cut++) {
        int rc = parse("cut.file", text, cut, &back);
        ck_assert(rc == 0 || strncmp(br_errmsg(), "cut.file", 8) == 0);
        if (rc == 0) br_results_release(&back);
    }
}

START_TEST(test_every_prefix)
{
    struct br_results r;
    size_t len;
    sample_results(&r, 1);
    char *text = write_csv(&r, &len);
    every_prefix(text, len);
    free(text);
    br_results_release(&r);
}
END_TEST

/* ---- Google Benchmark JSON ------------------------------------------------------------------ */

/* Trimmed from real `--benchmark_repetitions=3 --benchmark_format=json` output of Google
 * Benchmark 1.7.1, plus a failed benchmark, an escaped name and a NaN counter. */
static const char gbench_json[] =
    "{\n"
    "  \"context\": {\n"
    "    \"date\": \"2026-11-23T23:10:23+00:00\",\n"
    "    \"host_name\": \"vm\",\n"
    "    \"num_cpus\": 2,\n"
    "    \"cpu_scaling_enabled\": false,\n"
    "    \"caches\": [\n      {\"type\": \"Data\", \"level\": 1, \"size\": 49152}\n    ],\n"
    "    \"load_avg\": [2.03711,1.75635,0.939453],\n"
    "    \"library_build_type\": \"debug\"\n"
    "  },\n"
    "  \"benchmarks\": [\n"
    "    {\"name\": \"BM_memcpy/8\", \"run_name\": \"BM_memcpy/8\", \"run_type\": \"iteration\",\n"
    "     \"repetitions\": 3, \"repetition_index\": 0, \"threads\": 1, \"iterations\": 337271,\n"
    "     \"real_time\": 3.0316511054600230e+00, \"cpu_time\": 3.0320098674359808e+00,\n"
    "     \"time_unit\": \"ns\","
    "     \"bytes_per_second\": 2.6385138405783620e+09},\n"
    "    {\"name\": \"BM_add\", \"run_name\": \"BM_add\", \"run_type\": \"iteration\",\n"
    "     \"repetitions\": 2, \"iterations\": 1000, \"real_time\": 0.5, \"time_unit\": \"us\",\n"
    "     \"odd\": NaN},\n"
    "    {\"name\": \"BM_memcpy/8\", \"run_name\": \"BM_memcpy/8\", \"run_type\": \"iteration\",\n"
    "     \"repetitions\": 3, \"iterations\": 337271, \"real_time\": 3.3563692106181091e+00,\n"
    "     \"time_unit\": \"ns\"},\n"
    "    {\"name\": \"BM_memcpy/8\", \"run_name\": \"BM_memcpy/8\", \"run_type\": \"iteration\",\n"
    "     \"repetitions\": 3, \"iterations\": 337271, \"real_time\": 3.2544185532454648e+00,\n"
    "     \"time_unit\": \"ns\"},\n"
    "    {\"name\": \"BM_memcpy/8_mean\", \"run_name\": \"BM_memcpy/8\", \"run_type\": "
    "\"aggregate\",\n"
    "     \"repetitions\": 3, \"aggregate_name\": \"mean\", \"iterations\": 3,\n"
    "     \"real_time\": 3.2141462897745314e+00, \"time_unit\": \"ns\"},\n"
    "    {\"name\": \"BM_add\", \"run_name\": \"BM_add\", \"run_type\": \"iteration\",\n"
    "     \"repetitions\": 2, \"iterations\": 1000, \"real_time\": 1.5e-3, \"time_unit\": "
    "\"ms\"},\n"
    "    {\"name\": \"BM_fail\", \"run_name\": \"BM_fail\", \"run_type\": \"iteration\",\n"
    "     \"repetitions\": 1, \"error_occurred\": true, \"error_message\": \"boom\",\n"
    "     \"iterations\": 0, \"real_time\": 0, \"time_unit\": \"ns\"},\n"
    "    {\"name\": \"caf\\u00e9 \\\"q\\\" \\ud83d\\ude00\", \"run_type\": \"iteration\",\n"
    "     \"real_time\": 2, \"time_unit\": \"s\", \"repetitions\": 1}\n"
    "  ]\n"
    "}\n";

START_TEST(test_gbench)
{
    struct br_results r;
    ck_assert_int_eq(parse("gb.json", gbench_json, sizeof gbench_json - 1, &r), 0);
    ck_assert_uint_eq(r.nrows, 3);
    const struct br_row *m = &r.rows[0], *a = &r.rows[1], *u = &r.rows[2];
    ck_assert_str_eq(m->name, "BM_memcpy/8");
    ck_assert_uint_eq(m->nsamples, 3); /* the aggregate is not a sample */
    ck_assert(m->samples[0] == 3.0316511054600230 && m->samples[2] == 3.2544185532454648);
    ck_assert_uint_eq(m->iterations, 337271);
    ck_assert(fabs(br_row_value(m, "bytes_per_op", 0) - 8) < 1e-9); /* rates are per CPU second */
    ck_assert_str_eq(a->name, "BM_add");
    ck_assert(a->nsamples == 2 && a->samples[0] == 500 && a->samples[1] == 1500); /* us, ms */
    ck_assert_str_eq(u->name, "caf\xc3\xa9 \"q\" \xf0\x9f\x98\x80");
    ck_assert(u->samples[0] == 2e9);
    ck_assert(br_results_find(&r, "BM_fail") == NULL);
    ck_assert_str_eq(br_results_get(&r, "failed"), "BM_fail: boom"); /* warned about */
    ck_assert_str_eq(br_results_get(&r, "host"), "vm");
    ck_assert_str_eq(br_results_get(&r, "num_cpus"), "2");
    ck_assert_str_eq(br_results_get(&r, "cpu_scaling_enabled"), "false");
    ck_assert_ptr_null(br_results_get(&r, "caches"));
    br_results_release(&r);
}
END_TEST

/* Before run_name and run_type (Google Benchmark < 1.5): keyed by name, aggregates by
 * aggregate_name; a BOM and CRLF too. */
START_TEST(test_gbench_old_schema)
{
    const char *text = "\xef\xbb\xbf{\"benchmarks\": [\r\n"
                       "{\"name\": \"BM_x\", \"iterations\": 10, \"real_time\": 4, "
                       "\"time_unit\": \"ns\"},\r\n"
                       "{\"name\": \"BM_x_mean\", \"aggregate_name\": \"mean\", "
                       "\"real_time\": 4}]}\r\n";
    struct br_results r;
    ck_assert_int_eq(parse("old.json", text, strlen(text), &r), 0);
    ck_assert_uint_eq(r.nrows, 1);
    ck_assert(r.rows[0].nsamples == 1 && r.rows[0].samples[0] == 4);
    br_results_release(&r);
}
END_TEST

#define ROW(body) "{\"benchmarks\": [\n{\"name\": \"a\", " body "}\n]}\n"

START_TEST(test_gbench_bad)
{
    expect_error("{", "in.csv:1: ", "invalid JSON");
    expect_error("{\"context\": {},\n\n\n\"benchmarks\": [\n", "in.csv:5: ", "invalid JSON");
    expect_error("{\"context\": {}}", "in.csv: ", "JSON of an unknown layout");
    expect_error("{\"benchmarks\": []}", "in.csv: ", "no iteration rows");
    expect_error(ROW("\"run_type\": \"aggregate\", \"real_time\": 1"),
                 "in.csv: ", "no iteration rows");
    expect_error(ROW("\"real_time\": -1"), "in.csv:2: ", "'a': real_time -1 is negative");
    expect_error(ROW("\"real_time\": NaN"), "in.csv:2: ", "real_time is not finite");
    expect_error(ROW("\"real_time\": -Infinity"), "in.csv:2: ", "real_time is not finite");
    expect_error(ROW("\"real_time\": 1e999"), "in.csv:2: ", "real_time is not finite");
    expect_error(ROW("\"real_time\": \"fast\""), "in.csv:2: ", "'real_time' should be a number");
    expect_error(ROW("\"real_time\": 1, \"time_unit\": \"ps\""),
                 "in.csv:2: ", "unknown time_unit 'ps'");
    expect_error(ROW("\"iterations\": 3"), "in.csv:2: ", "'a' has no real_time");
    expect_error(ROW("\"real_time\": 1, \"repetitions\": 3"),
                 "in.csv:2: ", "'a': 1 iteration rows but repetitions is 3");
    expect_error("{\"benchmarks\": [{\"real_time\": 1}]}", "in.csv:1: ", "without a name");
    expect_error("{\"benchmarks\": [{\"name\": 5, \"real_time\": 1}]}",
                 "in.csv:1: ", "'name' should be a string");
    expect_error(ROW("\"real_time\": 1}]}\nx"), "in.csv:3: ", "invalid JSON");
    expect_error(ROW("\"real_time\": 01"), "in.csv:2: ", "bad number");
    expect_error(ROW("\"real_time\": 1.e5"), "in.csv:2: ", "bad number");
    expect_error(ROW("\"x\": \"\\q\", \"real_time\": 1"), "in.csv:2: ", "bad escape");
    expect_error(ROW("\"x\": \"\\udc00\", \"real_time\": 1"), "in.csv:2: ", "unpaired surrogate");
    expect_error(ROW("\"x\": \"\\u0000\", \"real_time\": 1"), "in.csv:2: ", "\\u0000");
    expect_error(ROW("\"x\": \"a\tb\", \"real_time\": 1"), "in.csv:2: ", "control character");
    expect_error(ROW("\"x\": [1,], \"real_time\": 1"), "in.csv:2: ", "invalid JSON");
    expect_error(ROW("\"real_time\": 1}], \"z\": tru"), "in.csv:2: ", "unexpected character");
    expect_error("{\"benchmarks\": [{\"name\": \"a\", \"real_time\": 1}]} trailing",
                 "in.csv:1: ", "text after the end");
}
END_TEST

START_TEST(test_gbench_depth)
{
    char text[400] = "{\"benchmarks\": [], \"deep\": ";
    size_t n = strlen(text);
    for (int i = 0; i < 70; i++) text[n++] = '[';
    text[n] = '\0';
    expect_error(text, "in.csv:1: ", "nested too deeply");
}
END_TEST

START_TEST(test_gbench_every_prefix) { every_prefix(gbench_json, sizeof gbench_json - 1); }
END_TEST

/* ---- JSON of any layout and size ---------------------------------------------------------- */

static double time_of(size_t i) { return 1 + (double)(i % 1000) / 8; } /* exact in binary */

/* Google Benchmark JSON of n benchmarks x k repetitions, compact (one line, as `jq -c` or
 * Python's json.dump write it) or pretty (a member per line, as Google Benchmark does). */
static char *gbench_doc(size_t n, size_t k, int pretty, size_t *len)
{
    const char *sep = pretty ? ",\n      " : ",", *colon = pretty ? ": " : ":";
    struct br_strbuf sb;
    br_strbuf_init(&sb);
    br_strbuf_addf(&sb, "{%s\"benchmarks\"%s[", pretty ? "\n  " : "", colon);
    for (size_t i = 0; i < n * k; i++)
        br_strbuf_addf(&sb,
                       "%s{%s\"name\"%s\"family_%zu/case_%zu\"%s\"run_type\"%s\"iteration\"%s"
                       "\"repetitions\"%s%zu%s\"iterations\"%s1000%s\"real_time\"%s%.17g%s"
                       "\"time_unit\"%s\"ns\"%s}",
                       i ? (pretty ? ",\n    " : ",") : "", pretty ? "\n      " : "", colon,
                       i / k % 97, i / k, sep, colon, sep, colon, k, sep, colon, sep, colon,
                       time_of(i), sep, colon, pretty ? "\n    " : "");
    br_strbuf_addf(&sb, "%s]%s}\n", pretty ? "\n  " : "", pretty ? "\n" : "");
    *len = sb.len;
    return br_strbuf_detach(&sb);
}

static void assert_gbench_doc(const struct br_results *r, size_t n, size_t k)
{
    char name[64];
    ck_assert_uint_eq(r->nrows, n);
    for (size_t b = 0; b < n; b++) {
        snprintf(name, sizeof name, "family_%zu/case_%zu", b % 97, b);
        ck_assert_str_eq(r->rows[b].name, name);
        ck_assert_uint_eq(r->rows[b].nsamples, k);
        for (size_t i = 0; i < k; i++) ck_assert(r->rows[b].samples[i] == time_of(b * k + i));
    }
}

/* 10,000 benchmarks on one line of 11 MB, over the CSV line cap, read like their pretty form;
 * from a file too, which is large enough for the huge-page buffer. */
START_TEST(test_json_compact_and_pretty)
{
    size_t n = 10000, k = 10, clen, plen;
    char *compact = gbench_doc(n, k, 0, &clen), *pretty = gbench_doc(n, k, 1, &plen);
    char dir[] = "/tmp/check_results_read.XXXXXX", path[64];
    struct br_results c, p, f;
    ck_assert(clen > BR_READ_MAX_LINE && strchr(compact, '\n') == compact + clen - 1);
    ck_assert_int_eq(parse("compact.json", compact, clen, &c), 0);
    assert_gbench_doc(&c, n, k);
    ck_assert_int_eq(parse("pretty.json", pretty, plen, &p), 0);
    assert_same(&c, &p);
    ck_assert_ptr_nonnull(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/compact.csv", dir); /* the name does not decide the format */
    FILE *out = fopen(path, "w");
    ck_assert(fwrite(compact, 1, clen, out) == clen && fclose(out) == 0);
    ck_assert_int_eq(br_results_read(path, &f), 0);
    assert_same(&c, &f);
    unlink(path);
    rmdir(dir);
    br_results_release(&c);
    br_results_release(&p);
    br_results_release(&f);
    free(compact);
    free(pretty);
}
END_TEST

/* Members in any order, escaped keys, blanks anywhere, CR line endings, context last. */
START_TEST(test_json_odd_layout)
{
    static const char text[] = "\t{ \"benchmarks\" :[{\"time_unit\":\"us\",\"real_time\":2,"
                               "\"\\u006eame\":\"x\\/y\"}\r\n,\r{\"real_time\" : 4 , \"name\""
                               " : \"x/y\" ,\"time_unit\" : \"us\" }] ,\"context\":{\"host_name\""
                               ":\"h\"}}\n\n";
    struct br_results r;
    ck_assert_int_eq(parse("odd.json", text, sizeof text - 1, &r), 0);
    ck_assert_uint_eq(r.nrows, 1);
    ck_assert_str_eq(r.rows[0].name, "x/y");
    ck_assert(r.rows[0].nsamples == 2 && r.rows[0].samples[0] == 2000 &&
              r.rows[0].samples[1] == 4000);
    ck_assert_str_eq(br_results_get(&r, "host"), "h");
    br_results_release(&r);
    expect_error("{\"benchmarks\": [\r\r{\"name\": \"a\", \"real_time\": -1}]}",
                 "in.csv:3: ", "negative"); /* a lone CR ends a line too */
}
END_TEST

/* By content, never by name; what is not a known format is refused with the list of those
 * read, and broken JSON with its syntax error and line. */
START_TEST(test_unknown_format)
{
    struct br_results r;
    ck_assert_int_eq(parse("results.json", HEADER "a,1,1,5\n", strlen(HEADER) + 8, &r), 0);
    br_results_release(&r);
    expect_error("hello world\n", "in.csv: ",
                 "unknown format; the formats read are Google Benchmark JSON, hyperfine JSON, "
                 "benchrun CSV");
    expect_error("<?xml version=\"1.0\"?>\n<results/>\n", "in.csv: ", "unknown format;");
    expect_error("BM_x   12 ns   12 ns   1000\n", "in.csv: ", "unknown format;");
    expect_error("[1, 2]\n", "in.csv: ", "JSON of an unknown layout; the formats read are");
    expect_error("{\"x\": {\"benchmarks\": []}}", "in.csv: ", "JSON of an unknown layout");
    expect_error("\n\n{\"a\": tru}", "in.csv:3: ", "invalid JSON: unexpected character");
    expect_error("[1,", "in.csv:1: ", "invalid JSON");
}
END_TEST

/* ---- Google Benchmark: aggregates only, errors --------------------------------------------- */

START_TEST(test_gbench_aggregates_only)
{
    static const char text[] =
        "{\"benchmarks\": [\n"
        "{\"name\": \"BM_a_mean\", \"run_name\": \"BM_a\", \"run_type\": \"aggregate\", "
        "\"aggregate_name\": \"mean\", \"aggregate_unit\": \"time\", \"real_time\": 10, "
        "\"time_unit\": \"us\"},\n"
        "{\"name\": \"BM_a_median\", \"run_name\": \"BM_a\", \"run_type\": \"aggregate\", "
        "\"aggregate_name\": \"median\", \"aggregate_unit\": \"time\", \"real_time\": 9, "
        "\"cpu_time\": 9, \"time_unit\": \"us\", \"bytes_per_second\": 1e9},\n"
        "{\"name\": \"BM_a_cv\", \"run_name\": \"BM_a\", \"run_type\": \"aggregate\", "
        "\"aggregate_name\": \"cv\", \"aggregate_unit\": \"percentage\", \"real_time\": 0.01},\n"
        "{\"name\": \"BM_b\", \"run_name\": \"BM_b\", \"run_type\": \"iteration\", "
        "\"real_time\": 5, \"time_unit\": \"ns\"},\n"
        "{\"name\": \"BM_b_median\", \"run_name\": \"BM_b\", \"run_type\": \"aggregate\", "
        "\"aggregate_name\": \"median\", \"real_time\": NaN, \"time_unit\": \"ns\"},\n"
        "{\"name\": \"BM_p_median\", \"run_name\": \"BM_p\", \"run_type\": \"aggregate\", "
        "\"aggregate_name\": \"median\", \"aggregate_unit\": \"percentage\", \"real_time\": 1}\n"
        "]}\n";
    struct br_results r;
    ck_assert_int_eq(parse("aggr.json", text, sizeof text - 1, &r), 0);
    ck_assert_uint_eq(r.nrows, 2); /* BM_p's median is a ratio, not a time */
    ck_assert_str_eq(r.rows[0].name, "BM_a");
    ck_assert(r.rows[0].median_only && r.rows[0].nsamples == 1 && r.rows[0].samples[0] == 9000);
    ck_assert(fabs(br_row_value(&r.rows[0], "bytes_per_op", 0) - 9000) < 1e-9);
    ck_assert_str_eq(r.rows[1].name, "BM_b"); /* with samples, the aggregates are not read */
    ck_assert(!r.rows[1].median_only && r.rows[1].samples[0] == 5);
    br_results_release(&r);
    /* Google Benchmark's tools/gbench/Inputs/test4_run0.json has one aggregate, not a median */
    expect_error("{\"benchmarks\": [{\"name\": \"whocares\", \"run_type\": \"aggregate\", "
                 "\"aggregate_name\": \"zz\", \"aggregate_unit\": \"percentage\", "
                 "\"iterations\": 1000, \"real_time\": 0.01, \"cpu_time\": 0.10, "
                 "\"time_unit\": \"ns\"}]}",
                 "in.csv: ", "no iteration rows and no median aggregate");
    expect_error(ROW("\"run_type\": \"aggregate\", \"aggregate_name\": \"median\", "
                     "\"real_time\": -1"),
                 "in.csv:2: ", "'a': real_time -1 is negative");
}
END_TEST

START_TEST(test_gbench_errors)
{
    static const char text[] =
        "{\"benchmarks\": [\n"
        "{\"name\": \"BM_fail\", \"run_name\": \"BM_fail\", \"error_occurred\": true, "
        "\"error_message\": \"boom\", \"real_time\": 0},\n"
        "{\"name\": \"BM_fail\", \"run_name\": \"BM_fail\", \"error_occurred\": true, "
        "\"error_message\": \"boom again\", \"real_time\": 0},\n"
        "{\"error_occurred\": true},\n"
        "{\"name\": \"BM_ok\", \"real_time\": 1, \"error_occurred\": false}\n"
        "]}\n";
    struct br_results r;
    ck_assert_int_eq(parse("err.json", text, sizeof text - 1, &r), 0);
    ck_assert_uint_eq(r.nrows, 1);
    ck_assert_str_eq(r.rows[0].name, "BM_ok");
    ck_assert_uint_eq(r.nctx, 2); /* one line per failed benchmark, not per repetition */
    ck_assert_str_eq(r.ctx[0].key, "failed");
    ck_assert_str_eq(r.ctx[0].value, "BM_fail: boom");
    ck_assert_str_eq(r.ctx[1].value, "(no name): error_occurred");
    br_results_release(&r);
    expect_error("{\"benchmarks\": [{\"name\": \"BM_fail\", \"error_occurred\": true, "
                 "\"error_message\": \"boom\"}]}",
                 "in.csv: ", "no iteration rows: every benchmark failed ('BM_fail': boom)");
}
END_TEST

/* ---- hyperfine ------------------------------------------------------------------------------ */

/* Trimmed from real `hyperfine --export-json` output of hyperfine 1.15: -P parameters, one
 * command that does not use them, -i with failed runs and a run without an exit code. */
static const char hyperfine_json[] =
    "{\n"
    "  \"results\": [\n"
    "    {\n"
    "      \"command\": \"sleep 0.01\",\n"
    "      \"mean\": 0.02, \"stddev\": 0.001, \"median\": 0.02, \"user\": 0.004,\n"
    "      \"system\": 0.004, \"min\": 0.01, \"max\": 0.03,\n"
    "      \"times\": [\n        0.0246,\n        0.025,\n        3e-2\n      ],\n"
    "      \"exit_codes\": [0, 0, 0],\n"
    "      \"parameters\": {\n        \"n\": \"1\"\n      }\n"
    "    },\n"
    "    {\n"
    "      \"command\": \"sleep $D\",\n"
    "      \"times\": [0.065, 0.066],\n"
    "      \"exit_codes\": [0, 0],\n"
    "      \"parameters\": {\"mode\": \"fast\", \"n\": \"1\"}\n"
    "    },\n"
    "    {\n"
    "      \"command\": \"exit with 3\",\n"
    "      \"times\": [0, 1e-3],\n"
    "      \"exit_codes\": [3, null],\n"
    "      \"parameters\": {\"code\": \"3\"}\n"
    "    },\n"
    "    {\"command\": \"caf\\u00e9\", \"times\": [1], \"exit_codes\": [null]}\n"
    "  ]\n"
    "}\n";

START_TEST(test_hyperfine)
{
    struct br_results r;
    ck_assert_int_eq(parse("hf.json", hyperfine_json, sizeof hyperfine_json - 1, &r), 0);
    ck_assert_uint_eq(r.nrows, 4);
    ck_assert_str_eq(r.rows[0].name, "sleep 0.01"); /* n is in the command: not repeated */
    ck_assert_str_eq(r.rows[1].name, "sleep $D (mode = fast, n = 1)"); /* unused: appended */
    ck_assert_str_eq(r.rows[2].name, "exit with 3");
    ck_assert_str_eq(r.rows[3].name, "caf\xc3\xa9");
    const struct br_row *a = &r.rows[0];
    ck_assert(a->nsamples == 3 && a->iterations == 1);
    ck_assert(a->samples[0] == 0.0246 * 1e9 && a->samples[2] == 3e-2 * 1e9); /* s to ns */
    ck_assert(r.rows[2].samples[0] == 0 && r.rows[2].samples[1] == 1e6);
    ck_assert_uint_eq(r.nctx, 2);
    ck_assert_str_eq(r.ctx[0].key, "failed");
    ck_assert_str_eq(r.ctx[0].value, "exit with 3: 2 of 2 runs failed (exit status 3)");
    ck_assert_str_eq(r.ctx[1].value, "caf\xc3\xa9: 1 of 1 runs failed (killed by a signal)");
    br_results_release(&r);
}
END_TEST

#define HF(body) "{\"results\": [\n{" body "}\n]}\n"

START_TEST(test_hyperfine_bad)
{
    expect_error(HF("\"times\": [1]"), "in.csv:2: ", "a result without a command");
    expect_error(HF("\"command\": \"\", \"times\": [1]"), "in.csv:2: ", "empty command");
    expect_error(HF("\"command\": 5"), "in.csv:2: ", "'command' should be a string");
    expect_error(HF("\"command\": \"x\""), "in.csv:2: ", "'x' has no times");
    expect_error(HF("\"command\": \"x\", \"times\": []"), "in.csv:2: ", "'x' has no times");
    expect_error(HF("\"command\": \"x\", \"times\": 1"),
                 "in.csv:2: ", "'times' should be an array");
    expect_error(HF("\"command\": \"x\", \"times\": [\"1\"]"),
                 "in.csv:2: ", "'times' should be a number");
    expect_error(HF("\"command\": \"x\", \"times\": [1, -0.5]"),
                 "in.csv:2: ", "'x': times: -0.5 is negative");
    expect_error(HF("\"command\": \"x\", \"times\": [NaN]"), "in.csv:2: ", "is not finite");
    expect_error(HF("\"command\": \"x\", \"times\": [1e300]"),
                 "in.csv:2: ", "1e+300 s is out of range");
    expect_error(HF("\"command\": \"x\", \"times\": [1], \"exit_codes\": [true]"),
                 "in.csv:2: ", "'exit_codes' should be a number");
    /* a run without its exit code may have failed unseen (issue 25) */
    expect_error(HF("\"command\": \"x\", \"times\": [1, 2, 3], \"exit_codes\": [0, 0]"),
                 "in.csv:2: ", "'x': exit_codes has 2 values, times 3");
    expect_error(HF("\"command\": \"x\", \"times\": [1], \"exit_codes\": [0, 0]"),
                 "in.csv:2: ", "'x': exit_codes has 2 values, times 1");
    expect_error(HF("\"command\": \"x\", \"times\": [1], \"exit_codes\": []"),
                 "in.csv:2: ", "'x': exit_codes has 0 values, times 1");
    expect_error(HF("\"command\": \"x\", \"times\": [1], \"parameters\": []"),
                 "in.csv:2: ", "'parameters' should be an object");
    expect_error(HF("\"command\": \"x\", \"times\": [1], \"parameters\": {\"n\": [1]}"),
                 "in.csv:2: ", "'n' should be a string");
    expect_error("{\"results\": [\n{\"command\": \"x\", \"times\": [1]},\n"
                 "{\"command\": \"x\", \"times\": [2]}]}",
                 "in.csv:3: ", "duplicate benchmark name 'x' (first at line 2)");
    expect_error("{\"results\": [5]}", "in.csv:1: ", "a result should be an object");
    expect_error("{\"results\": {}}", "in.csv:1: ", "'results' should be an array");
    expect_error("{\"results\": []}", "in.csv: ", "no results");
}
END_TEST

START_TEST(test_hyperfine_every_prefix) { every_prefix(hyperfine_json, sizeof hyperfine_json - 1); }
END_TEST

/* ---- instruction counts: the unit in the column names and the context ------------------ */

static void counted_results(struct br_results *r)
{
    static const double a[] = {409, 409, 409}, b[] = {22, 22.5, 22};
    static const double l1[] = {0, 0.25, 0}, cyc[] = {31, 31.5, 31};
    br_results_init(r);
    br_results_set(r, "measure", "instructions");
    br_results_set(r, "counter", "callgrind");
    br_results_add(r, "fast_func", 2934, a, 3);
    struct br_row *row = br_results_add(r, "memcpy/64", 54532, b, 3);
    br_row_set_samples(row, "l1_misses", l1);
    br_row_set_samples(row, "est_cycles", cyc);
}

START_TEST(test_counts_round_trip)
{
    struct br_results r, back;
    size_t len;
    counted_results(&r);
    char *text = write_csv(&r, &len);
    ck_assert_ptr_nonnull(strstr(text, ",median_instructions,"));
    ck_assert_ptr_nonnull(strstr(text, ",samples_instructions,"));
    ck_assert_ptr_nonnull(strstr(text, ",l1_misses_samples,"));
    ck_assert_ptr_null(strstr(text, "_ns")); /* no column says ns */
    ck_assert_int_eq(parse("rt.csv", text, len, &back), 0);
    assert_same(&r, &back);
    ck_assert(br_results_measure(&back)->counted);
    const struct br_metric *m = br_row_metric(&back.rows[1], "est_cycles");
    ck_assert(m && m->samples[1] == 31.5);
    free(text);
    br_results_release(&back);
    /* as Google Benchmark JSON: the count is a counter, and there is no time */
    char *json = NULL;
    FILE *f = open_memstream(&json, &len);
    ck_assert_int_eq(br_report_json(f, &r), 0);
    fclose(f);
    ck_assert_ptr_nonnull(strstr(json, "\"instructions\": 4.0900000000000000e+02"));
    ck_assert_ptr_null(strstr(json, "real_time"));
    ck_assert_ptr_null(strstr(json, "time_unit"));
    ck_assert_int_eq(parse("rt.json", json, len, &back), 0);
    ck_assert(br_results_measure(&back)->counted);
    ck_assert_uint_eq(back.nrows, 2);
    ck_assert(back.rows[1].samples[1] == 22.5);
    free(json);
    br_results_release(&back);
    br_results_release(&r);
}
END_TEST

START_TEST(test_counts_measure_named)
{
    struct br_results r;
    /* columns of counts without the context line: read as counts, and said so */
    static const char bare[] = "name,repetitions,samples_instructions\nx,2,5;5\n";
    ck_assert_int_eq(parse("in.csv", bare, sizeof bare - 1, &r), 0);
    ck_assert_str_eq(br_results_get(&r, "measure"), "instructions");
    br_results_release(&r);
    expect_error("# measure: time\nname,repetitions,samples_instructions\nx,1,5\n",
                 "in.csv:2: ", "the columns hold instructions but the file says measure: time");
    expect_error("# measure: instructions\nname,repetitions,samples_ns\nx,1,5\n",
                 "in.csv:2: ", "the columns hold time but the file says measure: instructions");
    expect_error("# measure: cycles\n" HEADER "x,1,5\n",
                 "in.csv:1: ", "measure: 'cycles' is not a measure this program reads");
    expect_error("name,repetitions,samples_ns,samples_instructions\nx,1,5,5\n",
                 "in.csv:1: ", "the samples of two measures (time and instructions)");
    expect_error("# measure: instructions\nname,repetitions\nx,1\n",
                 "in.csv:2: ", "no 'samples_instructions' column");
    expect_error("{\"context\": {\"measure\": \"instructions\"}, \"benchmarks\": [{\"name\": "
                 "\"a\", \"real_time\": 5, \"time_unit\": \"ns\"}]}",
                 "in.csv: ", "'a' has no instructions in a file of instructions");
}
END_TEST

/* A threaded row (issue 15).  Google Benchmark JSON holds GB's time per iteration of all the
 * threads (the batch's wall time over threads x iterations) and the iterations of all the
 * threads; read back, a sample is again the wall time per operation of one thread, so a round
 * trip gives the values written, and Google Benchmark's own 2 threads at 5 ns read 10 ns. */
START_TEST(test_gbench_threads)
{
    static const double t[] = {10, 12, 14};
    struct br_results r, back;
    size_t len;
    br_results_init(&r);
    br_row_set(br_results_add(&r, "par/threads:2", 100, t, 3), "bytes_per_op", 64);
    br_results_add(&r, "one/threads:1", 100, t, 3);
    char *json = NULL;
    FILE *f = open_memstream(&json, &len);
    ck_assert_int_eq(br_report_json(f, &r), 0);
    fclose(f);
    const char *par = strstr(json, "\"name\": \"par/threads:2\"");
    ck_assert_ptr_nonnull(par);
    ck_assert_ptr_nonnull(strstr(par, "\"threads\": 2,"));
    ck_assert_ptr_nonnull(strstr(par, "\"iterations\": 200,"));
    ck_assert_int_eq(parse("rt.json", json, len, &back), 0);
    ck_assert_uint_eq(back.nrows, 2);
    for (size_t i = 0; i < 2; i++) {
        const struct br_row *a = &r.rows[i], *b = &back.rows[i];
        ck_assert_str_eq(a->name, b->name);
        ck_assert_uint_eq(b->iterations, 100);
        for (size_t k = 0; k < 3; k++)
            ck_assert_msg(b->samples[k] == t[k], "%s sample %zu: %g, written %g", b->name, k,
                          b->samples[k], t[k]);
        double pa = br_row_value(a, "bytes_per_op", 0), pb = br_row_value(b, "bytes_per_op", 0);
        ck_assert_msg(fabs(pa - pb) <= 1e-12 * pa, "%s: bytes_per_op %g, written %g", b->name, pb,
                      pa);
    }
    free(json);
    br_results_release(&back);
    br_results_release(&r);
    static const char gb[] = "{\"benchmarks\": [{\"name\": \"x/threads:2\", \"run_type\": "
                             "\"iteration\", \"threads\": 2, \"iterations\": 2000, "
                             "\"real_time\": 5, \"time_unit\": \"ns\"}]}";
    ck_assert_int_eq(parse("gb.json", gb, sizeof gb - 1, &back), 0);
    ck_assert(back.rows[0].samples[0] == 10);
    ck_assert_uint_eq(back.rows[0].iterations, 1000);
    br_results_release(&back);
    expect_error(ROW("\"real_time\": 1, \"threads\": 0"),
                 "in.csv:2: ", "'a': threads is not a whole number >= 1");
}
END_TEST

static Suite *results_read_suite(void)
{
    Suite *s = suite_create("results_read");
    TCase *csv = tcase_create("csv"), *bad = tcase_create("bad"), *gb = tcase_create("gbench");
    TCase *json = tcase_create("json"), *hf = tcase_create("hyperfine");
    tcase_add_test(csv, test_round_trip);
    tcase_add_test(csv, test_crlf_and_bom);
    tcase_add_test(csv, test_extra_and_reordered_columns);
    tcase_add_test(csv, test_quoted_fields);
    tcase_add_test(csv, test_context_lines);
    tcase_add_test(csv, test_context_value_on_one_line);
    tcase_add_test(csv, test_throughput_back_to_per_op);
    tcase_add_test(csv, test_read_file);
    tcase_add_test(bad, test_bad_empty);
    tcase_add_test(bad, test_bad_header);
    tcase_add_test(bad, test_empty_shard);
    tcase_add_test(bad, test_failed_run_for_ctimeit);
    tcase_add_test(bad, test_bad_times);
    tcase_add_test(bad, test_bad_counts);
    tcase_add_test(bad, test_bad_duplicates);
    tcase_add_test(bad, test_bad_quotes);
    tcase_add_test(bad, test_bad_binary);
    tcase_add_test(bad, test_bad_long_line);
    tcase_add_test(bad, test_every_prefix);
    tcase_add_test(bad, test_cut_at_row_boundary);
    tcase_add_test(bad, test_bad_summary);
    tcase_add_test(csv, test_metrics_round_trip);
    tcase_add_test(csv, test_memory_columns);
    tcase_set_timeout(bad, 60); /* the prefix loop under sanitizers and valgrind */
    tcase_add_test(gb, test_gbench);
    tcase_add_test(gb, test_gbench_old_schema);
    tcase_add_test(gb, test_gbench_bad);
    tcase_add_test(gb, test_gbench_depth);
    tcase_add_test(gb, test_gbench_every_prefix);
    tcase_add_test(gb, test_gbench_aggregates_only);
    tcase_add_test(gb, test_gbench_errors);
    tcase_add_test(gb, test_gbench_threads);
    tcase_add_test(json, test_json_compact_and_pretty);
    tcase_add_test(json, test_json_odd_layout);
    tcase_add_test(json, test_unknown_format);
    tcase_set_timeout(json, 60); /* 11 MB twice, under sanitizers */
    tcase_add_test(hf, test_hyperfine);
    tcase_add_test(hf, test_hyperfine_bad);
    tcase_add_test(hf, test_hyperfine_every_prefix);
    suite_add_tcase(s, csv);
    suite_add_tcase(s, bad);
    suite_add_tcase(s, gb);
    suite_add_tcase(s, json);
    suite_add_tcase(s, hf);
    TCase *counted = tcase_create("counts");
    tcase_add_test(counted, test_counts_round_trip);
    tcase_add_test(counted, test_counts_measure_named);
    suite_add_tcase(s, counted);
    return s;
}

int main(void) { return check_run_suite(results_read_suite()); }
